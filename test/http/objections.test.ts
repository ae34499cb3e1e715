/**
 * Objections over in-process HTTP on every adapter, on fixed dates around National Day 2024 (1–7 Oct
 * off; Sun 29 Sep and Sat 12 Oct worked): the applicant files on the last allowed day and is refused a
 * day later; the district works the case with a police task and a clerk-entered hand-written 暂住证 and
 * upholds it, the points change; a review asked a day too late is refused, one in time is decided by
 * the city; districts see only their own cases; the dashboard.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCalendar } from '../../src/domain/calendar.ts';
import type { PersonBundle } from '../../src/domain/records.ts';
import { ApplicationService, type Who } from '../../src/services/applications.ts';
import { AuthService } from '../../src/services/auth.ts';
import { ApplicationRepository } from '../../src/storage/repositories/applications.ts';
import { verifyAudit } from '../../src/storage/repositories/audit.ts';
import { PeopleRepository } from '../../src/storage/repositories/people.ts';
import { SmsRepository } from '../../src/storage/repositories/sms.ts';
import { StaffRepository } from '../../src/storage/repositories/staff.ts';
import { testApp, type TestApp } from '../support/app.ts';
import { eligiblePerson, testIdNumber as idNumber, testPhone as phone } from '../support/people.ts';
import { sessions, type CallOptions, type Session, type Sessions } from '../support/sessions.ts';
import { adapters } from '../support/stores.ts';

const PASSWORD = 'correct horse battery';

/** Eligible on the dates of these tests: an IC permit endorsed every year to 2024, pension to August 2024. */
function person(seq: number, district = '330106'): PersonBundle {
  return eligiblePerson(seq, {
    district,
    permits: [{ permitNo: `P${seq}`, kind: 'ic', district, issuedOn: '2019-03-01', endorsements: ['2020-02-15', '2023-02-15', '2024-02-15'] }],
    insurance: [{ scheme: 'pension', fromMonth: 2016 * 12, toMonth: 2024 * 12 + 7, backPaid: false, transferredIn: false }],
  });
}

interface Objection {
  id: number;
  applicationId: number;
  state: string;
  channel: string;
  filedOn: string;
  districtDeadline: string;
  decidedOn: string | null;
  reviewDeadline: string | null;
  assignedTo: number | null;
  version: number;
}

interface Case {
  objection: Objection;
  tasks: Array<{ id: number; department: string; dueOn: string; answer: string | null }>;
  determinations: Array<{ id: number; reason: string; totalH: number; supersedesId: number | null }>;
}

for (const adapter of adapters()) {
  describe(`objections over HTTP on ${adapter.name}`, () => {
    let t: TestApp;
    const clock = new Date('2024-08-30T02:00:00Z');
    /** Sessions expire within hours and the clock jumps days: each day signs in afresh. */
    let signIn: Sessions;
    const setDay = (day: string): void => {
      clock.setTime(new Date(`${day}T02:00:00Z`).getTime());
      signIn = sessions(t, PASSWORD);
    };
    let sms: SmsRepository;
    let apps: ApplicationService;
    /** Application id per person seq. */
    const appOf = new Map<number, number>();
    let districtStaffId: number;

    beforeAll(async () => {
      t = await testApp(clock, await adapter.open());
      const people = new PeopleRepository(t.store.db);
      const seqs = [401, 402, 403, 404, 405];
      const ids = await people.insertBundles(
        seqs.map((s) => person(s, s === 403 ? '330102' : '330106')),
        '2024-01-01T00:00:00Z',
      );
      sms = new SmsRepository(t.store.db);
      const auth = new AuthService({ staff: new StaffRepository(t.store.db), now: () => clock });
      await auth.createStaff({ username: 'clerk', displayName: '窗口', password: PASSWORD, role: 'clerk', district: '330106' });
      districtStaffId = await auth.createStaff({ username: 'district', displayName: '西湖区', password: PASSWORD, role: 'district', district: '330106' });
      await auth.createStaff({ username: 'other', displayName: '上城区', password: PASSWORD, role: 'district', district: '330102' });
      await auth.createStaff({ username: 'city', displayName: '市办', password: PASSWORD, role: 'city', district: null });

      // Published through the application service on a fixed clock: accepted Fri 30 Aug 2024, visible Sun 29 Sep (worked).
      apps = new ApplicationService({ applications: new ApplicationRepository(t.store.db), people, calendar: createCalendar(), now: () => clock });
      const clerk: Who = { actor: 'clerk', actorId: 'staff:1' };
      const district: Who = { actor: 'district', actorId: `staff:${districtStaffId}` };
      setDay('2024-08-30');
      for (const [i, seq] of seqs.entries()) {
        const a = await apps.createDraft(clerk, { personId: ids[i]!, channel: 'window', intendedUse: 'settlement', filedBy: 'self' });
        await apps.submit(clerk, a.id);
        await apps.accept(clerk, a.id);
        await apps.determine(district, a.id);
        appOf.set(seq, a.id);
      }
      setDay('2024-09-29');
      expect(await apps.publishDue('2024-09-29')).toHaveLength(seqs.length);
    });
    afterAll(async () => {
      await t.close();
      await adapter.cleanup();
    });

    const call = (method: string, url: string, o?: CallOptions): Promise<Response> => signIn.call(method, url, o);
    const staff = (username: string): Promise<Session> => signIn.staff(username);
    const applicant = (seq: number): Promise<Session> => signIn.applicant(seq);
    const json = async <T>(res: Response, status: number): Promise<T> => {
      const text = await res.text();
      expect(res.status, text).toBe(status);
      expect(res.headers.get('cache-control')).toBe('no-store');
      for (const seq of [401, 402, 403, 404, 405]) expect(text).not.toContain(idNumber(seq));
      return JSON.parse(text) as T;
    };
    const error = async (res: Response, status: number): Promise<{ code: string; message: string; fields?: Array<{ path: string }> }> =>
      (await json<{ error: { code: string; message: string; fields?: Array<{ path: string }> } }>(res, status)).error;

    let upheldId = 0;
    let windowId = 0;
    let idleId = 0;

    it('takes an objection on the 7th working day after publication, refuses one on the 8th naming the last day, and keeps it to its own person', async () => {
      setDay('2024-10-15');
      const late = await applicant(402);
      const e = await error(await call('POST', `/api/v1/applicant/applications/${appOf.get(402)}/objections`, { session: late, body: { indicators: ['residence'], reason: '少算居住年限' } }), 400);
      expect(e.message).toBe('异议申请期限已过:最后一天是 2024年10月14日(公布后第 7 个工作日)');

      setDay('2024-10-14');
      const me = await applicant(401);
      const url = `/api/v1/applicant/applications/${appOf.get(401)}/objections`;
      expect((await error(await call('POST', url, { session: me, csrf: false, body: { indicators: ['residence'], reason: 'x' } }), 403)).code).toBe('CSRF');
      expect((await error(await call('POST', url, { session: me, body: { indicators: [], reason: 'x' } }), 400)).fields?.[0]?.path).toBe('indicators');
      const o = await json<Objection>(await call('POST', url, { session: me, body: { indicators: ['residence'], reason: '2008至2012年持手工填写的《暂住证》,未计入居住年限' } }), 201);
      expect(o).toMatchObject({ state: 'filed', channel: 'online', filedOn: '2024-10-14', districtDeadline: '2024-11-04' });
      upheldId = o.id;
      // Another applicant: not their application, not their objection.
      const other = await applicant(404);
      expect((await error(await call('POST', url, { session: other, body: { indicators: ['residence'], reason: 'x' } }), 404)).code).toBe('NOT_FOUND');
      expect((await error(await call('POST', `/api/v1/applicant/objections/${o.id}/review-request`, { session: other, body: { reason: 'x' } }), 404)).code).toBe('NOT_FOUND');
      const mine = await json<{ objections: Objection[] }>(await call('GET', url, { session: me }), 200);
      expect(mine.objections.map((x) => x.id)).toEqual([o.id]);

      // A window filing by a clerk for 404, and one for 405 that nobody will work on.
      const clerk = await staff('clerk');
      const w = await json<Objection>(await call('POST', '/api/v1/staff/objections', { session: clerk, body: { applicationId: appOf.get(404), indicators: ['education'], reason: '学历认证有误' } }), 201);
      expect(w).toMatchObject({ channel: 'window', state: 'filed' });
      windowId = w.id;
      idleId = (await json<Objection>(await call('POST', '/api/v1/staff/objections', { session: clerk, body: { applicationId: appOf.get(405), indicators: ['residence'], reason: '居住登记中断' } }), 201)).id;
      // Not for another district's person.
      expect((await error(await call('POST', '/api/v1/staff/objections', { session: clerk, body: { applicationId: appOf.get(403), indicators: ['residence'], reason: 'x' } }), 403)).code).toBe('FORBIDDEN');
    });

    it('the district assigns, asks the police, records the answer; a clerk enters the hand-written 暂住证; the district upholds and the points change', async () => {
      setDay('2024-10-16');
      const other = await staff('other');
      expect((await error(await call('GET', `/api/v1/staff/objections/${upheldId}`, { session: other }), 403)).code).toBe('FORBIDDEN');
      expect((await json<{ objections: Objection[] }>(await call('GET', '/api/v1/staff/objections', { session: other }), 200)).objections).toEqual([]);

      const district = await staff('district');
      const queue = await json<{ objections: Objection[] }>(await call('GET', '/api/v1/staff/objections?state=filed', { session: district }), 200);
      expect(queue.objections.map((x) => x.id)).toEqual([upheldId, windowId, idleId]);
      expect((await error(await call('GET', '/api/v1/staff/objections?state=nonsense', { session: district }), 400)).code).toBe('INVALID_INPUT');
      const base = `/api/v1/staff/objections/${upheldId}`;
      const assigned = await json<Objection>(await call('POST', `${base}/assign`, { session: district }), 200);
      expect(assigned).toMatchObject({ state: 'verifying', assignedTo: districtStaffId });
      const withTask = await json<Case>(await call('POST', `${base}/tasks`, { session: district, body: { department: 'police', question: '请核实2008–2012年手工《暂住证》' } }), 201);
      // 5 working days after Wed 16 Oct: 17, 18, 21, 22, 23 Oct.
      expect(withTask.tasks).toMatchObject([{ department: 'police', dueOn: '2024-10-23', answer: null }]);
      expect((await error(await call('POST', `${base}/tasks`, { session: district, body: { department: 'army', question: 'x' } }), 400)).fields?.[0]?.path).toBe('department');
      const answered = await json<Case>(await call('POST', `${base}/tasks/${withTask.tasks[0]!.id}/answer`, { session: district, body: { answer: '属实:2008年3月至2012年2月' } }), 200);
      expect(answered.tasks[0]!.answer).toBe('属实:2008年3月至2012年2月');

      const clerk = await staff('clerk');
      const personId = (await apps.get(appOf.get(401)!)).personId;
      const periods = `/api/v1/staff/people/${personId}/residence-periods`;
      expect((await error(await call('POST', periods, { session: clerk, body: { from: '2012-02-29', to: '2008-03-01', source: 'handwritten_permit', note: '原件' } }), 400)).fields?.map((f) => f.path)).toEqual(['to']);
      await json(await call('POST', periods, { session: clerk, body: { from: '2008-03-01', to: '2012-02-29', source: 'handwritten_permit', note: '杭公暂字2008-001号,原件已核', objectionId: upheldId } }), 201);
      expect((await json<{ periods: Array<{ source: string }> }>(await call('GET', periods, { session: clerk }), 200)).periods.map((p) => p.source)).toEqual(['handwritten_permit']);
      expect((await error(await call('POST', periods, { session: other, body: { from: '2008-03-01', to: '2009-02-28', source: 'other_proof', note: 'x' } }), 403)).code).toBe('FORBIDDEN');

      const before = (await apps.get(appOf.get(401)!)).totalH!;
      setDay('2024-10-21');
      const d2 = await staff('district');
      expect((await error(await call('POST', `${base}/uphold`, { session: d2, body: { reason: '补计', expectedVersion: 1 } }), 409)).code).toBe('CONFLICT');
      expect((await error(await call('POST', `${base}/uphold`, { session: d2, body: {} }), 400)).code).toBe('INVALID_INPUT');
      const up = await json<Objection>(await call('POST', `${base}/uphold`, { session: d2, body: { reason: '公安答复属实,补计居住年限' } }), 200);
      expect(up).toMatchObject({ state: 'upheld', decidedOn: '2024-10-21' });
      const c = await json<Case>(await call('GET', base, { session: d2 }), 200);
      expect(c.determinations.map((d) => d.reason)).toEqual(['initial', 'objection']);
      expect(c.determinations[1]!.supersedesId).toBe(c.determinations[0]!.id);
      expect(c.determinations[1]!.totalH - before).toBe(2000);

      const me = await applicant(401);
      const app = await json<{ totalH: number }>(await call('GET', `/api/v1/applicant/applications/${appOf.get(401)}`, { session: me }), 200);
      expect(app.totalH).toBe(before + 2000);
      const text = (await sms.latest(200)).find((m) => m.to === phone(401) && m.kind === 'objection.uphold')!;
      expect(text.text).toContain(`积分已更正为${(before + 2000) / 100}分`);
      expect(text.text).toContain('请于2024-10-30前向市流动人口办申请复核');
    });

    it('refuses a city review asked a day too late, takes one in time, and only the city decides it', async () => {
      setDay('2024-10-22');
      const district = await staff('district');
      await json(await call('POST', `/api/v1/staff/objections/${windowId}/assign`, { session: district }), 200);
      await json(await call('POST', `/api/v1/staff/objections/${windowId}/reject`, { session: district, body: { reason: '学历认证信息无误' } }), 200);

      setDay('2024-10-31');
      const me = await applicant(401);
      const e = await error(await call('POST', `/api/v1/applicant/objections/${upheldId}/review-request`, { session: me, body: { reason: '仍有少算' } }), 400);
      // Seven working days after Mon 21 Oct: 22–25, 28–30 Oct.
      expect(e.message).toBe('复核申请期限已过:最后一天是 2024年10月30日(区级核查结果出具后第 7 个工作日)');

      // Rejected Tue 22 Oct: Thu 31 Oct is its 7th working day.
      const him = await applicant(404);
      const r = await json<Objection>(await call('POST', `/api/v1/applicant/objections/${windowId}/review-request`, { session: him, body: { reason: '学历证书另附' } }), 200);
      // 15 working days after Thu 31 Oct: 1 Nov, 4–8, 11–15, 18–21 Nov.
      expect(r).toMatchObject({ state: 'review_requested', reviewDeadline: '2024-11-21' });

      setDay('2024-11-05');
      const d2 = await staff('district');
      expect((await error(await call('POST', `/api/v1/staff/objections/${windowId}/review/reject`, { session: d2, body: { reason: 'x' } }), 403)).code).toBe('FORBIDDEN');

      // The dashboard, before the city decides: 405's case is a working day overdue, 404's is with the city.
      const board = await json<{ bands: Record<string, number>; items: Array<{ objectionId: number; phase: string; daysRemaining: number; flag: string }>; officers: Array<{ staffId: number | null; open: number }> }>(
        await call('GET', '/api/v1/staff/objections/dashboard?asOf=2024-11-05', { session: d2 }),
        200,
      );
      expect(board.bands).toEqual({ overdue: 1, today: 0, '1-3': 0, '4-7': 0, '8+': 1 });
      expect(board.items.map((i) => [i.objectionId, i.phase, i.daysRemaining, i.flag])).toEqual([
        [idleId, 'district', -1, 'overdue'],
        [windowId, 'city', 12, 'on_time'],
      ]);
      expect(board.officers).toEqual([{ staffId: null, name: null, open: 2, near: 0, overdue: 1 }]);
      const otherBoard = await json<{ items: unknown[] }>(await call('GET', '/api/v1/staff/objections/dashboard?asOf=2024-11-05', { session: await staff('other') }), 200);
      expect(otherBoard.items).toEqual([]);

      const city = await staff('city');
      const done = await json<Objection>(await call('POST', `/api/v1/staff/objections/${windowId}/review/reject`, { session: city, body: { reason: '复核:学历认证无误' } }), 200);
      expect(done.state).toBe('review_rejected');
      expect((await sms.latest(200)).find((m) => m.to === phone(404) && m.kind === 'objection.reviewReject')!.text).toContain('复核不成立');
      expect((await verifyAudit(t.store.db)).ok).toBe(true);
    });
  });
}
