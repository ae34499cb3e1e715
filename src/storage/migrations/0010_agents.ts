/**
 * Agents (代办, 2020 FAQ Q3): employer organisations with their sign-in accounts, the written
 * authorisations people give them (scoped, dated, checked by a clerk, revocable), and on each
 * application the authorisation it was filed under and, for a guardian or close relative, the
 * relationship declared. Employer sign-in failures are counted per client address in their own
 * table, like the staff and applicant ones. Dates are ISO text, as everywhere else.
 */
import { sql, type Kysely } from 'kysely';
import { idColumn } from '../dialects/columns.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await idColumn(db.schema.createTable('organisation'), db)
    .addColumn('name', 'text', (c) => c.notNull())
    /** 统一社会信用代码, GB 32100 (checked in src/domain/credit-code.ts). */
    .addColumn('credit_code', 'text', (c) => c.notNull().unique())
    .addColumn('district', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await idColumn(db.schema.createTable('organisation_account'), db)
    .addColumn('organisation_id', 'bigint', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    /** The HR officer's own ID number: recorded as the agent's on every application they file (Q3). */
    .addColumn('agent_id_number', 'text', (c) => c.notNull())
    .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('disabled_at', 'text')
    .execute();
  await db.schema.createIndex('organisation_account_org').on('organisation_account').column('organisation_id').execute();

  await idColumn(db.schema.createTable('authorisation'), db)
    .addColumn('organisation_id', 'bigint', (c) => c.notNull().references('organisation.id').onDelete('cascade'))
    .addColumn('person_id', 'bigint', (c) => c.notNull().references('person.id').onDelete('cascade'))
    /** 'apply': may file and submit; 'apply_and_track': may also follow the case and see its result. */
    .addColumn('scope', 'text', (c) => c.notNull().check(sql`scope in ('apply', 'apply_and_track')`))
    .addColumn('valid_from', 'text', (c) => c.notNull())
    /** Inclusive. */
    .addColumn('expires_on', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'verified', 'rejected', 'revoked')`))
    .addColumn('checked_by', 'text')
    .addColumn('checked_at', 'text')
    .addColumn('check_reason', 'text')
    .addColumn('revoked_by', 'text')
    .addColumn('revoked_at', 'text')
    .addColumn('revoke_reason', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('authorisation_org_person').on('authorisation').columns(['organisation_id', 'person_id']).execute();
  await db.schema.createIndex('authorisation_person').on('authorisation').column('person_id').execute();
  await db.schema.createIndex('authorisation_status').on('authorisation').columns(['status', 'created_at']).execute();

  await db.schema.alterTable('application').addColumn('authorisation_id', 'bigint', (c) => c.references('authorisation.id')).execute();
  /** What a guardian or close relative declared they are to the applicant: 父母, 子女, 配偶, 其他近亲属. */
  await db.schema.alterTable('application').addColumn('relationship', 'text').execute();
  await db.schema.createIndex('application_filer').on('application').columns(['filed_by_kind', 'filed_by_ref']).execute();
  await db.schema.createIndex('application_authorisation').on('application').column('authorisation_id').execute();

  await db.schema
    .createTable('employer_attempt')
    .addColumn('client', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('ok', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('employer_attempt_client').on('employer_attempt').columns(['client', 'at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('employer_attempt').execute();
  await db.schema.dropIndex('application_authorisation').execute();
  await db.schema.dropIndex('application_filer').execute();
  await db.schema.alterTable('application').dropColumn('relationship').execute();
  await db.schema.alterTable('application').dropColumn('authorisation_id').execute();
  await db.schema.dropTable('authorisation').execute();
  await db.schema.dropTable('organisation_account').execute();
  await db.schema.dropTable('organisation').execute();
}
