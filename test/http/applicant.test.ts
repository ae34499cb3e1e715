/**
 * Applicant sign-in by SMS code, the outbox and the HTTP gateway transport, over in-process HTTP on
 * every adapter. Until the lead wires the routes into createApp, they are mounted here in front of
 * the real app (which still serves the staff sign-in).
 */
import { PeopleService } from '../../src/services/people.ts';
import { SnapshotRepository } from '../../src/storage/repositories/snapshots.ts';
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCharacter } from '../../src/domain/id-number.ts';
import { applicantRoutes } from '../../src/http/routes/applicant.ts';
import { outboxRoutes } from '../../src/http/routes/outbox.ts';
import { ApplicantAuthService } from '../../src/services/applicant-auth.ts';
import { AuthService } from '../../src/services/auth.ts';
import { AppError, type ErrorCode } from '../../src/services/errors.ts';
import { seedCity } from '../../src/services/seed.ts';
import { HttpGatewayTransport, OutboxTransport, smsTransport } from '../../src/services/sms.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { PeopleRepository } from '../../src/storage/repositories/people.ts';
import { SmsRepository } from '../../src/storage/repositories/sms.ts';
import { StaffRepository } from '../../src/storage/repositories/staff.ts';
import { testApp, type TestApp } from '../support/app.ts';
import { adapters } from '../support/stores.ts';

const STATUS: Partial<Record<ErrorCode, ContentfulStatusCode>> = {
  INVALID_INPUT: 400,
  INVALID_JSON: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  CSRF: 403,
  NOT_FOUND: 404,
  ACCOUNT_LOCKED: 423,
  TOO_MANY_ATTEMPTS: 429,
};

/** A valid ID number that nobody in the seeded city has (sequence 9xx, born 1901). */
function unknownIdNumber(n: number): string {
  const first17 = `3301061901${String(1 + (n % 12)).padStart(2, '0')}${String(1 + Math.floor(n / 12) % 28).padStart(2, '0')}9${String(n % 100).padStart(2, '0')}`;
  return first17 + checkCharacter(first17);
}

const CODE_TEXT = /^【杭州积分】验证码 (\d{6}),5分钟内有效。如非本人操作请忽略。$/;
const PASSWORD = 'correct horse battery';

for (const adapter of adapters()) {
  describe(`applicant sign-in on ${adapter.name}`, () => {
    let t: TestApp;
    let app: Hono;
    let sms: SmsRepository;
    let people: PeopleRepository;
    // One clock object for the real app and the applicant service; tests move it forward.
    const clock = new Date('2026-12-01T02:00:00Z');
    const now = (): Date => clock;
    const advance = (ms: number): void => void clock.setTime(clock.getTime() + ms);
    let withPhone: Array<{ id: number; idNumber: string; phone: string; name: string }>;
    let noPhone: { id: number; idNumber: string };

    beforeAll(async () => {
      t = await testApp(clock, await adapter.open());
      await seedCity(t.store, { people: 60, seed: 11, asOf: '2026-11-01' });
      sms = new SmsRepository(t.store.db);
      people = new PeopleRepository(t.store.db);
      const all = await people.page(0, 500);
      withPhone = all.filter((p) => p.phone !== null).map((p) => ({ id: p.id!, idNumber: p.idNumber, phone: p.phone!, name: p.name }));
      const last = withPhone.pop()!;
      await t.store.db.updateTable('person').set({ phone: null }).where('id', '=', last.id).execute();
      noPhone = { id: last.id, idNumber: last.idNumber };
      for (let i = 0; i < 40; i++) expect(await people.search({ idNumber: unknownIdNumber(i) }, null, 1)).toEqual([]);

      const staffAuth = new AuthService({ staff: new StaffRepository(t.store.db), now });
      await staffAuth.createStaff({ username: 'city', displayName: '市办', password: PASSWORD, role: 'city', district: null });
      await staffAuth.createStaff({ username: 'admin', displayName: '管理员', password: PASSWORD, role: 'admin', district: null });
      await staffAuth.createStaff({ username: 'clerk', displayName: '窗口', password: PASSWORD, role: 'clerk', district: '330106' });
      const applicantAuth = new ApplicantAuthService({ sms, people, transport: new OutboxTransport(sms, now), now });

      app = new Hono();
      app.onError((err, c) => (err instanceof AppError ? c.json(err.body('zh-CN'), STATUS[err.code] ?? 500) : c.json({ error: String(err) }, 500)));
      app.route('/api/v1/applicant', applicantRoutes({ applicantAuth, people: new PeopleService({ people, snapshots: new SnapshotRepository(t.store.db), staff: new StaffRepository(t.store.db), now }) }));
      app.route('/api/v1/staff', outboxRoutes({ auth: staffAuth, sms }));
      app.route('/', t.app);
    });
    afterAll(async () => {
      await t.close();
      await adapter.cleanup();
    });

    interface Session {
      cookie: string;
      csrf: string;
    }

    /** A request from the client address `ip`. */
    async function call(ip: string, method: string, url: string, o: { body?: unknown; session?: Session; csrf?: boolean } = {}): Promise<Response> {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (o.session) headers.cookie = o.session.cookie;
      if (o.session && o.csrf !== false) headers['x-csrf-token'] = o.session.csrf;
      const env = { incoming: { socket: { remoteAddress: ip, remoteFamily: 'IPv4' } } };
      return app.request(url, { method, headers, ...(o.body === undefined ? {} : { body: JSON.stringify(o.body) }) }, env);
    }
    const requestCode = (ip: string, idNumber: string): Promise<Response> => call(ip, 'POST', '/api/v1/applicant/code', { body: { idNumber } });
    const verify = (ip: string, idNumber: string, code: string): Promise<Response> => call(ip, 'POST', '/api/v1/applicant/session', { body: { idNumber, code } });
    const errorOf = async (res: Response): Promise<{ code: string; message: string }> => ((await res.json()) as { error: { code: string; message: string } }).error;

    async function outboxCount(): Promise<number> {
      const r = await t.store.db.selectFrom('sms_outbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return Number(r.n);
    }
    /** The code in the newest message to `phone`. */
    async function lastCode(phone: string): Promise<string> {
      const m = (await sms.latest(1000)).find((x) => x.to === phone)!;
      return CODE_TEXT.exec(m.text)![1]!;
    }
    const wrong = (code: string): string => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

    async function staffSession(username: string): Promise<Session> {
      const res = await call('10.9.9.9', 'POST', '/api/v1/staff/session', { body: { username, password: PASSWORD } });
      expect(res.status).toBe(200);
      return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
    }

    it('sends a code to the outbox with the agreed text, and stores only its hash', async () => {
      const p = withPhone[0]!;
      const before = await outboxCount();
      const res = await requestCode('10.0.0.1', p.idNumber);
      expect(res.status).toBe(202);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(await res.json()).toEqual({ sent: true, phone: null });
      expect(await outboxCount()).toBe(before + 1);
      const [m] = await sms.latest(1);
      expect(m).toMatchObject({ to: p.phone, kind: 'applicant.code', status: 'outbox' });
      expect(m!.text).toMatch(CODE_TEXT);
      expect([...m!.text].length).toBeLessThanOrEqual(70);
      expect(m!.text).not.toContain(p.idNumber);
      const code = CODE_TEXT.exec(m!.text)![1]!;
      const rows = await t.store.db.selectFrom('sms_code').selectAll().execute();
      expect(JSON.stringify(rows)).not.toContain(code);
      expect(JSON.stringify(rows)).not.toContain(p.idNumber);
    });

    it('signs in with the code: masked person, CSRF token, an http-only SameSite=Strict cookie; audited; the code works once', async () => {
      const p = withPhone[0]!;
      const code = await lastCode(p.phone);
      const res = await verify('10.0.0.1', p.idNumber, code);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const body = (await res.json()) as { person: { id: number; name: string; idNumber: string }; csrfToken: string };
      expect(body.person.id).toBe(p.id);
      expect(body.person.idNumber).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
      expect(body.person.name).not.toBe(p.name);
      expect(body.person.name[0]).toBe(p.name[0]);
      expect(body.csrfToken.length).toBeGreaterThan(20);
      const setCookie = res.headers.get('set-cookie') ?? '';
      expect(setCookie).toMatch(/^jifen_applicant=/);
      expect(setCookie).toMatch(/HttpOnly/i);
      expect(setCookie).toMatch(/SameSite=Strict/i);
      expect(setCookie).toMatch(/Secure/i);
      expect(setCookie).toMatch(/Path=\//);
      const events = await t.store.db.selectFrom('audit_event').selectAll().where('action', '=', 'applicant.signIn').execute();
      expect(events.map((e) => e.subject)).toContain(`person:${p.id}`);
      expect(JSON.stringify(events)).not.toContain(p.idNumber);
      expect((await verify('10.0.0.1', p.idNumber, code)).status).toBe(401);
    });

    it('reads the session back, refuses sign-out without the CSRF token, and signs out with it', async () => {
      const p = withPhone[1]!;
      expect((await requestCode('10.0.0.2', p.idNumber)).status).toBe(202);
      const res = await verify('10.0.0.2', p.idNumber, await lastCode(p.phone));
      const session: Session = { cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
      const me = await call('10.0.0.2', 'GET', '/api/v1/applicant/session', { session });
      expect(me.status).toBe(200);
      expect(me.headers.get('cache-control')).toBe('no-store');
      expect(((await me.json()) as { person: { id: number } }).person.id).toBe(p.id);
      // An applicant session is no staff session.
      const asStaff = await call('10.0.0.2', 'GET', '/api/v1/staff/session', { session: { cookie: session.cookie.replace('jifen_applicant', 'jifen_staff'), csrf: session.csrf } });
      expect(asStaff.status).toBe(401);
      const noCsrf = await call('10.0.0.2', 'DELETE', '/api/v1/applicant/session', { session, csrf: false });
      expect(noCsrf.status).toBe(403);
      expect((await errorOf(noCsrf)).code).toBe('CSRF');
      expect((await call('10.0.0.2', 'DELETE', '/api/v1/applicant/session', { session })).status).toBe(204);
      expect((await call('10.0.0.2', 'GET', '/api/v1/applicant/session', { session })).status).toBe(401);
      expect((await call('10.0.0.2', 'GET', '/api/v1/applicant/session')).status).toBe(401);
    });

    it('locks code sign-in at the fifth wrong code, burns the code, and refuses even the right one', async () => {
      const p = withPhone[2]!;
      expect((await requestCode('10.0.0.3', p.idNumber)).status).toBe(202);
      const code = await lastCode(p.phone);
      for (let i = 0; i < 4; i++) {
        const r = await verify('10.0.0.3', p.idNumber, wrong(code));
        expect(r.status).toBe(401);
        expect((await errorOf(r)).code).toBe('INVALID_CREDENTIALS');
      }
      const fifth = await verify('10.0.0.3', p.idNumber, wrong(code));
      expect(fifth.status).toBe(423);
      expect((await errorOf(fifth)).message).toMatch(/北京时间 \d\d:\d\d/);
      expect((await verify('10.0.0.3', p.idNumber, code)).status).toBe(423);
      expect((await requestCode('10.0.0.3', p.idNumber)).status).toBe(423);
      advance(15 * 60_000 + 1000);
      // The lock is over, but the code was burnt.
      expect((await verify('10.0.0.3', p.idNumber, code)).status).toBe(401);
      expect((await requestCode('10.0.0.3', p.idNumber)).status).toBe(202);
      expect((await verify('10.0.0.3', p.idNumber, await lastCode(p.phone))).status).toBe(200);
    });

    it('answers an unknown ID number and a person without a phone exactly like a known one, and sends nothing', async () => {
      const known = await requestCode('10.0.0.4', withPhone[3]!.idNumber);
      const before = await outboxCount();
      const unknown = await requestCode('10.0.0.4', unknownIdNumber(0));
      const phoneless = await requestCode('10.0.0.4', noPhone.idNumber);
      expect(await outboxCount()).toBe(before);
      expect([known.status, unknown.status, phoneless.status]).toEqual([202, 202, 202]);
      const bodies = await Promise.all([known.json(), unknown.json(), phoneless.json()]);
      expect(bodies[1]).toEqual(bodies[0]);
      expect(bodies[2]).toEqual(bodies[0]);
      // The same rate limit and the same lock-out, too.
      expect((await requestCode('10.0.0.4', unknownIdNumber(0))).status).toBe(429);
      for (let i = 0; i < 4; i++) expect((await verify('10.0.0.4', unknownIdNumber(0), '123456')).status).toBe(401);
      expect((await verify('10.0.0.4', unknownIdNumber(0), '123456')).status).toBe(423);
    });

    it('refuses a malformed ID number or code without counting it', async () => {
      const bad = await requestCode('10.0.0.5', '330106199001011230');
      expect(bad.status).toBe(400);
      expect((await errorOf(bad)).code).toBe('INVALID_INPUT');
      expect((await verify('10.0.0.5', withPhone[4]!.idNumber, '12345')).status).toBe(400);
      expect((await call('10.0.0.5', 'POST', '/api/v1/applicant/code', { body: { idNumber: withPhone[4]!.idNumber, extra: 1 } })).status).toBe(400);
    });

    it('allows one code per ID number per 60 s and five per hour, saying how long to wait', async () => {
      const p = withPhone[5]!;
      expect((await requestCode('10.0.1.1', p.idNumber)).status).toBe(202);
      const again = await requestCode('10.0.1.2', p.idNumber);
      expect(again.status).toBe(429);
      const e = await errorOf(again);
      expect(e.code).toBe('TOO_MANY_ATTEMPTS');
      expect(e.message).toMatch(/请 60 秒后再试/);
      advance(30_000);
      expect((await errorOf(await requestCode('10.0.1.2', p.idNumber))).message).toMatch(/请 30 秒后再试/);
      for (let i = 0; i < 4; i++) {
        advance(61_000);
        expect((await requestCode(`10.0.1.${3 + i}`, p.idNumber)).status).toBe(202);
      }
      advance(61_000);
      const sixth = await requestCode('10.0.1.9', p.idNumber);
      expect(sixth.status).toBe(429);
      expect((await errorOf(sixth)).message).toMatch(/分钟后再试/);
      // Only the newest code is valid.
      expect((await verify('10.0.1.9', p.idNumber, await lastCode(p.phone))).status).toBe(200);
      advance(3600_000);
      expect((await requestCode('10.0.1.9', p.idNumber)).status).toBe(202);
    });

    it('allows 20 code requests per client address per hour', async () => {
      for (let i = 1; i <= 20; i++) expect((await requestCode('10.0.2.1', unknownIdNumber(i)))?.status, String(i)).toBe(202);
      const res = await requestCode('10.0.2.1', unknownIdNumber(21));
      expect(res.status).toBe(429);
      expect((await errorOf(res)).message).toMatch(/分钟后再试/);
      expect((await requestCode('10.0.2.2', unknownIdNumber(21))).status).toBe(202);
    });

    it('refuses more than 20 failed sign-ins from one client address in 15 minutes', async () => {
      for (let i = 0; i < 4; i++) {
        for (let k = 0; k < 5; k++) expect((await verify('10.0.3.1', unknownIdNumber(30 + i), '000000')).status).toBeGreaterThanOrEqual(401);
      }
      const p = withPhone[6]!;
      expect((await requestCode('10.0.3.1', p.idNumber)).status).toBe(202);
      expect((await verify('10.0.3.1', p.idNumber, await lastCode(p.phone))).status).toBe(429);
      expect((await verify('10.0.3.2', p.idNumber, await lastCode(p.phone))).status).toBe(200);
    });

    it('refuses an expired code', async () => {
      const p = withPhone[7]!;
      expect((await requestCode('10.0.4.1', p.idNumber)).status).toBe(202);
      const code = await lastCode(p.phone);
      advance(5 * 60_000 + 1000);
      const res = await verify('10.0.4.1', p.idNumber, code);
      expect(res.status).toBe(401);
      expect((await errorOf(res)).code).toBe('INVALID_CREDENTIALS');
    });

    it('lists the outbox newest first with phones masked, for admin and city staff only', async () => {
      expect((await call('10.9.9.9', 'GET', '/api/v1/staff/sms-outbox')).status).toBe(401);
      const clerk = await call('10.9.9.9', 'GET', '/api/v1/staff/sms-outbox', { session: await staffSession('clerk') });
      expect(clerk.status).toBe(403);
      for (const username of ['city', 'admin']) {
        const res = await call('10.9.9.9', 'GET', '/api/v1/staff/sms-outbox', { session: await staffSession(username) });
        expect(res.status).toBe(200);
        expect(res.headers.get('cache-control')).toBe('no-store');
        const { messages } = (await res.json()) as { messages: Array<{ id: number; to: string; text: string }> };
        expect(messages.length).toBeGreaterThan(5);
        expect(messages.length).toBeLessThanOrEqual(100);
        for (const m of messages) expect(m.to).toMatch(/^\d{3}\*{4}\d{4}$/);
        expect(messages.map((m) => m.id)).toEqual([...messages.map((m) => m.id)].sort((a, b) => b - a));
        expect(JSON.stringify(messages)).not.toContain(withPhone[0]!.phone);
      }
    });

    it('sends through the HTTP gateway once, with the bearer key, and records the outcome in the outbox', async () => {
      const seen: Array<{ url: string; init: RequestInit }> = [];
      const answer = (status: number) =>
        ((url: string, init: RequestInit) => {
          seen.push({ url, init });
          return Promise.resolve(new Response('{}', { status }));
        }) as unknown as typeof fetch;
      const settings = { url: 'https://sms.example.test/send', key: 'k-123', timeoutMs: 200 };
      const ok = new HttpGatewayTransport(settings, sms, now, answer(200));
      await ok.send({ to: '13800001111', text: '【杭州积分】验证码 654321,5分钟内有效。', kind: 'test' });
      await ok.settled();
      expect(seen).toHaveLength(1);
      expect(seen[0]!.url).toBe(settings.url);
      expect((seen[0]!.init.headers as Record<string, string>).authorization).toBe('Bearer k-123');
      expect(JSON.parse(seen[0]!.init.body as string)).toEqual({ to: '13800001111', text: '【杭州积分】验证码 654321,5分钟内有效。' });
      let [m] = await sms.latest(1);
      expect(m).toMatchObject({ to: '13800001111', status: 'sent', error: null });
      expect(m!.text).not.toContain('654321');

      const refused = new HttpGatewayTransport(settings, sms, now, answer(503));
      await refused.send({ to: '13800002222', text: 'x', kind: 'test' });
      await refused.settled();
      expect(seen).toHaveLength(2);
      [m] = await sms.latest(1);
      expect(m).toMatchObject({ status: 'failed', error: 'gateway answered HTTP 503', sentAt: null });

      const hang = ((_url: string, init: RequestInit) =>
        new Promise((_resolve, reject) => init.signal!.addEventListener('abort', () => reject(init.signal!.reason as Error)))) as unknown as typeof fetch;
      const slow = new HttpGatewayTransport(settings, sms, now, hang);
      await slow.send({ to: '13800003333', text: 'x', kind: 'test' });
      // Recorded at once, before the gateway answers.
      [m] = await sms.latest(1);
      expect(m).toMatchObject({ to: '13800003333', status: 'pending' });
      await slow.settled();
      [m] = await sms.latest(1);
      expect(m).toMatchObject({ status: 'failed', error: 'no answer within 200 ms' });
    });
  });
}

describe('SMS gateway settings', () => {
  it('uses the outbox unless a gateway URL and key are set', () => {
    expect(loadConfig({}).smsGateway).toBeUndefined();
    const c = loadConfig({ SMS_GATEWAY_URL: 'https://sms.example.test/send', SMS_GATEWAY_KEY: 'k' });
    expect(c.smsGateway).toEqual({ url: 'https://sms.example.test/send', key: 'k', timeoutMs: 5000 });
    const repo = {} as SmsRepository;
    expect(smsTransport(c.smsGateway, repo, () => new Date())).toBeInstanceOf(HttpGatewayTransport);
    expect(smsTransport(undefined, repo, () => new Date())).toBeInstanceOf(OutboxTransport);
  });

  it('refuses a gateway URL without a key, listed with the other bad settings', () => {
    let err: unknown;
    try {
      loadConfig({ SMS_GATEWAY_URL: 'https://sms.example.test/send', PORT: 'x' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).problems).toHaveLength(2);
    expect(() => loadConfig({ SMS_GATEWAY_URL: 'ftp://x', SMS_GATEWAY_KEY: 'k' })).toThrow(ConfigError);
  });
});
