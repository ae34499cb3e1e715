/**
 * Declared indicators over in-process HTTP on every adapter: the applicant declares the facts no
 * source system holds with the application, checked against the facts contract field by field; the
 * declaration is fixed once submitted (online), a clerk may still record it at the window, and the
 * determination scores exactly what the application declared (not the person's older declarations).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthService } from '../../src/services/auth.ts';
import { auditBySubjects } from '../../src/storage/repositories/audit.ts';
import { PeopleRepository } from '../../src/storage/repositories/people.ts';
import { StaffRepository } from '../../src/storage/repositories/staff.ts';
import { testApp, type TestApp } from '../support/app.ts';
import { eligiblePerson } from '../support/people.ts';
import { errorOf, jsonOf } from '../support/responses.ts';
import { sessions } from '../support/sessions.ts';
import { adapters } from '../support/stores.ts';

const PASSWORD = 'correct horse battery';

interface App {
  id: number;
  state: string;
  version: number;
  declared: Record<string, unknown> | null;
  totalH: number | null;
  itemsH: number[] | null;
  factsJson: string | null;
}

for (const adapter of adapters()) {
  describe(`declared indicators over HTTP on ${adapter.name}`, () => {
    let t: TestApp;
    const clock = new Date('2026-12-01T02:00:00Z');
    let s: ReturnType<typeof sessions>;

    beforeAll(async () => {
      t = await testApp(clock, await adapter.open());
      // The person's stored declaration says 大专 (junior college); the application will declare a master's degree.
      await new PeopleRepository(t.store.db).insertBundles([eligiblePerson(701, { declared: { education: { level: 'juniorCollege' } } })], '2026-11-01T00:00:00Z');
      const auth = new AuthService({ staff: new StaffRepository(t.store.db), now: () => clock });
      await auth.createStaff({ username: 'clerk', displayName: '西湖窗口', password: PASSWORD, role: 'clerk', district: '330106' });
      await auth.createStaff({ username: 'officer', displayName: '西湖区流动人口办', password: PASSWORD, role: 'district', district: '330106' });
      s = sessions(t, PASSWORD);
    });
    afterAll(async () => {
      await t.close();
      await adapter.cleanup();
    });

    it("shows a signed-in applicant their own source-system records and today's points from them, and no one else's", async () => {
      expect((await errorOf(await s.call('GET', '/api/v1/applicant/records'), 401)).code).toBe('UNAUTHENTICATED');
      const me = await s.applicant(701);
      const r = await jsonOf<{ asOf: string; name: string; residence: Array<{ from: string; source: string }>; permits: Array<{ status: string }>; current: { items: Array<{ indicator: string; points: number }> } }>(
        await s.call('GET', '/api/v1/applicant/records', { session: me }),
        200,
      );
      expect(r).toMatchObject({ asOf: '2026-12-01', name: '申请人701' });
      expect(r.residence).toEqual([expect.objectContaining({ from: '2016-01-01', source: 'police' })]);
      expect(r.permits[0]!.status).toBe('valid');
      // Ten full years of police registration since 2016, as the engine counts them.
      expect(r.current.items.find((i) => i.indicator === 'residence')!.points).toBeGreaterThan(0);
    });

    it('checks a declaration field by field, fixes it at submission, and scores what the application declared', async () => {
      const me = await s.applicant(701);
      const draft = await jsonOf<App>(await s.call('POST', '/api/v1/applicant/applications', { session: me, body: { intendedUse: 'settlement' } }), 201);
      const url = `/api/v1/applicant/applications/${draft.id}/declarations`;

      const bad = await errorOf(await s.call('PUT', url, { session: me, body: { declared: { education: { level: 'phd-ish' }, volunteerHours: -3 } } }), 400);
      expect(bad.fields?.map((f) => f.path)).toEqual(expect.arrayContaining(['declared.education.level', 'declared.volunteerHours']));
      // Residence comes from the police, not from the applicant.
      const notTheirs = await errorOf(await s.call('PUT', url, { session: me, body: { declared: { residence: [] } } }), 400);
      expect(JSON.stringify(notTheirs.fields)).toContain('residence');
      expect((await errorOf(await s.call('PUT', url, { session: me, csrf: false, body: { declared: {} } }), 403)).code).toBe('CSRF');
      expect((await jsonOf<App>(await s.call('GET', `/api/v1/applicant/applications/${draft.id}`, { session: me }), 200)).declared).toBeNull();

      const declared = await jsonOf<App>(await s.call('PUT', url, { session: me, body: { declared: { education: { level: 'master' }, volunteerHours: 120 } } }), 200);
      expect(declared.declared).toEqual({ education: { level: 'master' }, volunteerHours: 120 });
      expect(declared.version).toBe(draft.version + 1);
      // A stale version is refused, the declaration kept.
      expect((await errorOf(await s.call('PUT', url, { session: me, body: { declared: {}, expectedVersion: draft.version } }), 409)).code).toBe('CONFLICT');

      await jsonOf<App>(await s.call('POST', `/api/v1/applicant/applications/${draft.id}/submit`, { session: me }), 200);
      const fixed = await errorOf(await s.call('PUT', url, { session: me, body: { declared: { education: { level: 'doctorate' } } } }), 409);
      expect(fixed.message).toContain('不能再修改申报的指标');

      const clerk = await s.staff('clerk');
      await jsonOf<App>(await s.call('POST', `/api/v1/staff/applications/${draft.id}/accept`, { session: clerk }), 200);
      // At the window the clerk records what the applicant declares in person.
      const atWindow = await jsonOf<App>(
        await s.call('PUT', `/api/v1/staff/applications/${draft.id}/declarations`, { session: clerk, body: { declared: { education: { level: 'master' }, volunteerHours: 120, bloodDonationMl: 800 } } }),
        200,
      );
      expect(atWindow.declared).toMatchObject({ bloodDonationMl: 800 });

      const officer = await s.staff('officer');
      const determined = await jsonOf<{ factsJson?: string; state: string }>(await s.call('POST', `/api/v1/staff/applications/${draft.id}/determine`, { session: officer }), 200);
      expect(determined.state).toBe('determined');
      const row = await t.store.db.selectFrom('application').select(['facts_json']).where('id', '=', draft.id).executeTakeFirstOrThrow();
      const facts = JSON.parse(row.facts_json!) as { education?: { level: string }; volunteerHours?: number; bloodDonationMl?: number };
      expect(facts.education).toEqual({ level: 'master' });
      expect(facts).toMatchObject({ volunteerHours: 120, bloodDonationMl: 800 });

      const events = (await auditBySubjects(t.store.db, [`application:${draft.id}`])).filter((e) => e.action === 'application.declare');
      expect(events).toHaveLength(2);
      expect(events.map((e) => e.actor)).toEqual([expect.stringMatching(/^person:/) as unknown, expect.stringMatching(/^staff:/) as unknown]);
    });
  });
}
