/**
 * Points applications over HTTP: the applicant's own applications (applicant session) and the staff
 * work queues and decisions (staff session). Both need the session's CSRF token for anything but GET.
 * Ids in URLs are internal numbers only; ID numbers in responses are masked; nothing is cached.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { ApplicationState, Actor } from '../../domain/application.ts';
import { maskIdNumber } from '../../domain/id-number.ts';
import type { ApplicantAuthService } from '../../services/applicant-auth.ts';
import type { ApplicationRecord, ApplicationService, Who } from '../../services/applications.ts';
import type { AuthService, StaffIdentity } from '../../services/auth.ts';
import { RELATIONSHIPS, type AgentService } from '../../services/authorisations.ts';
import { AppError, invalidInput } from '../../services/errors.ts';
import type { PeopleRepository } from '../../storage/repositories/people.ts';
import { requireApplicant } from './applicant.ts';
import { body, requireStaff } from './staff.ts';

export interface ApplicationRouteDeps {
  applications: ApplicationService;
  applicantAuth: ApplicantAuthService;
  auth: AuthService;
  people: PeopleRepository;
  agents: AgentService;
}

const STATES: readonly ApplicationState[] = ['draft', 'submitted', 'refused', 'accepted', 'returned', 'determined', 'published', 'withdrawn'];

const child = z.strictObject({ name: z.string().min(1).max(64), birthDate: z.string().max(10) });
const use = z.enum(['settlement', 'school']);
const draftSchema = z.strictObject({ intendedUse: use, child: child.nullable().optional() });
const staffDraftSchema = z.strictObject({
  personId: z.number().int().positive(),
  intendedUse: use,
  channel: z.literal('window'),
  child: child.nullable().optional(),
  filedBy: z.enum(['self', 'employer', 'guardian', 'clerk']).optional(),
  filedByRef: z.string().min(1).max(128).optional(),
  agentIdNumber: z.string().min(1).max(32).nullable().optional(),
  guardianGround: z.enum(['minor', 'elderly', 'disabled']).nullable().optional(),
  relationship: z.enum(RELATIONSHIPS).nullable().optional(),
});
const version = z.number().int().positive().optional();
/** The declared facts themselves are checked by the service against the facts contract. */
export const declareSchema = z.strictObject({ declared: z.record(z.string(), z.unknown()), expectedVersion: version });
export const plainSchema = z.strictObject({ expectedVersion: version });
export const submitSchema = z.strictObject({ channel: z.enum(['online', 'window']).optional(), expectedVersion: version });
export const supplementSchema = z.strictObject({ note: z.string().max(1000).optional(), expectedVersion: version });
const reasonSchema = z.strictObject({ reason: z.string().min(1).max(1000), expectedVersion: version });
const reviewSchema = z.strictObject({
  indicator: z.string().min(1).max(32),
  decision: z.enum(['accepted', 'rejected']),
  reason: z.string().max(1000).optional(),
  expectedVersion: version,
});

const notFound = (): AppError => new AppError('NOT_FOUND', { 'zh-CN': '没有找到此积分申请', en: 'no such application' });

export function appId(c: Context): number {
  const id = Number(c.req.param('id'));
  if (!Number.isSafeInteger(id) || id < 1) throw notFound();
  return id;
}

/** A body that may be empty: an empty request body counts as `{}`. */
export async function optionalBody<T>(c: Context, schema: z.ZodType<T>): Promise<T> {
  const text = await c.req.raw.clone().text();
  if (text.trim() === '') return schema.parse({});
  return body(c, schema);
}

/** What is sent: the record with the agent's ID number masked. */
export function present(a: ApplicationRecord): ApplicationRecord {
  return { ...a, agentIdNumber: a.agentIdNumber === null ? null : maskIdNumber(a.agentIdNumber) };
}

const STAFF_ACTOR: Readonly<Record<StaffIdentity['role'], Actor>> = { clerk: 'clerk', district: 'district', city: 'city', admin: 'admin' };
export const staffWho = (u: StaffIdentity): Who => ({ actor: STAFF_ACTOR[u.role], actorId: `staff:${u.id}` });
/** Clerks and district officers work on their own district only; city and admin on all. */
export const staffDistrict = (u: StaffIdentity): string | null => (u.role === 'clerk' || u.role === 'district' ? u.district : null);

/**
 * 403 unless the staff member may work on this person's cases (an application of theirs, or a new
 * one for them): clerks and district officers only in their own district. The one district check of
 * every staff route on cases.
 */
export async function assertStaffDistrict(u: StaffIdentity, personId: number, people: PeopleRepository, what: 'application' | 'person' = 'application'): Promise<void> {
  const own = staffDistrict(u);
  if (own === null) return;
  const [p] = await people.byIds([personId]);
  if ((p?.district ?? null) === own) return;
  throw what === 'person'
    ? new AppError('FORBIDDEN', { 'zh-CN': '此人不属于您所在的区', en: 'this person belongs to another district' })
    : new AppError('FORBIDDEN', { 'zh-CN': '此申请不属于您所在的区', en: 'this application belongs to another district' });
}

/**
 * How the signed-in person stands to an application: its applicant, or the guardian or close relative
 * who filed it (2020 FAQ Q3), acting as an agent; null when it is none of theirs (answered as "not
 * found"). The one place this rule lives: the evidence routes use it too.
 */
export function applicantWho(p: { id: number }, a: ApplicationRecord): Who | null {
  if (a.personId === p.id) return { actor: 'applicant', actorId: `person:${p.id}` };
  if (a.filedByKind === 'guardian' && a.filedByRef === `person:${p.id}`) return { actor: 'agent', actorId: `person:${p.id}` };
  return null;
}

/** Mounted at /api/v1. */
export function applicationRoutes(d: ApplicationRouteDeps): Hono {
  const r = new Hono();
  r.use('*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });

  // The applicant: only their own applications, and those they filed as a guardian or relative
  // (acting as the agent); another's is "not found".
  const mine = async (c: Context): Promise<{ who: Who; a: ApplicationRecord }> => {
    const p = await requireApplicant(c, d.applicantAuth);
    const id = appId(c);
    const a = await d.applications.get(id);
    const who = applicantWho(p, a);
    if (!who) throw notFound();
    return { who, a };
  };

  r.post('/applicant/applications', async (c) => {
    const p = await requireApplicant(c, d.applicantAuth);
    const b = await body(c, draftSchema);
    const a = await d.applications.createDraft(
      { actor: 'applicant', actorId: `person:${p.id}` },
      { personId: p.id, channel: 'online', intendedUse: b.intendedUse, child: b.child ?? null, filedBy: 'self' },
    );
    return c.json(present(a), 201);
  });

  r.get('/applicant/applications', async (c) => {
    const p = await requireApplicant(c, d.applicantAuth);
    const own = (await d.applications.byPerson(p.id)).map((a) => ({ ...present(a), role: 'principal' as const }));
    const filed = (await d.applications.filedByGuardian(p.id)).filter((a) => a.personId !== p.id).map((a) => ({ ...present(a), role: 'agent' as const }));
    const newest = [...own, ...filed].sort((x, y) => (x.createdAt < y.createdAt ? 1 : x.createdAt > y.createdAt ? -1 : y.id - x.id));
    return c.json({ applications: newest });
  });

  r.get('/applicant/applications/:id', async (c) => {
    const { a } = await mine(c);
    return c.json(present(a));
  });

  r.post('/applicant/applications/:id/submit', async (c) => {
    const { who, a } = await mine(c);
    const b = await optionalBody(c, submitSchema);
    return c.json(present(await d.applications.submit(who, a.id, { ...(b.channel ? { channel: b.channel } : {}), ...(b.expectedVersion ? { expectedVersion: b.expectedVersion } : {}) })));
  });

  r.post('/applicant/applications/:id/withdraw', async (c) => {
    const { who, a } = await mine(c);
    const b = await optionalBody(c, plainSchema);
    return c.json(present(await d.applications.withdraw(who, a.id, b.expectedVersion ? { expectedVersion: b.expectedVersion } : {})));
  });

  r.put('/applicant/applications/:id/declarations', async (c) => {
    const { who, a } = await mine(c);
    const b = await body(c, declareSchema);
    return c.json(present(await d.applications.declare(who, a.id, b.declared, b.expectedVersion ? { expectedVersion: b.expectedVersion } : {})));
  });

  r.post('/applicant/applications/:id/supplement', async (c) => {
    const { who, a } = await mine(c);
    const b = await optionalBody(c, supplementSchema);
    return c.json(
      present(await d.applications.supplement(who, a.id, { ...(b.note ? { note: b.note } : {}), ...(b.expectedVersion ? { expectedVersion: b.expectedVersion } : {}) })),
    );
  });

  // Staff.
  /** The application, when the staff member may see it: 403 for another district's. */
  const staffCase = async (c: Context): Promise<{ who: Who; a: ApplicationRecord }> => {
    const u = await requireStaff(c, d.auth);
    const a = await d.applications.get(appId(c));
    await assertStaffDistrict(u, a.personId, d.people);
    return { who: staffWho(u), a };
  };
  const expected = (v: number | undefined): { expectedVersion?: number } => (v ? { expectedVersion: v } : {});

  r.get('/staff/applications', async (c) => {
    const u = await requireStaff(c, d.auth);
    const state = c.req.query('state') ?? 'submitted';
    if (!STATES.includes(state as ApplicationState)) throw invalidInput([{ path: 'state', message: `must be one of ${STATES.join(', ')}` }]);
    const list = await d.applications.queue(state as ApplicationState, staffDistrict(u));
    return c.json({ applications: list.map(present) });
  });

  r.post('/staff/applications', async (c) => {
    const u = await requireStaff(c, d.auth);
    const b = await body(c, staffDraftSchema);
    await assertStaffDistrict(u, b.personId, d.people, 'person');
    const a = await d.applications.createDraft(staffWho(u), {
      personId: b.personId,
      channel: b.channel,
      intendedUse: b.intendedUse,
      child: b.child ?? null,
      filedBy: b.filedBy ?? 'self',
      ...(b.filedByRef !== undefined ? { filedByRef: b.filedByRef } : {}),
      agentIdNumber: b.agentIdNumber ?? null,
      guardianGround: b.guardianGround ?? null,
      relationship: b.relationship ?? null,
    });
    return c.json(present(a), 201);
  });

  r.get('/staff/applications/:id', async (c) => {
    const { a } = await staffCase(c);
    // An employer's online filing comes with the authorisation it rests on, for the clerk to check (Q3).
    const authorisation = a.authorisationId === null ? null : await d.agents.forStaff(await requireStaff(c, d.auth), a.authorisationId);
    return c.json({ application: present(a), reviews: await d.applications.reviews(a.id), authorisation });
  });

  r.post('/staff/applications/:id/submit', async (c) => {
    const { who, a } = await staffCase(c);
    const b = await optionalBody(c, submitSchema);
    return c.json(present(await d.applications.submit(who, a.id, { ...(b.channel ? { channel: b.channel } : {}), ...expected(b.expectedVersion) })));
  });

  r.post('/staff/applications/:id/accept', async (c) => {
    const { who, a } = await staffCase(c);
    const b = await optionalBody(c, plainSchema);
    return c.json(present(await d.applications.accept(who, a.id, expected(b.expectedVersion))));
  });

  r.post('/staff/applications/:id/refuse', async (c) => {
    const { who, a } = await staffCase(c);
    const b = await body(c, reasonSchema);
    return c.json(present(await d.applications.refuse(who, a.id, b.reason, expected(b.expectedVersion))));
  });

  r.post('/staff/applications/:id/review', async (c) => {
    const { who, a } = await staffCase(c);
    const b = await body(c, reviewSchema);
    return c.json(
      present(
        await d.applications.reviewIndicator(who, a.id, {
          indicator: b.indicator,
          decision: b.decision,
          ...(b.reason !== undefined ? { reason: b.reason } : {}),
          ...expected(b.expectedVersion),
        }),
      ),
    );
  });

  r.post('/staff/applications/:id/return', async (c) => {
    const { who, a } = await staffCase(c);
    const b = await body(c, reasonSchema);
    return c.json(present(await d.applications.returnForSupplement(who, a.id, b.reason, expected(b.expectedVersion))));
  });

  r.put('/staff/applications/:id/declarations', async (c) => {
    const { who, a } = await staffCase(c);
    const b = await body(c, declareSchema);
    return c.json(present(await d.applications.declare(who, a.id, b.declared, expected(b.expectedVersion))));
  });

  r.post('/staff/applications/:id/determine', async (c) => {
    const { who, a } = await staffCase(c);
    const b = await optionalBody(c, plainSchema);
    return c.json(present(await d.applications.determine(who, a.id, expected(b.expectedVersion))));
  });

  return r;
}
