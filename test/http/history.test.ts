/**
 * A case's history and objections over in-process HTTP on every adapter (`GET /api/v1/staff/applications/:id/history`
 * and `/objections`): the audit events of the application and of its objection, oldest first, with
 * no personal data in them; another district's officer is refused; an unknown case is "not found";
 * and the applicant's view of objections names the last day to object and to ask for review.
 * Fixed dates around National Day 2024 (accepted Fri 30 Aug, published Sun 29 Sep, a worked day).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCalendar } from '../../src/domain/calendar.ts';
import { maskIdNumber, maskPhone } from '../../src/domain/id-number.ts';
import { ApplicationService, type Who } from '../../src/services/applications.ts';
import { AuthService } from '../../src/services/auth.ts';
import { ApplicationRepository } from '../../src/storage/repositories/applications.ts';
import { PeopleRepository } from '../../src/storage/repositories/people.ts';
import { StaffRepository } from '../../src/storage/repositories/staff.ts';
import { testApp, type TestApp } from '../support/app.ts';
import { eligiblePerson, testIdNumber, testPhone } from '../support/people.ts';
import { sessions, type Sessions } from '../support/sessions.ts';
import { adapters } from '../support/stores.ts';

const PASSWORD = 'correct horse battery';
const SEQ = 611;

interface HistoryEvent {
  id: number;
  at: string;
  actor: string;
  actorName: { 'zh-CN': string; en: string };
  action: string;
  subject: string;
  detail: Record<string, unknown>;
}

for (const adapter of adapters()) {
  describe(`case history over HTTP on ${adapter.name}`, () => {
    let t: TestApp;
    const clock = new Date('2024-08-30T02:00:00Z');
    let signIn: Sessions;
    const setDay = (day: string): void => {
      clock.setTime(new Date(`${day}T02:00:00Z`).getTime());
      signIn = sessions(t, PASSWORD);
    };
    let appId = 0;

    beforeAll(async () => {
      t = await testApp(clock, await adapter.open());
      const people = new PeopleRepository(t.store.db);
      const [personId] = await people.insertBundles(
        [
          eligiblePerson(SEQ, {
            district: '330106',
            permits: [{ permitNo: `P${SEQ}`, kind: 'ic', district: '330106', issuedOn: '2019-03-01', endorsements: ['2020-02-15', '2023-02-15', '2024-02-15'] }],
            insurance: [{ scheme: 'pension', fromMonth: 2016 * 12, toMonth: 2024 * 12 + 7, backPaid: false, transferredIn: false }],
          }),
        ],
        '2024-01-01T00:00:00Z',
      );
      const auth = new AuthService({ staff: new StaffRepository(t.store.db), now: () => clock });
      await auth.createStaff({ username: 'district', displayName: '西湖区', password: PASSWORD, role: 'district', district: '330106' });
      await auth.createStaff({ username: 'other', displayName: '滨江区', password: PASSWORD, role: 'district', district: '330108' });
      await auth.createStaff({ username: 'city', displayName: '市办', password: PASSWORD, role: 'city', district: null });
      const apps = new ApplicationService({ applications: new ApplicationRepository(t.store.db), people, calendar: createCalendar(), now: () => clock });
      const clerk: Who = { actor: 'clerk', actorId: 'staff:9' };
      setDay('2024-08-30');
      const a = await apps.createDraft(clerk, { personId: personId!, channel: 'window', intendedUse: 'settlement', filedBy: 'self' });
      await apps.submit(clerk, a.id);
      await apps.accept(clerk, a.id);
      await apps.determine({ actor: 'district', actorId: 'staff:1' }, a.id);
      setDay('2024-09-29');
      await apps.publishDue('2024-09-29');
      appId = a.id;
      // The applicant objects online on Tue 8 Oct, the first working day after the holiday.
      setDay('2024-10-08');
      const me = await signIn.applicant(SEQ);
      const res = await signIn.call('POST', `/api/v1/applicant/applications/${appId}/objections`, { session: me, body: { indicators: ['residence'], reason: '手工暂住证未计入' } });
      expect(res.status, await res.clone().text()).toBe(201);
    });
    afterAll(async () => {
      await t.close();
      await adapter.cleanup();
    });

    it("lists the application's and its objection's events oldest first, without personal data", async () => {
      const res = await signIn.call('GET', `/api/v1/staff/applications/${appId}/history`, { session: await signIn.staff('district') });
      const text = await res.text();
      expect(res.status, text).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const { events } = JSON.parse(text) as { events: HistoryEvent[] };
      expect(events.map((e) => e.action)).toEqual(['application.create', 'application.submit', 'application.accept', 'application.determine', 'application.publish', 'objection.file']);
      expect(events.map((e) => e.id)).toEqual([...events.map((e) => e.id)].sort((x, y) => x - y));
      // Who, in words: the officer's display name, the applicant, the system; a staff id not on record stays anonymous.
      expect(events.map((e) => e.actorName['zh-CN'])).toEqual(['工作人员', '工作人员', '工作人员', '西湖区', '系统', '申请人本人']);
      expect(events.at(-1)?.actorName.en).toBe('the applicant');
      expect(events.at(-1)).toMatchObject({ subject: expect.stringMatching(/^objection:\d+$/), detail: { to: 'filed', channel: 'online', filedOn: '2024-10-08' } });
      for (const secret of [testIdNumber(SEQ), testPhone(SEQ), maskIdNumber(testIdNumber(SEQ)), maskPhone(testPhone(SEQ))]) expect(text).not.toContain(secret);
    });

    it("lists the application's objections for staff of its district and the city", async () => {
      for (const who of ['district', 'city']) {
        const res = await signIn.call('GET', `/api/v1/staff/applications/${appId}/objections`, { session: await signIn.staff(who) });
        expect(res.status).toBe(200);
        const { objections } = (await res.json()) as { objections: Array<{ applicationId: number; state: string; districtDeadline: string }> };
        expect(objections).toMatchObject([{ applicationId: appId, state: 'filed', districtDeadline: '2024-10-28' }]);
      }
    });

    it('tells the applicant the last day to object (14 Oct, the 7th working day after 29 Sep) and, once decided, to ask for review', async () => {
      const me = await signIn.applicant(SEQ);
      const url = `/api/v1/applicant/applications/${appId}/objections`;
      const before = (await (await signIn.call('GET', url, { session: me })).json()) as { lastDays: { objection: unknown; reviews: unknown[] } };
      expect(before.lastDays).toEqual({ objection: { lastDay: '2024-10-14', provisional: false }, reviews: [] });
      // Rejected on Tue 8 Oct: review requests run to Wed 16 Oct (9, 10, 11, 12 worked Saturday, 14, 15, 16).
      const district = await signIn.staff('district');
      const [o] = ((await (await signIn.call('GET', `/api/v1/staff/applications/${appId}/objections`, { session: district })).json()) as { objections: Array<{ id: number }> }).objections;
      expect((await signIn.call('POST', `/api/v1/staff/objections/${o!.id}/assign`, { session: district })).status).toBe(200);
      expect((await signIn.call('POST', `/api/v1/staff/objections/${o!.id}/reject`, { session: district, body: { reason: '居住登记无中断' } })).status).toBe(200);
      const after = (await (await signIn.call('GET', url, { session: me })).json()) as { lastDays: { reviews: unknown[] } };
      expect(after.lastDays.reviews).toEqual([{ objectionId: o!.id, lastDay: '2024-10-16', provisional: false }]);
    });

    it("refuses another district's officer and answers an unknown case with not found", async () => {
      const other = await signIn.staff('other');
      for (const part of ['history', 'objections']) {
        const res = await signIn.call('GET', `/api/v1/staff/applications/${appId}/${part}`, { session: other });
        expect(res.status).toBe(403);
        const body = (await res.json()) as { error: { code: string } };
        expect(body.error.code).toBe('FORBIDDEN');
      }
      expect((await signIn.call('GET', `/api/v1/staff/applications/999999/history`, { session: await signIn.staff('city') })).status).toBe(404);
      expect((await signIn.call('GET', `/api/v1/staff/applications/${appId}/history`)).status).toBe(401);
    });
  });
}
