/**
 * Employers as agents (2020 FAQ Q3) over in-process HTTP on every adapter: sign-in and lock-out,
 * CSRF, an organisation that sees only the people who authorised it, filing and submitting, the
 * clerk's check of the authorisation before acceptance, revocation and expiry, and the audit trail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCharacter } from '../../src/domain/id-number.ts';
import { EmployerAuthService } from '../../src/services/employer-auth.ts';
import { AuthService } from '../../src/services/auth.ts';
import { verifyAudit } from '../../src/storage/repositories/audit.ts';
import { OrganisationRepository } from '../../src/storage/repositories/organisations.ts';
import { PeopleRepository } from '../../src/storage/repositories/people.ts';
import { StaffRepository } from '../../src/storage/repositories/staff.ts';
import { testApp, type TestApp } from '../support/app.ts';
import { eligiblePerson, testIdNumber, testPhone } from '../support/people.ts';
import { sessions, uploadFile, type Session } from '../support/sessions.ts';
import { errorOf, jsonOf } from '../support/responses.ts';
import { adapters } from '../support/stores.ts';

const PASSWORD = 'correct horse battery';
/** A minimal, complete PDF. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const HR_ID = (() => {
  const first17 = '33010219800101001';
  return first17 + checkCharacter(first17);
})();

interface Authorisation {
  id: number;
  personId: number;
  status: string;
  effectiveStatus: string;
  usable: boolean;
  scope: string;
  expiresOn: string;
  person: { name: string; idNumber: string };
}
interface App {
  id: number;
  personId: number;
  state: string;
  filedByKind: string;
  filedByRef: string;
  agentIdNumber: string | null;
  authorisationId: number | null;
  factsJson?: unknown;
}

for (const adapter of adapters()) {
  describe(`employers as agents over HTTP on ${adapter.name}`, () => {
    let t: TestApp;
    const clock = new Date('2026-12-01T02:00:00Z');
    let ids: number[];
    let orgId: number;
    let s: ReturnType<typeof sessions>;

    beforeAll(async () => {
      t = await testApp(clock, await adapter.open());
      ids = await new PeopleRepository(t.store.db).insertBundles([eligiblePerson(501), eligiblePerson(502), eligiblePerson(503), eligiblePerson(504, { district: '330102' })], '2026-11-01T00:00:00Z');
      const auth = new AuthService({ staff: new StaffRepository(t.store.db), now: () => clock });
      await auth.createStaff({ username: 'clerk', displayName: '西湖窗口', password: PASSWORD, role: 'clerk', district: '330106' });
      await auth.createStaff({ username: 'other', displayName: '上城区', password: PASSWORD, role: 'district', district: '330102' });
      const employers = new EmployerAuthService({ organisations: new OrganisationRepository(t.store.db), now: () => clock });
      const base = { district: '330106', displayName: '人事专员', password: PASSWORD, agentIdNumber: HR_ID };
      orgId = (await employers.createOrganisation({ ...base, name: '杭州示例科技有限公司', creditCode: '91330106MA27Y0001W', username: 'hr' }, 'test')).organisationId;
      await employers.createOrganisation({ ...base, name: '另一家公司', creditCode: '91350100M000100Y43', username: 'hr-other' }, 'test');
      await employers.createOrganisation({ ...base, name: '锁定测试公司', creditCode: '91110000802100433B', username: 'hr-locked' }, 'test');
      s = sessions(t, PASSWORD);
    });
    afterAll(async () => {
      await t.close();
      await adapter.cleanup();
    });

    const json = jsonOf;
    const error = errorOf;
    const known = new Map<string, Session>();
    async function employer(username: string, fresh = false): Promise<Session> {
      const k = known.get(username);
      if (k && !fresh) return k;
      const res = await s.call('POST', '/api/v1/employer/session', { body: { username, password: PASSWORD } });
      expect(res.status).toBe(200);
      const session = { cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
      known.set(username, session);
      return session;
    }
    const authorise = (session: Session, body: unknown): Promise<Response> => s.call('POST', '/api/v1/employer/authorisations', { session, body });

    it('signs in with a password into an http-only, SameSite=Strict cookie; five wrong passwords lock the account', async () => {
      const res = await s.call('POST', '/api/v1/employer/session', { body: { username: 'hr', password: PASSWORD } });
      expect(res.status).toBe(200);
      const cookie = res.headers.get('set-cookie')!;
      expect(cookie).toMatch(/^jifen_employer=/);
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Strict/);
      const me = { cookie: cookie.split(';')[0]!, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
      const who = await json<{ user: { organisationName: string; agentIdNumber: string } }>(await s.call('GET', '/api/v1/employer/session', { session: me }), 200);
      expect(who.user).toMatchObject({ organisationName: '杭州示例科技有限公司', agentIdNumber: `330102********${HR_ID.slice(-4)}` });
      // A staff cookie of the same token would not open it, and signing out needs the CSRF token.
      expect((await error(await s.call('DELETE', '/api/v1/employer/session', { session: me, csrf: false }), 403)).code).toBe('CSRF');
      expect((await s.call('DELETE', '/api/v1/employer/session', { session: me })).status).toBe(204);
      expect((await error(await s.call('GET', '/api/v1/employer/session', { session: me }), 401)).code).toBe('UNAUTHENTICATED');

      for (let i = 0; i < 4; i++) {
        expect((await error(await s.call('POST', '/api/v1/employer/session', { body: { username: 'hr-locked', password: 'wrong password' } }), 401)).code).toBe('INVALID_CREDENTIALS');
      }
      expect((await error(await s.call('POST', '/api/v1/employer/session', { body: { username: 'hr-locked', password: 'wrong password' } }), 423)).code).toBe('ACCOUNT_LOCKED');
      // Locked: even the right password is refused.
      expect((await error(await s.call('POST', '/api/v1/employer/session', { body: { username: 'hr-locked', password: PASSWORD } }), 423)).code).toBe('ACCOUNT_LOCKED');
      // An employer session opens no staff or applicant page.
      const hr = await employer('hr');
      expect((await s.call('GET', '/api/v1/staff/applications', { session: hr })).status).toBe(401);
      expect((await s.call('GET', '/api/v1/applicant/applications', { session: hr })).status).toBe(401);
    });

    it('registers an authorisation only for an ID number and name on record, saying the same for either mismatch', async () => {
      const hr = await employer('hr');
      expect(await json<{ people: unknown[] }>(await s.call('GET', '/api/v1/employer/people', { session: hr }), 200)).toEqual({ people: [] });
      const body = { idNumber: testIdNumber(501), name: '申请人501', scope: 'apply_and_track', expiresOn: '2027-06-30' };
      // No CSRF token: refused.
      expect((await error(await s.call('POST', '/api/v1/employer/authorisations', { session: hr, body, csrf: false }), 403)).code).toBe('CSRF');
      // Wrong name, and an ID number nobody holds: the same answer, naming both fields.
      const wrongName = await error(await authorise(hr, { ...body, name: '张三' }), 400);
      const unknown = await error(await authorise(hr, { ...body, idNumber: testIdNumber(599) }), 400);
      expect(wrongName).toEqual(unknown);
      expect(wrongName.message).toContain('身份证号码与姓名不一致');
      expect(wrongName.fields?.map((f) => f.path)).toEqual(['idNumber', 'name']);
      // Dates: not in the past, at most a year ahead.
      expect((await error(await authorise(hr, { ...body, expiresOn: '2026-11-30' }), 400)).fields?.[0]?.path).toBe('expiresOn');
      expect((await error(await authorise(hr, { ...body, expiresOn: '2027-12-02' }), 400)).fields?.[0]?.path).toBe('expiresOn');

      const a = await json<Authorisation>(await authorise(hr, body), 201);
      expect(a).toMatchObject({ personId: ids[0], status: 'pending', usable: true, scope: 'apply_and_track', validFrom: '2026-12-01', expiresOn: '2027-06-30' });
      expect(a.person.idNumber).toBe(`330106********${testIdNumber(501).slice(-4)}`);
      // The person is told by SMS, and a second live authorisation of the same person is refused.
      const texts = await t.store.db.selectFrom('sms_outbox').selectAll().where('to_phone', '=', testPhone(501)).where('kind', '=', 'authorisation.created').execute();
      expect(texts).toHaveLength(1);
      expect(texts[0]!.text).toContain('杭州示例科技有限公司');
      expect(texts[0]!.text).not.toContain(testIdNumber(501));
      expect((await error(await authorise(hr, body), 409)).code).toBe('CONFLICT');

      const people = await json<{ people: Array<{ personId: number; idNumber: string; authorisationId: number }> }>(await s.call('GET', '/api/v1/employer/people', { session: hr }), 200);
      expect(people.people).toEqual([expect.objectContaining({ personId: ids[0], authorisationId: a.id, idNumber: a.person.idNumber })]);
      // Another organisation sees none of it.
      const other = await employer('hr-other');
      expect(await json<{ people: unknown[] }>(await s.call('GET', '/api/v1/employer/people', { session: other }), 200)).toEqual({ people: [] });
      expect(await json<{ authorisations: unknown[] }>(await s.call('GET', '/api/v1/employer/authorisations', { session: other }), 200)).toEqual({ authorisations: [] });
      expect((await error(await s.call('POST', '/api/v1/employer/applications', { session: other, body: { authorisationId: a.id, intendedUse: 'settlement' } }), 404)).code).toBe('NOT_FOUND');
    });

    it('stops an account whose registrations keep matching no one, after ten in a day', async () => {
      const other = await employer('hr-other');
      const probe = { idNumber: testIdNumber(501), name: '王五', scope: 'apply', expiresOn: '2027-01-31' };
      for (let i = 0; i < 10; i++) expect((await error(await authorise(other, probe), 400)).code).toBe('INVALID_INPUT');
      expect((await error(await authorise(other, probe), 429)).code).toBe('TOO_MANY_ATTEMPTS');
      // Even a right pair is refused for the rest of the day (the next tests' account 'hr' is not affected).
      expect((await error(await authorise(other, { ...probe, name: '申请人501' }), 429)).code).toBe('TOO_MANY_ATTEMPTS');
      // The next day it may try again.
      clock.setTime(new Date('2026-12-02T03:00:00Z').getTime());
      try {
        const later = await employer('hr-other', true);
        expect((await error(await authorise(later, probe), 400)).code).toBe('INVALID_INPUT');
      } finally {
        clock.setTime(new Date('2026-12-01T02:00:00Z').getTime());
      }
    });

    it('files and submits for an authorised person; acceptance waits for the district clerk to verify the authorisation', async () => {
      const hr = await employer('hr');
      const [auth] = (await json<{ authorisations: Authorisation[] }>(await s.call('GET', '/api/v1/employer/authorisations', { session: hr }), 200)).authorisations;
      const draft = await json<App>(await s.call('POST', '/api/v1/employer/applications', { session: hr, body: { authorisationId: auth!.id, intendedUse: 'settlement' } }), 201);
      expect(draft).toMatchObject({ personId: ids[0], state: 'draft', filedByKind: 'employer', filedByRef: `org:${orgId}`, authorisationId: auth!.id });
      expect(draft.agentIdNumber).toBe(`330102********${HR_ID.slice(-4)}`);
      expect(draft).not.toHaveProperty('factsJson');
      // Both ID numbers on record: the principal's (the person) and the HR officer's, in full.
      const row = await t.store.db.selectFrom('application').select(['agent_id_number', 'person_id']).where('id', '=', draft.id).executeTakeFirstOrThrow();
      expect(row.agent_id_number).toBe(HR_ID);
      expect(Number(row.person_id)).toBe(ids[0]);

      // The written authorisation (委托书) is uploaded with the case; only this employer may add to it.
      const letter = await json<{ id: number; kind: string; uploadedVia: string; uploadedBy: string }>(
        await uploadFile(t, `/api/v1/employer/applications/${draft.id}/evidence`, hr, { bytes: PDF, name: '委托书.pdf' }, { kind: 'authorisation' }),
        201,
      );
      expect(letter).toMatchObject({ kind: 'authorisation', uploadedVia: 'employer', uploadedBy: expect.stringMatching(/^employer:\d+$/) as unknown });
      expect((await json<{ items: Array<{ id: number }> }>(await s.call('GET', `/api/v1/employer/applications/${draft.id}/evidence`, { session: hr }), 200)).items.map((i) => i.id)).toEqual([letter.id]);
      const otherOrg = await employer('hr-other');
      expect((await error(await uploadFile(t, `/api/v1/employer/applications/${draft.id}/evidence`, otherOrg, { bytes: PDF, name: 'x.pdf' }, { kind: 'authorisation' }), 404)).code).toBe('NOT_FOUND');
      expect((await error(await uploadFile(t, `/api/v1/employer/applications/${draft.id}/evidence`, hr, { bytes: PDF, name: 'x.pdf' }, { kind: 'authorisation' }, { csrf: false }), 403)).code).toBe('CSRF');

      expect((await error(await s.call('POST', `/api/v1/employer/applications/${draft.id}/submit`, { session: hr, csrf: false }), 403)).code).toBe('CSRF');
      expect((await json<App>(await s.call('POST', `/api/v1/employer/applications/${draft.id}/submit`, { session: hr }), 200)).state).toBe('submitted');
      // Another organisation: not found.
      const other = await employer('hr-other');
      expect((await error(await s.call('GET', `/api/v1/employer/applications/${draft.id}`, { session: other }), 404)).code).toBe('NOT_FOUND');
      expect((await error(await s.call('POST', `/api/v1/employer/applications/${draft.id}/withdraw`, { session: other }), 404)).code).toBe('NOT_FOUND');

      const clerk = await s.staff('clerk');
      const view = await json<{ application: App; authorisation: Authorisation }>(await s.call('GET', `/api/v1/staff/applications/${draft.id}`, { session: clerk }), 200);
      expect(view.authorisation).toMatchObject({ id: auth!.id, status: 'pending' });
      const refused = await error(await s.call('POST', `/api/v1/staff/applications/${draft.id}/accept`, { session: clerk }), 409);
      expect(refused.code).toBe('INVALID_TRANSITION');
      expect(refused.message).toContain('尚未核验通过');
      // Another district cannot check it.
      const otherDistrict = await s.staff('other');
      expect((await error(await s.call('POST', `/api/v1/staff/authorisations/${auth!.id}/verify`, { session: otherDistrict }), 403)).code).toBe('FORBIDDEN');
      const pending = await json<{ authorisations: Authorisation[] }>(await s.call('GET', '/api/v1/staff/authorisations?status=pending', { session: clerk }), 200);
      expect(pending.authorisations.map((x) => x.id)).toContain(auth!.id);
      expect((await error(await s.call('POST', `/api/v1/staff/authorisations/${auth!.id}/verify`, { session: clerk, csrf: false }), 403)).code).toBe('CSRF');
      expect((await json<Authorisation>(await s.call('POST', `/api/v1/staff/authorisations/${auth!.id}/verify`, { session: clerk }), 200)).status).toBe('verified');
      // Verifying twice is not a move from "verified".
      expect((await error(await s.call('POST', `/api/v1/staff/authorisations/${auth!.id}/verify`, { session: clerk }), 409)).code).toBe('INVALID_TRANSITION');
      expect((await json<App>(await s.call('POST', `/api/v1/staff/applications/${draft.id}/accept`, { session: clerk }), 200)).state).toBe('accepted');
      // Scope apply_and_track: the employer follows the case after acceptance.
      expect((await json<App>(await s.call('GET', `/api/v1/employer/applications/${draft.id}`, { session: hr }), 200)).state).toBe('accepted');
    });

    it("with scope 'apply' the employer loses sight of the case once it is past submission; a rejected authorisation is refused", async () => {
      const hr = await employer('hr');
      const a = await json<Authorisation>(await authorise(hr, { idNumber: testIdNumber(502), name: '申请人502', scope: 'apply', expiresOn: '2027-11-30' }), 201);
      const draft = await json<App>(await s.call('POST', '/api/v1/employer/applications', { session: hr, body: { authorisationId: a.id, intendedUse: 'settlement' } }), 201);
      await json<App>(await s.call('POST', `/api/v1/employer/applications/${draft.id}/submit`, { session: hr }), 200);
      const clerk = await s.staff('clerk');
      expect((await error(await s.call('POST', `/api/v1/staff/authorisations/${a.id}/reject`, { session: clerk, body: {} }), 400)).code).toBe('INVALID_INPUT');
      expect(await json<Authorisation>(await s.call('POST', `/api/v1/staff/authorisations/${a.id}/reject`, { session: clerk, body: { reason: '委托书未签名' } }), 200)).toMatchObject({
        status: 'rejected',
        checkReason: '委托书未签名',
        usable: false,
      });
      const refused = await error(await s.call('POST', `/api/v1/staff/applications/${draft.id}/accept`, { session: clerk }), 409);
      expect(refused.message).toContain('核验未通过');
      // Rejected: no longer usable, the person and the case are gone from the employer's view.
      expect((await error(await s.call('GET', `/api/v1/employer/applications/${draft.id}`, { session: hr }), 404)).code).toBe('NOT_FOUND');
      const b = await json<Authorisation>(await authorise(hr, { idNumber: testIdNumber(502), name: '申请人502', scope: 'apply', expiresOn: '2027-11-30' }), 201);
      await json<Authorisation>(await s.call('POST', `/api/v1/staff/authorisations/${b.id}/verify`, { session: clerk }), 200);
      const second = await json<App>(await s.call('POST', '/api/v1/employer/applications', { session: hr, body: { authorisationId: b.id, intendedUse: 'settlement' } }), 201);
      expect((await json<App>(await s.call('GET', `/api/v1/employer/applications/${second.id}`, { session: hr }), 200)).state).toBe('draft');
      await json<App>(await s.call('POST', `/api/v1/employer/applications/${draft.id}/withdraw`, { session: hr }), 404);
      await json<App>(await s.call('POST', `/api/v1/staff/applications/${draft.id}/refuse`, { session: clerk, body: { reason: '委托书未签名' } }), 200);
      await json<App>(await s.call('POST', `/api/v1/employer/applications/${second.id}/submit`, { session: hr }), 200);
      await json<App>(await s.call('POST', `/api/v1/staff/applications/${second.id}/accept`, { session: clerk }), 200);
      expect((await error(await s.call('GET', `/api/v1/employer/applications/${second.id}`, { session: hr }), 404)).code).toBe('NOT_FOUND');
      const list = await json<{ applications: App[] }>(await s.call('GET', '/api/v1/employer/applications', { session: hr }), 200);
      expect(list.applications.map((x) => x.id)).not.toContain(second.id);
    });

    it('the person revokes an authorisation: the employer no longer sees them or their cases and can file nothing', async () => {
      const hr = await employer('hr');
      const me = await s.applicant(501);
      const mine = await json<{ authorisations: Authorisation[] }>(await s.call('GET', '/api/v1/applicant/authorisations', { session: me }), 200);
      const live = mine.authorisations.find((x) => x.usable)!;
      expect(live).toMatchObject({ status: 'verified', organisation: { name: '杭州示例科技有限公司' } });
      // Another person cannot revoke it.
      const stranger = await s.applicant(503);
      expect((await error(await s.call('POST', `/api/v1/applicant/authorisations/${live.id}/revoke`, { session: stranger }), 404)).code).toBe('NOT_FOUND');
      expect((await error(await s.call('POST', `/api/v1/applicant/authorisations/${live.id}/revoke`, { session: me, csrf: false }), 403)).code).toBe('CSRF');
      const revoked = await json<Authorisation>(await s.call('POST', `/api/v1/applicant/authorisations/${live.id}/revoke`, { session: me, body: { reason: '已离职' } }), 200);
      expect(revoked).toMatchObject({ status: 'revoked', revokeReason: '已离职', usable: false });
      expect((await error(await s.call('POST', `/api/v1/applicant/authorisations/${live.id}/revoke`, { session: me }), 409)).code).toBe('INVALID_TRANSITION');

      const people = await json<{ people: Array<{ personId: number }> }>(await s.call('GET', '/api/v1/employer/people', { session: hr }), 200);
      expect(people.people.map((p) => p.personId)).not.toContain(ids[0]);
      const apps = await json<{ applications: App[] }>(await s.call('GET', '/api/v1/employer/applications', { session: hr }), 200);
      expect(apps.applications.filter((a) => a.personId === ids[0])).toEqual([]);
      const filed = (await t.store.db.selectFrom('application').select('id').where('authorisation_id', '=', live.id).executeTakeFirstOrThrow()).id;
      expect((await error(await s.call('GET', `/api/v1/employer/applications/${filed}`, { session: hr }), 404)).code).toBe('NOT_FOUND');
      expect((await error(await s.call('POST', '/api/v1/employer/applications', { session: hr, body: { authorisationId: live.id, intendedUse: 'settlement' } }), 404)).code).toBe('NOT_FOUND');
    });

    it('a clerk revokes with a reason; an expired authorisation lets the employer see and file nothing; every step is audited', async () => {
      const hr = await employer('hr');
      const clerk = await s.staff('clerk');
      const a = await json<Authorisation>(await authorise(hr, { idNumber: testIdNumber(503), name: '申请人503', scope: 'apply_and_track', expiresOn: '2026-12-01' }), 201);
      await json<Authorisation>(await s.call('POST', `/api/v1/staff/authorisations/${a.id}/verify`, { session: clerk }), 200);
      const draft = await json<App>(await s.call('POST', '/api/v1/employer/applications', { session: hr, body: { authorisationId: a.id, intendedUse: 'settlement' } }), 201);

      // A person of another district: this clerk may not check or revoke their authorisation.
      const far = await json<Authorisation>(await authorise(hr, { idNumber: testIdNumber(504), name: '申请人504', scope: 'apply', expiresOn: '2027-01-31' }), 201);
      expect((await error(await s.call('POST', `/api/v1/staff/authorisations/${far.id}/revoke`, { session: clerk, body: { reason: '核查' } }), 403)).code).toBe('FORBIDDEN');
      const otherDistrict = await s.staff('other');
      expect((await error(await s.call('POST', `/api/v1/staff/authorisations/${far.id}/revoke`, { session: otherDistrict, body: {} }), 400)).code).toBe('INVALID_INPUT');
      expect((await json<Authorisation>(await s.call('POST', `/api/v1/staff/authorisations/${far.id}/revoke`, { session: otherDistrict, body: { reason: '本人来电否认委托' } }), 200)).status).toBe('revoked');

      // The next day the authorisation that ran to 2026-12-01 has expired.
      clock.setTime(new Date('2026-12-02T02:00:00Z').getTime());
      try {
        // Yesterday's session has run out too.
        const hr = await employer('hr', true);
        const people = await json<{ people: Array<{ personId: number }> }>(await s.call('GET', '/api/v1/employer/people', { session: hr }), 200);
        expect(people.people.map((p) => p.personId)).not.toContain(ids[2]);
        expect((await error(await s.call('GET', `/api/v1/employer/applications/${draft.id}`, { session: hr }), 404)).code).toBe('NOT_FOUND');
        expect((await error(await s.call('POST', `/api/v1/employer/applications/${draft.id}/submit`, { session: hr }), 404)).code).toBe('NOT_FOUND');
        expect((await error(await s.call('POST', '/api/v1/employer/applications', { session: hr, body: { authorisationId: a.id, intendedUse: 'settlement' } }), 404)).code).toBe('NOT_FOUND');
        const list = await json<{ authorisations: Authorisation[] }>(await s.call('GET', '/api/v1/employer/authorisations', { session: hr }), 200);
        expect(list.authorisations.find((x) => x.id === a.id)).toMatchObject({ status: 'verified', effectiveStatus: 'expired', usable: false, person: { name: '申*****' } });
      } finally {
        clock.setTime(new Date('2026-12-01T02:00:00Z').getTime());
      }

      const events = await t.store.db.selectFrom('audit_event').select(['action', 'actor', 'subject']).where('subject', 'like', 'authorisation:%').orderBy('id').execute();
      const actions = (id: number): string[] => events.filter((e) => e.subject === `authorisation:${id}`).map((e) => e.action);
      expect(actions(a.id)).toEqual(['authorisation.create', 'authorisation.verify']);
      expect(actions(far.id)).toEqual(['authorisation.create', 'authorisation.revoke']);
      expect(events.find((e) => e.subject === `authorisation:${far.id}` && e.action === 'authorisation.revoke')?.actor).toMatch(/^staff:\d+$/);
      expect(events.some((e) => e.action === 'authorisation.revoke' && e.actor.startsWith('person:'))).toBe(true);
      const noMatch = await t.store.db.selectFrom('audit_event').select('detail').where('action', '=', 'authorisation.noMatch').execute();
      expect(noMatch.length).toBeGreaterThanOrEqual(2);
      // Audit details never hold a full ID number.
      for (const e of noMatch) expect(e.detail).not.toContain(testIdNumber(501));
      expect(await verifyAudit(t.store.db)).toMatchObject({ ok: true });
    });
  });
}
