/**
 * Public information over HTTP: the acceptance windows and hotlines for anyone (cacheable for five
 * minutes, nothing personal in it); for staff the same lists uncached with who changed each row
 * (GET /api/v1/staff/windows), and their editing for admins (staff session, CSRF, role checked by
 * the service).
 */
import { Hono, type Context } from 'hono';
import type { AuthService } from '../../services/auth.ts';
import { AppError } from '../../services/errors.ts';
import type { PublicInfoService } from '../../services/public-info.ts';
import { requestLocale } from '../locale.ts';
import { requireStaff } from './staff.ts';

export interface PublicInfoRouteDeps {
  auth: AuthService;
  publicInfo: PublicInfoService;
}

async function jsonOf(c: Context): Promise<unknown> {
  try {
    return (await c.req.json()) as unknown;
  } catch {
    throw new AppError('INVALID_JSON', { 'zh-CN': '请求体不是合法的 JSON', en: 'the request body is not valid JSON' });
  }
}

function rowId(c: Context, what: 'window' | 'hotline'): number {
  const id = Number(c.req.param('id'));
  if (!Number.isSafeInteger(id) || id < 1) {
    throw what === 'window'
      ? new AppError('NOT_FOUND', { 'zh-CN': '没有这个受理窗口', en: 'no such acceptance window' })
      : new AppError('NOT_FOUND', { 'zh-CN': '没有这个咨询电话', en: 'no such hotline' });
  }
  return id;
}

/** Mounted at /api/v1. */
export function publicInfoRoutes(d: PublicInfoRouteDeps): Hono {
  const r = new Hono();

  r.get('/public/windows', async (c) => {
    const body = await d.publicInfo.list();
    c.header('Cache-Control', 'public, max-age=300');
    return c.json(body);
  });

  const staff = new Hono();
  // Only on these paths: this router shares the /api/v1/staff prefix with others.
  for (const p of ['/windows', '/windows/*', '/hotlines', '/hotlines/*']) {
    staff.use(p, async (c, next) => {
      await next();
      c.header('Cache-Control', 'no-store');
    });
  }
  // Any staff member may read the lists uncached (with who changed them); only admins change them.
  staff.get('/windows', async (c) => {
    await requireStaff(c, d.auth);
    return c.json(await d.publicInfo.listForStaff());
  });
  staff.post('/windows', async (c) => {
    const u = await requireStaff(c, d.auth);
    return c.json(await d.publicInfo.createWindow(u, await jsonOf(c), requestLocale(c)), 201);
  });
  staff.put('/windows/:id', async (c) => {
    const u = await requireStaff(c, d.auth);
    return c.json(await d.publicInfo.updateWindow(u, rowId(c, 'window'), await jsonOf(c), requestLocale(c)));
  });
  staff.delete('/windows/:id', async (c) => {
    const u = await requireStaff(c, d.auth);
    await d.publicInfo.deleteWindow(u, rowId(c, 'window'));
    return c.body(null, 204);
  });
  staff.post('/hotlines', async (c) => {
    const u = await requireStaff(c, d.auth);
    return c.json(await d.publicInfo.createHotline(u, await jsonOf(c), requestLocale(c)), 201);
  });
  staff.put('/hotlines/:id', async (c) => {
    const u = await requireStaff(c, d.auth);
    return c.json(await d.publicInfo.updateHotline(u, rowId(c, 'hotline'), await jsonOf(c), requestLocale(c)));
  });
  staff.delete('/hotlines/:id', async (c) => {
    const u = await requireStaff(c, d.auth);
    await d.publicInfo.deleteHotline(u, rowId(c, 'hotline'));
    return c.body(null, 204);
  });
  r.route('/staff', staff);
  return r;
}
