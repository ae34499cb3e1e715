/**
 * The staff list of a school round's applications with the other parent's status (issue 6), over
 * in-process HTTP on every adapter: `GET /api/v1/staff/school/rounds/:id/applications`, optionally
 * `?otherParent=pending` — what a district clerk works from to record the relationship document.
 * Clerks and district officers see their district's applications only; the city and the
 * administrator all of them. No full ID number of a child or a parent is in any answer; the other
 * parent is named (to compare with the document) when the system knows the number. After the
 * clerk's check the application leaves the pending list and shows the points now used.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCalendar } from '../../src/domain/calendar.ts';
import { checkCharacter } from '../../src/domain/id-number.ts';
import { ApplicationService } from '../../src/services/applications.ts';
import { AuthService } from '../../src/services/auth.ts';
import { ApplicationRepository } from '../../src/storage/repositories/applications.ts';
import { PeopleRepository } from '../../src/storage/repositories/people.ts';
import { StaffRepository } from '../../src/storage/repositories/staff.ts';
import { testApp, type TestApp } from '../support/app.ts';
import { eligiblePerson, testIdNumber } from '../support/people.ts';
import { publishedDeterminations } from '../support/determinations.ts';
import { errorOf, jsonOf } from '../support/responses.ts';
import { sessions, type Sessions } from '../support/sessions.ts';
import { adapters } from '../support/stores.ts';

const PASSWORD = 'correct horse battery';
/** 682 and 684 have 189 points (a master's degree), the others 169. */
const NAMES: Record<number, string> = { 681: '周一一', 682: '吴二二', 683: '郑三三', 684: '冯四四', 685: '陈五五', 686: '褚六六' };
const MASTERS = new Set([682, 684]);
const CHILD_SEQS = [881, 882, 883, 884];

/** A child of 西湖区 born 2017-05-01 (GB 11643 check digit). */
function childNumber(seq: number): string {
  const first17 = `33010620170501${seq}`;
  return first17 + checkCharacter(first17);
}
const UNKNOWN_PARENT = testIdNumber(699);

interface Row {
  id: number;
  district: string;
  childName: string;
  childIdNumber: string;
  applicant: { name: string; idNumber: string };
  otherParent: { status: string; via: string | null; decidedAt: string | null; known: boolean; name: string | null; idNumber: string | null; note: string | null };
  state: string;
  points: number | null;
  pointsFrom: string | null;
  version: number;
}

for (const adapter of adapters()) {
  describe(`the staff list of a school round's applications on ${adapter.name}`, () => {
    let t: TestApp;
    const clock = new Date('2024-03-01T02:00:00Z');
    let signIn: Sessions;
    let roundId = 0;
    const app = new Map<number, number>();

    /** The body at `status`, with no full ID number of a parent or a child in it. */
    const list = async (username: string | null, query = '', status = 200): Promise<Row[]> => {
      const res = await signIn.call('GET', `/api/v1/staff/school/rounds/${roundId}/applications${query}`, username === null ? {} : { session: await signIn.staff(username) });
      const text = await res.clone().text();
      for (const seq of [...Object.keys(NAMES).map(Number), 699]) expect(text).not.toContain(testIdNumber(seq));
      for (const seq of CHILD_SEQS) expect(text).not.toContain(childNumber(seq));
      return (await jsonOf<{ applications: Row[] }>(res, status)).applications;
    };

    beforeAll(async () => {
      t = await testApp(clock, await adapter.open());
      const people = new PeopleRepository(t.store.db);
      const seqs = Object.keys(NAMES).map(Number);
      const ids = await people.insertBundles(
        seqs.map((seq) => eligiblePerson(seq, { name: NAMES[seq]!, ...(MASTERS.has(seq) ? { declared: { education: { level: 'master' } } } : {}) })),
        '2024-01-01T00:00:00Z',
      );
      const apps = new ApplicationService({ applications: new ApplicationRepository(t.store.db), people, calendar: createCalendar(), now: () => clock });
      await publishedDeterminations(apps, clock, ids);

      const auth = new AuthService({ staff: new StaffRepository(t.store.db), now: () => clock });
      await auth.createStaff({ username: 'admin', displayName: '管理员', password: PASSWORD, role: 'admin', district: null });
      await auth.createStaff({ username: 'xihu', displayName: '西湖区窗口', password: PASSWORD, role: 'clerk', district: '330106' });
      await auth.createStaff({ username: 'shangcheng', displayName: '上城区', password: PASSWORD, role: 'district', district: '330102' });
      await auth.createStaff({ username: 'city', displayName: '市流动人口办', password: PASSWORD, role: 'city', district: null });

      // Everything else happens on one day in the round's window.
      clock.setTime(new Date('2024-07-11T02:00:00Z').getTime());
      signIn = sessions(t, PASSWORD);
      const admin = await signIn.staff('admin');
      const round = await jsonOf<{ id: number }>(
        await signIn.call('POST', '/api/v1/staff/school/rounds', {
          session: admin,
          body: { name: '2024年秋季', config: { window: { opens: '2024-07-10', closes: '2024-07-31' }, ageOn: '2024-08-31', proofBy: '2024-08-31', districts: [{ district: '330106' }, { district: '330102' }] } },
        }),
        201,
      );
      roundId = round.id;
      const withSchools = await jsonOf<{ schools: Array<{ id: number; district: string }> }>(
        await signIn.call('POST', `/api/v1/staff/school/rounds/${roundId}/schools`, {
          session: admin,
          body: { schools: [{ district: '330106', name: '西湖一小', seats: 2 }, { district: '330102', name: '上城一小', seats: 2 }] },
        }),
        200,
      );
      await jsonOf(await signIn.call('POST', `/api/v1/staff/school/rounds/${roundId}/open`, { session: admin }), 200);
      const school = (district: string): number => withSchools.schools.find((s) => s.district === district)!.id;
      // 681 names 682 (西湖区); 683 names 684 (上城区); 685 names nobody; 686 a number nobody in the system has.
      for (const [seq, child, other, district] of [
        [681, 881, testIdNumber(682), '330106'],
        [683, 882, testIdNumber(684), '330102'],
        [685, 883, null, '330106'],
        [686, 884, UNKNOWN_PARENT, '330106'],
      ] as const) {
        const a = await jsonOf<{ id: number }>(
          await signIn.call('POST', `/api/v1/applicant/school/rounds/${roundId}/applications`, {
            session: await signIn.applicant(seq),
            body: { child: { name: `孩子${child}`, idNumber: childNumber(child) }, otherParentIdNumber: other, district, preferences: [school(district)] },
          }),
          201,
        );
        app.set(child, a.id);
      }
    });
    afterAll(async () => {
      await t.close();
      await adapter.cleanup();
    });

    it('lists every application of the round for the administrator and the city, with the other parent’s status', async () => {
      const all = await list('admin');
      expect(all.map((a) => [a.id, a.district, a.childName, a.otherParent.status, a.otherParent.known, a.points, a.pointsFrom])).toEqual([
        [app.get(881), '330106', '孩子881', 'pending', true, 169, 'applicant'],
        [app.get(882), '330102', '孩子882', 'pending', true, 169, 'applicant'],
        [app.get(883), '330106', '孩子883', 'none', false, 169, 'applicant'],
        [app.get(884), '330106', '孩子884', 'pending', false, 169, 'applicant'],
      ]);
      const first = all[0]!;
      expect(first).toMatchObject({
        childIdNumber: `330106********${childNumber(881).slice(-4)}`,
        applicant: { name: '周一一', idNumber: `330106********${testIdNumber(681).slice(-4)}` },
        otherParent: { status: 'pending', via: null, decidedAt: null, known: true, name: '吴二二', idNumber: `330106********${testIdNumber(682).slice(-4)}`, note: null },
        state: 'filed',
      });
      expect(all[3]!.otherParent).toMatchObject({ known: false, name: null, idNumber: null });
      expect((await list('city')).map((a) => a.id)).toEqual(all.map((a) => a.id));
      expect((await list('admin', '?otherParent=pending')).map((a) => a.id)).toEqual([app.get(881), app.get(882), app.get(884)]);
      expect((await list('admin', '?otherParent=none')).map((a) => a.id)).toEqual([app.get(883)]);
    });

    it('shows a clerk and a district officer their own district’s applications only', async () => {
      expect((await list('xihu', '?otherParent=pending')).map((a) => a.id)).toEqual([app.get(881), app.get(884)]);
      expect((await list('xihu')).map((a) => a.id)).toEqual([app.get(881), app.get(883), app.get(884)]);
      expect((await list('shangcheng')).map((a) => a.id)).toEqual([app.get(882)]);
    });

    it('refuses an unknown filter, an unknown round and a caller without a staff session', async () => {
      const admin = await signIn.staff('admin');
      const bad = await errorOf(await signIn.call('GET', `/api/v1/staff/school/rounds/${roundId}/applications?otherParent=maybe`, { session: admin }), 400);
      expect(bad.fields).toEqual([{ path: 'otherParent', message: 'must be one of none, pending, confirmed, declined' }]);
      await errorOf(await signIn.call('GET', `/api/v1/staff/school/rounds/${roundId + 100}/applications`, { session: admin }), 404);
      await errorOf(await signIn.call('GET', `/api/v1/staff/school/rounds/${roundId}/applications`), 401);
      await errorOf(await signIn.call('GET', `/api/v1/staff/school/rounds/${roundId}/applications`, { session: await signIn.applicant(681) }), 401);
    });

    it('takes an application off the pending list once the clerk records the birth certificate, with the higher points', async () => {
      const [pending] = await list('xihu', '?otherParent=pending');
      const url = `/api/v1/staff/school/applications/${pending!.id}/parentage`;
      // Another district's officer, and a version that has moved on, are refused by their message.
      expect((await errorOf(await signIn.call('POST', url, { session: await signIn.staff('shangcheng'), body: { document: 'birth_certificate' } }), 403)).message).toBe('此入学申请不属于您所在的区');
      expect((await errorOf(await signIn.call('POST', url, { session: await signIn.staff('xihu'), body: { document: 'birth_certificate', expectedVersion: pending!.version + 1 } }), 409)).message).toBe(`入学申请 ${pending!.id} 已被他人修改,请刷新后重试`);
      await jsonOf(await signIn.call('POST', url, { session: await signIn.staff('xihu'), body: { document: 'birth_certificate', note: '出生医学证明原件', expectedVersion: pending!.version } }), 200);

      expect((await list('xihu', '?otherParent=pending')).map((a) => a.id)).toEqual([app.get(884)]);
      const [confirmed] = await list('xihu', '?otherParent=confirmed');
      expect(confirmed).toMatchObject({
        id: app.get(881),
        points: 189,
        pointsFrom: 'otherParent',
        otherParent: { status: 'confirmed', via: 'birth_certificate', decidedAt: '2024-07-11T02:00:00.000Z', known: true, name: '吴二二', note: '出生医学证明原件' },
        version: pending!.version + 1,
      });
      // The other district's list is as it was.
      expect((await list('shangcheng', '?otherParent=pending')).map((a) => a.id)).toEqual([app.get(882)]);
    });
  });
}
