/** Points applications over in-process HTTP on every adapter: applicant and staff routes, districts, CSRF, conflicts. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCharacter } from '../../src/domain/id-number.ts';
import type { PersonBundle } from '../../src/domain/records.ts';
import { AuthService } from '../../src/services/auth.ts';
import { PeopleRepository } from '../../src/storage/repositories/people.ts';
import { SmsRepository } from '../../src/storage/repositories/sms.ts';
import { StaffRepository } from '../../src/storage/repositories/staff.ts';
import { testApp, type TestApp } from '../support/app.ts';
import { adapters } from '../support/stores.ts';

const PASSWORD = 'correct horse battery';
const CODE = /验证码 (\d{6})/;

function idNumber(seq: number): string {
  const first17 = `33010619880401${String(seq).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
}

/** A person of 西湖区 (330106) with an IC permit endorsed every year up to 2026 and a declared degree. */
function person(seq: number, phone: string): PersonBundle {
  return {
    idNumber: idNumber(seq),
    name: `申请人${seq}`,
    phone,
    birthDate: '1988-04-01',
    sex: 'male',
    urbanHukou: false,
    fullCivilCapacity: true,
    district: '330106',
    permits: [{ permitNo: `P${seq}`, kind: 'ic', district: '330106', issuedOn: '2022-03-01', endorsements: ['2023-02-15', '2024-02-15', '2025-02-15', '2026-02-15'] }],
    residence: [{ from: '2016-01-01', to: null, status: 'registered', source: 'police', verified: false, sourceRef: `R${seq}` }],
    insurance: [{ scheme: 'pension', fromMonth: 2016 * 12, toMonth: 2026 * 12 + 10, backPaid: false, transferredIn: false }],
    declared: { education: { level: 'bachelor' }, volunteerHours: 120 },
  };
}

interface Session {
  cookie: string;
  csrf: string;
}

interface App {
  id: number;
  personId: number;
  state: string;
  channel: string;
  acceptedOn: string | null;
  resultVisibleOn: string | null;
  totalH: number | null;
  agentIdNumber: string | null;
}

for (const adapter of adapters()) {
  describe(`points applications over HTTP on ${adapter.name}`, () => {
    let t: TestApp;
    const clock = new Date('2026-12-01T02:00:00Z');
    let ids: number[];
    let sms: SmsRepository;

    beforeAll(async () => {
      t = await testApp(clock, await adapter.open());
      ids = await new PeopleRepository(t.store.db).insertBundles([person(301, '13800000301'), person(302, '13800000302')], '2026-11-01T00:00:00Z');
      sms = new SmsRepository(t.store.db);
      const auth = new AuthService({ staff: new StaffRepository(t.store.db), now: () => clock });
      await auth.createStaff({ username: 'clerk', displayName: '窗口', password: PASSWORD, role: 'clerk', district: '330106' });
      await auth.createStaff({ username: 'district', displayName: '西湖区', password: PASSWORD, role: 'district', district: '330106' });
      await auth.createStaff({ username: 'other', displayName: '上城区', password: PASSWORD, role: 'district', district: '330102' });
      await auth.createStaff({ username: 'city', displayName: '市办', password: PASSWORD, role: 'city', district: null });
    });
    afterAll(async () => {
      await t.close();
      await adapter.cleanup();
    });

    async function call(method: string, url: string, o: { body?: unknown; session?: Session; csrf?: boolean } = {}): Promise<Response> {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (o.session) headers.cookie = o.session.cookie;
      if (o.session && o.csrf !== false) headers['x-csrf-token'] = o.session.csrf;
      const env = { incoming: { socket: { remoteAddress: '10.0.0.7', remoteFamily: 'IPv4' } } };
      return t.app.request(url, { method, headers, ...(o.body === undefined ? {} : { body: JSON.stringify(o.body) }) }, env);
    }
    const session = async (res: Response): Promise<Session> => {
      expect(res.status).toBe(200);
      return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
    };
    const staff = async (username: string): Promise<Session> => session(await call('POST', '/api/v1/staff/session', { body: { username, password: PASSWORD } }));
    /** One sign-in per applicant (codes may not be re-sent at once); later calls reuse its session. */
    const signedIn = new Map<number, Session>();
    async function applicant(seq: number, phone: string): Promise<Session> {
      const known = signedIn.get(seq);
      if (known) return known;
      expect((await call('POST', '/api/v1/applicant/code', { body: { idNumber: idNumber(seq) } })).status).toBe(202);
      const m = (await sms.latest(100)).find((x) => x.to === phone)!;
      const s = await session(await call('POST', '/api/v1/applicant/session', { body: { idNumber: idNumber(seq), code: CODE.exec(m.text)![1]! } }));
      signedIn.set(seq, s);
      return s;
    }
    const json = async <T>(res: Response, status: number): Promise<T> => {
      const text = await res.text();
      expect(res.status, text).toBe(status);
      expect(res.headers.get('cache-control')).toBe('no-store');
      return JSON.parse(text) as T;
    };
    const errorCode = async (res: Response, status: number): Promise<string> => (await json<{ error: { code: string } }>(res, status)).error.code;

    it('applicant files and submits; the district sees it, a clerk accepts, the district determines; the applicant sees the result day', async () => {
      const me = await applicant(301, '13800000301');
      const created = await json<App>(await call('POST', '/api/v1/applicant/applications', { session: me, body: { intendedUse: 'settlement' } }), 201);
      expect(created).toMatchObject({ personId: ids[0], state: 'draft', channel: 'online' });
      const url = `/api/v1/applicant/applications/${created.id}`;

      // No CSRF token: refused, and nothing moved.
      expect(await errorCode(await call('POST', `${url}/submit`, { session: me, csrf: false }), 403)).toBe('CSRF');
      expect(await errorCode(await call('POST', `${url}/submit`), 401)).toBe('UNAUTHENTICATED');
      expect((await json<App>(await call('GET', url, { session: me }), 200)).state).toBe('draft');
      // Strict bodies.
      expect(await errorCode(await call('POST', '/api/v1/applicant/applications', { session: me, body: { intendedUse: 'settlement', personId: ids[1] } }), 400)).toBe('INVALID_INPUT');

      expect((await json<App>(await call('POST', `${url}/submit`, { session: me }), 200)).state).toBe('submitted');
      // Submitting twice is not a move from "submitted".
      expect(await errorCode(await call('POST', `${url}/submit`, { session: me }), 409)).toBe('INVALID_TRANSITION');

      const district = await staff('district');
      const queue = await json<{ applications: App[] }>(await call('GET', '/api/v1/staff/applications?state=submitted', { session: district }), 200);
      expect(queue.applications.map((a) => a.id)).toContain(created.id);

      // Another district: not in its queue, 403 on the case and its commands.
      const other = await staff('other');
      const otherQueue = await json<{ applications: App[] }>(await call('GET', '/api/v1/staff/applications?state=submitted', { session: other }), 200);
      expect(otherQueue.applications).toEqual([]);
      expect(await errorCode(await call('GET', `/api/v1/staff/applications/${created.id}`, { session: other }), 403)).toBe('FORBIDDEN');
      expect(await errorCode(await call('POST', `/api/v1/staff/applications/${created.id}/accept`, { session: other }), 403)).toBe('FORBIDDEN');
      // The city sees every district.
      const city = await staff('city');
      const cityQueue = await json<{ applications: App[] }>(await call('GET', '/api/v1/staff/applications?state=submitted', { session: city }), 200);
      expect(cityQueue.applications.map((a) => a.id)).toContain(created.id);

      const clerk = await staff('clerk');
      expect(await errorCode(await call('POST', `/api/v1/staff/applications/${created.id}/accept`, { session: clerk, csrf: false }), 403)).toBe('CSRF');
      const accepted = await json<App>(await call('POST', `/api/v1/staff/applications/${created.id}/accept`, { session: clerk }), 200);
      expect(accepted).toMatchObject({ state: 'accepted', acceptedOn: '2026-12-01' });
      expect(accepted.resultVisibleOn! > '2026-12-01').toBe(true);
      // Accepting again: 409.
      expect(await errorCode(await call('POST', `/api/v1/staff/applications/${created.id}/accept`, { session: clerk }), 409)).toBe('INVALID_TRANSITION');

      const reviewed = await json<App>(
        await call('POST', `/api/v1/staff/applications/${created.id}/review`, { session: district, body: { indicator: 'education', decision: 'accepted' } }),
        200,
      );
      expect(reviewed.state).toBe('accepted');
      const determined = await json<App>(await call('POST', `/api/v1/staff/applications/${created.id}/determine`, { session: district }), 200);
      expect(determined.state).toBe('determined');
      expect(determined.totalH).toBeGreaterThan(0);
      const view = await json<{ application: App; reviews: Array<{ indicator: string; decision: string }> }>(
        await call('GET', `/api/v1/staff/applications/${created.id}`, { session: district }),
        200,
      );
      expect(view.reviews).toMatchObject([{ indicator: 'education', decision: 'accepted' }]);

      const mine = await json<App>(await call('GET', url, { session: me }), 200);
      expect(mine).toMatchObject({ state: 'determined', resultVisibleOn: accepted.resultVisibleOn });
      const list = await json<{ applications: App[] }>(await call('GET', '/api/v1/applicant/applications', { session: me }), 200);
      expect(list.applications.map((a) => a.id)).toEqual([created.id]);
      // Withdrawing a determined application is not a move: 409.
      expect(await errorCode(await call('POST', `${url}/withdraw`, { session: me }), 409)).toBe('INVALID_TRANSITION');
    });

    it('a window clerk files and submits for a person; another applicant cannot see it; a returned case is supplemented', async () => {
      const clerk = await staff('clerk');
      const body = { personId: ids[1], intendedUse: 'settlement', channel: 'window', filedBy: 'employer', agentIdNumber: idNumber(399) };
      const draft = await json<App>(await call('POST', '/api/v1/staff/applications', { session: clerk, body }), 201);
      expect(draft).toMatchObject({ personId: ids[1], state: 'draft', channel: 'window' });
      expect(draft.agentIdNumber).toBe(`330106********${idNumber(399).slice(-4)}`);
      expect(await errorCode(await call('POST', '/api/v1/staff/applications', { session: clerk, body: { ...body, channel: 'online' } }), 400)).toBe('INVALID_INPUT');
      expect((await json<App>(await call('POST', `/api/v1/staff/applications/${draft.id}/submit`, { session: clerk }), 200)).state).toBe('submitted');

      // Another person's application is "not found" to an applicant.
      const first = await applicant(301, '13800000301');
      expect(await errorCode(await call('GET', `/api/v1/applicant/applications/${draft.id}`, { session: first }), 404)).toBe('NOT_FOUND');
      expect(await errorCode(await call('POST', `/api/v1/applicant/applications/${draft.id}/withdraw`, { session: first }), 404)).toBe('NOT_FOUND');

      const district = await staff('district');
      await json<App>(await call('POST', `/api/v1/staff/applications/${draft.id}/accept`, { session: district }), 200);
      expect(await errorCode(await call('POST', `/api/v1/staff/applications/${draft.id}/return`, { session: district, body: {} }), 400)).toBe('INVALID_INPUT');
      const returned = await json<App>(await call('POST', `/api/v1/staff/applications/${draft.id}/return`, { session: district, body: { reason: '请补充学历证明' } }), 200);
      expect(returned.state).toBe('returned');
      const owner = await applicant(302, '13800000302');
      const back = await json<App>(await call('POST', `/api/v1/applicant/applications/${draft.id}/supplement`, { session: owner, body: { note: '已上传' } }), 200);
      expect(back.state).toBe('accepted');
      expect(await errorCode(await call('POST', `/api/v1/staff/applications/${draft.id}/refuse`, { session: district, body: { reason: '不符合' } }), 409)).toBe('INVALID_TRANSITION');
    });
  });
}
