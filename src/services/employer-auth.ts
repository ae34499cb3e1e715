/**
 * Employer accounts (用人单位): an organisation identified by its unified social credit code, and the
 * HR officers' accounts that sign in for it with a password. Sign-in is the staff one
 * (`passwordSignIn`: lock-out after LOCK_AFTER wrong passwords, a limit per client address, argon2id,
 * audited); the session is a random token in the `jifen_employer` cookie, kind 'employer' in the
 * shared `session` table. An account sees only the people who authorised its organisation
 * (src/services/authorisations.ts).
 */
import { randomBytes } from 'node:crypto';
import { parseCreditCode } from '../domain/credit-code.ts';
import { maskIdNumber, parseIdNumber } from '../domain/id-number.ts';
import type { FieldError } from '../rules/index.ts';
import type { OrganisationAccount, OrganisationRepository } from '../storage/repositories/organisations.ts';
import { hashPassword, passwordSignIn, sha256 } from './auth.ts';
import { AppError, invalidInput } from './errors.ts';

/** An HR officer's working day; shorter than nothing, longer than needed is a risk. */
export const EMPLOYER_SESSION_HOURS = 8;

export interface EmployerIdentity {
  accountId: number;
  organisationId: number;
  organisationName: string;
  username: string;
  displayName: string;
  /** Masked. */
  agentIdNumber: string;
}

export interface EmployerAuthDeps {
  organisations: OrganisationRepository;
  now: () => Date;
  token?: () => string;
}

export interface NewOrganisationInput {
  name: string;
  creditCode: string;
  district: string;
  username: string;
  displayName: string;
  password: string;
  agentIdNumber: string;
}

const subject = (id: number): string => `employer:${id}`;

export class EmployerAuthService {
  private readonly token: () => string;
  constructor(private readonly d: EmployerAuthDeps) {
    this.token = d.token ?? (() => randomBytes(32).toString('base64url'));
  }

  private async identity(a: OrganisationAccount): Promise<EmployerIdentity | undefined> {
    const org = await this.d.organisations.byId(a.organisationId);
    if (!org) return undefined;
    return {
      accountId: a.id,
      organisationId: org.id,
      organisationName: org.name,
      username: a.username,
      displayName: a.displayName,
      agentIdNumber: maskIdNumber(a.agentIdNumber),
    };
  }

  /** The full account of a signed-in officer (its agent ID number unmasked), for filing. */
  async account(identity: EmployerIdentity): Promise<OrganisationAccount> {
    const a = await this.d.organisations.accountById(identity.accountId);
    if (!a || a.disabled) throw new AppError('UNAUTHENTICATED', { 'zh-CN': '请先登录', en: 'please sign in' });
    return a;
  }

  /** An organisation with its first account; every field is checked and every problem listed. */
  async createOrganisation(input: NewOrganisationInput, actor: string): Promise<{ organisationId: number; accountId: number }> {
    const fields: FieldError[] = [];
    const name = input.name.trim();
    if (name === '' || name.length > 128) fields.push({ path: 'name', message: 'required, at most 128 characters' });
    const code = parseCreditCode(input.creditCode);
    if (!code.ok) fields.push({ path: 'creditCode', message: code.problem === 'format' ? 'must be 18 characters of a unified social credit code' : 'the check character does not match' });
    if (!/^\d{6}$/.test(input.district)) fields.push({ path: 'district', message: 'must be a 6-digit district code' });
    const username = input.username.trim();
    if (!/^[A-Za-z0-9._-]{2,64}$/.test(username)) fields.push({ path: 'username', message: '2–64 letters, digits, . _ -' });
    if (input.displayName.trim() === '') fields.push({ path: 'displayName', message: 'required' });
    if (input.password.length < 10) fields.push({ path: 'password', message: 'min 10' });
    const agent = parseIdNumber(input.agentIdNumber);
    if (!agent.ok) fields.push({ path: 'agentIdNumber', message: `not a valid ID number (${agent.problem})` });
    if (fields.length > 0 || !code.ok || !agent.ok) throw invalidInput(fields);
    if ((await this.d.organisations.idByCreditCode(code.code)) !== undefined) {
      throw new AppError('CONFLICT', { 'zh-CN': `统一社会信用代码 ${code.code} 的单位已登记`, en: `an organisation with credit code ${code.code} exists already` }, [
        { path: 'creditCode', message: 'taken' },
      ]);
    }
    if (await this.d.organisations.usernameTaken(username)) {
      throw new AppError('CONFLICT', { 'zh-CN': `用户名 ${username} 已被使用`, en: `the user name ${username} is taken` }, [{ path: 'username', message: 'taken' }]);
    }
    const at = this.d.now().toISOString();
    return this.d.organisations.create(
      { name, creditCode: code.code, district: input.district },
      { username, displayName: input.displayName.trim(), passwordHash: await hashPassword(input.password), agentIdNumber: agent.info.idNumber },
      at,
      (ids) => ({
        at,
        actor,
        action: 'organisation.create',
        subject: `organisation:${ids.organisationId}`,
        detail: { name, creditCode: code.code, district: input.district, accountId: ids.accountId, username },
      }),
    );
  }

  async signIn(username: string, password: string, client: string): Promise<{ token: string; csrfToken: string; user: EmployerIdentity; expiresAt: string }> {
    const s = await passwordSignIn(this.d.organisations, {
      kind: 'employer',
      subject,
      username,
      password,
      client,
      now: this.d.now(),
      token: this.token,
      sessionHours: EMPLOYER_SESSION_HOURS,
    });
    const user = await this.identity(s.account);
    if (!user) throw new Error(`organisation_account ${s.account.id} has no organisation`);
    return { token: s.token, csrfToken: s.csrfToken, user, expiresAt: s.expiresAt };
  }

  /** The signed-in officer of a session token, or undefined. */
  async session(token: string | undefined): Promise<{ user: EmployerIdentity; csrfToken: string } | undefined> {
    if (!token) return undefined;
    const s = await this.d.organisations.session(sha256(token));
    if (!s || s.expiresAt <= this.d.now().toISOString()) return undefined;
    const a = await this.d.organisations.accountById(s.subjectId);
    if (!a || a.disabled) return undefined;
    const user = await this.identity(a);
    return user ? { user, csrfToken: s.csrfToken } : undefined;
  }

  async signOut(token: string, user: EmployerIdentity): Promise<void> {
    await this.d.organisations.deleteSession(sha256(token));
    await this.d.organisations.audit(this.d.now().toISOString(), subject(user.accountId), 'employer.signOut', subject(user.accountId), {});
  }
}
