/**
 * The append-only, hash-chained audit log. Every write goes through `appendAudit`, inside the caller's
 * transaction, so an event exists exactly when the change it records does. `verifyAudit` walks the
 * chain and names the first event that does not fit.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { isPostgres } from '../dialects/columns.ts';
import { auditHash, GENESIS } from '../audit-hash.ts';
import type { Database } from '../schema.ts';

export interface AuditEvent {
  at: string;
  actor: string;
  action: string;
  subject: string;
  detail: Record<string, unknown>;
}

type Db = Kysely<Database> | Transaction<Database>;

/** The advisory-lock key of the audit chain ("jifenAud" as a number). */
const AUDIT_LOCK = 0x6a6966656e417564n;

async function appendOnce(trx: Transaction<Database>, e: AuditEvent): Promise<void> {
  // PostgreSQL: one appender at a time across every connection and instance, for the rest of this
  // transaction. SQLite: the database's single writer does the same.
  if (isPostgres(trx)) await sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK})`.execute(trx);
  const last = await trx.selectFrom('audit_event').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst();
  const prev = last?.hash ?? GENESIS;
  const fields = { at: e.at, actor: e.actor, action: e.action, subject: e.subject, detail: JSON.stringify(e.detail) };
  await trx.insertInto('audit_event').values({ ...fields, prev_hash: prev, hash: auditHash(prev, fields) }).execute();
}

/**
 * Appends one event. Inside a transaction it joins it; otherwise it opens its own. Two writers that
 * read the same head collide on the unique `prev_hash`; the loser's transaction fails and, when this
 * function owns it, is retried.
 */
export async function appendAudit(db: Db, e: AuditEvent): Promise<void> {
  if (db.isTransaction) {
    await appendOnce(db as Transaction<Database>, e);
    return;
  }
  for (let attempt = 1; ; attempt++) {
    try {
      await (db).transaction().execute((trx) => appendOnce(trx, e));
      return;
    } catch (err) {
      if (attempt >= 5) throw err;
    }
  }
}

export type AuditVerdict = { ok: true; events: number; head: string } | { ok: false; events: number; brokenAt: number; reason: string };

export async function verifyAudit(db: Kysely<Database>): Promise<AuditVerdict> {
  const rows = await db.selectFrom('audit_event').selectAll().orderBy('id').execute();
  let prev = GENESIS;
  for (const r of rows) {
    const id = Number(r.id);
    if (r.prev_hash !== prev) {
      return { ok: false, events: rows.length, brokenAt: id, reason: 'the event before it is missing or was changed' };
    }
    if (r.hash !== auditHash(prev, r)) return { ok: false, events: rows.length, brokenAt: id, reason: 'its content was changed' };
    prev = r.hash;
  }
  return { ok: true, events: rows.length, head: prev };
}

export interface StoredAuditEvent extends AuditEvent {
  id: number;
}

/** The events about any of `subjects` (e.g. `application:7`), oldest first: a case's history. */
export async function auditBySubjects(db: Db, subjects: readonly string[], limit = 500): Promise<StoredAuditEvent[]> {
  if (subjects.length === 0) return [];
  const rows = await db.selectFrom('audit_event').select(['id', 'at', 'actor', 'action', 'subject', 'detail']).where('subject', 'in', [...subjects]).orderBy('id').limit(limit).execute();
  return rows.map((r) => ({ id: Number(r.id), at: r.at, actor: r.actor, action: r.action, subject: r.subject, detail: JSON.parse(r.detail) as Record<string, unknown> }));
}
