/**
 * Agents, the other sides (2020 FAQ Q3), mounted at /api/v1: the applicant's list of the
 * authorisations they gave employers and their revocation; a guardian's or close relative's
 * filing for a principal (applicant session; the case then appears among the filer's applications
 * and is acted on through the applicant routes); and the staff checks of authorisations — verify,
 * reject with a reason, revoke with a reason — by clerks and district officers of the person's
 * district. Every change needs the session's CSRF token; nothing is cached.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { ApplicantAuthService } from '../../services/applicant-auth.ts';
import { RELATIONSHIPS, type AgentService, type AuthorisationStatus } from '../../services/authorisations.ts';
import type { AuthService } from '../../services/auth.ts';
import { AppError, invalidInput } from '../../services/errors.ts';
import { requireApplicant } from './applicant.ts';
import { optionalBody, present } from './applications.ts';
import { body, requireStaff } from './staff.ts';

export interface AgentRouteDeps {
  agents: AgentService;
  applicantAuth: ApplicantAuthService;
  auth: AuthService;
}

const STATUSES: readonly AuthorisationStatus[] = ['pending', 'verified', 'rejected', 'revoked'];
const child = z.strictObject({ name: z.string().min(1).max(64), birthDate: z.string().max(10) });
const guardianSchema = z.strictObject({
  principalIdNumber: z.string().min(1).max(32),
  principalName: z.string().min(1).max(64),
  ground: z.enum(['minor', 'elderly', 'disabled']),
  relationship: z.enum(RELATIONSHIPS),
  intendedUse: z.enum(['settlement', 'school']),
  child: child.nullable().optional(),
});
const optionalReason = z.strictObject({ reason: z.string().max(1000).optional() });
const reasonSchema = z.strictObject({ reason: z.string().min(1).max(1000) });

function authorisationId(c: Context): number {
  const id = Number(c.req.param('id'));
  if (!Number.isSafeInteger(id) || id < 1) throw new AppError('NOT_FOUND', { 'zh-CN': '没有找到此委托', en: 'no such authorisation' });
  return id;
}

export function agentRoutes(d: AgentRouteDeps): Hono {
  const r = new Hono();
  r.use('*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });

  r.get('/applicant/authorisations', async (c) => {
    const p = await requireApplicant(c, d.applicantAuth);
    return c.json({ authorisations: await d.agents.forPerson(p.id) });
  });

  r.post('/applicant/authorisations/:id/revoke', async (c) => {
    const p = await requireApplicant(c, d.applicantAuth);
    const b = await optionalBody(c, optionalReason);
    return c.json(await d.agents.revokeByPerson(p.id, authorisationId(c), b.reason));
  });

  r.post('/applicant/agent-applications', async (c) => {
    const p = await requireApplicant(c, d.applicantAuth);
    const b = await body(c, guardianSchema);
    const a = await d.agents.fileAsGuardian(p.id, { ...b, child: b.child ?? null });
    return c.json({ ...present(a), role: 'agent' as const }, 201);
  });

  r.get('/staff/authorisations', async (c) => {
    const u = await requireStaff(c, d.auth);
    const status = c.req.query('status') ?? 'pending';
    if (!STATUSES.includes(status as AuthorisationStatus)) throw invalidInput([{ path: 'status', message: `must be one of ${STATUSES.join(', ')}` }]);
    return c.json({ authorisations: await d.agents.queue(u, status as AuthorisationStatus) });
  });

  r.get('/staff/authorisations/:id', async (c) => {
    const u = await requireStaff(c, d.auth);
    return c.json(await d.agents.forStaff(u, authorisationId(c)));
  });

  r.post('/staff/authorisations/:id/verify', async (c) => {
    const u = await requireStaff(c, d.auth);
    return c.json(await d.agents.verify(u, authorisationId(c)));
  });

  r.post('/staff/authorisations/:id/reject', async (c) => {
    const u = await requireStaff(c, d.auth);
    const b = await body(c, reasonSchema);
    return c.json(await d.agents.reject(u, authorisationId(c), b.reason));
  });

  r.post('/staff/authorisations/:id/revoke', async (c) => {
    const u = await requireStaff(c, d.auth);
    const b = await body(c, reasonSchema);
    return c.json(await d.agents.revokeByStaff(u, authorisationId(c), b.reason));
  });

  return r;
}
