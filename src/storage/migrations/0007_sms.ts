/**
 * Applicant sign-in by SMS code. `sms_outbox` holds every message sent (the default transport only
 * writes here; the HTTP gateway also records its outcome). `sms_code` is one row per code request —
 * also for unknown ID numbers, so rate limits treat every number alike — keyed by the SHA-256 of the
 * ID number and holding only the SHA-256 of the code. `applicant_lock` counts wrong codes per ID
 * number; `applicant_attempt` counts sign-in attempts per client address.
 */
import type { Kysely } from 'kysely';
import { idColumn } from '../dialects/columns.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await idColumn(db.schema.createTable('sms_outbox'), db)
    .addColumn('to_phone', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .execute();

  await idColumn(db.schema.createTable('sms_code'), db)
    .addColumn('id_key', 'text', (c) => c.notNull())
    .addColumn('person_id', 'bigint')
    .addColumn('code_sha256', 'text')
    .addColumn('client', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('sms_code_key').on('sms_code').columns(['id_key', 'created_at']).execute();
  await db.schema.createIndex('sms_code_client').on('sms_code').columns(['client', 'created_at']).execute();

  await db.schema
    .createTable('applicant_lock')
    .addColumn('id_key', 'text', (c) => c.primaryKey())
    .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'text')
    .execute();

  await db.schema
    .createTable('applicant_attempt')
    .addColumn('client', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('ok', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('applicant_attempt_client').on('applicant_attempt').columns(['client', 'at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('applicant_attempt').execute();
  await db.schema.dropTable('applicant_lock').execute();
  await db.schema.dropTable('sms_code').execute();
  await db.schema.dropTable('sms_outbox').execute();
}
