/**
 * Using points over HTTP (issue 6): settlement rounds (积分落户) and school rounds (积分入学).
 * Staff (admin/city) configure rounds and move them on; city and district officers record the police
 * review; applicants file in their own session and read their admission notice, as JSON and as a
 * printable Chinese page (`/settlement/notice/:id`, print CSS) and as a PDF with the Chinese text embedded
 * (`…/notice.pdf`, src/documents/notice.ts); a window prints a person's notice from the staff side; the announcement
 * (公示) is public and carries nothing personal beyond masked names and ID numbers. Exports are .xlsx
 * attachments through the shared workbook helper; statistics are JSON for charts. Family and child ID
 * numbers are masked in every response; nothing is cached.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { maskIdNumber } from '../../domain/id-number.ts';
import { noticeHtml, noticePdf } from '../../documents/notice.ts';
import type { ApplicantAuthService } from '../../services/applicant-auth.ts';
import type { AuthService } from '../../services/auth.ts';
import { AppError } from '../../services/errors.ts';
import { SchoolAdmissionService } from '../../services/school-admission.ts';
import { SettlementService, type Notice, type SettlementApplicationRecord } from '../../services/settlement.ts';
import { ApplicationRepository } from '../../storage/repositories/applications.ts';
import { PeopleRepository } from '../../storage/repositories/people.ts';
import { SettlementRepository, type OtherParentStatus, type SettlementState } from '../../storage/repositories/settlement.ts';
import type { AppDeps } from '../app.ts';
import { requireApplicant } from './applicant.ts';
import { optionalBody, plainSchema } from './applications.ts';
import { contentDisposition, sendXlsx } from './exports.ts';
import { body, requireStaff } from './staff.ts';

export interface SettlementRouteDeps {
  settlement: SettlementService;
  schools: SchoolAdmissionService;
  auth: AuthService;
  applicantAuth: ApplicantAuthService;
}

const day = z.string().max(10);
const roundConfig = z.strictObject({
  window: z.strictObject({ opens: day, closes: day }),
  cutOff: day.optional(),
  rule: z.union([
    z.strictObject({ kind: z.literal('line'), line: z.number().int() }),
    z.strictObject({ kind: z.literal('quota'), quota: z.number().int(), tiesAtLine: z.enum(['admitAll', 'admitNone']).optional() }),
  ]),
  announcement: z.strictObject({ workingDays: z.number().int() }),
  moveWindow: z.strictObject({ from: day, to: day }),
});
const version = z.number().int().positive().optional();
const roundSchema = z.strictObject({ name: z.string().min(1).max(100), config: roundConfig });
const roundPatchSchema = z.strictObject({ name: z.string().min(1).max(100).optional(), config: roundConfig.optional(), expectedVersion: version });
const familySchema = z.strictObject({
  family: z.array(z.strictObject({ relation: z.enum(['spouse', 'child']), name: z.string().min(1).max(64), idNumber: z.string().min(1).max(32) })).max(10).optional(),
});
const policeSchema = z.strictObject({ outcome: z.enum(['passed', 'failed']), note: z.string().max(1000).optional(), expectedVersion: version });
const moveSchema = z.strictObject({ movedOn: day, expectedVersion: version });

const districtRules = z.strictObject({ district: z.string().regex(/^\d{6}$/), minimumPoints: z.number().int().optional(), preRegistered: z.enum(['compete', 'after', 'excluded']).optional() });
const schoolRoundSchema = z.strictObject({
  name: z.string().min(1).max(100),
  config: z.strictObject({ window: z.strictObject({ opens: day, closes: day }), ageOn: day, proofBy: day, districts: z.array(districtRules).min(1).max(50) }),
});
const schoolsSchema = z.strictObject({
  schools: z.array(z.strictObject({ district: z.string().regex(/^\d{6}$/), name: z.string().min(1).max(100), seats: z.number().int() })).min(1).max(500),
  expectedVersion: version,
});
const schoolApplySchema = z.strictObject({
  child: z.strictObject({ name: z.string().min(1).max(64), idNumber: z.string().min(1).max(32) }),
  otherParentIdNumber: z.string().max(32).nullable().optional(),
  district: z.string().regex(/^\d{6}$/),
  preferences: z.array(z.number().int().positive()).max(20),
  preRegistered: z.boolean().optional(),
});
const confirmSchema = z.strictObject({ decision: z.enum(['confirm', 'decline']), expectedVersion: version });
const parentageSchema = z.strictObject({ document: z.enum(['birth_certificate', 'hukou_book']), note: z.string().max(500).optional(), expectedVersion: version });

const OTHER_PARENT: readonly OtherParentStatus[] = ['none', 'pending', 'confirmed', 'declined'];
const STATES: readonly SettlementState[] = ['filed', 'ineligible', 'police_review', 'ranked', 'admitted', 'not_admitted', 'notice_issued', 'moved', 'forfeited'];

function idParam(c: Context, name = 'id'): number {
  const id = Number(c.req.param(name));
  if (!Number.isSafeInteger(id) || id < 1) throw new AppError('NOT_FOUND', { 'zh-CN': '没有找到', en: 'not found' });
  return id;
}

/** What is sent: family ID numbers masked. */
function present(a: SettlementApplicationRecord): SettlementApplicationRecord {
  return { ...a, family: a.family.map((m) => ({ ...m, idNumber: maskIdNumber(m.idNumber) })) };
}

/** The notice as a PDF download; the file name carries the notice number only, nothing personal. */
async function sendPdf(n: Notice): Promise<Response> {
  const pdf = await noticePdf(n);
  return new Response(new Uint8Array(pdf), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': contentDisposition(`准入通知书-${n.noticeNo}.pdf`, '.pdf'),
      'Cache-Control': 'no-store',
    },
  });
}

/** The wiring from the app's services, so that mounting is one line in app.ts. */
export function settlementRoutesFrom(deps: AppDeps): Hono {
  const db = deps.store.db;
  const repo = new SettlementRepository(db);
  const applications = new ApplicationRepository(db);
  const people = new PeopleRepository(db);
  const settlement = new SettlementService({ settlement: repo, applications, people, calendar: () => deps.calendar.calendar(), now: deps.now });
  const schools = new SchoolAdmissionService({ settlement: repo, applications, people, now: deps.now });
  return settlementRoutes({ settlement, schools, auth: deps.staff.auth, applicantAuth: deps.applicant.applicantAuth });
}

/** Mounted at /. */
export function settlementRoutes(d: SettlementRouteDeps): Hono {
  const r = new Hono();
  // Only this module's paths: mounted at '/', a '*' middleware would reach every other route.
  for (const prefix of ['/api/v1/staff/settlement/*', '/api/v1/applicant/settlement/*', '/api/v1/applicant/settlement', '/api/v1/public/settlement/*', '/api/v1/staff/school/*', '/api/v1/applicant/school/*', '/api/v1/applicant/school', '/settlement/*']) {
    r.use(prefix, async (c, next) => {
      await next();
      c.header('Cache-Control', 'no-store');
    });
  }
  const staff = (c: Context) => requireStaff(c, d.auth);
  const v = (x: number | undefined): number | undefined => x;

  // -- staff: settlement rounds --------------------------------------------------------------
  const S = '/api/v1/staff/settlement';
  r.get(`${S}/rounds`, async (c) => {
    await staff(c);
    return c.json({ rounds: await d.settlement.rounds() });
  });
  r.post(`${S}/rounds`, async (c) => {
    const u = await staff(c);
    const b = await body(c, roundSchema);
    return c.json(await d.settlement.createRound(u, { name: b.name, config: b.config }), 201);
  });
  r.get(`${S}/rounds/:id`, async (c) => {
    await staff(c);
    return c.json(await d.settlement.round(idParam(c)));
  });
  r.patch(`${S}/rounds/:id`, async (c) => {
    const u = await staff(c);
    const b = await body(c, roundPatchSchema);
    return c.json(
      await d.settlement.updateRound(u, idParam(c), {
        ...(b.name !== undefined ? { name: b.name } : {}),
        ...(b.config !== undefined ? { config: b.config } : {}),
        ...(b.expectedVersion !== undefined ? { expectedVersion: b.expectedVersion } : {}),
      }),
    );
  });
  const roundActions = { open: 'openRound', close: 'closeRound', rank: 'rank', announce: 'announce', notices: 'issueNotices' } as const;
  for (const [path, method] of Object.entries(roundActions)) {
    r.post(`${S}/rounds/:id/${path}`, async (c) => {
      const u = await staff(c);
      const b = await optionalBody(c, plainSchema);
      return c.json(await d.settlement[method](u, idParam(c), v(b.expectedVersion)));
    });
  }
  r.get(`${S}/rounds/:id/applications`, async (c) => {
    const u = await staff(c);
    const state = c.req.query('state');
    if (state !== undefined && !STATES.includes(state as SettlementState)) throw new AppError('INVALID_INPUT', { 'zh-CN': '状态无效', en: 'unknown state' }, [{ path: 'state', message: `must be one of ${STATES.join(', ')}` }]);
    return c.json({ applications: (await d.settlement.listApplications(u, idParam(c), state as SettlementState | undefined)).map(present) });
  });
  r.get(`${S}/rounds/:id/ranking`, async (c) => {
    const u = await staff(c);
    if (u.role !== 'admin' && u.role !== 'city') throw new AppError('FORBIDDEN', { 'zh-CN': '只有管理员或市级账号可以查看全市排名', en: 'only admin and city accounts see the ranking' });
    const round = await d.settlement.round(idParam(c));
    return c.json({ line: round.line, ranking: (await d.settlement.ranking(round.id)).map(present) });
  });
  r.get(`${S}/rounds/:id/issues`, async (c) => {
    await staff(c);
    return c.json(await d.settlement.announcementIssues(idParam(c)));
  });
  r.get(`${S}/rounds/:id/statistics`, async (c) => {
    await staff(c);
    const district = c.req.query('district');
    return c.json(await d.settlement.statistics(idParam(c), district === undefined || district === '' ? null : district));
  });
  r.get(`${S}/rounds/:id/ranking.xlsx`, async (c) => sendXlsx(await d.settlement.rankingXlsx(await staff(c), idParam(c))));
  r.get(`${S}/rounds/:id/applications.xlsx`, async (c) => sendXlsx(await d.settlement.applicationsXlsx(await staff(c), idParam(c))));
  r.get(`${S}/rounds/:id/announcement.xlsx`, async (c) => sendXlsx(await d.settlement.announcementXlsx(await staff(c), idParam(c))));
  r.get(`${S}/applications/:id`, async (c) => {
    return c.json(present(await d.settlement.forStaff(await staff(c), idParam(c))));
  });
  r.get(`${S}/applications/:id/notice.pdf`, async (c) => sendPdf(await d.settlement.noticeForStaff(await staff(c), idParam(c))));
  r.post(`${S}/applications/:id/refer`, async (c) => {
    const u = await staff(c);
    const b = await optionalBody(c, plainSchema);
    return c.json(present(await d.settlement.referToPolice(u, idParam(c), v(b.expectedVersion))));
  });
  r.post(`${S}/applications/:id/police-review`, async (c) => {
    const u = await staff(c);
    const b = await body(c, policeSchema);
    return c.json(
      present(
        await d.settlement.policeReview(u, idParam(c), {
          outcome: b.outcome,
          ...(b.note !== undefined ? { note: b.note } : {}),
          ...(b.expectedVersion !== undefined ? { expectedVersion: b.expectedVersion } : {}),
        }),
      ),
    );
  });
  r.post(`${S}/applications/:id/move`, async (c) => {
    const u = await staff(c);
    const b = await body(c, moveSchema);
    return c.json(present(await d.settlement.recordMove(u, idParam(c), { movedOn: b.movedOn, ...(b.expectedVersion !== undefined ? { expectedVersion: b.expectedVersion } : {}) })));
  });

  // -- applicant: settlement -----------------------------------------------------------------
  const A = '/api/v1/applicant/settlement';
  r.get(`${A}/rounds`, async (c) => {
    await requireApplicant(c, d.applicantAuth);
    const open = (await d.settlement.rounds()).filter((x) => x.state === 'open');
    return c.json({ rounds: open.map((x) => ({ id: x.id, name: x.name, window: x.config.window, cutOff: x.cutOff, rule: x.config.rule })) });
  });
  r.get(`${A}/rounds/:id/eligibility`, async (c) => {
    const p = await requireApplicant(c, d.applicantAuth);
    const e = await d.settlement.eligibility(p.id, idParam(c));
    return c.json({ cutOff: e.cutOff, eligibility: e.eligibility, points: e.key === null ? null : e.key.total / 100, applicationId: e.determination?.id ?? null });
  });
  r.post(`${A}/rounds/:id/applications`, async (c) => {
    const p = await requireApplicant(c, d.applicantAuth);
    const b = await optionalBody(c, familySchema);
    const out = await d.settlement.file(p.id, idParam(c), { family: b.family ?? [] });
    return c.json({ application: present(out.application), eligibility: out.eligibility }, 201);
  });
  r.get(A, async (c) => {
    const p = await requireApplicant(c, d.applicantAuth);
    return c.json({ applications: (await d.settlement.mine(p.id)).map(present) });
  });
  r.post(`${A}/:id/withdraw`, async (c) => {
    const p = await requireApplicant(c, d.applicantAuth);
    const b = await optionalBody(c, plainSchema);
    return c.json(present(await d.settlement.withdraw(p.id, idParam(c), v(b.expectedVersion))));
  });
  r.get(`${A}/:id/notice`, async (c) => {
    const p = await requireApplicant(c, d.applicantAuth);
    return c.json(await d.settlement.notice(p.id, idParam(c)));
  });
  r.get(`${A}/:id/notice.pdf`, async (c) => {
    const p = await requireApplicant(c, d.applicantAuth);
    return sendPdf(await d.settlement.notice(p.id, idParam(c)));
  });
  r.get('/settlement/notice/:id', async (c) => {
    const p = await requireApplicant(c, d.applicantAuth);
    const id = idParam(c);
    return c.html(noticeHtml(await d.settlement.notice(p.id, id), `${A}/${id}/notice.pdf`));
  });

  // -- public: the announcement --------------------------------------------------------------
  r.get('/api/v1/public/settlement/rounds/:id/announcement', async (c) => {
    const q = c.req.query('q');
    if (q !== undefined && q.length > 32) throw new AppError('INVALID_INPUT', { 'zh-CN': '查询内容过长', en: 'query too long' }, [{ path: 'q', message: 'at most 32 characters' }]);
    return c.json(await d.settlement.announcement(idParam(c), q));
  });

  // -- school admission ----------------------------------------------------------------------
  const K = '/api/v1/staff/school';
  r.get(`${K}/rounds`, async (c) => {
    await staff(c);
    return c.json({ rounds: await d.schools.rounds() });
  });
  r.post(`${K}/rounds`, async (c) => {
    const u = await staff(c);
    const b = await body(c, schoolRoundSchema);
    return c.json(await d.schools.createRound(u, { name: b.name, config: b.config }), 201);
  });
  r.get(`${K}/rounds/:id`, async (c) => {
    await staff(c);
    return c.json(await d.schools.round(idParam(c)));
  });
  r.post(`${K}/rounds/:id/schools`, async (c) => {
    const u = await staff(c);
    const b = await body(c, schoolsSchema);
    return c.json(await d.schools.addSchools(u, idParam(c), b.schools, v(b.expectedVersion)));
  });
  const schoolActions = { open: 'openRound', close: 'closeRound', allocate: 'allocate', notify: 'sendResults' } as const;
  for (const [path, method] of Object.entries(schoolActions)) {
    r.post(`${K}/rounds/:id/${path}`, async (c) => {
      const u = await staff(c);
      const b = await optionalBody(c, plainSchema);
      return c.json(await d.schools[method](u, idParam(c), v(b.expectedVersion)));
    });
  }
  r.post(`${K}/applications/:id/parentage`, async (c) => {
    const u = await staff(c);
    const b = await body(c, parentageSchema);
    return c.json(
      SchoolAdmissionService.present(
        await d.schools.verifyParentage(u, idParam(c), {
          document: b.document,
          ...(b.note !== undefined ? { note: b.note } : {}),
          ...(b.expectedVersion !== undefined ? { expectedVersion: b.expectedVersion } : {}),
        }),
      ),
    );
  });
  r.get(`${K}/rounds/:id/applications`, async (c) => {
    const u = await staff(c);
    const other = c.req.query('otherParent');
    if (other !== undefined && !OTHER_PARENT.includes(other as OtherParentStatus)) throw new AppError('INVALID_INPUT', { 'zh-CN': '另一方父母确认状态无效', en: 'unknown other-parent status' }, [{ path: 'otherParent', message: `must be one of ${OTHER_PARENT.join(', ')}` }]);
    return c.json({ applications: await d.schools.staffApplications(u, idParam(c), other === undefined ? {} : { otherParent: other as OtherParentStatus }) });
  });
  r.get(`${K}/rounds/:id/results`, async (c) => c.json(await d.schools.results(await staff(c), idParam(c))));
  r.get(`${K}/rounds/:id/statistics`, async (c) => c.json(await d.schools.statistics(await staff(c), idParam(c))));
  r.get(`${K}/rounds/:id/results.xlsx`, async (c) => sendXlsx(await d.schools.resultsXlsx(await staff(c), idParam(c))));

  const P = '/api/v1/applicant/school';
  r.get(`${P}/rounds`, async (c) => {
    await requireApplicant(c, d.applicantAuth);
    const open = (await d.schools.rounds()).filter((x) => x.state === 'open');
    return c.json({ rounds: open.map((x) => ({ id: x.id, name: x.name, window: x.config.window, ageOn: x.config.ageOn, proofBy: x.config.proofBy, schools: x.schools.map((s) => ({ id: s.id, district: s.district, name: s.name, seats: s.seats })) })) });
  });
  r.post(`${P}/rounds/:id/applications`, async (c) => {
    const p = await requireApplicant(c, d.applicantAuth);
    const b = await body(c, schoolApplySchema);
    const a = await d.schools.apply(p.id, idParam(c), {
      child: b.child,
      otherParentIdNumber: b.otherParentIdNumber ?? null,
      district: b.district,
      preferences: b.preferences,
      preRegistered: b.preRegistered ?? false,
    });
    return c.json(SchoolAdmissionService.present(a), 201);
  });
  r.post(`${P}/:id/withdraw`, async (c) => {
    const p = await requireApplicant(c, d.applicantAuth);
    const b = await optionalBody(c, plainSchema);
    return c.json(SchoolAdmissionService.present(await d.schools.withdraw(p.id, idParam(c), v(b.expectedVersion))));
  });
  r.get(`${P}/confirmations`, async (c) => {
    const p = await requireApplicant(c, d.applicantAuth);
    return c.json({ requests: await d.schools.confirmations(p.id) });
  });
  r.post(`${P}/:id/confirm`, async (c) => {
    const p = await requireApplicant(c, d.applicantAuth);
    const b = await body(c, confirmSchema);
    return c.json(SchoolAdmissionService.present(await d.schools.decide(p.id, idParam(c), b.decision, v(b.expectedVersion))));
  });
  r.get(P, async (c) => {
    const p = await requireApplicant(c, d.applicantAuth);
    const mine = await d.schools.mine(p.id);
    // The school a child was placed in, by name: its round may be closed by now.
    const names = new Map((await d.schools.rounds()).flatMap((x) => x.schools.map((s) => [s.id, s.name] as const)));
    // `filedByMe`: the other parent (once confirmed) sees the application too, but only who filed it may withdraw it.
    return c.json({ applications: mine.map((a) => ({ ...SchoolAdmissionService.present(a), schoolName: a.schoolId === null ? null : (names.get(a.schoolId) ?? null), filedByMe: a.parentPersonId === p.id })) });
  });

  return r;
}
