/**
 * Settlement rounds and school rounds (issue 6): rows ↔ records, and every write in one transaction
 * with its audit event. A change of a round or an application is made only when its `version` is the
 * one the caller read (else VersionConflictError, nothing written), so two officers cannot both win;
 * a ranking, an allocation or a lapse writes all of its rows, the round's new state and the audit
 * events in one transaction, so a half-written ranking never exists.
 */
import { sql, type Kysely, type RawBuilder, type Selectable, type Transaction, type Updateable } from 'kysely';
import type { Database, SchoolApplicationTable, SchoolRoundTable, SettlementApplicationTable, SettlementRoundTable } from '../schema.ts';
import { appendAudit, type AuditEvent } from './audit.ts';
import { enqueueSms, type QueuedSms } from './sms.ts';
import { VersionConflictError } from './applications.ts';

export { VersionConflictError } from './applications.ts';

export type RoundState = 'draft' | 'open' | 'closed' | 'ranked' | 'announced' | 'final';
export type SettlementState = 'filed' | 'ineligible' | 'police_review' | 'ranked' | 'admitted' | 'not_admitted' | 'notice_issued' | 'moved' | 'forfeited' | 'withdrawn';
export type SchoolRoundState = 'draft' | 'open' | 'closed' | 'allocated';
export type SchoolApplicationState = 'filed' | 'placed' | 'no_seat' | 'no_preferences' | 'ineligible' | 'withdrawn';

export interface FamilyMember {
  relation: 'spouse' | 'child';
  name: string;
  idNumber: string;
  birthDate: string;
  /** The documents this member must bring for the move. */
  documents: string[];
}

export interface RoundRecord {
  id: number;
  name: string;
  /** The domain RoundConfig as stored (JSON text parsed by the service). */
  config: unknown;
  state: RoundState;
  line: unknown;
  rankedAt: string | null;
  announcedFrom: string | null;
  announcedTo: string | null;
  announcedProvisional: boolean | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface SettlementApplicationRecord {
  id: number;
  roundId: number;
  personId: number;
  applicationId: number | null;
  factsDigest: string | null;
  policyVersion: string | null;
  pointsH: number | null;
  residenceMonths: number | null;
  socialInsuranceH: number | null;
  basicH: number | null;
  acceptedOn: string;
  eligibility: { eligible: boolean; reasons: Array<{ code: string; text: { 'zh-CN': string; en: string } }> };
  state: SettlementState;
  family: FamilyMember[];
  policeReviewBy: string | null;
  policeReviewAt: string | null;
  policeReviewOutcome: 'passed' | 'failed' | null;
  policeReviewNote: string | null;
  rank: number | null;
  position: number | null;
  noticeNo: string | null;
  noticeIssuedAt: string | null;
  movedOn: string | null;
  forfeitedOn: string | null;
  /** The day the person was reminded that the notice is about to lapse. */
  remindedOn: string | null;
  /** When the applicant withdrew it (state `withdrawn`). */
  withdrawnAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export type NewSettlementApplication = Omit<
  SettlementApplicationRecord,
  'id' | 'policeReviewBy' | 'policeReviewAt' | 'policeReviewOutcome' | 'policeReviewNote' | 'rank' | 'position' | 'noticeNo' | 'noticeIssuedAt' | 'movedOn' | 'forfeitedOn' | 'remindedOn' | 'withdrawnAt' | 'createdAt' | 'updatedAt' | 'version'
>;

export type SettlementPatch = Partial<
  Pick<
    SettlementApplicationRecord,
    | 'state' | 'policeReviewBy' | 'policeReviewAt' | 'policeReviewOutcome' | 'policeReviewNote' | 'rank' | 'position' | 'noticeNo' | 'noticeIssuedAt' | 'movedOn' | 'forfeitedOn' | 'remindedOn' | 'withdrawnAt' | 'eligibility'
    // A re-ranking after an upheld objection takes the new determination's keys.
    | 'factsDigest' | 'policyVersion' | 'pointsH' | 'residenceMonths' | 'socialInsuranceH' | 'basicH'
  >
>;

export type RoundPatch = Partial<{ name: string; config: unknown; state: RoundState; line: unknown; rankedAt: string; announcedFrom: string; announcedTo: string; announcedProvisional: boolean }>;

/** One application's change within a round-wide write (ranking, notices, lapse). */
export interface RoundRow {
  id: number;
  patch: SettlementPatch;
  audit?: AuditEvent;
  /** Queued in the same transaction (transactional outbox): sent only if the change is written. */
  sms?: QueuedSms | null;
}

/** One row of a ranking to write. */
export interface RankingRow {
  id: number;
  state: SettlementState;
  rank: number | null;
  position: number | null;
}

export interface SchoolRoundRecord {
  id: number;
  name: string;
  config: unknown;
  state: SchoolRoundState;
  allocatedAt: string | null;
  resultsSentAt: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface SchoolRecord {
  id: number;
  roundId: number;
  district: string;
  name: string;
  seats: number;
  filled: number | null;
  lowestPointsH: number | null;
}

/** A parent's determination as the child used it (the chain key), or null. */
export interface ParentKey {
  personId: number;
  applicationId: number | null;
  key: { total: number; residenceMonths: number; socialInsurance: number; basic: number } | null;
}

export interface SchoolApplicationRecord {
  id: number;
  roundId: number;
  parentPersonId: number;
  otherParentPersonId: number | null;
  childName: string;
  childBirthDate: string;
  childIdNumber: string;
  district: string;
  preferences: number[];
  preRegistered: boolean;
  parents: ParentKey[];
  pointsH: number | null;
  pointsParentPersonId: number | null;
  acceptedOn: string;
  state: SchoolApplicationState;
  schoolId: number | null;
  choice: number | null;
  position: number | null;
  rank: number | null;
  conditional: boolean | null;
  reasons: Array<{ code: string; text: { 'zh-CN': string; en: string } }> | null;
  /** When the parent withdrew it (state `withdrawn`). */
  withdrawnAt: string | null;
  /**
   * Whether the other parent's points may count: `none` (no other parent named), `pending` (named, not
   * yet confirmed: the applicant's points only), `confirmed` (in the other parent's own session, or by
   * a clerk who saw the relationship document), `declined` (by the other parent).
   */
  otherParentStatus: OtherParentStatus;
  /** `person:<id>` or `staff:<id>`, when and how (`portal`, `birth_certificate`, `hukou_book`). */
  otherParentDecidedBy: string | null;
  otherParentDecidedAt: string | null;
  otherParentDecidedVia: OtherParentVia | null;
  otherParentNote: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export type OtherParentStatus = 'none' | 'pending' | 'confirmed' | 'declined';
export type OtherParentVia = 'portal' | 'birth_certificate' | 'hukou_book';

export type NewSchoolApplication = Omit<
  SchoolApplicationRecord,
  'id' | 'state' | 'schoolId' | 'choice' | 'position' | 'rank' | 'conditional' | 'reasons' | 'withdrawnAt' | 'otherParentDecidedBy' | 'otherParentDecidedAt' | 'otherParentDecidedVia' | 'otherParentNote' | 'createdAt' | 'updatedAt' | 'version'
>;

/** A change of one school application by the parent, the other parent or a clerk. */
export type SchoolApplicationPatch = Partial<
  Pick<SchoolApplicationRecord, 'state' | 'withdrawnAt' | 'parents' | 'pointsH' | 'pointsParentPersonId' | 'otherParentStatus' | 'otherParentDecidedBy' | 'otherParentDecidedAt' | 'otherParentDecidedVia' | 'otherParentNote'>
>;

export interface PlacementRow {
  id: number;
  state: SchoolApplicationState;
  schoolId: number | null;
  choice: number | null;
  position: number | null;
  rank: number | null;
  conditional: boolean;
  reasons: SchoolApplicationRecord['reasons'];
  pointsH: number | null;
  pointsParentPersonId: number | null;
}

const num = (v: number | string | bigint | null): number | null => (v === null ? null : Number(v));
const flag = (b: boolean): number => (b ? 1 : 0);
const bool = (v: number | null): boolean | null => (v === null ? null : Number(v) === 1);

function roundOf(r: Selectable<SettlementRoundTable>): RoundRecord {
  return {
    id: Number(r.id),
    name: r.name,
    config: JSON.parse(r.config) as unknown,
    state: r.state as RoundState,
    line: r.line === null ? null : (JSON.parse(r.line) as unknown),
    rankedAt: r.ranked_at,
    announcedFrom: r.announced_from,
    announcedTo: r.announced_to,
    announcedProvisional: bool(r.announced_provisional),
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: Number(r.version),
  };
}

function applicationOf(r: Selectable<SettlementApplicationTable>): SettlementApplicationRecord {
  return {
    id: Number(r.id),
    roundId: Number(r.round_id),
    personId: Number(r.person_id),
    applicationId: num(r.application_id),
    factsDigest: r.facts_digest,
    policyVersion: r.policy_version,
    pointsH: num(r.points_h),
    residenceMonths: num(r.residence_months),
    socialInsuranceH: num(r.social_insurance_h),
    basicH: num(r.basic_h),
    acceptedOn: r.accepted_on,
    eligibility: JSON.parse(r.eligibility) as SettlementApplicationRecord['eligibility'],
    state: r.state as SettlementState,
    family: JSON.parse(r.family) as FamilyMember[],
    policeReviewBy: r.police_review_by,
    policeReviewAt: r.police_review_at,
    policeReviewOutcome: r.police_review_outcome as 'passed' | 'failed' | null,
    policeReviewNote: r.police_review_note,
    rank: num(r.rank),
    position: num(r.position),
    noticeNo: r.notice_no,
    noticeIssuedAt: r.notice_issued_at,
    movedOn: r.moved_on,
    forfeitedOn: r.forfeited_on,
    remindedOn: r.reminded_on,
    withdrawnAt: r.withdrawn_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: Number(r.version),
  };
}

function applicationColumns(p: SettlementPatch): Updateable<SettlementApplicationTable> {
  const c: Updateable<SettlementApplicationTable> = {};
  if (p.state !== undefined) c.state = p.state;
  if (p.policeReviewBy !== undefined) c.police_review_by = p.policeReviewBy;
  if (p.policeReviewAt !== undefined) c.police_review_at = p.policeReviewAt;
  if (p.policeReviewOutcome !== undefined) c.police_review_outcome = p.policeReviewOutcome;
  if (p.policeReviewNote !== undefined) c.police_review_note = p.policeReviewNote;
  if (p.rank !== undefined) c.rank = p.rank;
  if (p.position !== undefined) c.position = p.position;
  if (p.noticeNo !== undefined) c.notice_no = p.noticeNo;
  if (p.noticeIssuedAt !== undefined) c.notice_issued_at = p.noticeIssuedAt;
  if (p.movedOn !== undefined) c.moved_on = p.movedOn;
  if (p.forfeitedOn !== undefined) c.forfeited_on = p.forfeitedOn;
  if (p.remindedOn !== undefined) c.reminded_on = p.remindedOn;
  if (p.withdrawnAt !== undefined) c.withdrawn_at = p.withdrawnAt;
  if (p.eligibility !== undefined) c.eligibility = JSON.stringify(p.eligibility);
  if (p.factsDigest !== undefined) c.facts_digest = p.factsDigest;
  if (p.policyVersion !== undefined) c.policy_version = p.policyVersion;
  if (p.pointsH !== undefined) c.points_h = p.pointsH;
  if (p.residenceMonths !== undefined) c.residence_months = p.residenceMonths;
  if (p.socialInsuranceH !== undefined) c.social_insurance_h = p.socialInsuranceH;
  if (p.basicH !== undefined) c.basic_h = p.basicH;
  return c;
}

function roundColumns(p: RoundPatch): Updateable<SettlementRoundTable> {
  const c: Updateable<SettlementRoundTable> = {};
  if (p.name !== undefined) c.name = p.name;
  if (p.config !== undefined) c.config = JSON.stringify(p.config);
  if (p.state !== undefined) c.state = p.state;
  if (p.line !== undefined) c.line = JSON.stringify(p.line);
  if (p.rankedAt !== undefined) c.ranked_at = p.rankedAt;
  if (p.announcedFrom !== undefined) c.announced_from = p.announcedFrom;
  if (p.announcedTo !== undefined) c.announced_to = p.announcedTo;
  if (p.announcedProvisional !== undefined) c.announced_provisional = flag(p.announcedProvisional);
  return c;
}

function schoolRoundOf(r: Selectable<SchoolRoundTable>): SchoolRoundRecord {
  return {
    id: Number(r.id),
    name: r.name,
    config: JSON.parse(r.config) as unknown,
    state: r.state as SchoolRoundState,
    allocatedAt: r.allocated_at,
    resultsSentAt: r.results_sent_at,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: Number(r.version),
  };
}

function schoolApplicationOf(r: Selectable<SchoolApplicationTable>): SchoolApplicationRecord {
  return {
    id: Number(r.id),
    roundId: Number(r.round_id),
    parentPersonId: Number(r.parent_person_id),
    otherParentPersonId: num(r.other_parent_person_id),
    childName: r.child_name,
    childBirthDate: r.child_birth_date,
    childIdNumber: r.child_id_number,
    district: r.district,
    preferences: JSON.parse(r.preferences) as number[],
    preRegistered: Number(r.pre_registered) === 1,
    parents: JSON.parse(r.parents) as ParentKey[],
    pointsH: num(r.points_h),
    pointsParentPersonId: num(r.points_parent_person_id),
    acceptedOn: r.accepted_on,
    state: r.state as SchoolApplicationState,
    schoolId: num(r.school_id),
    choice: num(r.choice),
    position: num(r.position),
    rank: num(r.rank),
    conditional: bool(r.conditional),
    reasons: r.reasons === null ? null : (JSON.parse(r.reasons) as SchoolApplicationRecord['reasons']),
    withdrawnAt: r.withdrawn_at,
    otherParentStatus: r.other_parent_status as OtherParentStatus,
    otherParentDecidedBy: r.other_parent_decided_by,
    otherParentDecidedAt: r.other_parent_decided_at,
    otherParentDecidedVia: r.other_parent_decided_via as OtherParentVia | null,
    otherParentNote: r.other_parent_note,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: Number(r.version),
  };
}

type Trx = Transaction<Database>;

/** Rows per UPDATE of a round-wide write: a few thousand parameters, under every driver's limit. */
/** One application at `expectedVersion` (VersionConflictError otherwise), with its audit event, inside `trx`. */
async function updateOne(trx: Trx, id: number, expectedVersion: number, patch: SettlementPatch, audit: AuditEvent): Promise<SettlementApplicationRecord> {
  const row = await trx
    .updateTable('settlement_application')
    .set({ ...applicationColumns(patch), updated_at: audit.at, version: expectedVersion + 1 })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returningAll()
    .executeTakeFirst();
  if (row === undefined) {
    const now = await trx.selectFrom('settlement_application').select('version').where('id', '=', id).executeTakeFirst();
    throw new VersionConflictError(id, expectedVersion, now === undefined ? null : Number(now.version));
  }
  await appendAudit(trx, audit);
  return applicationOf(row);
}

const PATCH_CHUNK = 500;

/**
 * Applies each row's own patch to a round's applications, PATCH_CHUNK rows per statement
 * (`SET col = CASE id WHEN … THEN … ELSE col END`): a ranking of a whole city is a few hundred
 * statements, not one per applicant. The ELSE branch gives PostgreSQL the column's type for the
 * parameters, so no casts are needed.
 */
async function patchMany(trx: Trx, roundId: number, rows: readonly RoundRow[], at: string): Promise<void> {
  for (let i = 0; i < rows.length; i += PATCH_CHUNK) {
    const chunk = rows.slice(i, i + PATCH_CHUNK).map((r) => ({ id: r.id, cols: applicationColumns(r.patch) }));
    type Col = keyof typeof chunk[number]['cols'];
    const names = [...new Set(chunk.flatMap((r) => Object.keys(r.cols) as Col[]))];
    const set: Record<string, RawBuilder<unknown>> = {};
    for (const name of names) {
      const whens = chunk.filter((r) => name in r.cols).map((r) => sql`WHEN ${r.id} THEN ${r.cols[name]}`);
      set[name] = sql`CASE ${sql.ref('id')} ${sql.join(whens, sql` `)} ELSE ${sql.ref(name)} END`;
    }
    await trx
      .updateTable('settlement_application')
      .set((eb) => ({ ...set, updated_at: at, version: eb('version', '+', 1) }))
      .where('id', 'in', chunk.map((r) => r.id))
      .where('round_id', '=', roundId)
      .execute();
  }
}

export class SettlementRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** An event that changes nothing else (an export), in its own transaction. */
  async audit(e: AuditEvent): Promise<void> {
    await appendAudit(this.db, e);
  }

  // -- settlement rounds ----------------------------------------------------------------------

  async createRound(r: { name: string; config: unknown; createdBy: string }, at: string, audit: (id: number) => AuditEvent): Promise<RoundRecord> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('settlement_round')
        .values({ name: r.name, config: JSON.stringify(r.config), state: 'draft', created_by: r.createdBy, created_at: at, updated_at: at, version: 1 })
        .returningAll()
        .executeTakeFirstOrThrow();
      const rec = roundOf(row);
      await appendAudit(trx, audit(rec.id));
      return rec;
    });
  }

  async round(id: number): Promise<RoundRecord | undefined> {
    const r = await this.db.selectFrom('settlement_round').selectAll().where('id', '=', id).executeTakeFirst();
    return r === undefined ? undefined : roundOf(r);
  }

  async rounds(): Promise<RoundRecord[]> {
    return (await this.db.selectFrom('settlement_round').selectAll().orderBy('id', 'desc').execute()).map(roundOf);
  }

  /** Updates a round at `expectedVersion` with its audit event. */
  async updateRound(id: number, expectedVersion: number, patch: RoundPatch, audit: AuditEvent): Promise<RoundRecord> {
    return this.db.transaction().execute(async (trx) => {
      const r = await this.bumpRound(trx, id, expectedVersion, patch, audit.at);
      await appendAudit(trx, audit);
      return r;
    });
  }

  private async bumpRound(trx: Trx, id: number, expectedVersion: number, patch: RoundPatch, at: string): Promise<RoundRecord> {
    const row = await trx
      .updateTable('settlement_round')
      .set({ ...roundColumns(patch), updated_at: at, version: expectedVersion + 1 })
      .where('id', '=', id)
      .where('version', '=', expectedVersion)
      .returningAll()
      .executeTakeFirst();
    if (row === undefined) {
      const now = await trx.selectFrom('settlement_round').select('version').where('id', '=', id).executeTakeFirst();
      throw new VersionConflictError(id, expectedVersion, now === undefined ? null : Number(now.version));
    }
    return roundOf(row);
  }

  // -- settlement applications ----------------------------------------------------------------

  async createApplication(a: NewSettlementApplication, at: string, audit: (id: number) => AuditEvent): Promise<SettlementApplicationRecord> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('settlement_application')
        .values({
          round_id: a.roundId,
          person_id: a.personId,
          application_id: a.applicationId,
          facts_digest: a.factsDigest,
          policy_version: a.policyVersion,
          points_h: a.pointsH,
          residence_months: a.residenceMonths,
          social_insurance_h: a.socialInsuranceH,
          basic_h: a.basicH,
          accepted_on: a.acceptedOn,
          eligibility: JSON.stringify(a.eligibility),
          state: a.state,
          family: JSON.stringify(a.family),
          created_at: at,
          updated_at: at,
          version: 1,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const rec = applicationOf(row);
      await appendAudit(trx, audit(rec.id));
      return rec;
    });
  }

  async application(id: number): Promise<SettlementApplicationRecord | undefined> {
    const r = await this.db.selectFrom('settlement_application').selectAll().where('id', '=', id).executeTakeFirst();
    return r === undefined ? undefined : applicationOf(r);
  }

  async applicationsOfPerson(personId: number): Promise<SettlementApplicationRecord[]> {
    return (await this.db.selectFrom('settlement_application').selectAll().where('person_id', '=', personId).orderBy('id', 'desc').execute()).map(applicationOf);
  }

  /** A round's applications, in `states` when given (else all but the withdrawn), by position then id. */
  async applicationsOfRound(roundId: number, states?: readonly SettlementState[]): Promise<SettlementApplicationRecord[]> {
    let q = this.db.selectFrom('settlement_application').selectAll().where('round_id', '=', roundId);
    if (states !== undefined) {
      if (states.length === 0) return [];
      q = q.where('state', 'in', states);
    } else {
      q = q.where('state', '<>', 'withdrawn');
    }
    return (await q.orderBy('position').orderBy('id').execute()).map(applicationOf);
  }

  /** For statistics: state, points and the person's district of every application of a round (withdrawn ones left out). */
  async roundFigures(roundId: number): Promise<Array<{ state: SettlementState; pointsH: number | null; district: string | null }>> {
    const rows = await this.db
      .selectFrom('settlement_application')
      .innerJoin('person', 'person.id', 'settlement_application.person_id')
      .select(['settlement_application.state', 'settlement_application.points_h', 'person.district'])
      .where('settlement_application.round_id', '=', roundId)
      .where('settlement_application.state', '<>', 'withdrawn')
      .execute();
    return rows.map((r) => ({ state: r.state as SettlementState, pointsH: num(r.points_h), district: r.district }));
  }

  async updateApplication(id: number, expectedVersion: number, patch: SettlementPatch, audit: AuditEvent): Promise<SettlementApplicationRecord> {
    return this.db.transaction().execute((trx) => updateOne(trx, id, expectedVersion, patch, audit));
  }

  /**
   * Updates one application at `expectedVersion` and bumps its round's version, with the audit event,
   * in one transaction: a withdrawal, which a ranking read before it must not write over.
   */
  async updateApplicationInRound(id: number, expectedVersion: number, patch: SettlementPatch, round: { id: number; expectedVersion: number }, audit: AuditEvent): Promise<SettlementApplicationRecord> {
    return this.db.transaction().execute(async (trx) => {
      await this.bumpRound(trx, round.id, round.expectedVersion, {}, audit.at);
      return updateOne(trx, id, expectedVersion, patch, audit);
    });
  }

  /**
   * Writes a ranking, an announcement's notices or a lapse: every row's patch and the round's own, in
   * one transaction, with one audit event for the round and one per changed application.
   */
  async writeRound(
    roundId: number,
    expectedVersion: number,
    round: RoundPatch,
    rows: readonly RoundRow[],
    audit: AuditEvent,
  ): Promise<RoundRecord> {
    return this.db.transaction().execute(async (trx) => {
      const r = await this.bumpRound(trx, roundId, expectedVersion, round, audit.at);
      await patchMany(trx, roundId, rows, audit.at);
      for (const row of rows) {
        if (row.audit) await appendAudit(trx, row.audit);
        if (row.sms) await enqueueSms(trx, row.sms, audit.at);
      }
      await appendAudit(trx, audit);
      return r;
    });
  }

  /**
   * Objections still open (filed, verifying, or asking for the city's review) on the points
   * applications a round ranked: while one is open, the round's list may still change.
   */
  async openObjections(applicationIds: readonly number[]): Promise<Array<{ objectionId: number; applicationId: number; state: string }>> {
    const out: Array<{ objectionId: number; applicationId: number; state: string }> = [];
    for (let i = 0; i < applicationIds.length; i += PATCH_CHUNK) {
      const rows = await this.db
        .selectFrom('objection')
        .select(['id', 'application_id', 'state'])
        .where('application_id', 'in', applicationIds.slice(i, i + PATCH_CHUNK))
        .where('state', 'in', ['filed', 'verifying', 'review_requested'])
        .orderBy('id')
        .execute();
      for (const r of rows) out.push({ objectionId: Number(r.id), applicationId: Number(r.application_id), state: r.state });
    }
    return out;
  }

  // -- school rounds --------------------------------------------------------------------------

  async createSchoolRound(r: { name: string; config: unknown; createdBy: string }, at: string, audit: (id: number) => AuditEvent): Promise<SchoolRoundRecord> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('school_round')
        .values({ name: r.name, config: JSON.stringify(r.config), state: 'draft', created_by: r.createdBy, created_at: at, updated_at: at, version: 1 })
        .returningAll()
        .executeTakeFirstOrThrow();
      const rec = schoolRoundOf(row);
      await appendAudit(trx, audit(rec.id));
      return rec;
    });
  }

  async schoolRound(id: number): Promise<SchoolRoundRecord | undefined> {
    const r = await this.db.selectFrom('school_round').selectAll().where('id', '=', id).executeTakeFirst();
    return r === undefined ? undefined : schoolRoundOf(r);
  }

  async schoolRounds(): Promise<SchoolRoundRecord[]> {
    return (await this.db.selectFrom('school_round').selectAll().orderBy('id', 'desc').execute()).map(schoolRoundOf);
  }

  async schools(roundId: number): Promise<SchoolRecord[]> {
    const rows = await this.db.selectFrom('school').selectAll().where('round_id', '=', roundId).orderBy('district').orderBy('id').execute();
    return rows.map((r) => ({
      id: Number(r.id),
      roundId: Number(r.round_id),
      district: r.district,
      name: r.name,
      seats: Number(r.seats),
      filled: num(r.filled),
      lowestPointsH: num(r.lowest_points_h),
    }));
  }

  /**
   * Updates a school round at `expectedVersion`; with `schools`, adds those schools (the round's
   * configuration and its schools change together, audited once).
   */
  async updateSchoolRound(
    id: number,
    expectedVersion: number,
    patch: Partial<{ name: string; config: unknown; state: SchoolRoundState }>,
    audit: AuditEvent,
    schools?: ReadonlyArray<{ district: string; name: string; seats: number }>,
  ): Promise<SchoolRoundRecord> {
    return this.db.transaction().execute(async (trx) => {
      const r = await this.bumpSchoolRound(trx, id, expectedVersion, patch, audit.at);
      if (schools && schools.length > 0) {
        await trx
          .insertInto('school')
          .values(schools.map((s) => ({ round_id: id, district: s.district, name: s.name, seats: s.seats })))
          .execute();
      }
      await appendAudit(trx, audit);
      return r;
    });
  }

  /** Marks a round's results as sent and queues each parent's SMS, with the audit event, in one transaction. */
  async sendSchoolResults(roundId: number, expectedVersion: number, at: string, messages: readonly QueuedSms[], audit: AuditEvent): Promise<SchoolRoundRecord> {
    return this.db.transaction().execute(async (trx) => {
      const r = await this.bumpSchoolRound(trx, roundId, expectedVersion, { resultsSentAt: at }, at);
      for (const m of messages) await enqueueSms(trx, m, at);
      await appendAudit(trx, audit);
      return r;
    });
  }

  private async bumpSchoolRound(trx: Trx, id: number, expectedVersion: number, patch: Partial<{ name: string; config: unknown; state: SchoolRoundState; allocatedAt: string; resultsSentAt: string }>, at: string): Promise<SchoolRoundRecord> {
    const c: Updateable<SchoolRoundTable> = { updated_at: at, version: expectedVersion + 1 };
    if (patch.resultsSentAt !== undefined) c.results_sent_at = patch.resultsSentAt;
    if (patch.name !== undefined) c.name = patch.name;
    if (patch.config !== undefined) c.config = JSON.stringify(patch.config);
    if (patch.state !== undefined) c.state = patch.state;
    if (patch.allocatedAt !== undefined) c.allocated_at = patch.allocatedAt;
    const row = await trx.updateTable('school_round').set(c).where('id', '=', id).where('version', '=', expectedVersion).returningAll().executeTakeFirst();
    if (row === undefined) {
      const now = await trx.selectFrom('school_round').select('version').where('id', '=', id).executeTakeFirst();
      throw new VersionConflictError(id, expectedVersion, now === undefined ? null : Number(now.version));
    }
    return schoolRoundOf(row);
  }

  async createSchoolApplication(a: NewSchoolApplication, at: string, audit: (id: number) => AuditEvent): Promise<SchoolApplicationRecord> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('school_application')
        .values({
          round_id: a.roundId,
          parent_person_id: a.parentPersonId,
          other_parent_person_id: a.otherParentPersonId,
          child_name: a.childName,
          child_birth_date: a.childBirthDate,
          child_id_number: a.childIdNumber,
          district: a.district,
          preferences: JSON.stringify(a.preferences),
          pre_registered: flag(a.preRegistered),
          parents: JSON.stringify(a.parents),
          points_h: a.pointsH,
          points_parent_person_id: a.pointsParentPersonId,
          accepted_on: a.acceptedOn,
          state: 'filed',
          other_parent_status: a.otherParentStatus,
          created_at: at,
          updated_at: at,
          version: 1,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const rec = schoolApplicationOf(row);
      await appendAudit(trx, audit(rec.id));
      return rec;
    });
  }

  async schoolApplication(id: number): Promise<SchoolApplicationRecord | undefined> {
    const r = await this.db.selectFrom('school_application').selectAll().where('id', '=', id).executeTakeFirst();
    return r === undefined ? undefined : schoolApplicationOf(r);
  }

  async schoolApplicationsOfParent(personId: number): Promise<SchoolApplicationRecord[]> {
    const rows = await this.db
      .selectFrom('school_application')
      .selectAll()
      .where((eb) => eb.or([eb('parent_person_id', '=', personId), eb('other_parent_person_id', '=', personId)]))
      .orderBy('id', 'desc')
      .execute();
    return rows.map(schoolApplicationOf);
  }

  /** Filed applications naming `personId` as the other parent whose confirmation is awaited. */
  async schoolConfirmationsFor(personId: number): Promise<SchoolApplicationRecord[]> {
    const rows = await this.db
      .selectFrom('school_application')
      .selectAll()
      .where('other_parent_person_id', '=', personId)
      .where('other_parent_status', '=', 'pending')
      .where('state', '=', 'filed')
      .orderBy('id')
      .execute();
    return rows.map(schoolApplicationOf);
  }

  /**
   * Updates one school application at `expectedVersion` with its audit event; with `round`, bumps that
   * round's version in the same transaction (so an allocation read before this change fails on it).
   */
  async updateSchoolApplication(id: number, expectedVersion: number, patch: SchoolApplicationPatch, audit: AuditEvent, round?: { id: number; expectedVersion: number }): Promise<SchoolApplicationRecord> {
    const c: Updateable<SchoolApplicationTable> = { updated_at: audit.at, version: expectedVersion + 1 };
    if (patch.state !== undefined) c.state = patch.state;
    if (patch.withdrawnAt !== undefined) c.withdrawn_at = patch.withdrawnAt;
    if (patch.parents !== undefined) c.parents = JSON.stringify(patch.parents);
    if (patch.pointsH !== undefined) c.points_h = patch.pointsH;
    if (patch.pointsParentPersonId !== undefined) c.points_parent_person_id = patch.pointsParentPersonId;
    if (patch.otherParentStatus !== undefined) c.other_parent_status = patch.otherParentStatus;
    if (patch.otherParentDecidedBy !== undefined) c.other_parent_decided_by = patch.otherParentDecidedBy;
    if (patch.otherParentDecidedAt !== undefined) c.other_parent_decided_at = patch.otherParentDecidedAt;
    if (patch.otherParentDecidedVia !== undefined) c.other_parent_decided_via = patch.otherParentDecidedVia;
    if (patch.otherParentNote !== undefined) c.other_parent_note = patch.otherParentNote;
    return this.db.transaction().execute(async (trx) => {
      if (round) await this.bumpSchoolRound(trx, round.id, round.expectedVersion, {}, audit.at);
      const row = await trx.updateTable('school_application').set(c).where('id', '=', id).where('version', '=', expectedVersion).returningAll().executeTakeFirst();
      if (row === undefined) {
        const now = await trx.selectFrom('school_application').select('version').where('id', '=', id).executeTakeFirst();
        throw new VersionConflictError(id, expectedVersion, now === undefined ? null : Number(now.version));
      }
      await appendAudit(trx, audit);
      return schoolApplicationOf(row);
    });
  }

  /** A school round's applications; withdrawn ones only when asked for (the staff list shows them, allocation and results do not). */
  async schoolApplicationsOfRound(roundId: number, o: { withdrawn?: boolean } = {}): Promise<SchoolApplicationRecord[]> {
    let q = this.db.selectFrom('school_application').selectAll().where('round_id', '=', roundId);
    if (o.withdrawn !== true) q = q.where('state', '<>', 'withdrawn');
    const rows = await q.orderBy('district').orderBy('position').orderBy('id').execute();
    return rows.map(schoolApplicationOf);
  }

  /** Writes an allocation: every child's outcome, every school's fill, the round's state, in one transaction. */
  async writeAllocation(
    roundId: number,
    expectedVersion: number,
    at: string,
    placements: readonly PlacementRow[],
    fills: ReadonlyArray<{ schoolId: number; filled: number; lowestPointsH: number | null }>,
    audit: AuditEvent,
  ): Promise<SchoolRoundRecord> {
    return this.db.transaction().execute(async (trx) => {
      const r = await this.bumpSchoolRound(trx, roundId, expectedVersion, { state: 'allocated', allocatedAt: at }, at);
      for (const p of placements) {
        await trx
          .updateTable('school_application')
          .set((eb) => ({
            state: p.state,
            school_id: p.schoolId,
            choice: p.choice,
            position: p.position,
            rank: p.rank,
            conditional: flag(p.conditional),
            reasons: p.reasons === null ? null : JSON.stringify(p.reasons),
            points_h: p.pointsH,
            points_parent_person_id: p.pointsParentPersonId,
            updated_at: at,
            version: eb('version', '+', 1),
          }))
          .where('id', '=', p.id)
          .where('round_id', '=', roundId)
          .execute();
      }
      for (const f of fills) {
        await trx.updateTable('school').set({ filled: f.filled, lowest_points_h: f.lowestPointsH }).where('id', '=', f.schoolId).where('round_id', '=', roundId).execute();
      }
      await appendAudit(trx, audit);
      return r;
    });
  }
}
