/**
 * Points applications. Every change of an application after its creation goes through
 * `applyTransition` (or `reviewIndicator`): one transaction that updates the row only when its
 * `version` is the one the caller read, bumps the version and appends the audit event, so a state
 * exists exactly when its event does and two clerks acting on the same case cannot both win.
 */
import type { Kysely, Selectable, Transaction, Updateable } from 'kysely';
import type { ApplicationState } from '../../domain/application.ts';
import type { ApplicationTable, Database } from '../schema.ts';
import { appendAudit, type AuditEvent } from './audit.ts';
import { enqueueSms, type QueuedSms } from './sms.ts';
import { insertDetermination, type NewDetermination } from './objections.ts';

export type Channel = 'online' | 'window';
export type IntendedUse = 'settlement' | 'school';
export type FiledByKind = 'self' | 'employer' | 'guardian' | 'clerk';
export type GuardianGround = 'minor' | 'elderly' | 'disabled';

export interface Child {
  name: string;
  birthDate: string;
}

export interface ApplicationRecord {
  id: number;
  personId: number;
  channel: Channel;
  intendedUse: IntendedUse;
  child: Child | null;
  filedByKind: FiledByKind;
  filedByRef: string;
  agentIdNumber: string | null;
  guardianGround: GuardianGround | null;
  /** The employer's authorisation it was filed under, when an employer filed it online. */
  authorisationId: number | null;
  /** A guardian's or close relative's declared relationship to the applicant. */
  relationship: string | null;
  state: ApplicationState;
  createdAt: string;
  submittedAt: string | null;
  acceptedOn: string | null;
  resultVisibleOn: string | null;
  resultProvisional: boolean | null;
  determinedAt: string | null;
  publishedAt: string | null;
  policyVersion: string | null;
  factsDigest: string | null;
  factsJson: string | null;
  totalH: number | null;
  eligible: boolean | null;
  /** Item points in hundredths, in INDICATOR_ORDER. */
  itemsH: number[] | null;
  refusedReason: string | null;
  returnReason: string | null;
  /** The facts declared with this application (DeclaredFacts of src/domain/records.ts), or null. */
  declared: Record<string, unknown> | null;
  updatedAt: string;
  version: number;
}

export interface NewApplication {
  personId: number;
  channel: Channel;
  intendedUse: IntendedUse;
  child: Child | null;
  filedByKind: FiledByKind;
  filedByRef: string;
  agentIdNumber: string | null;
  guardianGround: GuardianGround | null;
  authorisationId?: number | null;
  relationship?: string | null;
}

/** The columns a transition may set (never id, person, version). */
export interface ApplicationPatch {
  state?: ApplicationState;
  channel?: Channel;
  submittedAt?: string;
  acceptedOn?: string;
  resultVisibleOn?: string;
  resultProvisional?: boolean;
  determinedAt?: string;
  publishedAt?: string;
  policyVersion?: string;
  factsDigest?: string;
  factsJson?: string;
  totalH?: number;
  eligible?: boolean;
  itemsH?: number[];
  refusedReason?: string;
  returnReason?: string | null;
  declared?: Record<string, unknown>;
}

export interface IndicatorReview {
  indicator: string;
  decision: 'accepted' | 'rejected';
  reason: string;
  decidedBy: string;
  decidedAt: string;
}

/** The row changed since the caller read it (or is gone): re-read and try again. */
export class VersionConflictError extends Error {
  constructor(
    readonly applicationId: number,
    readonly expectedVersion: number,
    readonly actualVersion: number | null,
  ) {
    super(
      actualVersion === null
        ? `application ${applicationId} does not exist`
        : `application ${applicationId} is at version ${actualVersion}, not ${expectedVersion}`,
    );
    this.name = 'VersionConflictError';
  }
}

type Row = Selectable<ApplicationTable>;

const flag = (b: boolean): number => (b ? 1 : 0);
const bool = (v: number | null): boolean | null => (v === null ? null : Number(v) === 1);

function toRecord(r: Row): ApplicationRecord {
  return {
    id: Number(r.id),
    personId: Number(r.person_id),
    channel: r.channel as Channel,
    intendedUse: r.intended_use as IntendedUse,
    child: r.child === null ? null : (JSON.parse(r.child) as Child),
    filedByKind: r.filed_by_kind as FiledByKind,
    filedByRef: r.filed_by_ref,
    agentIdNumber: r.agent_id_number,
    guardianGround: r.guardian_ground as GuardianGround | null,
    authorisationId: r.authorisation_id === null ? null : Number(r.authorisation_id),
    relationship: r.relationship,
    declared: r.declared_json === null ? null : (JSON.parse(r.declared_json) as Record<string, unknown>),
    state: r.state as ApplicationState,
    createdAt: r.created_at,
    submittedAt: r.submitted_at,
    acceptedOn: r.accepted_on,
    resultVisibleOn: r.result_visible_on,
    resultProvisional: bool(r.result_provisional),
    determinedAt: r.determined_at,
    publishedAt: r.published_at,
    policyVersion: r.policy_version,
    factsDigest: r.facts_digest,
    factsJson: r.facts_json,
    totalH: r.total_h === null ? null : Number(r.total_h),
    eligible: bool(r.eligible),
    itemsH: r.items_h === null ? null : r.items_h === '' ? [] : r.items_h.split(',').map(Number),
    refusedReason: r.refused_reason,
    returnReason: r.return_reason,
    updatedAt: r.updated_at,
    version: Number(r.version),
  };
}

function toColumns(p: ApplicationPatch): Updateable<ApplicationTable> {
  const c: Updateable<ApplicationTable> = {};
  if (p.state !== undefined) c.state = p.state;
  if (p.channel !== undefined) c.channel = p.channel;
  if (p.submittedAt !== undefined) c.submitted_at = p.submittedAt;
  if (p.acceptedOn !== undefined) c.accepted_on = p.acceptedOn;
  if (p.resultVisibleOn !== undefined) c.result_visible_on = p.resultVisibleOn;
  if (p.resultProvisional !== undefined) c.result_provisional = flag(p.resultProvisional);
  if (p.determinedAt !== undefined) c.determined_at = p.determinedAt;
  if (p.publishedAt !== undefined) c.published_at = p.publishedAt;
  if (p.policyVersion !== undefined) c.policy_version = p.policyVersion;
  if (p.factsDigest !== undefined) c.facts_digest = p.factsDigest;
  if (p.factsJson !== undefined) c.facts_json = p.factsJson;
  if (p.totalH !== undefined) c.total_h = p.totalH;
  if (p.eligible !== undefined) c.eligible = flag(p.eligible);
  if (p.itemsH !== undefined) c.items_h = p.itemsH.join(',');
  if (p.declared !== undefined) c.declared_json = JSON.stringify(p.declared);
  if (p.refusedReason !== undefined) c.refused_reason = p.refusedReason;
  if (p.returnReason !== undefined) c.return_reason = p.returnReason;
  return c;
}

export class ApplicationRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Creates the application (in `draft`) with its audit event, in one transaction. */
  async create(a: NewApplication, at: string, audit: (id: number) => AuditEvent): Promise<ApplicationRecord> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('application')
        .values({
          person_id: a.personId,
          channel: a.channel,
          intended_use: a.intendedUse,
          child: a.child === null ? null : JSON.stringify({ name: a.child.name, birthDate: a.child.birthDate }),
          filed_by_kind: a.filedByKind,
          filed_by_ref: a.filedByRef,
          agent_id_number: a.agentIdNumber,
          guardian_ground: a.guardianGround,
          authorisation_id: a.authorisationId ?? null,
          relationship: a.relationship ?? null,
          state: 'draft',
          created_at: at,
          updated_at: at,
          version: 1,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const rec = toRecord(row);
      await appendAudit(trx, audit(rec.id));
      return rec;
    });
  }

  async byId(id: number): Promise<ApplicationRecord | undefined> {
    const r = await this.db.selectFrom('application').selectAll().where('id', '=', id).executeTakeFirst();
    return r === undefined ? undefined : toRecord(r);
  }

  async byPerson(personId: number): Promise<ApplicationRecord[]> {
    const rows = await this.db.selectFrom('application').selectAll().where('person_id', '=', personId).orderBy('created_at').orderBy('id').execute();
    return rows.map(toRecord);
  }

  /**
   * The current determination key (facts digest and total) of many applications, 500 ids a query: what
   * a settlement round compares with the keys it ranked on, for a whole city's list at once.
   */
  async determinationKeys(ids: readonly number[]): Promise<Map<number, { factsDigest: string | null; totalH: number | null }>> {
    const out = new Map<number, { factsDigest: string | null; totalH: number | null }>();
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.db.selectFrom('application').select(['id', 'facts_digest', 'total_h']).where('id', 'in', ids.slice(i, i + 500)).execute();
      for (const r of rows) out.set(Number(r.id), { factsDigest: r.facts_digest, totalH: r.total_h === null ? null : Number(r.total_h) });
    }
    return out;
  }

  /** The applications an agent filed (`filed_by_kind`, `filed_by_ref`), oldest first. */
  async byFiler(kind: FiledByKind, ref: string): Promise<ApplicationRecord[]> {
    const rows = await this.db.selectFrom('application').selectAll().where('filed_by_kind', '=', kind).where('filed_by_ref', '=', ref).orderBy('created_at').orderBy('id').execute();
    return rows.map(toRecord);
  }

  /** The applications filed under any of these authorisations, oldest first. */
  async byAuthorisations(ids: readonly number[]): Promise<ApplicationRecord[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.selectFrom('application').selectAll().where('authorisation_id', 'in', ids).orderBy('created_at').orderBy('id').execute();
    return rows.map(toRecord);
  }

  /** The status of the authorisation an application was filed under, or undefined when there is none. */
  async authorisationStatus(authorisationId: number): Promise<string | undefined> {
    const r = await this.db.selectFrom('authorisation').select('status').where('id', '=', authorisationId).executeTakeFirst();
    return r?.status;
  }

  /**
   * A work queue: applications in `state`, optionally only those of people of one district, oldest
   * first (by submission, then creation, then id).
   */
  async queue(q: { state: ApplicationState; district?: string | null; limit?: number; offset?: number }): Promise<ApplicationRecord[]> {
    let query = this.db.selectFrom('application').innerJoin('person', 'person.id', 'application.person_id').selectAll('application').where('application.state', '=', q.state);
    if (q.district !== undefined && q.district !== null) query = query.where('person.district', '=', q.district);
    const rows = await query
      .orderBy('application.submitted_at')
      .orderBy('application.created_at')
      .orderBy('application.id')
      .limit(q.limit ?? 100)
      .offset(q.offset ?? 0)
      .execute();
    return rows.map(toRecord);
  }

  /** Determined applications whose results become visible on or before `today`, oldest first. */
  async dueForPublication(today: string): Promise<ApplicationRecord[]> {
    const rows = await this.db
      .selectFrom('application')
      .selectAll()
      .where('state', '=', 'determined')
      .where('result_visible_on', '<=', today)
      .orderBy('result_visible_on')
      .orderBy('id')
      .execute();
    return rows.map(toRecord);
  }

  async reviews(applicationId: number): Promise<IndicatorReview[]> {
    const rows = await this.db.selectFrom('application_indicator_review').selectAll().where('application_id', '=', applicationId).orderBy('indicator').execute();
    return rows.map((r) => ({
      indicator: r.indicator,
      decision: r.decision === 'rejected' ? 'rejected' : 'accepted',
      reason: r.reason,
      decidedBy: r.decided_by,
      decidedAt: r.decided_at,
    }));
  }

  /**
   * In one transaction: updates the application only if it is still at `expectedVersion` (else throws
   * VersionConflictError and writes nothing), bumps the version, appends `audit`, and queues `sms`
   * (transactional outbox: the message exists exactly when the move was committed).
   */
  async applyTransition(
    id: number,
    expectedVersion: number,
    patch: ApplicationPatch,
    audit: AuditEvent,
    sms?: QueuedSms,
    /** A determination to append to the application's history (src/storage/repositories/objections.ts). */
    determination?: NewDetermination,
  ): Promise<ApplicationRecord> {
    return this.db.transaction().execute(async (trx) => {
      const row = await this.bump(trx, id, expectedVersion, patch, audit.at);
      await appendAudit(trx, audit);
      if (sms) await enqueueSms(trx, sms, audit.at);
      if (determination) await insertDetermination(trx, determination);
      return row;
    });
  }

  /** A reviewer's decision on one declared indicator (the last decision stands), locked and audited like a transition. */
  async reviewIndicator(id: number, expectedVersion: number, review: IndicatorReview, audit: AuditEvent): Promise<ApplicationRecord> {
    return this.db.transaction().execute(async (trx) => {
      const row = await this.bump(trx, id, expectedVersion, {}, audit.at);
      const values = { decision: review.decision, reason: review.reason, decided_by: review.decidedBy, decided_at: review.decidedAt };
      await trx
        .insertInto('application_indicator_review')
        .values({ application_id: id, indicator: review.indicator, ...values })
        .onConflict((oc) => oc.columns(['application_id', 'indicator']).doUpdateSet(values))
        .execute();
      await appendAudit(trx, audit);
      return row;
    });
  }

  private async bump(trx: Transaction<Database>, id: number, expectedVersion: number, patch: ApplicationPatch, at: string): Promise<ApplicationRecord> {
    const row = await trx
      .updateTable('application')
      .set({ ...toColumns(patch), updated_at: at, version: expectedVersion + 1 })
      .where('id', '=', id)
      .where('version', '=', expectedVersion)
      .returningAll()
      .executeTakeFirst();
    if (row === undefined) {
      const now = await trx.selectFrom('application').select('version').where('id', '=', id).executeTakeFirst();
      throw new VersionConflictError(id, expectedVersion, now === undefined ? null : Number(now.version));
    }
    return toRecord(row);
  }
}
