/**
 * People and the records the source systems hold about them (issue 3). Booleans are integers 0/1 in
 * both dialects and dates ISO text, so one schema and one set of queries serve SQLite and PostgreSQL.
 * Social insurance is stored as runs of months (a month index = year × 12 + month − 1), not one row a
 * month, so a city of millions fits on one machine.
 */
import { sql, type Kysely } from 'kysely';
import { idColumn } from '../dialects/columns.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await idColumn(db.schema.createTable('person'), db)
    .addColumn('id_number', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('birth_date', 'text', (c) => c.notNull())
    .addColumn('sex', 'text', (c) => c.notNull())
    .addColumn('urban_hukou', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('full_civil_capacity', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('district', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('person_name').on('person').column('name').execute();
  await db.schema.createIndex('person_phone').on('person').column('phone').execute();

  await idColumn(db.schema.createTable('permit'), db)
    .addColumn('person_id', 'bigint', (c) => c.notNull().references('person.id').onDelete('cascade'))
    .addColumn('permit_no', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('ic', 'paper9')`))
    .addColumn('district', 'text', (c) => c.notNull())
    .addColumn('issued_on', 'text', (c) => c.notNull())
    .addColumn('terminated_on', 'text')
    .addColumn('termination_reason', 'text')
    .execute();
  await db.schema.createIndex('permit_person').on('permit').column('person_id').execute();

  await db.schema
    .createTable('permit_endorsement')
    .addColumn('permit_id', 'bigint', (c) => c.notNull().references('permit.id').onDelete('cascade'))
    .addColumn('endorsed_on', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('permit_endorsement_pk', ['permit_id', 'endorsed_on'])
    .execute();

  await idColumn(db.schema.createTable('residence_period'), db)
    .addColumn('person_id', 'bigint', (c) => c.notNull().references('person.id').onDelete('cascade'))
    .addColumn('from_date', 'text', (c) => c.notNull())
    .addColumn('to_date', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('registered', 'cancelled')`))
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('police', 'handwritten')`))
    .addColumn('verified', 'integer', (c) => c.notNull().defaultTo(0))
    /** The source system's record id: importing the same record twice changes nothing. */
    .addColumn('source_ref', 'text', (c) => c.notNull().unique())
    .execute();
  await db.schema.createIndex('residence_person').on('residence_period').column('person_id').execute();

  await idColumn(db.schema.createTable('insurance_run'), db)
    .addColumn('person_id', 'bigint', (c) => c.notNull().references('person.id').onDelete('cascade'))
    .addColumn('scheme', 'text', (c) => c.notNull().check(sql`scheme in ('pension', 'medical')`))
    .addColumn('from_month', 'integer', (c) => c.notNull())
    .addColumn('to_month', 'integer', (c) => c.notNull())
    .addColumn('back_paid', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('transferred_in', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('insurance_person').on('insurance_run').columns(['person_id', 'scheme', 'from_month']).execute();

  /** Everything else the facts contract needs (education, housing, honours, …), as facts-v1 JSON. */
  await db.schema
    .createTable('person_declared')
    .addColumn('person_id', 'bigint', (c) => c.primaryKey().references('person.id').onDelete('cascade'))
    .addColumn('facts_json', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await idColumn(db.schema.createTable('import_batch'), db)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('file_sha256', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    /** Lines of the file already applied (committed chunks): a rerun continues after them. */
    .addColumn('lines_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rows_applied', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rows_unchanged', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rows_rejected', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('import_batch_file').on('import_batch').columns(['kind', 'file_sha256']).execute();

  await db.schema
    .createTable('import_reject')
    .addColumn('batch_id', 'bigint', (c) => c.notNull().references('import_batch.id').onDelete('cascade'))
    .addColumn('line', 'integer', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('import_reject_pk', ['batch_id', 'line', 'field'])
    .execute();

  await idColumn(db.schema.createTable('recompute_run'), db)
    .addColumn('as_of', 'text', (c) => c.notNull())
    .addColumn('policy_version', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    /** Every person with an id at or below this one has its snapshot written. */
    .addColumn('last_person_id', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('people_done', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('points_snapshot')
    .addColumn('person_id', 'bigint', (c) => c.notNull().references('person.id').onDelete('cascade'))
    .addColumn('as_of', 'text', (c) => c.notNull())
    .addColumn('policy_version', 'text', (c) => c.notNull())
    .addColumn('run_id', 'bigint', (c) => c.notNull())
    .addColumn('facts_digest', 'text', (c) => c.notNull())
    .addColumn('total_h', 'integer', (c) => c.notNull())
    .addColumn('eligible', 'integer', (c) => c.notNull())
    /** Points per indicator in hundredths, in the engine's indicator order, comma-separated. */
    .addColumn('items_h', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('points_snapshot_pk', ['person_id', 'as_of', 'policy_version'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'points_snapshot',
    'recompute_run',
    'import_reject',
    'import_batch',
    'person_declared',
    'insurance_run',
    'residence_period',
    'permit_endorsement',
    'permit',
    'person',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
