/**
 * Guardians and close relatives as agents (2020 FAQ Q3) over in-process HTTP on every adapter: a
 * signed-in applicant files for a principal on record; a minor must be under 16 on the filing day by
 * the birth date in the ID number; both ID numbers are recorded; the filer sees and acts on the case.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCharacter } from '../../src/domain/id-number.ts';
import { AuthService } from '../../src/services/auth.ts';
import { PeopleRepository } from '../../src/storage/repositories/people.ts';
import { StaffRepository } from '../../src/storage/repositories/staff.ts';
import { testApp, type TestApp } from '../support/app.ts';
import { eligiblePerson, testIdNumber } from '../support/people.ts';
import { sessions } from '../support/sessions.ts';
import { errorOf, jsonOf } from '../support/responses.ts';
import { adapters } from '../support/stores.ts';

const PASSWORD = 'correct horse battery';

/** A 西湖区 ID number of someone born on `birth` (YYYYMMDD). */
function bornOn(birth: string, seq: number): string {
  const first17 = `330106${birth}${String(seq).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
}

/** Turns 16 tomorrow (2026-12-02): still a minor on 2026-12-01. */
const CHILD = bornOn('20101202', 612);
/** Turned 16 today (2026-12-01): no longer a minor. */
const TEEN = bornOn('20101201', 614);

interface App {
  id: number;
  personId: number;
  state: string;
  filedByKind: string;
  filedByRef: string;
  agentIdNumber: string | null;
  guardianGround: string | null;
  relationship: string | null;
  role?: string;
}

for (const adapter of adapters()) {
  describe(`guardians and close relatives as agents over HTTP on ${adapter.name}`, () => {
    let t: TestApp;
    const clock = new Date('2026-12-01T02:00:00Z');
    let ids: number[];
    let s: ReturnType<typeof sessions>;

    beforeAll(async () => {
      t = await testApp(clock, await adapter.open());
      const minor = (idNumber: string, seq: number, birthDate: string): ReturnType<typeof eligiblePerson> =>
        eligiblePerson(seq, { idNumber, name: `孩子${seq}`, phone: null, birthDate, declared: {} });
      ids = await new PeopleRepository(t.store.db).insertBundles(
        [eligiblePerson(611), minor(CHILD, 612, '2010-12-02'), eligiblePerson(613), minor(TEEN, 614, '2010-12-01')],
        '2026-11-01T00:00:00Z',
      );
      const auth = new AuthService({ staff: new StaffRepository(t.store.db), now: () => clock });
      await auth.createStaff({ username: 'clerk', displayName: '西湖窗口', password: PASSWORD, role: 'clerk', district: '330106' });
      s = sessions(t, PASSWORD);
    });
    afterAll(async () => {
      await t.close();
      await adapter.cleanup();
    });

    const json = jsonOf;
    const error = errorOf;
    const file = async (body: Record<string, unknown>, csrf = true): Promise<Response> =>
      s.call('POST', '/api/v1/applicant/agent-applications', { session: await s.applicant(611), body, csrf });
    const base = { principalIdNumber: CHILD, principalName: '孩子612', ground: 'minor', relationship: '父母', intendedUse: 'settlement' };

    it('a parent files for a child under 16; both ID numbers are recorded; the parent submits and a clerk accepts', async () => {
      expect((await error(await file(base, false), 403)).code).toBe('CSRF');
      const draft = await json<App>(await file(base), 201);
      expect(draft).toMatchObject({ personId: ids[1], state: 'draft', filedByKind: 'guardian', filedByRef: `person:${ids[0]}`, guardianGround: 'minor', relationship: '父母', role: 'agent' });
      expect(draft.agentIdNumber).toBe(`330106********${testIdNumber(611).slice(-4)}`);
      const row = await t.store.db.selectFrom('application').select(['agent_id_number', 'person_id']).where('id', '=', draft.id).executeTakeFirstOrThrow();
      expect(row.agent_id_number).toBe(testIdNumber(611));
      const principal = await t.store.db.selectFrom('person').select('id_number').where('id', '=', Number(row.person_id)).executeTakeFirstOrThrow();
      expect(principal.id_number).toBe(CHILD);

      // The filer sees it among their applications, marked as the agent's, and acts on it.
      const parent = await s.applicant(611);
      const list = await json<{ applications: App[] }>(await s.call('GET', '/api/v1/applicant/applications', { session: parent }), 200);
      expect(list.applications.find((a) => a.id === draft.id)?.role).toBe('agent');
      expect((await json<App>(await s.call('GET', `/api/v1/applicant/applications/${draft.id}`, { session: parent }), 200)).state).toBe('draft');
      expect((await json<App>(await s.call('POST', `/api/v1/applicant/applications/${draft.id}/submit`, { session: parent }), 200)).state).toBe('submitted');
      const submit = await t.store.db.selectFrom('audit_event').select(['actor', 'detail']).where('subject', '=', `application:${draft.id}`).where('action', '=', 'application.submit').executeTakeFirstOrThrow();
      expect(submit.actor).toBe(`person:${ids[0]}`);
      expect(JSON.parse(submit.detail)).toMatchObject({ actor: 'agent' });

      // Someone else: not found.
      const stranger = await s.applicant(613);
      expect((await error(await s.call('GET', `/api/v1/applicant/applications/${draft.id}`, { session: stranger }), 404)).code).toBe('NOT_FOUND');
      expect((await error(await s.call('POST', `/api/v1/applicant/applications/${draft.id}/withdraw`, { session: stranger }), 404)).code).toBe('NOT_FOUND');
      const strangers = await json<{ applications: App[] }>(await s.call('GET', '/api/v1/applicant/applications', { session: stranger }), 200);
      expect(strangers.applications.map((a) => a.id)).not.toContain(draft.id);

      const clerk = await s.staff('clerk');
      const view = await json<{ application: App; authorisation: unknown }>(await s.call('GET', `/api/v1/staff/applications/${draft.id}`, { session: clerk }), 200);
      expect(view.application).toMatchObject({ filedByKind: 'guardian', relationship: '父母', agentIdNumber: draft.agentIdNumber });
      expect(view.authorisation).toBeNull();
      expect((await json<App>(await s.call('POST', `/api/v1/staff/applications/${draft.id}/accept`, { session: clerk }), 200)).state).toBe('accepted');
      expect((await json<App>(await s.call('GET', `/api/v1/applicant/applications/${draft.id}`, { session: parent }), 200)).state).toBe('accepted');
    });

    it('refuses the ground of a minor for someone who turned 16 today, saying so', async () => {
      const e = await error(await file({ ...base, principalIdNumber: TEEN, principalName: '孩子614' }), 400);
      expect(e.code).toBe('INVALID_INPUT');
      expect(e.message).toContain('已满十六周岁');
      expect(e.fields).toEqual([{ path: 'ground', message: 'the principal is 16, not under 16' }]);
      const filed = await t.store.db.selectFrom('application').select('id').where('person_id', '=', ids[3]!).execute();
      expect(filed).toEqual([]);
      // Declared grounds are for the clerk to check: an elderly or disabled principal is filed.
      expect((await json<App>(await file({ ...base, principalIdNumber: TEEN, principalName: '孩子614', ground: 'disabled', relationship: '其他近亲属' }), 201)).guardianGround).toBe('disabled');
    });

    it('refuses a principal not on record or of another name with one answer, an unknown relationship, and filing for oneself', async () => {
      const wrongName = await error(await file({ ...base, principalName: '别人' }), 400);
      const unknown = await error(await file({ ...base, principalIdNumber: bornOn('20120101', 699) }), 400);
      expect(wrongName).toEqual(unknown);
      expect(wrongName.fields?.map((f) => f.path)).toEqual(['principalIdNumber', 'principalName']);
      expect((await error(await file({ ...base, relationship: '同事' }), 400)).fields?.[0]?.path).toBe('relationship');
      const self = await error(await file({ ...base, principalIdNumber: testIdNumber(611), principalName: '申请人611', ground: 'elderly' }), 400);
      expect(self.fields?.[0]?.path).toBe('principalIdNumber');
      expect((await error(await s.call('POST', '/api/v1/applicant/agent-applications', { body: base }), 401)).code).toBe('UNAUTHENTICATED');
    });

    it('at a window the clerk records the relationship of a relative who files', async () => {
      const clerk = await s.staff('clerk');
      const body = { personId: ids[2], intendedUse: 'settlement', channel: 'window', filedBy: 'guardian', agentIdNumber: testIdNumber(611), guardianGround: 'elderly', relationship: '子女' };
      expect((await error(await s.call('POST', '/api/v1/staff/applications', { session: clerk, body: { ...body, relationship: '朋友' } }), 400)).fields?.[0]?.path).toBe('relationship');
      expect(await json<App>(await s.call('POST', '/api/v1/staff/applications', { session: clerk, body }), 201)).toMatchObject({ filedByKind: 'guardian', guardianGround: 'elderly', relationship: '子女' });
    });
  });
}
