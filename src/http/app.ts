/**
 * The HTTP edge: routes parse and validate, call one service, present the result. Errors are mapped
 * here once: an AppError becomes its status and `{ error: { code, message, fields? } }`; anything
 * else is logged and answered with a generic 500 that leaks nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { POLICY_VERSIONS } from '../rules/index.ts';
import { AppError, type ErrorCode } from '../services/errors.ts';
import { simulate } from '../services/simulate.ts';
import type { CalendarService } from '../services/calendar.ts';
import { requestLocale } from './locale.ts';
import type { Logger } from './logger.ts';
import { openApiDocument } from './openapi.ts';
import { importRoutes } from './routes/imports.ts';
import { evidenceRoutes, type EvidenceRouteDeps } from './routes/evidence.ts';
import { staffRoutes, type StaffRouteDeps } from './routes/staff.ts';
import { applicantRoutes, type ApplicantRouteDeps } from './routes/applicant.ts';
import { outboxRoutes, type OutboxRouteDeps } from './routes/outbox.ts';
import { exportRoutesFrom } from './routes/exports.ts';
import { applicationRoutes, type ApplicationRouteDeps } from './routes/applications.ts';
import { agentRoutes, type AgentRouteDeps } from './routes/agents.ts';
import { employerRoutes, type EmployerRouteDeps } from './routes/employer.ts';
import { publicInfoRoutes, type PublicInfoRouteDeps } from './routes/public-info.ts';
import { objectionRoutes, type ObjectionRouteDeps } from './routes/objections.ts';
import { settlementRoutesFrom } from './routes/settlement.ts';
import type { Store } from '../storage/db.ts';

export interface AppDeps {
  logger: Logger;
  now: () => Date;
  calendar: CalendarService;
  staff: StaffRouteDeps;
  applicant: ApplicantRouteDeps;
  outbox: OutboxRouteDeps;
  publicInfo: PublicInfoRouteDeps;
  applications: ApplicationRouteDeps;
  /** Agents (Q3): authorisations, guardian filings, their staff checks; the employer portal. */
  agents: AgentRouteDeps;
  employer: EmployerRouteDeps;
  /** Evidence uploads (证明材料), mounted before the 1 MB limit with their own. */
  evidence: EvidenceRouteDeps;
  /** Objections (异议核查与复核, issue 5). */
  objections: ObjectionRouteDeps;
  store: Store;
  /** Where uploads are streamed before they are imported. */
  uploadDir: string;
  /** Directory of the built web pages (dist/web). */
  webDir: string;
  /** For /healthz. */
  dialect: string;
  /** Hands the SMS queued by committed changes (transactional outbox) to the transport; run periodically by the server. */
  dispatchSms: () => Promise<number>;
}

const STATUS: Record<ErrorCode, 400 | 401 | 403 | 404 | 409 | 413 | 423 | 429 | 500> = {
  INVALID_INPUT: 400,
  INVALID_JSON: 400,
  UNKNOWN_POLICY: 400,
  NO_POLICY_IN_FORCE: 400,
  NOT_FOUND: 404,
  PAYLOAD_TOO_LARGE: 413,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  ACCOUNT_LOCKED: 423,
  TOO_MANY_ATTEMPTS: 429,
  FORBIDDEN: 403,
  CSRF: 403,
  INVALID_TRANSITION: 409,
  CONFLICT: 409,
  INTERNAL: 500,
};

async function jsonBody(c: Context): Promise<unknown> {
  const text = await c.req.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError('INVALID_JSON', { 'zh-CN': '请求体不是合法的 JSON', en: 'the request body is not valid JSON' });
  }
}

export function createApp(deps: AppDeps): Hono {
  const app = new Hono();

  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
    }),
  );

  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    // Path only: query strings may carry personal data.
    deps.logger.info('request', {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round(performance.now() - started),
    });
  });

  app.onError((err, c) => {
    const locale = requestLocale(c);
    if (err instanceof AppError) return c.json(err.body(locale), STATUS[err.code]);
    deps.logger.error('unhandled error', { path: c.req.path, error: err instanceof Error ? err.stack : String(err) });
    const internal = new AppError('INTERNAL', { 'zh-CN': '服务器内部错误,请稍后再试', en: 'internal error, please try again later' });
    return c.json(internal.body(locale), 500);
  });

  // Uploads of source files stream to disk with their own (much larger) limit, so they come before the
  // 1 MB limit of every other API body.
  app.route('/', importRoutes({ store: deps.store, logger: deps.logger, uploadDir: deps.uploadDir, now: deps.now }));
  // Evidence photos and PDFs likewise: their limit is the file limit (10 MiB by default).
  app.route('/', evidenceRoutes(deps.evidence));

  app.use(
    '/api/*',
    bodyLimit({
      maxSize: 1024 * 1024,
      onError: () => {
        throw new AppError('PAYLOAD_TOO_LARGE', { 'zh-CN': '请求体超过 1 MB', en: 'the request body is larger than 1 MB' });
      },
    }),
  );

  app.get('/healthz', (c) => c.json({ ok: true, database: deps.dialect }));
  app.get('/api/openapi.json', (c) => c.json(openApiDocument()));

  app.post('/api/v1/simulations', async (c) => {
    const result = simulate({ now: deps.now }, await jsonBody(c), requestLocale(c));
    return c.json(result);
  });

  app.get('/api/v1/policies', (c) =>
    c.json({
      versions: POLICY_VERSIONS.map((v) => ({
        id: v.id,
        title: v.title,
        instrument: v.instrument,
        effectiveFrom: v.effectiveFrom,
        effectiveTo: v.effectiveTo ?? null,
      })),
    }),
  );

  app.get('/api/v1/policies/:id', (c) => {
    const v = POLICY_VERSIONS.find((p) => p.id === c.req.param('id'));
    if (!v) throw new AppError('NOT_FOUND', { 'zh-CN': '没有这个政策版本', en: 'no such policy version' });
    return c.json(v);
  });

  app.get('/api/v1/calendar/working-days', async (c) => {
    const r = await deps.calendar.addWorkingDays(c.req.query('from'), c.req.query('days'), requestLocale(c));
    return c.json(r);
  });

  app.route('/api/v1/staff', staffRoutes(deps.staff));
  app.route('/api/v1/staff', outboxRoutes(deps.outbox));
  app.route('/api/v1/staff', exportRoutesFrom(deps));
  app.route('/api/v1/applicant', applicantRoutes(deps.applicant));
  // Before the application routes, whose no-store would otherwise override the public cache header.
  app.route('/api/v1', publicInfoRoutes(deps.publicInfo));
  app.route('/api/v1', applicationRoutes(deps.applications));
  app.route('/api/v1', objectionRoutes(deps.objections));
  app.route('/', settlementRoutesFrom(deps));
  app.route('/api/v1', agentRoutes(deps.agents));
  app.route('/api/v1/employer', employerRoutes(deps.employer));

  app.all('/api/*', () => {
    throw new AppError('NOT_FOUND', { 'zh-CN': '没有这个接口', en: 'no such endpoint' });
  });

  // The built pages: the public simulator (index.html) and the staff console (staff.html), each a
  // single-page app; assets are served as files.
  const page =
    (file: string) =>
    (c: Context): Response => {
      const html = path.join(deps.webDir, file);
      if (!fs.existsSync(html)) {
        return c.text('网页尚未构建:请先运行 npm run build:web\nThe web pages are not built: run npm run build:web', 503);
      }
      return c.html(fs.readFileSync(html, 'utf8'));
    };
  app.use('/assets/*', serveStatic({ root: path.relative(process.cwd(), deps.webDir) }));
  app.get('/', page('index.html'));
  app.get('/simulator', page('index.html'));
  const staffPage = page('staff.html');
  const noStore = (c: Context): Response => {
    const res = staffPage(c);
    res.headers.set('Cache-Control', 'no-store');
    return res;
  };
  app.get('/staff', noStore);
  app.get('/staff/*', noStore);
  // The applicant and employer portal (one page, signed in: never cached) and its public pages.
  const portalPage = page('portal.html');
  const portalNoStore = (c: Context): Response => {
    const res = portalPage(c);
    res.headers.set('Cache-Control', 'no-store');
    return res;
  };
  for (const p of ['/portal', '/portal/*', '/employer', '/employer/*']) app.get(p, portalNoStore);
  for (const p of ['/guide', '/windows', '/faq']) app.get(p, portalPage);
  for (const p of ['/settlement/announcement', '/settlement/announcement/:id']) app.get(p, portalNoStore);
  app.notFound((c) => {
    const locale = requestLocale(c);
    return c.json(new AppError('NOT_FOUND', { 'zh-CN': '页面不存在', en: 'not found' }).body(locale), 404);
  });
  return app;
}
