/**
 * Staff sign-in: password (argon2id) and role; a session is a random token in an http-only cookie with
 * a CSRF token the pages echo in a header. Five wrong passwords lock an account for 15 minutes; more
 * than twenty failures from one client address in 15 minutes are refused before the password is
 * checked. Every sign-in and sign-out is audited.
 */
import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
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

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');
const identity = (u: StaffUser): StaffIdentity => ({ id: u.id, username: u.username, displayName: u.displayName, role: u.role, district: u.district });

export const hashPassword = (password: string): Promise<string> => hash(password);

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
    const now = this.d.now();
    const since = new Date(now.getTime() - LOCK_MINUTES * 60_000).toISOString();
    if ((await this.d.staff.failedAttemptsSince(client, since)) >= CLIENT_LIMIT) {
      throw new AppError('TOO_MANY_ATTEMPTS', { 'zh-CN': '登录尝试过多,请 15 分钟后再试', en: 'too many sign-in attempts; try again in 15 minutes' });
    }
    const user = await this.d.staff.byUsername(username);
    const fail = async (): Promise<never> => {
      await this.d.staff.recordAttempt(client, now.toISOString(), false);
      throw new AppError('INVALID_CREDENTIALS', { 'zh-CN': '用户名或密码错误', en: 'wrong user name or password' });
    };
    if (!user || user.disabled) {
      // Spend the time of a real check so that unknown names cannot be told apart by timing.
      await verify('$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0W1gCT+z7ckMIlWUcn/ZGmzJE2cxjFbmPmP9SfR9Vh8', password).catch(() => false);
      return fail();
    }
    const locked = async (until: string): Promise<never> => {
      await this.d.staff.recordAttempt(client, now.toISOString(), false);
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
      if (await this.d.staff.recordFailure(user.id, LOCK_AFTER, until)) return locked(until);
      return fail();
    }
    await this.d.staff.clearFailures(user.id);
    await this.d.staff.recordAttempt(client, now.toISOString(), true);
    const token = this.token();
    const csrfToken = this.token();
    const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3600_000).toISOString();
    await this.d.staff.createSession(sha256(token), { kind: 'staff', subjectId: user.id, csrfToken, expiresAt }, now.toISOString());
    await this.d.staff.audit(now.toISOString(), `staff:${user.id}`, 'staff.signIn', `staff:${user.id}`, {});
    return { token, csrfToken, user: identity(user), expiresAt };
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
