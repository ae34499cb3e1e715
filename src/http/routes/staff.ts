/**
 * Staff sign-in and person lookup. The session token travels only in an http-only, SameSite=Strict
 * cookie; every request that changes something must echo the session's CSRF token in
 * `X-CSRF-Token`. Personal data is sent only in bodies, never in URLs.
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { validate } from '../../rules/facts.ts';
import type { AuthService, StaffIdentity } from '../../services/auth.ts';
import { AppError, invalidInput } from '../../services/errors.ts';
import type { PeopleService } from '../../services/people.ts';
import { requestLocale } from '../locale.ts';

export const STAFF_COOKIE = 'jifen_staff';

const signInSchema = z.strictObject({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) });
const searchSchema = z.strictObject({ query: z.string().max(64) });

export interface StaffRouteDeps {
  auth: AuthService;
  people: PeopleService;
}

export function client(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export async function body<T>(c: Context, schema: z.ZodType<T>): Promise<T> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw new AppError('INVALID_JSON', { 'zh-CN': '请求体不是合法的 JSON', en: 'the request body is not valid JSON' });
  }
  const v = validate(schema, raw, requestLocale(c));
  if (!v.ok) throw invalidInput(v.errors);
  return v.value;
}

/**
 * Secure cookies over HTTPS, and on loopback addresses where browsers accept them over plain HTTP;
 * a deployment reached over plain HTTP elsewhere would otherwise never keep its session (it should
 * sit behind TLS — docs/operations.md).
 */
export function secureCookie(c: Context): boolean {
  const u = new URL(c.req.url);
  const forwarded = c.req.header('x-forwarded-proto');
  return u.protocol === 'https:' || forwarded === 'https' || ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
}

const unauthenticated = (): AppError => new AppError('UNAUTHENTICATED', { 'zh-CN': '请先登录', en: 'please sign in' });

/** The signed-in staff member; for anything but GET, also checks the CSRF token. */
export async function requireStaff(c: Context, auth: AuthService): Promise<StaffIdentity> {
  return requireUser(c, STAFF_COOKIE, auth);
}

/** A password sign-in service of any kind of account (staff, employer). */
export interface PasswordSessions<U> {
  signIn(username: string, password: string, client: string): Promise<{ token: string; csrfToken: string; user: U; expiresAt: string }>;
  session(token: string | undefined): Promise<{ user: U; csrfToken: string } | undefined>;
  signOut(token: string, user: U): Promise<void>;
}

/** The signed-in user of the session in `cookie`; for anything but GET, also checks the CSRF token. */
export async function requireUser<U>(c: Context, cookie: string, auth: PasswordSessions<U>): Promise<U> {
  const s = await auth.session(getCookie(c, cookie));
  if (!s) throw unauthenticated();
  if (c.req.method !== 'GET' && c.req.header('x-csrf-token') !== s.csrfToken) {
    throw new AppError('CSRF', { 'zh-CN': '页面已过期,请刷新后重试', en: 'the page has expired; reload it and try again' });
  }
  return s.user;
}

/**
 * POST /session (username, password → the cookie and the CSRF token), GET /session and
 * DELETE /session, for a password sign-in whose token travels in `cookie` (http-only, SameSite=Strict).
 */
export function passwordSessionRoutes<U>(r: Hono, cookie: string, auth: PasswordSessions<U>): void {
  r.post('/session', async (c) => {
    const { username, password } = await body(c, signInSchema);
    const s = await auth.signIn(username, password, client(c));
    setCookie(c, cookie, s.token, { httpOnly: true, secure: secureCookie(c), sameSite: 'Strict', path: '/', expires: new Date(s.expiresAt) });
    return c.json({ user: s.user, csrfToken: s.csrfToken });
  });

  r.get('/session', async (c) => {
    const s = await auth.session(getCookie(c, cookie));
    if (!s) throw unauthenticated();
    return c.json({ user: s.user, csrfToken: s.csrfToken });
  });

  r.delete('/session', async (c) => {
    const user = await requireUser(c, cookie, auth);
    await auth.signOut(getCookie(c, cookie)!, user);
    deleteCookie(c, cookie, { path: '/', secure: secureCookie(c) });
    return c.body(null, 204);
  });
}

function personId(c: Context): number {
  const id = Number(c.req.param('id'));
  if (!Number.isInteger(id) || id < 1) throw new AppError('NOT_FOUND', { 'zh-CN': '没有找到此人', en: 'no such person' });
  return id;
}

export function staffRoutes(d: StaffRouteDeps): Hono {
  const r = new Hono();
  // Personal data: never kept in a browser or proxy cache.
  r.use('*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });

  passwordSessionRoutes(r, STAFF_COOKIE, d.auth);

  r.post('/people/search', async (c) => {
    const user = await requireStaff(c, d.auth);
    const { query } = await body(c, searchSchema);
    return c.json(await d.people.search(user, query));
  });

  r.get('/people/:id', async (c) => {
    const user = await requireStaff(c, d.auth);
    return c.json(await d.people.view(user, personId(c), requestLocale(c)));
  });

  r.post('/people/:id/reveal', async (c) => {
    const user = await requireStaff(c, d.auth);
    return c.json(await d.people.reveal(user, personId(c)));
  });

  return r;
}
