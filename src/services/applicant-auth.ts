/**
 * Applicant sign-in: ID number plus a one-time code sent by SMS to the phone on record. Only the
 * SHA-256 of a code is stored, for 5 minutes. An unknown ID number, or a person without a phone, gets
 * the same answer as a code sent — and the same rate limits and lock-out — but nothing is sent, so the
 * API does not tell who is on record. Limits: one code per ID number per 60 s and 5 per hour, 20 code
 * requests per client address per hour; 5 wrong codes burn the code and lock code sign-in for that ID
 * number for 15 minutes; more than 20 failed sign-ins from one client address in 15 minutes are refused
 * before the code is checked. Sessions are the staff ones' (`session` table, kind 'applicant').
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { maskIdNumber, maskName, parseIdNumber } from '../domain/id-number.ts';
import type { PeopleRepository } from '../storage/repositories/people.ts';
import type { SmsRepository } from '../storage/repositories/sms.ts';
import { AppError } from './errors.ts';
import type { SmsTransport } from './sms.ts';

export const CODE_MINUTES = 5;
export const CODE_INTERVAL_SECONDS = 60;
export const CODES_PER_HOUR = 5;
export const CLIENT_CODES_PER_HOUR = 20;
export const LOCK_AFTER = 5;
export const LOCK_MINUTES = 15;
export const CLIENT_FAILURE_LIMIT = 20;
export const SESSION_MINUTES = 120;

export interface ApplicantIdentity {
  id: number;
  /** Masked: the surname only. */
  name: string;
  /** Masked: region and last four. */
  idNumber: string;
}

export interface ApplicantAuthDeps {
  sms: SmsRepository;
  people: PeopleRepository;
  transport: SmsTransport;
  now: () => Date;
  /** Random bytes as base64url (a port, like AuthService's). */
  token?: () => string;
}

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');
const HOUR = 3600_000;

export const codeText = (code: string): string => `【杭州积分】验证码 ${code},${CODE_MINUTES}分钟内有效。如非本人操作请忽略。`;

function tooMany(waitMs: number): AppError {
  const s = Math.max(1, Math.ceil(waitMs / 1000));
  const zh = s >= 120 ? `${Math.ceil(s / 60)} 分钟` : `${s} 秒`;
  const en = s >= 120 ? `${Math.ceil(s / 60)} minutes` : `${s} seconds`;
  return new AppError('TOO_MANY_ATTEMPTS', { 'zh-CN': `请求过于频繁,请 ${zh}后再试`, en: `too many requests; try again in ${en}` });
}

function locked(until: string): AppError {
  const hhmm = new Date(new Date(until).getTime() + 8 * HOUR).toISOString().slice(11, 16);
  return new AppError('ACCOUNT_LOCKED', {
    'zh-CN': `验证码多次输入错误,短信登录已锁定,请于北京时间 ${hhmm} 后再试`,
    en: `code sign-in is locked after repeated wrong codes until ${hhmm} Beijing time`,
  });
}

const wrongCode = (): AppError => new AppError('INVALID_CREDENTIALS', { 'zh-CN': '验证码错误或已过期', en: 'wrong or expired code' });

function normalise(idNumber: string): string {
  const p = parseIdNumber(idNumber);
  if (!p.ok) {
    throw new AppError('INVALID_INPUT', { 'zh-CN': '身份证号码有误', en: 'the ID number is not valid' }, [{ path: 'idNumber', message: p.problem }]);
  }
  return p.info.idNumber;
}

export class ApplicantAuthService {
  private readonly token: () => string;
  constructor(private readonly d: ApplicantAuthDeps) {
    this.token = d.token ?? (() => randomBytes(32).toString('base64url'));
  }

  private async personOf(idNumber: string): Promise<{ id: number; name: string; idNumber: string; phone: string | null } | undefined> {
    const [p] = await this.d.people.search({ idNumber }, null, 1);
    return p?.id === undefined ? undefined : { id: p.id, name: p.name, idNumber: p.idNumber, phone: p.phone };
  }

  /**
   * Sends a code to the phone on record. The answer is the same whether or not anything was sent;
   * `phone` is always null, since a masked phone would tell that the ID number is on record.
   */
  async requestCode(idNumber: string, client: string): Promise<{ sent: true; phone: string | null }> {
    const id = normalise(idNumber);
    const key = sha256(id);
    const now = this.d.now();
    const at = now.toISOString();
    const hourAgo = new Date(now.getTime() - HOUR).toISOString();

    const byClient = await this.d.sms.requestTimesForClient(client, hourAgo);
    if (byClient.length >= CLIENT_CODES_PER_HOUR) throw tooMany(new Date(byClient[byClient.length - CLIENT_CODES_PER_HOUR]!).getTime() + HOUR - now.getTime());
    const until = await this.d.sms.lockedUntil(key);
    if (until && until > at) throw locked(until);
    const byKey = await this.d.sms.requestTimesForKey(key, hourAgo);
    const last = byKey[byKey.length - 1];
    if (last && new Date(last).getTime() + CODE_INTERVAL_SECONDS * 1000 > now.getTime()) {
      throw tooMany(new Date(last).getTime() + CODE_INTERVAL_SECONDS * 1000 - now.getTime());
    }
    if (byKey.length >= CODES_PER_HOUR) throw tooMany(new Date(byKey[byKey.length - CODES_PER_HOUR]!).getTime() + HOUR - now.getTime());

    const person = await this.personOf(id);
    const expiresAt = new Date(now.getTime() + CODE_MINUTES * 60_000).toISOString();
    if (!person || !person.phone) {
      await this.d.sms.addCodeRequest({ idKey: key, personId: null, codeSha256: null, client, expiresAt }, at);
      return { sent: true, phone: null };
    }
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    await this.d.sms.addCodeRequest({ idKey: key, personId: person.id, codeSha256: sha256(code), client, expiresAt }, at);
    await this.d.transport.send({ to: person.phone, text: codeText(code), kind: 'applicant.code' });
    return { sent: true, phone: null };
  }

  async verifyCode(idNumber: string, code: string, client: string): Promise<{ token: string; csrfToken: string; person: ApplicantIdentity; expiresAt: string }> {
    const id = normalise(idNumber);
    const key = sha256(id);
    const now = this.d.now();
    const at = now.toISOString();
    if ((await this.d.sms.failedAttemptsSince(client, new Date(now.getTime() - LOCK_MINUTES * 60_000).toISOString())) >= CLIENT_FAILURE_LIMIT) {
      throw tooMany(LOCK_MINUTES * 60_000);
    }
    const fail = async (err: AppError): Promise<never> => {
      await this.d.sms.recordAttempt(client, at, false);
      throw err;
    };
    const until = await this.d.sms.lockedUntil(key);
    if (until && until > at) return fail(locked(until));

    const active = await this.d.sms.activeCode(key, at);
    const given = Buffer.from(sha256(code), 'hex');
    const matches = active !== undefined && active.personId !== null && timingSafeEqual(given, Buffer.from(active.codeSha256, 'hex'));
    if (!matches || !(await this.d.sms.useCode(active.id, at))) {
      const lockUntil = new Date(now.getTime() + LOCK_MINUTES * 60_000).toISOString();
      if (await this.d.sms.recordWrongCode(key, LOCK_AFTER, lockUntil, at)) {
        const person = await this.personOf(id);
        if (person) await this.d.sms.audit(at, 'applicant', 'applicant.locked', `person:${person.id}`, { until: lockUntil });
        return fail(locked(lockUntil));
      }
      return fail(wrongCode());
    }
    const person = await this.personOf(id);
    if (!person || person.id !== active.personId) return fail(wrongCode());
    await this.d.sms.clearWrongCodes(key);
    await this.d.sms.recordAttempt(client, at, true);
    const token = this.token();
    const csrfToken = this.token();
    const expiresAt = new Date(now.getTime() + SESSION_MINUTES * 60_000).toISOString();
    await this.d.sms.createSession(sha256(token), { kind: 'applicant', subjectId: person.id, csrfToken, expiresAt }, at);
    await this.d.sms.audit(at, `person:${person.id}`, 'applicant.signIn', `person:${person.id}`, {});
    return { token, csrfToken, person: identity(person), expiresAt };
  }

  /** The signed-in applicant of a session token, or undefined. */
  async session(token: string | undefined): Promise<{ person: ApplicantIdentity; csrfToken: string } | undefined> {
    if (!token) return undefined;
    const s = await this.d.sms.session(sha256(token));
    if (!s || s.expiresAt <= this.d.now().toISOString()) return undefined;
    const [p] = await this.d.people.byIds([s.subjectId]);
    if (p?.id === undefined) return undefined;
    return { person: identity({ id: p.id, name: p.name, idNumber: p.idNumber }), csrfToken: s.csrfToken };
  }

  async signOut(token: string, person: ApplicantIdentity): Promise<void> {
    await this.d.sms.deleteSession(sha256(token));
    await this.d.sms.audit(this.d.now().toISOString(), `person:${person.id}`, 'applicant.signOut', `person:${person.id}`, {});
  }
}

function identity(p: { id: number; name: string; idNumber: string }): ApplicantIdentity {
  return { id: p.id, name: maskName(p.name), idNumber: maskIdNumber(p.idNumber) };
}
