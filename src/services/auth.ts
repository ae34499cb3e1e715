/**
 * Staff sign-in: password (argon2id) and role; a session is a random token in an http-only cookie with
 * a CSRF token the pages echo in a header. Five wrong passwords lock an account for 15 minutes; more
 * than twenty failures from one client address in 15 minutes are refused before the password is
 * checked. Every sign-in and sign-out is audited.
 */
import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { SessionOf } from '../storage/repositories/sessions.ts';
import type { StaffRepository, StaffRole, StaffUser } from '../storage/repositories/staff.ts';
import { AppError } from './errors.ts';

export const SESSION_HOURS = 8;
export const LOCK_AFTER = 5;
export const LOCK_MINUTES = 15;
export const CLIENT_LIMIT = 20;

export interface StaffIdentity {
  id: number;
  username: string;
  displayName: string;
  role: StaffRole;
  district: string | null;
}

export interface AuthDeps {
  staff: StaffRepository;
  now: () => Date;
  /** Random bytes as base64url (a port, so tests can make tokens predictable if they need to). */
  token?: () => string;
}

export const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');
const identity = (u: StaffUser): StaffIdentity => ({ id: u.id, username: u.username, displayName: u.displayName, role: u.role, district: u.district });

export const hashPassword = (password: string): Promise<string> => hash(password);

/** An account that signs in with a password (staff, employer). */
export interface PasswordAccount {
  id: number;
  passwordHash: string;
  lockedUntil: string | null;
  disabled: boolean;
}

/** The storage a password sign-in needs (PasswordAccountRepository and its subclasses). */
export interface PasswordAccounts<A extends PasswordAccount, K extends string> {
  byUsername(username: string): Promise<A | undefined>;
  failedAttemptsSince(client: string, since: string): Promise<number>;
  recordAttempt(client: string, at: string, ok: boolean): Promise<void>;
  recordFailure(id: number, limit: number, lockUntil: string): Promise<boolean>;
  clearFailures(id: number): Promise<void>;
  createSession(tokenSha256: string, s: SessionOf<K>, at: string): Promise<void>;
  audit(at: string, actor: string, action: string, subject: string, detail: Record<string, unknown>): Promise<void>;
}

/**
 * Password sign-in with its limits, for any kind of account: more than CLIENT_LIMIT failures from a
 * client address in LOCK_MINUTES are refused before the password is checked; LOCK_AFTER wrong
 * passwords lock the account for LOCK_MINUTES; unknown names spend the time of a real check. A
 * session of `kind` is created and the sign-in audited as `<kind>.signIn`.
 */
export async function passwordSignIn<A extends PasswordAccount, K extends string>(
  store: PasswordAccounts<A, K>,
  o: { kind: K; subject: (id: number) => string; username: string; password: string; client: string; now: Date; token: () => string; sessionHours: number },
): Promise<{ token: string; csrfToken: string; account: A; expiresAt: string }> {
  const { now, client, password } = o;
  const since = new Date(now.getTime() - LOCK_MINUTES * 60_000).toISOString();
  if ((await store.failedAttemptsSince(client, since)) >= CLIENT_LIMIT) {
    throw new AppError('TOO_MANY_ATTEMPTS', { 'zh-CN': '登录尝试过多,请 15 分钟后再试', en: 'too many sign-in attempts; try again in 15 minutes' });
  }
  const user = await store.byUsername(o.username);
  const fail = async (): Promise<never> => {
    await store.recordAttempt(client, now.toISOString(), false);
    throw new AppError('INVALID_CREDENTIALS', { 'zh-CN': '用户名或密码错误', en: 'wrong user name or password' });
  };
  if (!user || user.disabled) {
    // Spend the time of a real check so that unknown names cannot be told apart by timing.
    await verify('$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0W1gCT+z7ckMIlWUcn/ZGmzJE2cxjFbmPmP9SfR9Vh8', password).catch(() => false);
    return fail();
  }
  const locked = async (until: string): Promise<never> => {
    await store.recordAttempt(client, now.toISOString(), false);
    // Shown in Beijing time, as officers read clocks.
    const hhmm = new Date(new Date(until).getTime() + 8 * 3600_000).toISOString().slice(11, 16);
    throw new AppError('ACCOUNT_LOCKED', {
      'zh-CN': `账号因多次密码错误已锁定,请于北京时间 ${hhmm} 后再试`,
      en: `the account is locked after repeated wrong passwords until ${hhmm} Beijing time`,
    });
  };
  if (user.lockedUntil && user.lockedUntil > now.toISOString()) return locked(user.lockedUntil);
  if (!(await verify(user.passwordHash, password))) {
    const until = new Date(now.getTime() + LOCK_MINUTES * 60_000).toISOString();
    if (await store.recordFailure(user.id, LOCK_AFTER, until)) return locked(until);
    return fail();
  }
  await store.clearFailures(user.id);
  await store.recordAttempt(client, now.toISOString(), true);
  const token = o.token();
  const csrfToken = o.token();
  const expiresAt = new Date(now.getTime() + o.sessionHours * 3600_000).toISOString();
  await store.createSession(sha256(token), { kind: o.kind, subjectId: user.id, csrfToken, expiresAt }, now.toISOString());
  await store.audit(now.toISOString(), o.subject(user.id), `${o.kind}.signIn`, o.subject(user.id), {});
  return { token, csrfToken, account: user, expiresAt };
}

export class AuthService {
  private readonly token: () => string;
  constructor(private readonly d: AuthDeps) {
    this.token = d.token ?? (() => randomBytes(32).toString('base64url'));
  }

  async createStaff(input: { username: string; displayName: string; password: string; role: StaffRole; district: string | null }): Promise<number> {
    if (input.password.length < 10) {
      throw new AppError('INVALID_INPUT', { 'zh-CN': '密码至少 10 位', en: 'the password needs at least 10 characters' }, [{ path: 'password', message: 'min 10' }]);
    }
    if ((input.role === 'clerk' || input.role === 'district') && !input.district) {
      throw new AppError('INVALID_INPUT', { 'zh-CN': '窗口和区级工作人员须属于一个区', en: 'clerks and district officers belong to one district' }, [
        { path: 'district', message: 'required' },
      ]);
    }
    return this.d.staff.create({ ...input, passwordHash: await hashPassword(input.password) }, this.d.now().toISOString());
  }

  /** Sets a new password, unlocks the account and ends its sessions; audited. */
  async resetPassword(username: string, password: string, actor: string): Promise<void> {
    const user = await this.d.staff.byUsername(username);
    if (!user) throw new AppError('NOT_FOUND', { 'zh-CN': `没有用户 ${username}`, en: `no user ${username}` });
    if (password.length < 10) {
      throw new AppError('INVALID_INPUT', { 'zh-CN': '密码至少 10 位', en: 'the password needs at least 10 characters' }, [{ path: 'password', message: 'min 10' }]);
    }
    await this.d.staff.setPassword(user.id, await hashPassword(password));
    await this.d.staff.deleteSessionsOf(user.id);
    await this.d.staff.audit(this.d.now().toISOString(), actor, 'staff.resetPassword', `staff:${user.id}`, {});
  }

  async signIn(username: string, password: string, client: string): Promise<{ token: string; csrfToken: string; user: StaffIdentity; expiresAt: string }> {
    const s = await passwordSignIn(this.d.staff, {
      kind: 'staff',
      subject: (id) => `staff:${id}`,
      username,
      password,
      client,
      now: this.d.now(),
      token: this.token,
      sessionHours: SESSION_HOURS,
    });
    return { token: s.token, csrfToken: s.csrfToken, user: identity(s.account), expiresAt: s.expiresAt };
  }

  /** The signed-in staff member of a session token, or undefined. */
  async session(token: string | undefined): Promise<{ user: StaffIdentity; csrfToken: string } | undefined> {
    if (!token) return undefined;
    const s = await this.d.staff.session(sha256(token));
    if (!s || s.expiresAt <= this.d.now().toISOString()) return undefined;
    const user = await this.d.staff.byId(s.subjectId);
    if (!user || user.disabled) return undefined;
    return { user: identity(user), csrfToken: s.csrfToken };
  }

  async signOut(token: string, user: StaffIdentity): Promise<void> {
    await this.d.staff.deleteSession(sha256(token));
    await this.d.staff.audit(this.d.now().toISOString(), `staff:${user.id}`, 'staff.signOut', `staff:${user.id}`, {});
  }
}
