/**
 * The one `Database` type both dialects share. Dates are ISO text ('YYYY-MM-DD') in both, so the
 * SQL is the same; booleans and timestamps are normalised by the repositories' mappers.
 */
import type { Generated } from 'kysely';

export interface CalendarYearTable {
  year: number;
  /** The State Council notice as entered (title, number, date). */
  notice: string;
  entered_by: string;
  entered_at: string;
}

export interface CalendarDayTable {
  date: string;
  year: number;
  /** 'holiday' | 'workday' */
  kind: string;
  name: string | null;
}

export interface AuditEventTable {
  id: Generated<number>;
  at: string;
  actor: string;
  action: string;
  subject: string;
  detail: string;
  prev_hash: string;
  hash: string;
}

/** 0/1 in both dialects. */
export type Flag = number;

export interface PersonTable {
  id: Generated<number>;
  id_number: string;
  name: string;
  phone: string | null;
  birth_date: string;
  sex: string;
  urban_hukou: Flag;
  full_civil_capacity: Flag;
  district: string | null;
  created_at: string;
}

export interface PermitTable {
  id: Generated<number>;
  person_id: number;
  permit_no: string;
  kind: string;
  district: string;
  issued_on: string;
  terminated_on: string | null;
  termination_reason: string | null;
}

export interface PermitEndorsementTable {
  permit_id: number;
  endorsed_on: string;
}

export interface ResidencePeriodTable {
  id: Generated<number>;
  person_id: number;
  from_date: string;
  to_date: string | null;
  status: string;
  source: string;
  verified: Flag;
  source_ref: string;
}

export interface InsuranceRunTable {
  id: Generated<number>;
  person_id: number;
  scheme: string;
  from_month: number;
  to_month: number;
  back_paid: Flag;
  transferred_in: Flag;
}

export interface PersonDeclaredTable {
  person_id: number;
  facts_json: string;
  updated_at: string;
}

export interface ImportBatchTable {
  id: Generated<number>;
  kind: string;
  file_name: string;
  file_sha256: string;
  started_at: string;
  finished_at: string | null;
  status: string;
  lines_done: number;
  rows_applied: number;
  rows_unchanged: number;
  rows_rejected: number;
}

export interface ImportRejectTable {
  batch_id: number;
  line: number;
  field: string;
  reason: string;
}

export interface RecomputeRunTable {
  id: Generated<number>;
  as_of: string;
  policy_version: string;
  started_at: string;
  finished_at: string | null;
  status: string;
  last_person_id: number;
  people_done: number;
}

export interface PointsSnapshotTable {
  person_id: number;
  as_of: string;
  policy_version: string;
  run_id: number;
  facts_digest: string;
  total_h: number;
  eligible: Flag;
  items_h: string;
}

export interface StaffUserTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  password_hash: string;
  role: string;
  district: string | null;
  failed_attempts: number;
  locked_until: string | null;
  created_at: string;
  disabled_at: string | null;
}

export interface SessionTable {
  token_sha256: string;
  kind: string;
  subject_id: number;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export interface LoginAttemptTable {
  client: string;
  at: string;
  ok: Flag;
}

export interface ApplicationTable {
  id: Generated<number>;
  person_id: number;
  channel: string;
  intended_use: string;
  /** JSON {name, birthDate}, for school admission. */
  child: string | null;
  filed_by_kind: string;
  filed_by_ref: string;
  agent_id_number: string | null;
  guardian_ground: string | null;
  state: string;
  created_at: string;
  submitted_at: string | null;
  accepted_on: string | null;
  result_visible_on: string | null;
  result_provisional: Flag | null;
  determined_at: string | null;
  published_at: string | null;
  policy_version: string | null;
  facts_digest: string | null;
  facts_json: string | null;
  total_h: number | null;
  eligible: Flag | null;
  items_h: string | null;
  refused_reason: string | null;
  return_reason: string | null;
  updated_at: string;
  version: Generated<number>;
  /** The employer's authorisation it was filed under (0010). */
  authorisation_id: number | null;
  /** A guardian's or close relative's declared relationship to the applicant (0010). */
  relationship: string | null;
  /** The facts declared with this application, JSON (0014); null = none declared on it. */
  declared_json: string | null;
}

export interface ApplicationIndicatorReviewTable {
  application_id: number;
  indicator: string;
  decision: string;
  reason: string;
  decided_by: string;
  decided_at: string;
}

export interface SmsOutboxTable {
  id: Generated<number>;
  to_phone: string;
  text: string;
  kind: string;
  /** 'outbox' (kept for the outbox page) | 'pending' | 'sent' | 'failed' */
  status: string;
  error: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface SmsCodeTable {
  id: Generated<number>;
  /** SHA-256 of the ID number. */
  id_key: string;
  person_id: number | null;
  code_sha256: string | null;
  client: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface ApplicantLockTable {
  id_key: string;
  failed_attempts: number;
  locked_until: string | null;
}

export interface ApplicantAttemptTable {
  client: string;
  at: string;
  ok: Flag;
}

export interface AcceptanceWindowTable {
  id: Generated<number>;
  /** District code, e.g. '330106'. */
  district: string;
  name: string;
  address: string;
  phone: string;
  hours: string;
  note: string;
  updated_by: string;
  updated_at: string;
}

export interface HotlineTable {
  id: Generated<number>;
  name: string;
  phone: string;
  hours: string;
  updated_by: string;
  updated_at: string;
}

export interface OrganisationTable {
  id: Generated<number>;
  name: string;
  credit_code: string;
  district: string;
  created_at: string;
}

export interface OrganisationAccountTable {
  id: Generated<number>;
  organisation_id: number;
  username: string;
  display_name: string;
  password_hash: string;
  agent_id_number: string;
  failed_attempts: number;
  locked_until: string | null;
  created_at: string;
  disabled_at: string | null;
}

export interface AuthorisationTable {
  id: Generated<number>;
  organisation_id: number;
  person_id: number;
  scope: string;
  valid_from: string;
  expires_on: string;
  status: string;
  checked_by: string | null;
  checked_at: string | null;
  check_reason: string | null;
  revoked_by: string | null;
  revoked_at: string | null;
  revoke_reason: string | null;
  created_by: string;
  created_at: string;
  version: Generated<number>;
}

export interface EvidenceTable {
  id: Generated<number>;
  application_id: number;
  /** 'permit' | 'identity' | 'authorisation' | 'relationship' | 'handwritten_permit' | 'indicator' | 'other' */
  kind: string;
  indicator: string | null;
  sha256: string;
  mime: string;
  size: number;
  original_name: string;
  uploaded_by: string;
  /** 'online' | 'window' | 'employer' */
  uploaded_via: string;
  uploaded_at: string;
  reused_from: number | null;
  confirmed_by: string | null;
  confirmed_on_behalf_of: string | null;
  confirmed_at: string | null;
  removed_at: string | null;
}

/** An objection case (0012): see src/domain/objection.ts for its states. */
export interface ObjectionTable {
  id: Generated<number>;
  application_id: number;
  person_id: number;
  filed_by: string;
  filed_by_kind: string;
  channel: string;
  /** JSON array of indicator codes. */
  indicators: string;
  reason: string;
  state: string;
  published_on: string;
  filed_on: string;
  district_deadline: string;
  district_deadline_provisional: Flag;
  decided_on: string | null;
  decided_by: string | null;
  decision_reason: string | null;
  review_requested_on: string | null;
  review_reason: string | null;
  review_deadline: string | null;
  review_deadline_provisional: Flag | null;
  review_decided_on: string | null;
  review_decided_by: string | null;
  review_decision_reason: string | null;
  assigned_to: number | null;
  deadline_flag: string | null;
  flagged_on: string | null;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

export interface ObjectionTaskTable {
  id: Generated<number>;
  objection_id: number;
  department: string;
  question: string;
  sent_on: string;
  sent_by: string;
  due_on: string;
  answer: string | null;
  answered_on: string | null;
  answered_by: string | null;
}

/** Every determination of an application, oldest first; the application row holds the current one (0012). */
export interface DeterminationTable {
  id: Generated<number>;
  application_id: number;
  policy_version: string;
  as_of: string;
  facts_digest: string;
  facts_json: string;
  total_h: number;
  items_h: string;
  eligible: Flag;
  determined_at: string;
  determined_by: string;
  /** 'initial' | 'objection' | 'review' */
  reason: string;
  objection_id: number | null;
  supersedes_id: number | null;
}

/** The source of a clerk-entered residence period (0012). */
export interface ResidenceEvidenceTable {
  id: Generated<number>;
  residence_period_id: number;
  person_id: number;
  /** 'handwritten_permit' | 'other_proof' */
  source: string;
  note: string;
  objection_id: number | null;
  entered_by: string;
  entered_at: string;
}

/** A settlement round (积分落户, 0013); `config` is the domain RoundConfig as JSON. */
export interface SettlementRoundTable {
  id: Generated<number>;
  name: string;
  config: string;
  /** 'draft' | 'open' | 'closed' | 'ranked' | 'announced' | 'final' */
  state: string;
  line: string | null;
  ranked_at: string | null;
  announced_from: string | null;
  announced_to: string | null;
  announced_provisional: Flag | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  version: number;
}

/** One person's settlement application in a round, with the chain keys it is ranked on (0013). */
export interface SettlementApplicationTable {
  id: Generated<number>;
  round_id: number;
  person_id: number;
  application_id: number | null;
  facts_digest: string | null;
  policy_version: string | null;
  points_h: number | null;
  residence_months: number | null;
  social_insurance_h: number | null;
  basic_h: number | null;
  accepted_on: string;
  eligibility: string;
  state: string;
  family: string;
  police_review_by: string | null;
  police_review_at: string | null;
  police_review_outcome: string | null;
  police_review_note: string | null;
  rank: number | null;
  position: number | null;
  notice_no: string | null;
  notice_issued_at: string | null;
  moved_on: string | null;
  forfeited_on: string | null;
  /** When the person was reminded that the notice is about to lapse (0017). */
  reminded_on: string | null;
  created_at: string;
  updated_at: string;
  version: number;
  /** 0015 */
  withdrawn_at: string | null;
}

/** A school admission round (积分入学, 0013). */
export interface SchoolRoundTable {
  id: Generated<number>;
  name: string;
  config: string;
  /** 'draft' | 'open' | 'closed' | 'allocated' */
  state: string;
  allocated_at: string | null;
  /** When the parents were texted the results (0016); the allocation is final from then on. */
  results_sent_at: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface SchoolTable {
  id: Generated<number>;
  round_id: number;
  district: string;
  name: string;
  seats: number;
  filled: number | null;
  lowest_points_h: number | null;
}

export interface SchoolApplicationTable {
  id: Generated<number>;
  round_id: number;
  parent_person_id: number;
  other_parent_person_id: number | null;
  child_name: string;
  child_birth_date: string;
  child_id_number: string;
  district: string;
  preferences: string;
  pre_registered: Flag;
  parents: string;
  points_h: number | null;
  points_parent_person_id: number | null;
  accepted_on: string;
  /** 'filed' | 'placed' | 'no_seat' | 'no_preferences' | 'ineligible' | 'withdrawn' */
  state: string;
  school_id: number | null;
  choice: number | null;
  position: number | null;
  rank: number | null;
  conditional: Flag | null;
  reasons: string | null;
  created_at: string;
  updated_at: string;
  version: number;
  /** 0015 */
  withdrawn_at: string | null;
  /** 'none' | 'pending' | 'confirmed' | 'declined' (0015) */
  other_parent_status: Generated<string>;
  other_parent_decided_by: string | null;
  other_parent_decided_at: string | null;
  /** 'portal' | 'birth_certificate' | 'hukou_book' */
  other_parent_decided_via: string | null;
  other_parent_note: string | null;
}

export interface Database {
  calendar_year: CalendarYearTable;
  calendar_day: CalendarDayTable;
  audit_event: AuditEventTable;
  person: PersonTable;
  permit: PermitTable;
  permit_endorsement: PermitEndorsementTable;
  residence_period: ResidencePeriodTable;
  insurance_run: InsuranceRunTable;
  person_declared: PersonDeclaredTable;
  import_batch: ImportBatchTable;
  import_reject: ImportRejectTable;
  recompute_run: RecomputeRunTable;
  points_snapshot: PointsSnapshotTable;
  staff_user: StaffUserTable;
  session: SessionTable;
  login_attempt: LoginAttemptTable;
  application: ApplicationTable;
  application_indicator_review: ApplicationIndicatorReviewTable;
  sms_outbox: SmsOutboxTable;
  sms_code: SmsCodeTable;
  applicant_lock: ApplicantLockTable;
  applicant_attempt: ApplicantAttemptTable;
  evidence: EvidenceTable;
  organisation: OrganisationTable;
  organisation_account: OrganisationAccountTable;
  authorisation: AuthorisationTable;
  employer_attempt: ApplicantAttemptTable;
  acceptance_window: AcceptanceWindowTable;
  hotline: HotlineTable;
  objection: ObjectionTable;
  objection_task: ObjectionTaskTable;
  determination: DeterminationTable;
  residence_evidence: ResidenceEvidenceTable;
  settlement_round: SettlementRoundTable;
  settlement_application: SettlementApplicationTable;
  school_round: SchoolRoundTable;
  school: SchoolTable;
  school_application: SchoolApplicationTable;
}
