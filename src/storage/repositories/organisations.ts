/**
 * Employer organisations (用人单位) and their sign-in accounts. Accounts sign in like staff
 * (PasswordAccountRepository: lock-out per account, failures per client address in
 * `employer_attempt`, sessions of kind 'employer'); an organisation is created together with its
 * first account and the audit event, in one transaction.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database, OrganisationAccountTable } from '../schema.ts';
import { appendAudit, type AuditEvent } from './audit.ts';
import { PasswordAccountRepository } from './password-accounts.ts';

export interface Organisation {
  id: number;
  name: string;
  creditCode: string;
  district: string;
  createdAt: string;
}

export interface OrganisationAccount {
  id: number;
  organisationId: number;
  username: string;
  displayName: string;
  passwordHash: string;
  /** The HR officer's own ID number, recorded as the agent's on applications they file. */
  agentIdNumber: string;
  failedAttempts: number;
  lockedUntil: string | null;
  disabled: boolean;
}

export interface NewOrganisation {
  name: string;
  creditCode: string;
  district: string;
}

export interface NewAccount {
  username: string;
  displayName: string;
  passwordHash: string;
  agentIdNumber: string;
}

function toAccount(r: Selectable<OrganisationAccountTable>): OrganisationAccount {
  return {
    id: Number(r.id),
    organisationId: Number(r.organisation_id),
    username: r.username,
    displayName: r.display_name,
    passwordHash: r.password_hash,
    agentIdNumber: r.agent_id_number,
    failedAttempts: Number(r.failed_attempts),
    lockedUntil: r.locked_until,
    disabled: r.disabled_at !== null,
  };
}

export class OrganisationRepository extends PasswordAccountRepository<'employer'> {
  constructor(db: Kysely<Database>) {
    super(db, 'organisation_account', 'employer', 'employer_attempt');
  }

  /** The organisation and its first account, with the audit event, in one transaction. */
  async create(o: NewOrganisation, account: NewAccount, at: string, audit: (ids: { organisationId: number; accountId: number }) => AuditEvent): Promise<{ organisationId: number; accountId: number }> {
    return this.db.transaction().execute(async (trx) => {
      const org = await trx.insertInto('organisation').values({ name: o.name, credit_code: o.creditCode, district: o.district, created_at: at }).returning('id').executeTakeFirstOrThrow();
      const organisationId = Number(org.id);
      const acc = await trx
        .insertInto('organisation_account')
        .values({
          organisation_id: organisationId,
          username: account.username,
          display_name: account.displayName,
          password_hash: account.passwordHash,
          agent_id_number: account.agentIdNumber,
          failed_attempts: 0,
          created_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const ids = { organisationId, accountId: Number(acc.id) };
      await appendAudit(trx, audit(ids));
      return ids;
    });
  }

  async byId(id: number): Promise<Organisation | undefined> {
    const r = await this.db.selectFrom('organisation').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? { id: Number(r.id), name: r.name, creditCode: r.credit_code, district: r.district, createdAt: r.created_at } : undefined;
  }

  async idByCreditCode(creditCode: string): Promise<number | undefined> {
    const r = await this.db.selectFrom('organisation').select('id').where('credit_code', '=', creditCode).executeTakeFirst();
    return r ? Number(r.id) : undefined;
  }

  async usernameTaken(username: string): Promise<boolean> {
    return (await this.byUsername(username)) !== undefined;
  }

  async byUsername(username: string): Promise<OrganisationAccount | undefined> {
    const r = await this.db.selectFrom('organisation_account').selectAll().where('username', '=', username).executeTakeFirst();
    return r ? toAccount(r) : undefined;
  }

  async accountById(id: number): Promise<OrganisationAccount | undefined> {
    const r = await this.db.selectFrom('organisation_account').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toAccount(r) : undefined;
  }
}
