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
}
