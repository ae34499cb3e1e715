/**
 * The other parent's points in a school application, and withdrawals, over in-process HTTP on every
 * adapter (issue 6). A parent names the other parent by ID number: the child has the applicant's own
 * points until the other parent confirms in their own session (seeing the child's name, the child's
 * ID number masked and the applicant's name masked) or a clerk of the application's district records
 * seeing the relationship document; a decline keeps the applicant's points; nobody else can confirm;
 * a clerk of another district cannot verify; the allocation counts only what is confirmed when it
 * runs. Applicants withdraw their own settlement and school applications before the ranking or the
 * allocation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCalendar } from '../../src/domain/calendar.ts';
import { ApplicationService } from '../../src/services/applications.ts';
import { AuthService } from '../../src/services/auth.ts';
import { ApplicationRepository } from '../../src/storage/repositories/applications.ts';
import { verifyAudit } from '../../src/storage/repositories/audit.ts';
import { PeopleRepository } from '../../src/storage/repositories/people.ts';
import { StaffRepository } from '../../src/storage/repositories/staff.ts';
import { testApp, type TestApp } from '../support/app.ts';
import { childIdNumber as childId, eligiblePerson, testIdNumber } from '../support/people.ts';
import { publishedDeterminations } from '../support/determinations.ts';
import { sessions, type CallOptions, type Session, type Sessions } from '../support/sessions.ts';
import { adapters } from '../support/stores.ts';

const PASSWORD = 'correct horse battery';
const NAMES: Record<number, string> = { 661: '张三丰', 662: '林小梅', 663: '王小明', 664: '赵六六', 665: '钱七七', 666: '孙八八' };
/** 662 and 665 have 189 points (a master's degree), the others 169. */
const MASTERS = new Set([662, 665]);

interface View {
  id: number;
  state: string;
  pointsH: number | null;
  childIdNumber: string;
  version: number;
  otherParent: { status: string; decidedAt: string | null; via: string | null };
  parents: Array<{ personId: number; key: { total: number } | null }>;
}

for (const adapter of adapters()) {
  describe(`school parentage and withdrawals over HTTP on ${adapter.name}`, () => {
    let t: TestApp;
    const clock = new Date('2024-03-01T02:00:00Z');
    let signIn: Sessions;
    const setDay = (day: string): void => {
      clock.setTime(new Date(`${day}T02:00:00Z`).getTime());
      signIn = sessions(t, PASSWORD);
    };
    const call = (method: string, url: string, o?: CallOptions): Promise<Response> => signIn.call(method, url, o);
    const staff = (u: string): Promise<Session> => signIn.staff(u);
    const applicant = (seq: number): Promise<Session> => signIn.applicant(seq);
    /** The body at `status`; no full ID number of any parent, or of a child, in any response. */
    const json = async <T,>(res: Response, status: number): Promise<T> => {
      const text = await res.text();
      expect(res.status, text).toBe(status);
      for (const seq of Object.keys(NAMES)) expect(text).not.toContain(testIdNumber(Number(seq)));
      for (const c of [871, 872, 873, 874, 875]) expect(text).not.toContain(childId('2017-03-01', c));
      return JSON.parse(text) as T;
    };
    const ids = new Map<number, number>();
    let roundId = 0;
    let school = 0;
    const app = new Map<string, number>();

    beforeAll(async () => {
      t = await testApp(clock, await adapter.open());
      signIn = sessions(t, PASSWORD);
      const people = new PeopleRepository(t.store.db);
      const seqs = Object.keys(NAMES).map(Number);
      const inserted = await people.insertBundles(
        seqs.map((seq) => eligiblePerson(seq, { name: NAMES[seq]!, ...(MASTERS.has(seq) ? { declared: { education: { level: 'master' } } } : {}) })),
        '2024-01-01T00:00:00Z',
      );
      seqs.forEach((seq, i) => ids.set(seq, inserted[i]!));
      const auth = new AuthService({ staff: new StaffRepository(t.store.db), now: () => clock });
      await auth.createStaff({ username: 'admin', displayName: '管理员', password: PASSWORD, role: 'admin', district: null });
      await auth.createStaff({ username: 'xihu', displayName: '西湖区窗口', password: PASSWORD, role: 'clerk', district: '330106' });
      await auth.createStaff({ username: 'shangcheng', displayName: '上城区', password: PASSWORD, role: 'district', district: '330102' });
      const apps = new ApplicationService({ applications: new ApplicationRepository(t.store.db), people, calendar: createCalendar(), now: () => clock });
      await publishedDeterminations(apps, clock, inserted);
    });
    afterAll(async () => {
      await t.close();
      await adapter.cleanup();
    });

    const apply = async (seq: number, child: number, otherParent: string | null, status = 201): Promise<View> =>
      json<View>(
        await call('POST', `/api/v1/applicant/school/rounds/${roundId}/applications`, {
          session: await applicant(seq),
          body: { child: { name: `孩子${child}`, idNumber: childId('2017-03-01', child) }, otherParentIdNumber: otherParent, district: '330106', preferences: [school] },
        }),
        status,
      );

    it('withdraws a settlement application over HTTP before the ranking and files it again', async () => {
      setDay('2024-05-20');
      const admin = await staff('admin');
      const r = await json<{ id: number }>(
        await call('POST', '/api/v1/staff/settlement/rounds', {
          session: admin,
          body: { name: '2024年6月', config: { window: { opens: '2024-06-01', closes: '2024-06-30' }, rule: { kind: 'line', line: 10000 }, announcement: { workingDays: 5 }, moveWindow: { from: '2024-07-15', to: '2024-09-30' } } },
        }),
        201,
      );
      await json(await call('POST', `/api/v1/staff/settlement/rounds/${r.id}/open`, { session: admin }), 200);
      setDay('2024-06-03');
      const me = await applicant(661);
      const filed = await json<{ application: { id: number; version: number } }>(await call('POST', `/api/v1/applicant/settlement/rounds/${r.id}/applications`, { session: me }), 201);
      const id = filed.application.id;
      expect((await call('POST', `/api/v1/applicant/settlement/${id}/withdraw`, { session: await applicant(663) })).status).toBe(404);
      expect((await call('POST', `/api/v1/applicant/settlement/${id}/withdraw`, { session: me, csrf: false })).status).toBe(403);
      expect((await call('POST', `/api/v1/applicant/settlement/${id}/withdraw`, { session: me, body: { expectedVersion: filed.application.version + 1 } })).status).toBe(409);
      expect((await call('POST', `/api/v1/applicant/settlement/${id}/withdraw`, { session: me, body: { surprise: true } })).status).toBe(400);
      const w = await json<{ state: string; withdrawnAt: string }>(await call('POST', `/api/v1/applicant/settlement/${id}/withdraw`, { session: me, body: { expectedVersion: filed.application.version } }), 200);
      expect(w).toMatchObject({ state: 'withdrawn', withdrawnAt: '2024-06-03T02:00:00.000Z' });
      const again = await json<{ application: { id: number; state: string } }>(await call('POST', `/api/v1/applicant/settlement/rounds/${r.id}/applications`, { session: me }), 201);
      expect(again.application.state).toBe('filed');
      const mine = await json<{ applications: Array<{ id: number; state: string }> }>(await call('GET', '/api/v1/applicant/settlement', { session: me }), 200);
      expect(mine.applications.map((a) => [a.id, a.state])).toEqual([
        [again.application.id, 'filed'],
        [id, 'withdrawn'],
      ]);
      const list = await json<{ applications: Array<{ id: number }> }>(await call('GET', `/api/v1/staff/settlement/rounds/${r.id}/applications`, { session: await staff('admin') }), 200);
      expect(list.applications.map((a) => a.id)).toEqual([again.application.id]);
    });

    it('counts the other parent’s points only after that parent confirms in their own session; nobody else can', async () => {
      setDay('2024-07-10');
      const admin = await staff('admin');
      const r = await json<{ id: number }>(
        await call('POST', '/api/v1/staff/school/rounds', {
          session: admin,
          body: { name: '2024年秋季', config: { window: { opens: '2024-07-10', closes: '2024-07-31' }, ageOn: '2024-08-31', proofBy: '2024-08-31', districts: [{ district: '330106' }] } },
        }),
        201,
      );
      roundId = r.id;
      const withSchools = await json<{ schools: Array<{ id: number }> }>(
        await call('POST', `/api/v1/staff/school/rounds/${r.id}/schools`, { session: admin, body: { schools: [{ district: '330106', name: '西湖一小', seats: 2 }] } }),
        200,
      );
      school = withSchools.schools[0]!.id;
      await json(await call('POST', `/api/v1/staff/school/rounds/${r.id}/open`, { session: admin }), 200);
      setDay('2024-07-11');

      // 661 (169) names 662 (189): pending, the child has 661's points, and 662's are not shown.
      const a = await apply(661, 871, testIdNumber(662));
      expect(a).toMatchObject({ pointsH: 16900, otherParent: { status: 'pending', decidedAt: null, via: null } });
      expect(a.parents.map((p) => p.personId)).toEqual([ids.get(661)]);
      expect(a).not.toHaveProperty('otherParentPersonId');
      app.set('a', a.id);

      // Someone else (663) sees no request and cannot confirm; the applicant cannot confirm their own.
      expect((await json<{ requests: unknown[] }>(await call('GET', '/api/v1/applicant/school/confirmations', { session: await applicant(663) }), 200)).requests).toEqual([]);
      expect((await call('POST', `/api/v1/applicant/school/${a.id}/confirm`, { session: await applicant(663), body: { decision: 'confirm' } })).status).toBe(404);
      expect((await call('POST', `/api/v1/applicant/school/${a.id}/confirm`, { session: await applicant(661), body: { decision: 'confirm' } })).status).toBe(404);
      expect((await call('GET', '/api/v1/applicant/school/confirmations')).status).toBe(401);

      // 662 sees the request: the child's name, the child's ID number masked, the applicant's name masked.
      const other = await applicant(662);
      const pending = await json<{ requests: Array<Record<string, unknown>> }>(await call('GET', '/api/v1/applicant/school/confirmations', { session: other }), 200);
      expect(pending.requests).toEqual([
        { applicationId: a.id, roundId, roundName: '2024年秋季', childName: '孩子871', childIdNumber: a.childIdNumber, applicant: '张*丰', district: '330106', acceptedOn: '2024-07-11', version: a.version },
      ]);
      expect(JSON.stringify(pending)).not.toContain('张三丰');
      // Before confirming, the application is not among 662's own.
      expect((await json<{ applications: unknown[] }>(await call('GET', '/api/v1/applicant/school', { session: other }), 200)).applications).toEqual([]);
      expect((await call('POST', `/api/v1/applicant/school/${a.id}/confirm`, { session: other, body: { decision: 'maybe' } })).status).toBe(400);
      expect((await call('POST', `/api/v1/applicant/school/${a.id}/confirm`, { session: other, body: { decision: 'confirm', expectedVersion: a.version + 1 } })).status).toBe(409);

      const confirmed = await json<View>(await call('POST', `/api/v1/applicant/school/${a.id}/confirm`, { session: other, body: { decision: 'confirm', expectedVersion: a.version } }), 200);
      expect(confirmed).toMatchObject({ pointsH: 18900, otherParent: { status: 'confirmed', decidedAt: '2024-07-11T02:00:00.000Z', via: 'portal' } });
      expect(confirmed.parents.map((p) => [p.personId, p.key?.total])).toEqual([
        [ids.get(661), 16900],
        [ids.get(662), 18900],
      ]);
      expect((await call('POST', `/api/v1/applicant/school/${a.id}/confirm`, { session: other, body: { decision: 'decline' } })).status).toBe(409);
      expect((await json<{ requests: unknown[] }>(await call('GET', '/api/v1/applicant/school/confirmations', { session: other }), 200)).requests).toEqual([]);
      // Confirmed: the application is among 662's, and the applicant sees the confirmation.
      expect((await json<{ applications: Array<{ id: number }> }>(await call('GET', '/api/v1/applicant/school', { session: other }), 200)).applications.map((x) => x.id)).toEqual([a.id]);
      const mine = await json<{ applications: View[] }>(await call('GET', '/api/v1/applicant/school', { session: await applicant(661) }), 200);
      expect(mine.applications[0]).toMatchObject({ id: a.id, pointsH: 18900, otherParent: { status: 'confirmed' } });
    });

    it('keeps the applicant’s own points when the other parent declines, and a clerk cannot override the decline', async () => {
      const b = await apply(664, 872, testIdNumber(662));
      app.set('b', b.id);
      const other = await applicant(662);
      const declined = await json<View>(await call('POST', `/api/v1/applicant/school/${b.id}/confirm`, { session: other, body: { decision: 'decline' } }), 200);
      expect(declined).toMatchObject({ pointsH: 16900, otherParent: { status: 'declined', via: 'portal' } });
      expect(declined.parents.map((p) => p.personId)).toEqual([ids.get(664)]);
      expect((await call('POST', `/api/v1/applicant/school/${b.id}/confirm`, { session: other, body: { decision: 'confirm' } })).status).toBe(409);
      const clerk = await staff('xihu');
      expect((await call('POST', `/api/v1/staff/school/applications/${b.id}/parentage`, { session: clerk, body: { document: 'birth_certificate' } })).status).toBe(409);
      expect((await json<{ applications: unknown[] }>(await call('GET', '/api/v1/applicant/school', { session: other }), 200)).applications).toHaveLength(1);
    });

    it('lets a clerk of the application’s district, not another district, record the relationship document', async () => {
      // 663 (169) names 665 (189); 665 never signs in.
      const c = await apply(663, 873, testIdNumber(665));
      app.set('c', c.id);
      expect(c.pointsH).toBe(16900);
      const elsewhere = await staff('shangcheng');
      expect((await call('POST', `/api/v1/staff/school/applications/${c.id}/parentage`, { session: elsewhere, body: { document: 'birth_certificate' } })).status).toBe(403);
      expect((await call('POST', `/api/v1/staff/school/applications/${c.id}/parentage`, { session: await applicant(663), body: { document: 'birth_certificate' } })).status).toBe(401);
      const clerk = await staff('xihu');
      expect((await call('POST', `/api/v1/staff/school/applications/${c.id}/parentage`, { session: clerk, body: { document: 'passport' } })).status).toBe(400);
      const verified = await json<View>(await call('POST', `/api/v1/staff/school/applications/${c.id}/parentage`, { session: clerk, body: { document: 'hukou_book', note: '户口簿第3页', expectedVersion: c.version } }), 200);
      expect(verified).toMatchObject({ pointsH: 18900, otherParent: { status: 'confirmed', via: 'hukou_book' } });
      expect((await call('POST', `/api/v1/staff/school/applications/${c.id}/parentage`, { session: clerk, body: { document: 'hukou_book' } })).status).toBe(409);
      // The other parent is no longer asked.
      expect((await json<{ requests: unknown[] }>(await call('GET', '/api/v1/applicant/school/confirmations', { session: await applicant(665) }), 200)).requests).toEqual([]);

      // A number nobody in the system has: pending like any other, but there is nothing to verify.
      const unknown = childId('1990-01-01', 999);
      const d = await apply(666, 874, unknown);
      app.set('d', d.id);
      expect(d.otherParent.status).toBe('pending');
      expect((await call('POST', `/api/v1/staff/school/applications/${d.id}/parentage`, { session: clerk, body: { document: 'birth_certificate' } })).status).toBe(409);
      // 666 withdraws it: the withdrawn application is left out of the allocation.
      const w = await json<View>(await call('POST', `/api/v1/applicant/school/${d.id}/withdraw`, { session: await applicant(666) }), 200);
      expect(w.state).toBe('withdrawn');
      expect((await call('POST', `/api/v1/applicant/school/${d.id}/withdraw`, { session: await applicant(666) })).status).toBe(409);
      expect((await call('POST', `/api/v1/applicant/school/${c.id}/withdraw`, { session: await applicant(665) })).status).toBe(404);
    });

    it('allocates with what is confirmed when the allocation runs: a pending other parent does not count', async () => {
      // 666 (169) names 662 (189) again for another child; 662 does not answer before the allocation.
      const e = await apply(666, 875, testIdNumber(662));
      app.set('e', e.id);
      setDay('2024-08-01');
      const admin = await staff('admin');
      await json(await call('POST', `/api/v1/staff/school/rounds/${roundId}/close`, { session: admin }), 200);
      await json(await call('POST', `/api/v1/staff/school/rounds/${roundId}/allocate`, { session: admin }), 200);
      const res = await json<{ schools: Array<{ children: Array<{ applicationId: number; points: number }> }>; unplaced: Array<{ applicationId: number; state: string; points: number }> }>(
        await call('GET', `/api/v1/staff/school/rounds/${roundId}/results`, { session: admin }),
        200,
      );
      expect(res.schools[0]!.children.map((x) => [x.applicationId, x.points])).toEqual([
        [app.get('a'), 189],
        [app.get('c'), 189],
      ]);
      expect(res.unplaced.map((x) => [x.applicationId, x.state, x.points]).sort((x, y) => Number(x[0]) - Number(y[0]))).toEqual([
        [app.get('b'), 'no_seat', 169],
        [app.get('e'), 'no_seat', 169],
      ]);
      // After the allocation nothing is confirmed or withdrawn any more.
      expect((await call('POST', `/api/v1/applicant/school/${app.get('e')}/confirm`, { session: await applicant(662), body: { decision: 'confirm' } })).status).toBe(409);
      expect((await json<{ requests: unknown[] }>(await call('GET', '/api/v1/applicant/school/confirmations', { session: await applicant(662) }), 200)).requests).toEqual([]);
      const late = await call('POST', `/api/v1/applicant/school/${app.get('a')}/withdraw`, { session: await applicant(661) });
      expect(late.status).toBe(409);

      // Who decided, when and how is kept with the application and in the audit chain.
      const kept = await t.store.db
        .selectFrom('school_application')
        .select(['id', 'other_parent_status', 'other_parent_decided_by', 'other_parent_decided_via', 'other_parent_note'])
        .where('id', 'in', [app.get('a')!, app.get('b')!, app.get('c')!])
        .orderBy('id')
        .execute();
      expect(kept.map((k) => [Number(k.id), k.other_parent_status, k.other_parent_decided_by, k.other_parent_decided_via, k.other_parent_note])).toEqual([
        [app.get('a'), 'confirmed', `person:${ids.get(662)}`, 'portal', null],
        [app.get('b'), 'declined', `person:${ids.get(662)}`, 'portal', null],
        [app.get('c'), 'confirmed', expect.stringMatching(/^staff:\d+$/), 'hukou_book', '户口簿第3页'],
      ]);
      const events = await t.store.db.selectFrom('audit_event').select(['action', 'subject']).where('action', 'like', 'school.%').orderBy('id').execute();
      expect(events.filter((e) => e.action.startsWith('school.other_parent') || e.action === 'school.withdraw').map((e) => [e.action, e.subject])).toEqual([
        ['school.other_parent.confirm', `school_application:${app.get('a')}`],
        ['school.other_parent.decline', `school_application:${app.get('b')}`],
        ['school.other_parent.verify', `school_application:${app.get('c')}`],
        ['school.withdraw', `school_application:${app.get('d')}`],
      ]);
      expect(await verifyAudit(t.store.db)).toMatchObject({ ok: true });
    });
  });
}
