/**
 * Written authorisations (书面委托, 2020 FAQ Q3) a person gives an employer to apply on their behalf.
 * Every write — creation, a clerk's check, a revocation — is one transaction with its audit event
 * (and, on creation, the SMS that tells the person); changes are under the optimistic lock of
 * `version` and only from the statuses the caller names, so a revocation and a verification that
 * race cannot both win.
 */
import type { Kysely, Selectable, Updateable } from 'kysely';
import type { AuthorisationTable, Database } from '../schema.ts';
import { appendAudit, type AuditEvent } from './audit.ts';
import { enqueueSms, type QueuedSms } from './sms.ts';

export type AuthorisationScope = 'apply' | 'apply_and_track';
export type AuthorisationStatus = 'pending' | 'verified' | 'rejected' | 'revoked';

export interface AuthorisationRecord {
  id: number;
  organisationId: number;
  personId: number;
  scope: AuthorisationScope;
  validFrom: string;
  /** Inclusive. */
  expiresOn: string;
  status: AuthorisationStatus;
  checkedBy: string | null;
  checkedAt: string | null;
  checkReason: string | null;
  revokedBy: string | null;
  revokedAt: string | null;
  revokeReason: string | null;
  createdBy: string;
  createdAt: string;
  version: number;
}

export interface NewAuthorisation {
  organisationId: number;
  personId: number;
  scope: AuthorisationScope;
  validFrom: string;
  expiresOn: string;
  createdBy: string;
}

export interface AuthorisationPatch {
  status: AuthorisationStatus;
  checkedBy?: string;
  checkedAt?: string;
  checkReason?: string | null;
  revokedBy?: string;
  revokedAt?: string;
  revokeReason?: string | null;
}

/** The authorisation changed since the caller read it, or is no longer in a status the change starts from. */
export class AuthorisationConflictError extends Error {
  constructor(readonly authorisationId: number) {
    super(`authorisation ${authorisationId} was changed meanwhile`);
    this.name = 'AuthorisationConflictError';
  }
}

/** Statuses under which an authorisation may be used, between its first and last day. */
export const USABLE: readonly AuthorisationStatus[] = ['pending', 'verified'];

function toRecord(r: Selectable<AuthorisationTable>): AuthorisationRecord {
  return {
    id: Number(r.id),
    organisationId: Number(r.organisation_id),
    personId: Number(r.person_id),
    scope: r.scope === 'apply_and_track' ? 'apply_and_track' : 'apply',
    validFrom: r.valid_from,
    expiresOn: r.expires_on,
    status: r.status as AuthorisationStatus,
    checkedBy: r.checked_by,
    checkedAt: r.checked_at,
    checkReason: r.check_reason,
    revokedBy: r.revoked_by,
    revokedAt: r.revoked_at,
    revokeReason: r.revoke_reason,
    createdBy: r.created_by,
    createdAt: r.created_at,
    version: Number(r.version),
  };
}

function toColumns(p: AuthorisationPatch): Updateable<AuthorisationTable> {
  const c: Updateable<AuthorisationTable> = { status: p.status };
  if (p.checkedBy !== undefined) c.checked_by = p.checkedBy;
  if (p.checkedAt !== undefined) c.checked_at = p.checkedAt;
  if (p.checkReason !== undefined) c.check_reason = p.checkReason;
  if (p.revokedBy !== undefined) c.revoked_by = p.revokedBy;
  if (p.revokedAt !== undefined) c.revoked_at = p.revokedAt;
  if (p.revokeReason !== undefined) c.revoke_reason = p.revokeReason;
  return c;
}

export class AuthorisationRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Creates a pending authorisation with its audit event and, when given, the SMS to the person. */
  async create(a: NewAuthorisation, at: string, audit: (id: number) => AuditEvent, sms?: QueuedSms): Promise<AuthorisationRecord> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('authorisation')
        .values({
          organisation_id: a.organisationId,
          person_id: a.personId,
          scope: a.scope,
          valid_from: a.validFrom,
          expires_on: a.expiresOn,
          status: 'pending',
          created_by: a.createdBy,
          created_at: at,
          version: 1,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const rec = toRecord(row);
      await appendAudit(trx, audit(rec.id));
      if (sms) await enqueueSms(trx, sms, at);
      return rec;
    });
  }

  async byId(id: number): Promise<AuthorisationRecord | undefined> {
    const r = await this.db.selectFrom('authorisation').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toRecord(r) : undefined;
  }

  /** An organisation's authorisations, newest first. */
  async byOrganisation(organisationId: number): Promise<AuthorisationRecord[]> {
    const rows = await this.db.selectFrom('authorisation').selectAll().where('organisation_id', '=', organisationId).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
    return rows.map(toRecord);
  }

  /** The authorisations a person has given, newest first. */
  async byPerson(personId: number): Promise<AuthorisationRecord[]> {
    const rows = await this.db.selectFrom('authorisation').selectAll().where('person_id', '=', personId).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
    return rows.map(toRecord);
  }

  /** An organisation's authorisations usable on `today` (pending or verified, today within their days). */
  async usable(organisationId: number, today: string, personId?: number): Promise<AuthorisationRecord[]> {
    let q = this.db
      .selectFrom('authorisation')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .where('status', 'in', USABLE)
      .where('valid_from', '<=', today)
      .where('expires_on', '>=', today);
    if (personId !== undefined) q = q.where('person_id', '=', personId);
    const rows = await q.orderBy('id').execute();
    return rows.map(toRecord);
  }

  /** A checking queue: authorisations in `status`, optionally only of people of one district, oldest first. */
  async queue(status: AuthorisationStatus, district: string | null, limit = 100): Promise<AuthorisationRecord[]> {
    let q = this.db.selectFrom('authorisation').innerJoin('person', 'person.id', 'authorisation.person_id').selectAll('authorisation').where('authorisation.status', '=', status);
    if (district !== null) q = q.where('person.district', '=', district);
    const rows = await q.orderBy('authorisation.created_at').orderBy('authorisation.id').limit(limit).execute();
    return rows.map(toRecord);
  }

  /**
   * In one transaction: changes the authorisation only if it is still at `expectedVersion` and in one
   * of `from` (else throws AuthorisationConflictError and writes nothing), and appends `audit`.
   */
  async change(id: number, expectedVersion: number, from: readonly AuthorisationStatus[], patch: AuthorisationPatch, audit: AuditEvent): Promise<AuthorisationRecord> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('authorisation')
        .set({ ...toColumns(patch), version: expectedVersion + 1 })
        .where('id', '=', id)
        .where('version', '=', expectedVersion)
        .where('status', 'in', from)
        .returningAll()
        .executeTakeFirst();
      if (row === undefined) throw new AuthorisationConflictError(id);
      await appendAudit(trx, audit);
      return toRecord(row);
    });
  }
}
