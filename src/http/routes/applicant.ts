/**
 * Applicant sign-in by ID number and SMS code. The session token travels only in an http-only,
 * SameSite=Strict cookie; signing out (and anything else that changes something) must echo the
 * session's CSRF token in `X-CSRF-Token`. Personal data only in bodies, never in URLs; nothing cached.
 */
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import type { ApplicantAuthService, ApplicantIdentity } from '../../services/applicant-auth.ts';
import { AppError } from '../../services/errors.ts';
import type { PeopleService } from '../../services/people.ts';
import { requestLocale } from '../locale.ts';
import { body, client, secureCookie } from './staff.ts';

export const APPLICANT_COOKIE = 'jifen_applicant';

const codeSchema = z.strictObject({ idNumber: z.string().min(1).max(32) });
const sessionSchema = z.strictObject({ idNumber: z.string().min(1).max(32), code: z.string().regex(/^\d{6}$/) });

export interface ApplicantRouteDeps {
  applicantAuth: ApplicantAuthService;
  people: PeopleService;
}

const unauthenticated = (): AppError => new AppError('UNAUTHENTICATED', { 'zh-CN': '请先登录', en: 'please sign in' });

/** The signed-in applicant; for anything but GET, also checks the CSRF token. */
export async function requireApplicant(c: Context, auth: ApplicantAuthService): Promise<ApplicantIdentity> {
  const s = await auth.session(getCookie(c, APPLICANT_COOKIE));
  if (!s) throw unauthenticated();
  if (c.req.method !== 'GET' && c.req.header('x-csrf-token') !== s.csrfToken) {
    throw new AppError('CSRF', { 'zh-CN': '页面已过期,请刷新后重试', en: 'the page has expired; reload it and try again' });
  }
  return s.person;
}

/** Mounted at /api/v1/applicant. */
export function applicantRoutes(d: ApplicantRouteDeps): Hono {
  const r = new Hono();
  r.use('*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });

  r.post('/code', async (c) => {
    const { idNumber } = await body(c, codeSchema);
    return c.json(await d.applicantAuth.requestCode(idNumber, client(c)), 202);
  });

  r.post('/session', async (c) => {
    const { idNumber, code } = await body(c, sessionSchema);
    const s = await d.applicantAuth.verifyCode(idNumber, code, client(c));
    setCookie(c, APPLICANT_COOKIE, s.token, { httpOnly: true, secure: secureCookie(c), sameSite: 'Strict', path: '/', expires: new Date(s.expiresAt) });
    return c.json({ person: s.person, csrfToken: s.csrfToken });
  });

  r.get('/session', async (c) => {
    const s = await d.applicantAuth.session(getCookie(c, APPLICANT_COOKIE));
    if (!s) throw unauthenticated();
    return c.json({ person: s.person, csrfToken: s.csrfToken });
  });

  // The source systems' records of the signed-in person and today's points from them, to confirm
  // before applying.
  r.get('/records', async (c) => {
    const person = await requireApplicant(c, d.applicantAuth);
    return c.json(await d.people.ownRecords(person.id, requestLocale(c)));
  });

  r.delete('/session', async (c) => {
    const person = await requireApplicant(c, d.applicantAuth);
    await d.applicantAuth.signOut(getCookie(c, APPLICANT_COOKIE)!, person);
    deleteCookie(c, APPLICANT_COOKIE, { path: '/', secure: secureCookie(c) });
    return c.body(null, 204);
  });

  return r;
}
