/**
 * Objections, their department tasks, the history of determinations and clerk-entered residence
 * evidence (issue 5). Every change goes through one transaction that updates the case only at the
 * version the caller read (optimistic lock), bumps it, writes what the step adds (a task, an answer,
 * a new determination and the application's current fields), appends the audit events and queues the
 * SMS — so a step, its record and its message exist together or not at all.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable, Transaction, Updateable } from 'kysely';
import type { DeadlineFlag, ObjectionState } from '../../domain/objection.ts';
import type { Channel } from './applications.ts';
import { isUniqueViolation } from '../constraint.ts';
import type { Database, DeterminationTable, ObjectionTable, ObjectionTaskTable } from '../schema.ts';
import { appendAudit, auditBySubjects, type AuditEvent, type StoredAuditEvent } from './audit.ts';
import { enqueueSms, type QueuedSms } from './sms.ts';

export type Department = 'police' | 'social_insurance' | 'housing' | 'education' | 'tax' | 'other';
export const DEPARTMENTS: readonly Department[] = ['police', 'social_insurance', 'housing', 'education', 'tax', 'other'];

export type DeterminationReason = 'initial' | 'objection' | 'review';
export type EvidenceSource = 'handwritten_permit' | 'other_proof';

export interface ObjectionRecord {
  id: number;
  applicationId: number;
  personId: number;
  filedBy: string;
  filedByKind: string;
  channel: Channel;
  indicators: string[];
  reason: string;
  state: ObjectionState;
  publishedOn: string;
  filedOn: string;
  districtDeadline: string;
  districtDeadlineProvisional: boolean;
  decidedOn: string | null;
  decidedBy: string | null;
  decisionReason: string | null;
  reviewRequestedOn: string | null;
  reviewReason: string | null;
  reviewDeadline: string | null;
  reviewDeadlineProvisional: boolean | null;
  reviewDecidedOn: string | null;
  reviewDecidedBy: string | null;
  reviewDecisionReason: string | null;
  assignedTo: number | null;
  deadlineFlag: DeadlineFlag | null;
  flaggedOn: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export type NewObjection = Pick<
  ObjectionRecord,
  'applicationId' | 'personId' | 'filedBy' | 'filedByKind' | 'channel' | 'indicators' | 'reason' | 'publishedOn' | 'filedOn' | 'districtDeadline' | 'districtDeadlineProvisional'
>;

/** The columns a step may set. */
export type ObjectionPatch = Partial<
  Pick<
    ObjectionRecord,
    | 'state'
    | 'decidedOn'
    | 'decidedBy'
    | 'decisionReason'
    | 'reviewRequestedOn'
    | 'reviewReason'
    | 'reviewDeadline'
    | 'reviewDeadlineProvisional'
    | 'reviewDecidedOn'
    | 'reviewDecidedBy'
    | 'reviewDecisionReason'
    | 'assignedTo'
    | 'deadlineFlag'
    | 'flaggedOn'
  >
>;

export interface ObjectionTask {
  id: number;
  objectionId: number;
  department: Department;
  question: string;
  sentOn: string;
  sentBy: string;
  dueOn: string;
  answer: string | null;
  answeredOn: string | null;
  answeredBy: string | null;
}

export type NewTask = Pick<ObjectionTask, 'department' | 'question' | 'sentOn' | 'sentBy' | 'dueOn'>;

export interface DeterminationRecord {
  id: number;
  applicationId: number;
  policyVersion: string;
  asOf: string;
  factsDigest: string;
  factsJson: string;
  totalH: number;
  /** Item points in hundredths, in INDICATOR_ORDER. */
  itemsH: number[];
  eligible: boolean;
  determinedAt: string;
  determinedBy: string;
  reason: DeterminationReason;
  objectionId: number | null;
  supersedesId: number | null;
}

export type NewDetermination = Omit<DeterminationRecord, 'id'>;

/** A case that is not at the version the caller read (or is gone). */
export class ObjectionConflictError extends Error {
  constructor(readonly objectionId: number) {
    super(`objection ${objectionId} was changed by someone else`);
    this.name = 'ObjectionConflictError';
  }
}

/** A second objection while one is running (or was decided) for the same application. */
export class DuplicateObjectionError extends Error {
  constructor(readonly existingId: number) {
    super(`objection ${existingId} already exists for this application`);
    this.name = 'DuplicateObjectionError';
  }
}

type Db = Kysely<Database> | Transaction<Database>;

const flag = (b: boolean): number => (b ? 1 : 0);
const bool = (v: number | null): boolean | null => (v === null ? null : Number(v) === 1);
const idOrNull = (v: number | string | bigint | null): number | null => (v === null ? null : Number(v));
const FLAGS: readonly DeadlineFlag[] = ['on_time', 'near', 'overdue'];

function toObjection(r: Selectable<ObjectionTable>): ObjectionRecord {
  return {
    id: Number(r.id),
    applicationId: Number(r.application_id),
    personId: Number(r.person_id),
    filedBy: r.filed_by,
    filedByKind: r.filed_by_kind,
    channel: r.channel === 'window' ? 'window' : 'online',
    indicators: JSON.parse(r.indicators) as string[],
    reason: r.reason,
    state: r.state as ObjectionState,
    publishedOn: r.published_on,
    filedOn: r.filed_on,
    districtDeadline: r.district_deadline,
    districtDeadlineProvisional: Number(r.district_deadline_provisional) === 1,
    decidedOn: r.decided_on,
    decidedBy: r.decided_by,
    decisionReason: r.decision_reason,
    reviewRequestedOn: r.review_requested_on,
    reviewReason: r.review_reason,
    reviewDeadline: r.review_deadline,
    reviewDeadlineProvisional: bool(r.review_deadline_provisional),
    reviewDecidedOn: r.review_decided_on,
    reviewDecidedBy: r.review_decided_by,
    reviewDecisionReason: r.review_decision_reason,
    assignedTo: idOrNull(r.assigned_to),
    deadlineFlag: FLAGS.find((f) => f === r.deadline_flag) ?? null,
    flaggedOn: r.flagged_on,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: Number(r.version),
  };
}

function toColumns(p: ObjectionPatch): Updateable<ObjectionTable> {
  const c: Updateable<ObjectionTable> = {};
  if (p.state !== undefined) c.state = p.state;
  if (p.decidedOn !== undefined) c.decided_on = p.decidedOn;
  if (p.decidedBy !== undefined) c.decided_by = p.decidedBy;
  if (p.decisionReason !== undefined) c.decision_reason = p.decisionReason;
  if (p.reviewRequestedOn !== undefined) c.review_requested_on = p.reviewRequestedOn;
  if (p.reviewReason !== undefined) c.review_reason = p.reviewReason;
  if (p.reviewDeadline !== undefined) c.review_deadline = p.reviewDeadline;
  if (p.reviewDeadlineProvisional !== undefined) c.review_deadline_provisional = p.reviewDeadlineProvisional === null ? null : flag(p.reviewDeadlineProvisional);
  if (p.reviewDecidedOn !== undefined) c.review_decided_on = p.reviewDecidedOn;
  if (p.reviewDecidedBy !== undefined) c.review_decided_by = p.reviewDecidedBy;
  if (p.reviewDecisionReason !== undefined) c.review_decision_reason = p.reviewDecisionReason;
  if (p.assignedTo !== undefined) c.assigned_to = p.assignedTo;
  if (p.deadlineFlag !== undefined) c.deadline_flag = p.deadlineFlag;
  if (p.flaggedOn !== undefined) c.flagged_on = p.flaggedOn;
  return c;
}

function toTask(r: Selectable<ObjectionTaskTable>): ObjectionTask {
  return {
    id: Number(r.id),
    objectionId: Number(r.objection_id),
    department: r.department as Department,
    question: r.question,
    sentOn: r.sent_on,
    sentBy: r.sent_by,
    dueOn: r.due_on,
    answer: r.answer,
    answeredOn: r.answered_on,
    answeredBy: r.answered_by,
  };
}

function toDetermination(r: Selectable<DeterminationTable>): DeterminationRecord {
  return {
    id: Number(r.id),
    applicationId: Number(r.application_id),
    policyVersion: r.policy_version,
    asOf: r.as_of,
    factsDigest: r.facts_digest,
    factsJson: r.facts_json,
    totalH: Number(r.total_h),
    itemsH: r.items_h === '' ? [] : r.items_h.split(',').map(Number),
    eligible: Number(r.eligible) === 1,
    determinedAt: r.determined_at,
    determinedBy: r.determined_by,
    reason: r.reason as DeterminationReason,
    objectionId: idOrNull(r.objection_id),
    supersedesId: idOrNull(r.supersedes_id),
  };
}

/**
 * Appends one determination inside the caller's transaction (the application's own `determine` and
 * an upheld objection both call it), linked to the one it supersedes.
 */
export async function insertDetermination(trx: Db, d: NewDetermination): Promise<DeterminationRecord> {
  const row = await trx
    .insertInto('determination')
    .values({
      application_id: d.applicationId,
      policy_version: d.policyVersion,
      as_of: d.asOf,
      facts_digest: d.factsDigest,
      facts_json: d.factsJson,
      total_h: d.totalH,
      items_h: d.itemsH.join(','),
      eligible: flag(d.eligible),
      determined_at: d.determinedAt,
      determined_by: d.determinedBy,
      reason: d.reason,
      objection_id: d.objectionId,
      supersedes_id: d.supersedesId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toDetermination(row);
}

/** A new determination and the application's current-determination fields, written by an upheld objection. */
export interface Redetermination {
  determination: NewDetermination;
  /** The application's version the service read: its current fields change only at that version. */
  applicationVersion: number;
  audit: AuditEvent;
}

/** What one step writes besides the case's own columns. */
export interface StepExtras {
  task?: NewTask;
  answer?: { taskId: number; answer: string; answeredOn: string; answeredBy: string };
  redetermination?: Redetermination;
  sms?: QueuedSms | null;
}

/** An open case with what the district scope and the dashboards need. */
export interface OpenObjection extends ObjectionRecord {
  district: string | null;
}

export interface EvidencePeriod {
  periodId: number;
  personId: number;
  from: string;
  to: string;
  source: EvidenceSource;
  note: string;
  objectionId: number | null;
  enteredBy: string;
  enteredAt: string;
}

const OPEN_STATES: readonly ObjectionState[] = ['filed', 'verifying', 'review_requested'];

export class ObjectionRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Creates the case with its audit event. Refused (DuplicateObjectionError) when the application
   * already has one that was not withdrawn: one objection per result, reviewed by the city if need be.
   */
  async create(o: NewObjection, at: string, audit: (id: number) => AuditEvent): Promise<ObjectionRecord> {
    try {
      return await this.insert(o, at, audit);
    } catch (e) {
      // Two filings that passed the check together: the partial unique index stops the second.
      if (!isUniqueViolation(e)) throw e;
      const existing = await this.db.selectFrom('objection').select('id').where('application_id', '=', o.applicationId).where('state', '!=', 'withdrawn').executeTakeFirst();
      throw new DuplicateObjectionError(Number(existing?.id ?? 0));
    }
  }

  private insert(o: NewObjection, at: string, audit: (id: number) => AuditEvent): Promise<ObjectionRecord> {
    return this.db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('objection')
        .select('id')
        .where('application_id', '=', o.applicationId)
        .where('state', '!=', 'withdrawn')
        .executeTakeFirst();
      if (existing) throw new DuplicateObjectionError(Number(existing.id));
      const row = await trx
        .insertInto('objection')
        .values({
          application_id: o.applicationId,
          person_id: o.personId,
          filed_by: o.filedBy,
          filed_by_kind: o.filedByKind,
          channel: o.channel,
          indicators: JSON.stringify(o.indicators),
          reason: o.reason,
          state: 'filed',
          published_on: o.publishedOn,
          filed_on: o.filedOn,
          district_deadline: o.districtDeadline,
          district_deadline_provisional: flag(o.districtDeadlineProvisional),
          created_at: at,
          updated_at: at,
          version: 1,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const rec = toObjection(row);
      await appendAudit(trx, audit(rec.id));
      return rec;
    });
  }

  async byId(id: number): Promise<ObjectionRecord | undefined> {
    const r = await this.db.selectFrom('objection').selectAll().where('id', '=', id).executeTakeFirst();
    return r === undefined ? undefined : toObjection(r);
  }

  /** The audit events of an application and of its objections, oldest first (the case history). */
  async history(applicationId: number): Promise<StoredAuditEvent[]> {
    const ids = await this.db.selectFrom('objection').select('id').where('application_id', '=', applicationId).execute();
    return auditBySubjects(this.db, [`application:${applicationId}`, ...ids.map((r) => `objection:${Number(r.id)}`)]);
  }

  async byApplication(applicationId: number): Promise<ObjectionRecord[]> {
    const rows = await this.db.selectFrom('objection').selectAll().where('application_id', '=', applicationId).orderBy('id').execute();
    return rows.map(toObjection);
  }

  /** A work queue: cases in `states` (default the open ones), optionally of one district's people, oldest first. */
  async list(q: { states?: readonly ObjectionState[]; district?: string | null; limit?: number }): Promise<OpenObjection[]> {
    let query = this.db
      .selectFrom('objection')
      .innerJoin('person', 'person.id', 'objection.person_id')
      .selectAll('objection')
      .select('person.district as district')
      .where('objection.state', 'in', [...(q.states ?? OPEN_STATES)]);
    if (q.district !== undefined && q.district !== null) query = query.where('person.district', '=', q.district);
    const rows = await query.orderBy('objection.filed_on').orderBy('objection.id').limit(q.limit ?? 1000).execute();
    return rows.map((r) => ({ ...toObjection(r), district: r.district }));
  }

  async tasks(objectionId: number): Promise<ObjectionTask[]> {
    const rows = await this.db.selectFrom('objection_task').selectAll().where('objection_id', '=', objectionId).orderBy('id').execute();
    return rows.map(toTask);
  }

  async determinations(applicationId: number): Promise<DeterminationRecord[]> {
    const rows = await this.db.selectFrom('determination').selectAll().where('application_id', '=', applicationId).orderBy('id').execute();
    return rows.map(toDetermination);
  }

  /**
   * One step of a case, in one transaction: the case's columns at `expectedVersion` (else
   * ObjectionConflictError, nothing written), what the step adds, the audit event(s) and the SMS.
   */
  async step(id: number, expectedVersion: number, patch: ObjectionPatch, audit: AuditEvent, x: StepExtras = {}): Promise<ObjectionRecord> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('objection')
        .set({ ...toColumns(patch), updated_at: audit.at, version: expectedVersion + 1 })
        .where('id', '=', id)
        .where('version', '=', expectedVersion)
        .returningAll()
        .executeTakeFirst();
      if (row === undefined) throw new ObjectionConflictError(id);
      if (x.task) {
        await trx
          .insertInto('objection_task')
          .values({ objection_id: id, department: x.task.department, question: x.task.question, sent_on: x.task.sentOn, sent_by: x.task.sentBy, due_on: x.task.dueOn })
          .execute();
      }
      if (x.answer) {
        const r = await trx
          .updateTable('objection_task')
          .set({ answer: x.answer.answer, answered_on: x.answer.answeredOn, answered_by: x.answer.answeredBy })
          .where('id', '=', x.answer.taskId)
          .where('objection_id', '=', id)
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1) throw new ObjectionConflictError(id);
      }
      await appendAudit(trx, audit);
      if (x.redetermination) {
        const rd = x.redetermination;
        const d = await insertDetermination(trx, rd.determination);
        const app = await trx
          .updateTable('application')
          .set({
            policy_version: d.policyVersion,
            facts_digest: d.factsDigest,
            facts_json: d.factsJson,
            total_h: d.totalH,
            eligible: flag(d.eligible),
            items_h: d.itemsH.join(','),
            determined_at: d.determinedAt,
            updated_at: audit.at,
            version: rd.applicationVersion + 1,
          })
          .where('id', '=', d.applicationId)
          .where('version', '=', rd.applicationVersion)
          .executeTakeFirst();
        if (Number(app.numUpdatedRows) !== 1) throw new ObjectionConflictError(id);
        await appendAudit(trx, { ...rd.audit, detail: { ...rd.audit.detail, determinationId: d.id } });
      }
      if (x.sms) await enqueueSms(trx, x.sms, audit.at);
      return toObjection(row);
    });
  }

  /** The daily check's flag: stored and audited without bumping the version (it is not an officer's step). */
  async setFlag(id: number, f: DeadlineFlag, on: string, audit: AuditEvent): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('objection').set({ deadline_flag: f, flagged_on: on }).where('id', '=', id).execute();
      await appendAudit(trx, audit);
    });
  }

  /** Unanswered department tasks past their due day, per case of the open ones. */
  async overdueTasks(asOf: string): Promise<Map<number, number>> {
    const rows = await this.db
      .selectFrom('objection_task')
      .innerJoin('objection', 'objection.id', 'objection_task.objection_id')
      .select(['objection_task.objection_id as objection_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('objection_task.answer', 'is', null)
      .where('objection_task.due_on', '<', asOf)
      .where('objection.state', 'in', [...OPEN_STATES])
      .groupBy('objection_task.objection_id')
      .execute();
    return new Map(rows.map((r) => [Number(r.objection_id), Number(r.n)]));
  }

  /**
   * A residence period a clerk entered from a hand-written 暂住证 or another accepted proof: a verified
   * `handwritten` residence period (so the facts assembly counts it, FAQ Q5) and its source, audited.
   */
  async addEvidencePeriod(p: Omit<EvidencePeriod, 'periodId'>, audit: (periodId: number) => AuditEvent): Promise<EvidencePeriod> {
    return this.db.transaction().execute(async (trx) => {
      const ref = `evidence:${randomUUID()}`;
      const period = await trx
        .insertInto('residence_period')
        .values({ person_id: p.personId, from_date: p.from, to_date: p.to, status: 'registered', source: 'handwritten', verified: 1, source_ref: ref })
        .returning('id')
        .executeTakeFirstOrThrow();
      const periodId = Number(period.id);
      await trx
        .insertInto('residence_evidence')
        .values({
          residence_period_id: periodId,
          person_id: p.personId,
          source: p.source,
          note: p.note,
          objection_id: p.objectionId,
          entered_by: p.enteredBy,
          entered_at: p.enteredAt,
        })
        .execute();
      await appendAudit(trx, audit(periodId));
      return { ...p, periodId };
    });
  }

  async evidencePeriods(personId: number): Promise<EvidencePeriod[]> {
    const rows = await this.db
      .selectFrom('residence_evidence')
      .innerJoin('residence_period', 'residence_period.id', 'residence_evidence.residence_period_id')
      .select([
        'residence_evidence.residence_period_id as period_id',
        'residence_evidence.person_id as person_id',
        'residence_period.from_date as from_date',
        'residence_period.to_date as to_date',
        'residence_evidence.source as source',
        'residence_evidence.note as note',
        'residence_evidence.objection_id as objection_id',
        'residence_evidence.entered_by as entered_by',
        'residence_evidence.entered_at as entered_at',
      ])
      .where('residence_evidence.person_id', '=', personId)
      .orderBy('residence_period.from_date')
      .execute();
    return rows.map((r) => ({
      periodId: Number(r.period_id),
      personId: Number(r.person_id),
      from: r.from_date,
      to: r.to_date ?? r.from_date,
      source: r.source === 'other_proof' ? 'other_proof' : 'handwritten_permit',
      note: r.note,
      objectionId: idOrNull(r.objection_id),
      enteredBy: r.entered_by,
      enteredAt: r.entered_at,
    }));
  }
}
