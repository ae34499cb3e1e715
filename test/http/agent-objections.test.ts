/**
 * Objections filed online by an agent (FAQ Q3 and Q12), over in-process HTTP on every adapter: a
 * close relative who filed for an elderly parent objects to the parent's published result from their
 * own portal session, and an employer objects for an employee under an authorisation that lets it
 * follow the case (apply_and_track), and asks for the city's review after the district rejects it. The person sees the objection on their own result; a stranger, an
 * employer whose authorisation covers applying only, and a request without the CSRF token are refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCalendar } from '../../src/domain/calendar.ts';
import { checkCharacter } from '../../src/domain/id-number.ts';
import { ApplicationService, type Who } from '../../src/services/applications.ts';
import { AuthService } from '../../src/services/auth.ts';
import { EmployerAuthService } from '../../src/services/employer-auth.ts';
import { ApplicationRepository } from '../../src/storage/repositories/applications.ts';
import { OrganisationRepository } from '../../src/storage/repositories/organisations.ts';
import { PeopleRepository } from '../../src/storage/repositories/people.ts';
import { StaffRepository } from '../../src/storage/repositories/staff.ts';
import { testApp, type TestApp } from '../support/app.ts';
import { eligiblePerson, testIdNumber } from '../support/people.ts';
import { errorOf, jsonOf } from '../support/responses.ts';
import { sessions, type Session, type Sessions } from '../support/sessions.ts';
import { adapters } from '../support/stores.ts';

const PASSWORD = 'correct horse battery';
/** The HR officer's ID number, with its check character. */
const HR_ID = '33010219800101001' + checkCharacter('33010219800101001');
const claim = { indicators: ['residence'], reason: '2008年起持手工填写的《暂住证》在杭居住,系统未计入' };

interface Objection {
  id: number;
  applicationId: number;
  personId: number;
  state: string;
  filedBy: string;
  filedByKind: string;
}

for (const adapter of adapters()) {
  describe(`objections filed by agents over HTTP on ${adapter.name}`, () => {
    let t: TestApp;
    const clock = new Date('2026-12-01T02:00:00Z');
    let s: Sessions;
    const setDay = (day: string): void => {
      clock.setTime(new Date(`${day}T02:00:00Z`).getTime());
      s = sessions(t, PASSWORD);
    };
    /** seq → application id: 681 (employee, apply_and_track), 682 (employee, apply only), 684 (elderly parent, filed by 683). */
    const app = new Map<number, number>();
    let ids: number[];

    async function employer(): Promise<Session> {
      const res = await s.call('POST', '/api/v1/employer/session', { body: { username: 'hr', password: PASSWORD } });
      expect(res.status).toBe(200);
      return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
    }

    beforeAll(async () => {
      t = await testApp(clock, await adapter.open());
      const people = new PeopleRepository(t.store.db);
      ids = await people.insertBundles([681, 682, 683, 684, 685].map((seq) => eligiblePerson(seq)), '2026-11-01T00:00:00Z');
      const auth = new AuthService({ staff: new StaffRepository(t.store.db), now: () => clock });
      await auth.createStaff({ username: 'clerk', displayName: '西湖窗口', password: PASSWORD, role: 'clerk', district: '330106' });
      const districtId = await auth.createStaff({ username: 'district', displayName: '西湖区', password: PASSWORD, role: 'district', district: '330106' });
      const employers = new EmployerAuthService({ organisations: new OrganisationRepository(t.store.db), now: () => clock });
      await employers.createOrganisation({ district: '330106', displayName: '人事专员', password: PASSWORD, agentIdNumber: HR_ID, name: '杭州示例科技有限公司', creditCode: '91330106MA27Y0001W', username: 'hr' }, 'test');
      setDay('2026-12-01');

      // The employer files for two employees; the relative for the elderly parent.
      const hr = await employer();
      for (const [seq, scope] of [
        [681, 'apply_and_track'],
        [682, 'apply'],
      ] as const) {
        const a = await jsonOf<{ id: number }>(await s.call('POST', '/api/v1/employer/authorisations', { session: hr, body: { idNumber: testIdNumber(seq), name: `申请人${seq}`, scope, expiresOn: '2027-06-30' } }), 201);
        const draft = await jsonOf<{ id: number }>(await s.call('POST', '/api/v1/employer/applications', { session: hr, body: { authorisationId: a.id, intendedUse: 'settlement' } }), 201);
        await jsonOf(await s.call('POST', `/api/v1/employer/applications/${draft.id}/submit`, { session: hr }), 200);
        await jsonOf(await s.call('POST', `/api/v1/staff/authorisations/${a.id}/verify`, { session: await s.staff('clerk') }), 200);
        app.set(seq, draft.id);
      }
      const relative = await s.applicant(683);
      const filed = await jsonOf<{ id: number }>(
        await s.call('POST', '/api/v1/applicant/agent-applications', {
          session: relative,
          body: { principalIdNumber: testIdNumber(684), principalName: '申请人684', ground: 'elderly', relationship: '子女', intendedUse: 'settlement' },
        }),
        201,
      );
      await jsonOf(await s.call('POST', `/api/v1/applicant/applications/${filed.id}/submit`, { session: relative }), 200);
      app.set(684, filed.id);

      // Accepted at the window, determined, published on the result day.
      const clerk = await s.staff('clerk');
      const apps = new ApplicationService({ applications: new ApplicationRepository(t.store.db), people, calendar: createCalendar(), now: () => clock });
      const officer: Who = { actor: 'district', actorId: `staff:${districtId}` };
      let visible = '';
      for (const id of app.values()) {
        visible = (await jsonOf<{ resultVisibleOn: string }>(await s.call('POST', `/api/v1/staff/applications/${id}/accept`, { session: clerk }), 200)).resultVisibleOn;
        await apps.determine(officer, id);
      }
      setDay(visible);
      expect(await apps.publishDue(visible)).toHaveLength(3);
    });
    afterAll(async () => {
      await t.close();
      await adapter.cleanup();
    });

    it('a close relative who filed for an elderly parent objects from their own session; the parent sees it', async () => {
      const relative = await s.applicant(683);
      const o = await jsonOf<Objection>(await s.call('POST', `/api/v1/applicant/applications/${app.get(684)}/objections`, { session: relative, body: claim }), 201);
      expect(o).toMatchObject({ applicationId: app.get(684), personId: ids[3], state: 'filed', filedByKind: 'agent', filedBy: `person:${ids[2]}` });
      const listed = await jsonOf<{ objections: Objection[] }>(await s.call('GET', `/api/v1/applicant/applications/${app.get(684)}/objections`, { session: await s.applicant(684) }), 200);
      expect(listed.objections.map((x) => x.id)).toEqual([o.id]);
      expect((await jsonOf<{ objections: Objection[] }>(await s.call('GET', `/api/v1/applicant/applications/${app.get(684)}/objections`, { session: relative }), 200)).objections).toHaveLength(1);
      // The relative may withdraw what they filed; a stranger sees nothing.
      const stranger = await s.applicant(685);
      expect((await errorOf(await s.call('POST', `/api/v1/applicant/applications/${app.get(684)}/objections`, { session: stranger, body: claim }), 404)).code).toBe('NOT_FOUND');
      expect((await errorOf(await s.call('POST', `/api/v1/applicant/objections/${o.id}/withdraw`, { session: stranger }), 404)).code).toBe('NOT_FOUND');
      expect((await jsonOf<Objection>(await s.call('POST', `/api/v1/applicant/objections/${o.id}/withdraw`, { session: relative }), 200)).state).toBe('withdrawn');
    });

    it('an employer objects for an employee under an authorisation to follow the case, not under one to apply only', async () => {
      const hr = await employer();
      expect((await errorOf(await s.call('POST', `/api/v1/employer/applications/${app.get(681)}/objections`, { session: hr, body: claim, csrf: false }), 403)).code).toBe('CSRF');
      const o = await jsonOf<Objection>(await s.call('POST', `/api/v1/employer/applications/${app.get(681)}/objections`, { session: hr, body: claim }), 201);
      expect(o).toMatchObject({ applicationId: app.get(681), personId: ids[0], state: 'filed', filedByKind: 'agent', filedBy: expect.stringMatching(/^employer:\d+$/) as unknown });
      const listed = await jsonOf<{ objections: Objection[]; lastDays: unknown }>(await s.call('GET', `/api/v1/employer/applications/${app.get(681)}/objections`, { session: hr }), 200);
      expect(listed.objections.map((x) => x.id)).toEqual([o.id]);
      // The employee sees it on their own result.
      expect((await jsonOf<{ objections: Objection[] }>(await s.call('GET', `/api/v1/applicant/applications/${app.get(681)}/objections`, { session: await s.applicant(681) }), 200)).objections.map((x) => x.id)).toEqual([o.id]);
      // Apply only: the published case is not the employer's to follow, so not found.
      expect((await errorOf(await s.call('POST', `/api/v1/employer/applications/${app.get(682)}/objections`, { session: hr, body: claim }), 404)).code).toBe('NOT_FOUND');
      expect((await errorOf(await s.call('GET', `/api/v1/employer/applications/${app.get(682)}/objections`, { session: hr }), 404)).code).toBe('NOT_FOUND');
      expect((await errorOf(await s.call('GET', `/api/v1/employer/applications/${app.get(681)}/objections`), 401)).code).toBe('UNAUTHENTICATED');

      // Rejected by the district, the employer asks for the city's review in the employee's name.
      const district = await s.staff('district');
      await jsonOf(await s.call('POST', `/api/v1/staff/objections/${o.id}/assign`, { session: district }), 200);
      await jsonOf(await s.call('POST', `/api/v1/staff/objections/${o.id}/reject`, { session: district, body: { reason: '公安未查到手工暂住证记录' } }), 200);
      expect((await errorOf(await s.call('POST', `/api/v1/employer/objections/${o.id}/review-request`, { session: hr, body: { reason: 'x' }, csrf: false }), 403)).code).toBe('CSRF');
      const review = await jsonOf<Objection>(await s.call('POST', `/api/v1/employer/objections/${o.id}/review-request`, { session: hr, body: { reason: '单位可出具2008年起的在职证明,请市级复核' } }), 200);
      expect(review.state).toBe('review_requested');
    });
  });
}
