/**
 * The employer portal's API (用人单位代办, 2020 FAQ Q3), mounted at /api/v1/employer: an HR officer
 * signs in with a password (session token in the http-only, SameSite=Strict `jifen_employer`
 * cookie; anything but GET echoes the session's CSRF token in `X-CSRF-Token`), registers the written
 * authorisations of employees, and files, submits, withdraws and supplements applications for the
 * people who authorised the organisation — only those, and only while the authorisation is live.
 * Everything else is "not found". ID numbers are masked; nothing is cached.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { ApplicationRecord, ApplicationService } from '../../services/applications.ts';
import type { AgentService } from '../../services/authorisations.ts';
import type { EmployerAuthService, EmployerIdentity } from '../../services/employer-auth.ts';
import { appId, declareSchema, optionalBody, plainSchema, present, submitSchema, supplementSchema } from './applications.ts';
import { body, passwordSessionRoutes, requireUser } from './staff.ts';

export const EMPLOYER_COOKIE = 'jifen_employer';

export interface EmployerRouteDeps {
  employerAuth: EmployerAuthService;
  agents: AgentService;
  applications: ApplicationService;
}

const authorisationSchema = z.strictObject({
  idNumber: z.string().min(1).max(32),
  name: z.string().min(1).max(64),
  scope: z.enum(['apply', 'apply_and_track']),
  expiresOn: z.string().max(10),
});
const child = z.strictObject({ name: z.string().min(1).max(64), birthDate: z.string().max(10) });
const fileSchema = z.strictObject({ authorisationId: z.number().int().positive(), intendedUse: z.enum(['settlement', 'school']), child: child.nullable().optional() });

/** The signed-in HR officer; for anything but GET, also checks the CSRF token. */
export function requireEmployer(c: Context, auth: EmployerAuthService): Promise<EmployerIdentity> {
  return requireUser(c, EMPLOYER_COOKIE, auth);
}

/** What an employer is sent: no facts JSON (the person's records are not the employer's to read). */
function forEmployer(a: ApplicationRecord): Omit<ApplicationRecord, 'factsJson' | 'factsDigest'> {
  const { factsJson: _facts, factsDigest: _digest, ...rest } = present(a);
  return rest;
}

export function employerRoutes(d: EmployerRouteDeps): Hono {
  const r = new Hono();
  r.use('*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });

  passwordSessionRoutes(r, EMPLOYER_COOKIE, d.employerAuth);

  r.get('/authorisations', async (c) => {
    const e = await requireEmployer(c, d.employerAuth);
    return c.json({ authorisations: await d.agents.forEmployer(e) });
  });

  r.post('/authorisations', async (c) => {
    const e = await requireEmployer(c, d.employerAuth);
    const b = await body(c, authorisationSchema);
    return c.json(await d.agents.create(e, b), 201);
  });

  r.get('/people', async (c) => {
    const e = await requireEmployer(c, d.employerAuth);
    return c.json({ people: await d.agents.people(e) });
  });

  r.post('/applications', async (c) => {
    const e = await requireEmployer(c, d.employerAuth);
    const b = await body(c, fileSchema);
    const account = await d.employerAuth.account(e);
    const a = await d.agents.fileForEmployer(e, account.agentIdNumber, { authorisationId: b.authorisationId, intendedUse: b.intendedUse, child: b.child ?? null });
    return c.json(forEmployer(a), 201);
  });

  r.get('/applications', async (c) => {
    const e = await requireEmployer(c, d.employerAuth);
    const list = await d.agents.employerApplications(e);
    const newest = [...list].sort((x, y) => (x.createdAt < y.createdAt ? 1 : x.createdAt > y.createdAt ? -1 : y.id - x.id));
    return c.json({ applications: newest.map(forEmployer) });
  });

  /** The case, when the employer may see it (a live authorisation of its own, within the scope), or 404. */
  const theirs = async (c: Context): Promise<{ e: EmployerIdentity; a: ApplicationRecord }> => {
    const e = await requireEmployer(c, d.employerAuth);
    return { e, a: await d.agents.employerCase(e, appId(c)) };
  };
  const expected = (v: number | undefined): { expectedVersion?: number } => (v ? { expectedVersion: v } : {});

  r.get('/applications/:id', async (c) => {
    const { a } = await theirs(c);
    return c.json(forEmployer(a));
  });

  r.post('/applications/:id/submit', async (c) => {
    const { e, a } = await theirs(c);
    const b = await optionalBody(c, submitSchema);
    return c.json(forEmployer(await d.applications.submit(d.agents.employerWho(e), a.id, { ...(b.channel ? { channel: b.channel } : {}), ...expected(b.expectedVersion) })));
  });

  r.post('/applications/:id/withdraw', async (c) => {
    const { e, a } = await theirs(c);
    const b = await optionalBody(c, plainSchema);
    return c.json(forEmployer(await d.applications.withdraw(d.agents.employerWho(e), a.id, expected(b.expectedVersion))));
  });

  r.put('/applications/:id/declarations', async (c) => {
    const { e, a } = await theirs(c);
    const b = await body(c, declareSchema);
    return c.json(forEmployer(await d.applications.declare(d.agents.employerWho(e), a.id, b.declared, expected(b.expectedVersion))));
  });

  r.post('/applications/:id/supplement', async (c) => {
    const { e, a } = await theirs(c);
    const b = await optionalBody(c, supplementSchema);
    return c.json(forEmployer(await d.applications.supplement(d.agents.employerWho(e), a.id, { ...(b.note ? { note: b.note } : {}), ...expected(b.expectedVersion) })));
  });

  return r;
}
