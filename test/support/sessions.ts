/**
 * Signed-in HTTP calls for in-process tests: staff by username and password, applicants by ID number
 * and the SMS code from the outbox (people of test/support/people.ts). Each sign-in is made once and
 * reused, because codes may not be re-sent at once.
 */
import { expect } from 'vitest';
import { SmsRepository } from '../../src/storage/repositories/sms.ts';
import type { TestApp } from './app.ts';
import { testIdNumber, testPhone } from './people.ts';

export interface Session {
  cookie: string;
  csrf: string;
}

export interface CallOptions {
  body?: unknown;
  session?: Session;
  /** false: leave out the CSRF token. */
  csrf?: boolean;
  lang?: string;
}

const CODE = /验证码 (\d{6})/;

/** The connection the node server would give (for the per-address sign-in limits). */
export const TEST_ENV = { incoming: { socket: { remoteAddress: '10.0.0.7', remoteFamily: 'IPv4' } } };

/** The headers of a signed-in request: its cookie, its CSRF token unless left out, its language. */
export function sessionHeaders(o: { session?: Session; csrf?: boolean; lang?: string }): Record<string, string> {
  const headers: Record<string, string> = {};
  if (o.session) headers.cookie = o.session.cookie;
  if (o.session && o.csrf !== false) headers['x-csrf-token'] = o.session.csrf;
  if (o.lang) headers['accept-language'] = o.lang;
  return headers;
}

/** A multipart upload of one file (field `file`) with its other fields, signed in. */
export function uploadFile(
  t: TestApp,
  url: string,
  session: Session,
  file: { bytes: Uint8Array; name: string },
  fields: Record<string, string>,
  o: { csrf?: boolean; lang?: string } = {},
): Promise<Response> {
  const form = new FormData();
  form.append('file', new File([new Uint8Array(file.bytes)], file.name, { type: 'application/octet-stream' }));
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return Promise.resolve(t.app.request(url, { method: 'POST', headers: sessionHeaders({ session, ...o }), body: form }, TEST_ENV));
}

export interface Sessions {
  /** A JSON request, signed in when `o.session` is given. */
  call: (method: string, url: string, o?: CallOptions) => Promise<Response>;
  staff: (username: string) => Promise<Session>;
  /** Person `seq` of test/support/people.ts, signed in with the code texted to `testPhone(seq)`. */
  applicant: (seq: number) => Promise<Session>;
}

export function sessions(t: TestApp, password: string): Sessions {
  const call = async (method: string, url: string, o: CallOptions = {}): Promise<Response> => {
    const headers = { 'content-type': 'application/json', ...sessionHeaders(o) };
    return t.app.request(url, { method, headers, ...(o.body === undefined ? {} : { body: JSON.stringify(o.body) }) }, TEST_ENV);
  };
  const session = async (res: Response): Promise<Session> => {
    expect(res.status).toBe(200);
    return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
  };
  const known = new Map<string, Session>();
  const once = async (key: string, signIn: () => Promise<Session>): Promise<Session> => {
    const s = known.get(key) ?? (await signIn());
    known.set(key, s);
    return s;
  };
  const sms = new SmsRepository(t.store.db);
  return {
    call,
    staff: (username) => once(`staff:${username}`, async () => session(await call('POST', '/api/v1/staff/session', { body: { username, password } }))),
    applicant: (seq) =>
      once(`person:${seq}`, async () => {
        const idNumber = testIdNumber(seq);
        expect((await call('POST', '/api/v1/applicant/code', { body: { idNumber } })).status).toBe(202);
        const m = (await sms.latest(100)).find((x) => x.to === testPhone(seq))!;
        return session(await call('POST', '/api/v1/applicant/session', { body: { idNumber, code: CODE.exec(m.text)![1]! } }));
      }),
  };
}
