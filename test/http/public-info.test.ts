/** The public windows and hotlines over in-process HTTP on every adapter: public read, admin-only edits, field errors, audit. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthService } from '../../src/services/auth.ts';
import { StaffRepository } from '../../src/storage/repositories/staff.ts';
import { testApp, type TestApp } from '../support/app.ts';
import { adapters } from '../support/stores.ts';

const PASSWORD = 'correct horse battery';

interface Session {
  cookie: string;
  csrf: string;
}

const WINDOW = { district: '330106', name: '西湖区受理窗口', address: '示例地址', phone: '0571-87654321', hours: '工作日 9:00–17:00', note: '示例数据' };

for (const adapter of adapters()) {
  describe(`public windows and hotlines over HTTP on ${adapter.name}`, () => {
    let t: TestApp;
    let admin: Session;
    let city: Session;

    async function call(method: string, url: string, o: { body?: unknown; session?: Session; csrf?: boolean; lang?: string } = {}): Promise<Response> {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (o.session) headers.cookie = o.session.cookie;
      if (o.session && o.csrf !== false) headers['x-csrf-token'] = o.session.csrf;
      if (o.lang) headers['accept-language'] = o.lang;
      const env = { incoming: { socket: { remoteAddress: '10.0.0.8', remoteFamily: 'IPv4' } } };
      return t.app.request(url, { method, headers, ...(o.body === undefined ? {} : { body: JSON.stringify(o.body) }) }, env);
    }
    async function signIn(username: string): Promise<Session> {
      const res = await call('POST', '/api/v1/staff/session', { body: { username, password: PASSWORD } });
      expect(res.status).toBe(200);
      return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
    }
    async function auditActions(): Promise<Array<{ action: string; subject: string; actor: string }>> {
      return t.store.db.selectFrom('audit_event').select(['action', 'subject', 'actor']).where('action', 'like', 'public_info.%').orderBy('id').execute();
    }

    beforeAll(async () => {
      t = await testApp(new Date('2026-12-01T02:00:00Z'), await adapter.open());
      const auth = new AuthService({ staff: new StaffRepository(t.store.db), now: () => new Date('2026-12-01T02:00:00Z') });
      await auth.createStaff({ username: 'admin', displayName: '管理员', password: PASSWORD, role: 'admin', district: null });
      await auth.createStaff({ username: 'city', displayName: '市办', password: PASSWORD, role: 'city', district: null });
      admin = await signIn('admin');
      city = await signIn('city');
    });
    afterAll(async () => {
      await t.close();
      await adapter.cleanup();
    });

    it('an admin adds a window and a hotline; anyone reads them, cacheable for five minutes, with the district named', async () => {
      const created = await call('POST', '/api/v1/staff/windows', { session: admin, body: WINDOW });
      expect(created.status).toBe(201);
      const w = (await created.json()) as { id: number };
      expect((await call('POST', '/api/v1/staff/hotlines', { session: admin, body: { name: '杭州市民服务热线', phone: '12345', hours: '全天' } })).status).toBe(201);

      const res = await call('GET', '/api/v1/public/windows');
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('public, max-age=300');
      const body = (await res.json()) as { windows: Array<Record<string, unknown>>; hotlines: Array<Record<string, unknown>> };
      expect(body.windows).toEqual([{ id: w.id, ...WINDOW, districtName: '西湖区' }]);
      expect(body.hotlines).toEqual([{ id: expect.any(Number), name: '杭州市民服务热线', phone: '12345', hours: '全天' }]);
      // Who edited it is not public.
      expect(JSON.stringify(body)).not.toContain('staff:');

      // Staff read the same lists uncached, with who changed each row; the public does not get in.
      const forStaff = await call('GET', '/api/v1/staff/windows', { session: city });
      expect(forStaff.status).toBe(200);
      expect(forStaff.headers.get('cache-control')).toBe('no-store');
      const staffBody = (await forStaff.json()) as { windows: Array<Record<string, unknown>> };
      expect(staffBody.windows).toEqual([{ id: w.id, ...WINDOW, districtName: '西湖区', updatedBy: expect.stringMatching(/^staff:\d+$/), updatedAt: '2026-12-01T02:00:00.000Z' }]);
      expect((await call('GET', '/api/v1/staff/windows')).status).toBe(401);

      const events = await auditActions();
      expect(events.map((e) => e.action)).toEqual(['public_info.window.create', 'public_info.hotline.create']);
      expect(events[0]).toMatchObject({ subject: `window:${w.id}`, actor: expect.stringMatching(/^staff:\d+$/) });
    });

    it('refuses a bad phone number with 400 naming the field, and writes nothing', async () => {
      const before = (await auditActions()).length;
      const res = await call('POST', '/api/v1/staff/windows', { session: admin, body: { ...WINDOW, phone: '87654321' }, lang: 'en' });
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: { code: string; fields: Array<{ path: string; message: string }> } };
      expect(body.error.code).toBe('INVALID_INPUT');
      expect(body.error.fields).toEqual([{ path: 'phone', message: expect.stringContaining('0571-87654321') }]);
      const bad = await call('PUT', '/api/v1/staff/hotlines/1', { session: admin, body: { name: 'x', phone: '0571 8765', hours: 'x' } });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: { fields: Array<{ path: string }> } }).error.fields.map((f) => f.path)).toEqual(['phone']);
      // A county (桐庐县) is not an urban district; every bad field is listed at once.
      const county = await call('POST', '/api/v1/staff/windows', { session: admin, body: { ...WINDOW, district: '330122', phone: '' } });
      expect(county.status).toBe(400);
      expect(((await county.json()) as { error: { fields: Array<{ path: string }> } }).error.fields.map((f) => f.path).sort()).toEqual(['district', 'phone']);
      expect((await auditActions()).length).toBe(before);
    });

    it('refuses non-admins with 403, and anyone without the CSRF token', async () => {
      expect((await call('POST', '/api/v1/staff/windows', { session: city, body: WINDOW })).status).toBe(403);
      expect((await call('DELETE', '/api/v1/staff/hotlines/1', { session: city })).status).toBe(403);
      expect((await call('POST', '/api/v1/staff/windows', { body: WINDOW })).status).toBe(401);
      const csrf = await call('POST', '/api/v1/staff/windows', { session: admin, csrf: false, body: WINDOW });
      expect(csrf.status).toBe(403);
      expect(((await csrf.json()) as { error: { code: string } }).error.code).toBe('CSRF');
    });

    it('an admin changes and deletes a window, each change audited with what it was', async () => {
      const list = (await (await call('GET', '/api/v1/public/windows')).json()) as { windows: Array<{ id: number }> };
      const id = list.windows[0]!.id;
      const put = await call('PUT', `/api/v1/staff/windows/${id}`, { session: admin, body: { ...WINDOW, phone: '0571-12345678' } });
      expect(put.status).toBe(200);
      expect(((await put.json()) as { phone: string }).phone).toBe('0571-12345678');
      const [event] = await t.store.db.selectFrom('audit_event').select('detail').where('action', '=', 'public_info.window.update').execute();
      expect(JSON.parse(event!.detail)).toMatchObject({ before: { phone: '0571-87654321' }, after: { phone: '0571-12345678' } });

      expect((await call('DELETE', `/api/v1/staff/windows/${id}`, { session: admin })).status).toBe(204);
      expect((await call('DELETE', `/api/v1/staff/windows/${id}`, { session: admin })).status).toBe(404);
      expect((await call('PUT', `/api/v1/staff/windows/${id}`, { session: admin, body: WINDOW })).status).toBe(404);
      const after = (await (await call('GET', '/api/v1/public/windows')).json()) as { windows: unknown[] };
      expect(after.windows).toEqual([]);
      expect((await auditActions()).map((e) => e.action).slice(-2)).toEqual(['public_info.window.update', 'public_info.window.delete']);
    });
  });
}
