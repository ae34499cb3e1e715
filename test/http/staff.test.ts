/** Staff sign-in, lock-out, CSRF, district scoping and the person page, over in-process HTTP. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthService } from '../../src/services/auth.ts';
import { recompute } from '../../src/services/recompute.ts';
import { seedCity } from '../../src/services/seed.ts';
import { PeopleRepository } from '../../src/storage/repositories/people.ts';
import { StaffRepository } from '../../src/storage/repositories/staff.ts';
import { testApp, type TestApp } from '../support/app.ts';
import { adapters } from '../support/stores.ts';

for (const adapter of adapters()) {
  describe(`staff API on ${adapter.name}`, () => {
    let t: TestApp;
    const now = new Date('2026-12-01T02:00:00Z');
    const PASSWORD = 'correct horse battery';

    beforeAll(async () => {
      t = await testApp(now, await adapter.open());
      await seedCity(t.store, { people: 120, seed: 7, asOf: '2026-11-01' });
      await recompute(t.store, { asOf: '2026-11-01', now: () => now });
      const auth = new AuthService({ staff: new StaffRepository(t.store.db), now: () => now });
      await auth.createStaff({ username: 'city', displayName: '市办', password: PASSWORD, role: 'city', district: null });
      await auth.createStaff({ username: 'xihu', displayName: '西湖区', password: PASSWORD, role: 'district', district: '330106' });
      await auth.createStaff({ username: 'locky', displayName: 'L', password: PASSWORD, role: 'city', district: null });
    });
    afterAll(async () => {
      await t.close();
      await adapter.cleanup();
    });

    interface Session {
      cookie: string;
      csrf: string;
    }

    async function signIn(username: string, password = PASSWORD): Promise<{ status: number; session?: Session; body: unknown }> {
      const res = await t.app.request('/api/v1/staff/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
      const body = (await res.json()) as { csrfToken?: string };
      const setCookie = res.headers.get('set-cookie') ?? '';
      if (res.status !== 200) return { status: res.status, body };
      expect(setCookie).toMatch(/HttpOnly/i);
      expect(setCookie).toMatch(/SameSite=Strict/i);
      expect(setCookie).toMatch(/Secure/i);
      return { status: 200, body, session: { cookie: setCookie.split(';')[0]!, csrf: body.csrfToken! } };
    }

    function call(s: Session | undefined, method: string, url: string, body?: unknown, csrf = true): Promise<Response> {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (s) headers.cookie = s.cookie;
      if (s && csrf) headers['x-csrf-token'] = s.csrf;
      return Promise.resolve(t.app.request(url, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }));
    }

    async function personIn(district: string | null, notIn?: string): Promise<{ id: number; idNumber: string; phone: string | null; name: string }> {
      const all = await new PeopleRepository(t.store.db).page(0, 500);
      const p = all.find((b) => (district === null || b.district === district) && (notIn === undefined || b.district !== notIn))!;
      return { id: p.id!, idNumber: p.idNumber, phone: p.phone, name: p.name };
    }

    describe('staff sign-in', () => {
      it('refuses a wrong password with one message for unknown names and wrong passwords', async () => {
        const a = await signIn('city', 'wrong password!');
        const b = await signIn('nobody', 'wrong password!');
        expect(a.status).toBe(401);
        expect(b.status).toBe(401);
        expect(a.body).toEqual(b.body);
      });

      it('locks an account at the fifth wrong password, and then refuses even the right one', async () => {
        for (let i = 0; i < 4; i++) expect((await signIn('locky', `nope-${i}-xxxxxx`)).status).toBe(401);
        const fifth = await signIn('locky', 'nope-4-xxxxxx');
        expect(fifth.status).toBe(423);
        expect((fifth.body as { error: { message: string } }).error.message).toMatch(/北京时间 \d\d:\d\d/);
        expect((await signIn('locky')).status).toBe(423);
      });

      it('gives a session that reads back, and signing out ends it', async () => {
        const { session } = await signIn('city');
        const me = await call(session, 'GET', '/api/v1/staff/session');
        expect(((await me.json()) as { user: { role: string } }).user.role).toBe('city');
        expect((await call(session, 'DELETE', '/api/v1/staff/session')).status).toBe(204);
        expect((await call(session, 'GET', '/api/v1/staff/session')).status).toBe(401);
      });

      it('refuses a change without the CSRF token', async () => {
        const { session } = await signIn('city');
        const res = await call(session, 'POST', '/api/v1/staff/people/search', { query: '王' }, false);
        expect(res.status).toBe(403);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe('CSRF');
      });

      it('refuses the person pages without a session', async () => {
        expect((await call(undefined, 'POST', '/api/v1/staff/people/search', { query: '王' })).status).toBe(401);
        expect((await call(undefined, 'GET', '/api/v1/staff/people/1')).status).toBe(401);
      });
    });

    describe('person lookup', () => {
      it('finds a person by ID number, phone and name, with the ID number and phone masked', async () => {
        const { session } = await signIn('city');
        const p = await personIn(null);
        for (const query of [p.idNumber, p.phone ?? p.idNumber, p.name]) {
          const res = await call(session, 'POST', '/api/v1/staff/people/search', { query });
          const found = ((await res.json()) as { people: Array<{ id: number; idNumber: string; phone: string | null }> }).people;
          const hit = found.find((f) => f.id === p.id)!;
          expect(hit, query).toBeDefined();
          expect(hit.idNumber).not.toBe(p.idNumber);
          expect(hit.idNumber).toMatch(/\*{8}/);
          if (p.phone) expect(hit.phone).toMatch(/\*{4}/);
        }
      });

      it('refuses a query that is not an ID number, a phone or a name, so no wildcard lists everyone', async () => {
        const { session } = await signIn('city');
        for (const query of ['%', '_', '王%']) {
          expect((await call(session, 'POST', '/api/v1/staff/people/search', { query })).status, query).toBe(400);
        }
      });

      it('sends personal data with Cache-Control: no-store', async () => {
        const { session } = await signIn('city');
        const p = await personIn(null);
        expect((await call(session, 'GET', `/api/v1/staff/people/${p.id}`)).headers.get('cache-control')).toBe('no-store');
      });

      it('names a bad ID number instead of searching for it', async () => {
        const { session } = await signIn('city');
        const res = await call(session, 'POST', '/api/v1/staff/people/search', { query: '330106199001011230' });
        expect(res.status).toBe(400);
      });

      it("shows a person's records, permit history and points history with the breakdown", async () => {
        const { session } = await signIn('city');
        const p = await personIn(null);
        const res = await call(session, 'GET', `/api/v1/staff/people/${p.id}`);
        expect(res.status).toBe(200);
        const v = (await res.json()) as {
          person: { idNumber: string };
          permits: unknown[];
          current: { items: unknown[] };
          history: Array<{ asOf: string; policyVersion: string; items: Record<string, number>; total: number }>;
        };
        expect(v.person.idNumber).toMatch(/\*{8}/);
        expect(v.current.items).toHaveLength(14);
        expect(v.history).toHaveLength(1);
        expect(v.history[0]).toMatchObject({ asOf: '2026-11-01', policyVersion: 'hangzhou-2024' });
        const sum = Object.values(v.history[0]!.items).reduce((a, b) => a + b, 0);
        expect(v.history[0]!.total).toBe(Math.max(0, Math.round(sum * 100) / 100));
      });

      it('reveals the full ID number on request, and audits it', async () => {
        const { session } = await signIn('city');
        const p = await personIn(null);
        const res = await call(session, 'POST', `/api/v1/staff/people/${p.id}/reveal`, {});
        expect(((await res.json()) as { idNumber: string }).idNumber).toBe(p.idNumber);
        const events = await t.store.db.selectFrom('audit_event').selectAll().where('action', '=', 'person.reveal').execute();
        expect(events.some((e) => e.subject === `person:${p.id}`)).toBe(true);
      });

      it("keeps a district officer out of another district's people", async () => {
        const { session } = await signIn('xihu');
        const mine = await personIn('330106');
        const other = await personIn(null, '330106');
        expect((await call(session, 'GET', `/api/v1/staff/people/${mine.id}`)).status).toBe(200);
        expect((await call(session, 'GET', `/api/v1/staff/people/${other.id}`)).status).toBe(403);
        const res = await call(session, 'POST', '/api/v1/staff/people/search', { query: other.idNumber });
        expect(((await res.json()) as { people: unknown[] }).people).toEqual([]);
      });
    });
  });
}
