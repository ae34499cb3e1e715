/**
 * Objections over HTTP (issue 5): the applicant files against their own published result and asks for
 * city review; staff work the district queue (assign, department tasks and answers, uphold or reject),
 * the city decides reviews, a window clerk files for a person and enters residence periods from a
 * hand-written 暂住证 or other proof; the dashboard shows days remaining; a case page lists the
 * application's objections and its history. District staff see only their
 * district's cases (`assertStaffDistrict`, the one district check of the case routes). Bodies are zod
 * schemas; nothing is cached; no ID number is sent.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { OBJECTION_STATES, type ObjectionState } from '../../domain/objection.ts';
import type { ApplicantAuthService } from '../../services/applicant-auth.ts';
import type { ApplicationRecord, ApplicationService, Who } from '../../services/applications.ts';
import type { AuthService, StaffIdentity } from '../../services/auth.ts';
import type { AgentService } from '../../services/authorisations.ts';
import type { EmployerAuthService } from '../../services/employer-auth.ts';
import { AppError, invalidInput } from '../../services/errors.ts';
import type { ObjectionRecord, ObjectionService } from '../../services/objections.ts';
import { DEPARTMENTS } from '../../storage/repositories/objections.ts';
import type { PeopleRepository } from '../../storage/repositories/people.ts';
import { requireApplicant } from './applicant.ts';
import { appId, applicantWho, assertStaffDistrict, optionalBody, staffDistrict, staffWho } from './applications.ts';
import { requireEmployer } from './employer.ts';
import { body, requireStaff } from './staff.ts';

export interface ObjectionRouteDeps {
  objections: ObjectionService;
  applications: ApplicationService;
  applicantAuth: ApplicantAuthService;
  auth: AuthService;
  people: PeopleRepository;
  /** An employer files for an employee under a live authorisation that lets it follow the case. */
  employerAuth: EmployerAuthService;
  agents: AgentService;
}

const version = z.number().int().positive().optional();
const fileSchema = z.strictObject({ indicators: z.array(z.string().min(1).max(32)).min(1).max(20), reason: z.string().min(1).max(2000) });
const windowFileSchema = fileSchema.extend({ applicationId: z.number().int().positive() });
const reasonSchema = z.strictObject({ reason: z.string().min(1).max(2000), expectedVersion: version });
const plainSchema = z.strictObject({ expectedVersion: version });
const assignSchema = z.strictObject({ staffId: z.number().int().positive().optional(), expectedVersion: version });
const taskSchema = z.strictObject({ department: z.enum(DEPARTMENTS), question: z.string().min(1).max(2000), expectedVersion: version });
const answerSchema = z.strictObject({ answer: z.string().min(1).max(4000), expectedVersion: version });
const periodSchema = z.strictObject({
  from: z.string().max(10),
  to: z.string().max(10),
  source: z.enum(['handwritten_permit', 'other_proof']),
  note: z.string().min(1).max(1000),
  objectionId: z.number().int().positive().nullable().optional(),
});
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional();

const notFound = (): AppError => new AppError('NOT_FOUND', { 'zh-CN': '没有找到此异议', en: 'no such objection' });

function objectionId(c: Context, param = 'id'): number {
  const id = Number(c.req.param(param));
  if (!Number.isSafeInteger(id) || id < 1) throw notFound();
  return id;
}

function personParam(c: Context): number {
  const id = Number(c.req.param('id'));
  if (!Number.isSafeInteger(id) || id < 1) throw new AppError('NOT_FOUND', { 'zh-CN': '没有找到此人', en: 'no such person' });
  return id;
}

const expected = (v: number | undefined): { expectedVersion?: number } => (v ? { expectedVersion: v } : {});

/** Mounted at /api/v1. */
export function objectionRoutes(d: ObjectionRouteDeps): Hono {
  const r = new Hono();
  r.use('*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });

  // The applicant: only their own applications and objections, and those of a person they filed for
  // as a guardian or close relative (acting as the agent, FAQ Q3); another's is "not found".
  const mineApplication = async (c: Context): Promise<{ who: Who; a: ApplicationRecord }> => {
    const p = await requireApplicant(c, d.applicantAuth);
    const a = await d.applications.get(appId(c));
    const who = applicantWho(p, a);
    if (!who) throw new AppError('NOT_FOUND', { 'zh-CN': '没有找到此积分申请', en: 'no such application' });
    return { who, a };
  };
  const mineObjection = async (c: Context): Promise<{ who: Who; o: ObjectionRecord }> => {
    const p = await requireApplicant(c, d.applicantAuth);
    const o = await d.objections.get(objectionId(c));
    const who = applicantWho(p, await d.applications.get(o.applicationId));
    if (!who) throw notFound();
    return { who, o };
  };
  /** What the objections of a result look like to the person or their agent. */
  const listing = async (a: ApplicationRecord) => {
    const [objections, determinations] = await Promise.all([d.objections.byApplication(a.id), d.objections.determinations(a.id)]);
    const lastDays = await d.objections.lastDays(a, objections);
    return { objections, determinations: determinations.map(({ factsJson: _facts, ...rest }) => rest), lastDays };
  };

  r.post('/applicant/applications/:id/objections', async (c) => {
    const { who, a } = await mineApplication(c);
    const b = await body(c, fileSchema);
    return c.json(await d.objections.file(who, a.id, b, 'online'), 201);
  });

  r.get('/applicant/applications/:id/objections', async (c) => {
    const { a } = await mineApplication(c);
    return c.json(await listing(a));
  });

  r.post('/applicant/objections/:id/review-request', async (c) => {
    const { who, o } = await mineObjection(c);
    const b = await body(c, reasonSchema);
    return c.json(await d.objections.requestReview(who, o.id, b.reason, expected(b.expectedVersion)));
  });

  r.post('/applicant/objections/:id/withdraw', async (c) => {
    const { who, o } = await mineObjection(c);
    const b = await optionalBody(c, plainSchema);
    return c.json(await d.objections.withdraw(who, o.id, expected(b.expectedVersion)));
  });

  // An employer, for a case filed under its live authorisation with the scope to follow it
  // (apply_and_track): a published result is visible only with that scope, so the same check as the
  // employer's case view (AgentService.employerCase) decides; anything else is "not found".
  const employerCase = async (c: Context): Promise<{ who: Who; a: ApplicationRecord }> => {
    const e = await requireEmployer(c, d.employerAuth);
    const a = await d.agents.employerCase(e, appId(c));
    return { who: d.agents.employerWho(e), a };
  };
  r.post('/employer/applications/:id/objections', async (c) => {
    const { who, a } = await employerCase(c);
    const b = await body(c, fileSchema);
    return c.json(await d.objections.file(who, a.id, b, 'online'), 201);
  });
  r.get('/employer/applications/:id/objections', async (c) => {
    const { a } = await employerCase(c);
    return c.json(await listing(a));
  });
  r.post('/employer/objections/:id/review-request', async (c) => {
    const e = await requireEmployer(c, d.employerAuth);
    const o = await d.objections.get(objectionId(c));
    // The objection's case must be the employer's to follow; otherwise "not found", as for the case.
    await d.agents.employerCase(e, o.applicationId).catch(() => {
      throw notFound();
    });
    const b = await body(c, reasonSchema);
    return c.json(await d.objections.requestReview(d.agents.employerWho(e), o.id, b.reason, expected(b.expectedVersion)));
  });

  // Staff.
  /** The objection, when the staff member may see it: 403 for another district's. */
  const staffObjection = async (c: Context): Promise<{ u: StaffIdentity; who: Who; o: ObjectionRecord }> => {
    const u = await requireStaff(c, d.auth);
    const o = await d.objections.get(objectionId(c));
    await assertStaffDistrict(u, o.personId, d.people);
    return { u, who: staffWho(u), o };
  };

  r.get('/staff/objections/dashboard', async (c) => {
    const u = await requireStaff(c, d.auth);
    const asOf = day.safeParse(c.req.query('asOf'));
    if (!asOf.success) throw invalidInput([{ path: 'asOf', message: 'must be a date written YYYY-MM-DD' }]);
    // District staff see their district; the city may narrow to one with ?district=.
    const scope = staffDistrict(u) ?? c.req.query('district') ?? null;
    return c.json(await d.objections.dashboard(scope, asOf.data));
  });

  r.get('/staff/objections', async (c) => {
    const u = await requireStaff(c, d.auth);
    const state = c.req.query('state');
    if (state !== undefined && !OBJECTION_STATES.includes(state as ObjectionState)) {
      throw invalidInput([{ path: 'state', message: `must be one of ${OBJECTION_STATES.join(', ')}` }]);
    }
    return c.json({ objections: await d.objections.list((state as ObjectionState | undefined) ?? null, staffDistrict(u)) });
  });

  r.post('/staff/objections', async (c) => {
    const u = await requireStaff(c, d.auth);
    const b = await body(c, windowFileSchema);
    const a = await d.applications.get(b.applicationId);
    await assertStaffDistrict(u, a.personId, d.people);
    return c.json(await d.objections.file(staffWho(u), a.id, { indicators: b.indicators, reason: b.reason }, 'window'), 201);
  });

  /** A review asked at a window: the clerk files it for the applicant. */
  r.post('/staff/objections/:id/review-request', async (c) => {
    const { who, o } = await staffObjection(c);
    const b = await body(c, reasonSchema);
    return c.json(await d.objections.requestReview(who, o.id, b.reason, expected(b.expectedVersion)));
  });

  r.get('/staff/objections/:id', async (c) => {
    const { o } = await staffObjection(c);
    return c.json(await d.objections.case(o.id));
  });

  r.post('/staff/objections/:id/assign', async (c) => {
    const { u, who, o } = await staffObjection(c);
    const b = await optionalBody(c, assignSchema);
    return c.json(await d.objections.assign(who, o.id, b.staffId ?? u.id, expected(b.expectedVersion)));
  });

  r.post('/staff/objections/:id/tasks', async (c) => {
    const { who, o } = await staffObjection(c);
    const b = await body(c, taskSchema);
    return c.json(await d.objections.sendTask(who, o.id, { department: b.department, question: b.question, ...expected(b.expectedVersion) }), 201);
  });

  r.post('/staff/objections/:id/tasks/:tid/answer', async (c) => {
    const { who, o } = await staffObjection(c);
    const taskId = objectionId(c, 'tid');
    const b = await body(c, answerSchema);
    return c.json(await d.objections.answerTask(who, o.id, taskId, { answer: b.answer, ...expected(b.expectedVersion) }));
  });

  r.post('/staff/objections/:id/uphold', async (c) => {
    const { who, o } = await staffObjection(c);
    const b = await body(c, reasonSchema);
    return c.json(await d.objections.uphold(who, o.id, b.reason, expected(b.expectedVersion)));
  });

  r.post('/staff/objections/:id/reject', async (c) => {
    const { who, o } = await staffObjection(c);
    const b = await body(c, reasonSchema);
    return c.json(await d.objections.reject(who, o.id, b.reason, expected(b.expectedVersion)));
  });

  r.post('/staff/objections/:id/review/uphold', async (c) => {
    const { who, o } = await staffObjection(c);
    const b = await body(c, reasonSchema);
    return c.json(await d.objections.reviewUphold(who, o.id, b.reason, expected(b.expectedVersion)));
  });

  r.post('/staff/objections/:id/review/reject', async (c) => {
    const { who, o } = await staffObjection(c);
    const b = await body(c, reasonSchema);
    return c.json(await d.objections.reviewReject(who, o.id, b.reason, expected(b.expectedVersion)));
  });

  /** A case's objections and its history (audit events of the application and its objections, no personal data). */
  const staffApplication = async (c: Context): Promise<number> => {
    const u = await requireStaff(c, d.auth);
    const a = await d.applications.get(appId(c));
    await assertStaffDistrict(u, a.personId, d.people);
    return a.id;
  };

  r.get('/staff/applications/:id/objections', async (c) => {
    const id = await staffApplication(c);
    return c.json({ objections: await d.objections.byApplication(id) });
  });

  r.get('/staff/applications/:id/history', async (c) => {
    const id = await staffApplication(c);
    return c.json({ events: await d.objections.history(id) });
  });

  r.get('/staff/people/:id/residence-periods', async (c) => {
    const u = await requireStaff(c, d.auth);
    const personId = personParam(c);
    await assertStaffDistrict(u, personId, d.people, 'person');
    return c.json({ periods: await d.objections.evidencePeriods(personId) });
  });

  r.post('/staff/people/:id/residence-periods', async (c) => {
    const u = await requireStaff(c, d.auth);
    const personId = personParam(c);
    await assertStaffDistrict(u, personId, d.people, 'person');
    const b = await body(c, periodSchema);
    return c.json(await d.objections.enterResidencePeriod(staffWho(u), personId, { ...b, objectionId: b.objectionId ?? null }), 201);
  });

  return r;
}
