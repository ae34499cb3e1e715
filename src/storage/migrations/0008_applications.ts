/**
 * Points applications (积分申请, issue 4) and the reviewers' decisions on their declared indicators.
 * Transitions are not kept here: each is an event of the hash-chained `audit_event`, appended in the
 * transaction that writes the new state. `version` is the optimistic lock every transition checks.
 * Dates are ISO text and flags 0/1, as everywhere else.
 */
import { sql, type Kysely } from 'kysely';
import { idColumn } from '../dialects/columns.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await idColumn(db.schema.createTable('application'), db)
    .addColumn('person_id', 'bigint', (c) => c.notNull().references('person.id').onDelete('cascade'))
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('online', 'window')`))
    .addColumn('intended_use', 'text', (c) => c.notNull().check(sql`intended_use in ('settlement', 'school')`))
    /** JSON {name, birthDate} of the child, for school admission. */
    .addColumn('child', 'text')
    .addColumn('filed_by_kind', 'text', (c) => c.notNull().check(sql`filed_by_kind in ('self', 'employer', 'guardian', 'clerk')`))
    .addColumn('filed_by_ref', 'text', (c) => c.notNull())
    .addColumn('agent_id_number', 'text')
    /** Why a guardian or relative may file (2020 FAQ Q3): 'minor' | 'elderly' | 'disabled'. */
    .addColumn('guardian_ground', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text')
    .addColumn('accepted_on', 'text')
    .addColumn('result_visible_on', 'text')
    .addColumn('result_provisional', 'integer')
    .addColumn('determined_at', 'text')
    .addColumn('published_at', 'text')
    .addColumn('policy_version', 'text')
    .addColumn('facts_digest', 'text')
    .addColumn('facts_json', 'text')
    .addColumn('total_h', 'integer')
    .addColumn('eligible', 'integer')
    .addColumn('items_h', 'text')
    .addColumn('refused_reason', 'text')
    .addColumn('return_reason', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('application_person').on('application').column('person_id').execute();
  await db.schema.createIndex('application_state').on('application').columns(['state', 'submitted_at', 'id']).execute();
  await db.schema.createIndex('application_visible').on('application').columns(['state', 'result_visible_on']).execute();

  await db.schema
    .createTable('application_indicator_review')
    .addColumn('application_id', 'bigint', (c) => c.notNull().references('application.id').onDelete('cascade'))
    .addColumn('indicator', 'text', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull().check(sql`decision in ('accepted', 'rejected')`))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('application_indicator_review_pk', ['application_id', 'indicator'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('application_indicator_review').execute();
  await db.schema.dropTable('application').execute();
}
