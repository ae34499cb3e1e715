/**
 * Objections (积分异议, issue 5): the case with its stored deadlines, the questions the district sends to
 * departments, the history of determinations (an upheld objection adds a new one and links the old),
 * and the source of residence periods a clerk entered from evidence the systems lack (a hand-written
 * 暂住证 or another accepted proof, FAQ Q5). Transitions are audit events, as for applications; dates
 * are China dates as ISO text and flags 0/1.
 */
import { sql, type Kysely } from 'kysely';
import { idColumn } from '../dialects/columns.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await idColumn(db.schema.createTable('objection'), db)
    .addColumn('application_id', 'bigint', (c) => c.notNull().references('application.id').onDelete('cascade'))
    .addColumn('person_id', 'bigint', (c) => c.notNull().references('person.id').onDelete('cascade'))
    /** The actor id of who filed (`person:9`, `staff:3`, an agent's reference). */
    .addColumn('filed_by', 'text', (c) => c.notNull())
    .addColumn('filed_by_kind', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('online', 'window')`))
    /** JSON array of contested indicator codes. */
    .addColumn('indicators', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    /** The publication day the 7 working days were counted from. */
    .addColumn('published_on', 'text', (c) => c.notNull())
    .addColumn('filed_on', 'text', (c) => c.notNull())
    .addColumn('district_deadline', 'text', (c) => c.notNull())
    .addColumn('district_deadline_provisional', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('decided_on', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decision_reason', 'text')
    .addColumn('review_requested_on', 'text')
    .addColumn('review_reason', 'text')
    /** The city's own decision deadline (our reading: 15 working days, docs/policy-interpretation.md#objections). */
    .addColumn('review_deadline', 'text')
    .addColumn('review_deadline_provisional', 'integer')
    .addColumn('review_decided_on', 'text')
    .addColumn('review_decided_by', 'text')
    .addColumn('review_decision_reason', 'text')
    /** The staff id of the officer the case is with. */
    .addColumn('assigned_to', 'bigint')
    /** The daily check's last flag ('on_time' | 'near' | 'overdue') and the day it ran. */
    .addColumn('deadline_flag', 'text')
    .addColumn('flagged_on', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('objection_application').on('objection').column('application_id').execute();
  // One objection per result that was not withdrawn, even when two filings race.
  await db.schema.createIndex('objection_one_per_result').on('objection').column('application_id').unique().where(sql.ref('state'), '<>', 'withdrawn').execute();
  await db.schema.createIndex('objection_state').on('objection').columns(['state', 'filed_on', 'id']).execute();

  await idColumn(db.schema.createTable('objection_task'), db)
    .addColumn('objection_id', 'bigint', (c) => c.notNull().references('objection.id').onDelete('cascade'))
    .addColumn('department', 'text', (c) => c.notNull().check(sql`department in ('police', 'social_insurance', 'housing', 'education', 'tax', 'other')`))
    .addColumn('question', 'text', (c) => c.notNull())
    .addColumn('sent_on', 'text', (c) => c.notNull())
    .addColumn('sent_by', 'text', (c) => c.notNull())
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('answer', 'text')
    .addColumn('answered_on', 'text')
    .addColumn('answered_by', 'text')
    .execute();
  await db.schema.createIndex('objection_task_objection').on('objection_task').column('objection_id').execute();

  await idColumn(db.schema.createTable('determination'), db)
    .addColumn('application_id', 'bigint', (c) => c.notNull().references('application.id').onDelete('cascade'))
    .addColumn('policy_version', 'text', (c) => c.notNull())
    /** The day the facts were assembled and scored as of (the acceptance day). */
    .addColumn('as_of', 'text', (c) => c.notNull())
    .addColumn('facts_digest', 'text', (c) => c.notNull())
    .addColumn('facts_json', 'text', (c) => c.notNull())
    .addColumn('total_h', 'integer', (c) => c.notNull())
    .addColumn('items_h', 'text', (c) => c.notNull())
    .addColumn('eligible', 'integer', (c) => c.notNull())
    .addColumn('determined_at', 'text', (c) => c.notNull())
    .addColumn('determined_by', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull().check(sql`reason in ('initial', 'objection', 'review')`))
    .addColumn('objection_id', 'bigint', (c) => c.references('objection.id').onDelete('set null'))
    .addColumn('supersedes_id', 'bigint', (c) => c.references('determination.id').onDelete('set null'))
    .execute();
  await db.schema.createIndex('determination_application').on('determination').columns(['application_id', 'id']).execute();

  /** Where a clerk-entered residence period came from (the period itself is a `residence_period` row). */
  await idColumn(db.schema.createTable('residence_evidence'), db)
    .addColumn('residence_period_id', 'bigint', (c) => c.notNull().unique().references('residence_period.id').onDelete('cascade'))
    .addColumn('person_id', 'bigint', (c) => c.notNull().references('person.id').onDelete('cascade'))
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('handwritten_permit', 'other_proof')`))
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('objection_id', 'bigint', (c) => c.references('objection.id').onDelete('set null'))
    .addColumn('entered_by', 'text', (c) => c.notNull())
    .addColumn('entered_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('residence_evidence_person').on('residence_evidence').column('person_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['residence_evidence', 'determination', 'objection_task', 'objection']) await db.schema.dropTable(t).execute();
}
