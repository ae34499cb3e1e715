/**
 * Chains the audit log: every event carries the SHA-256 of the one before it and its own, so an
 * edited or deleted row breaks the chain (`jifen audit verify`). The unique `prev_hash` keeps the
 * chain a single line even when two writers race. Events written before this migration are chained
 * here, in id order.
 */
import { sql, type Kysely } from 'kysely';
import { auditHash, GENESIS } from '../audit-hash.ts';

interface Row {
  id: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  detail: string;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('audit_event').addColumn('prev_hash', 'text').execute();
  await db.schema.alterTable('audit_event').addColumn('hash', 'text').execute();
  const rows = (await sql<Row>`SELECT id, at, actor, action, subject, detail FROM audit_event ORDER BY id`.execute(db)).rows;
  let prev = GENESIS;
  for (const r of rows) {
    const hash = auditHash(prev, r);
    await sql`UPDATE audit_event SET prev_hash = ${prev}, hash = ${hash} WHERE id = ${r.id}`.execute(db);
    prev = hash;
  }
  await db.schema.createIndex('audit_event_prev').on('audit_event').column('prev_hash').unique().execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('audit_event_prev').execute();
  await db.schema.alterTable('audit_event').dropColumn('hash').execute();
  await db.schema.alterTable('audit_event').dropColumn('prev_hash').execute();
}
