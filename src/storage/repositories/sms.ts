/**
 * SMS outbox, applicant sign-in codes, wrong-code lock-out per ID number, sign-in attempts per client
 * address, and applicant sessions (the shared `session` table, kind 'applicant').
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, SmsOutboxTable } from '../schema.ts';
import { appendAudit } from './audit.ts';
import { AttemptLog } from './attempts.ts';
import { SessionRepository, type SessionOf } from './sessions.ts';

/**
 * 'queued': written in the transaction of the change it reports, not yet handed to the transport
 * (`dispatchQueued` in src/services/sms.ts does that after the commit, and again on every run until
 * it succeeds). 'outbox': kept in the outbox only (no gateway). 'pending' / 'sent' / 'failed': the
 * gateway's outcome.
 */
export type OutboxStatus = 'queued' | 'outbox' | 'pending' | 'sent' | 'failed';

/**
 * Queues a message inside the caller's transaction (transactional outbox): it exists if and only if
 * the change it announces was committed. The text must never hold a full ID number.
 */
export interface QueuedSms {
  to: string;
  text: string;
  kind: string;
}

export async function enqueueSms(trx: Kysely<Database> | Transaction<Database>, m: QueuedSms, at: string): Promise<number> {
  const r = await trx
    .insertInto('sms_outbox')
    .values({ to_phone: m.to, text: m.text, kind: m.kind, status: 'queued', error: null, created_at: at, sent_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

export interface OutboxMessage {
  id: number;
  to: string;
  text: string;
  kind: string;
  status: OutboxStatus;
  error: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface ActiveCode {
  id: number;
  personId: number | null;
  codeSha256: string;
  expiresAt: string;
}

export type ApplicantSessionRow = SessionOf<'applicant'>;

const STATUSES: readonly OutboxStatus[] = ['queued', 'outbox', 'pending', 'sent', 'failed'];

function toMessage(r: Selectable<SmsOutboxTable>): OutboxMessage {
  return {
    id: Number(r.id),
    to: r.to_phone,
    text: r.text,
    kind: r.kind,
    status: STATUSES.find((s) => s === r.status) ?? 'failed',
    error: r.error,
    createdAt: r.created_at,
    sentAt: r.sent_at,
  };
}

export class SmsRepository {
  private readonly sessions: SessionRepository<'applicant'>;
  private readonly attempts: AttemptLog;

  constructor(private readonly db: Kysely<Database>) {
    this.sessions = new SessionRepository(db, 'applicant');
    this.attempts = new AttemptLog(db, 'applicant_attempt');
  }

  // --- outbox ---

  async addMessage(m: { to: string; text: string; kind: string; status: OutboxStatus }, at: string): Promise<number> {
    const r = await this.db
      .insertInto('sms_outbox')
      .values({ to_phone: m.to, text: m.text, kind: m.kind, status: m.status, error: null, created_at: at, sent_at: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(r.id);
  }

  /** The oldest queued messages, for the dispatcher. */
  async queued(limit: number): Promise<OutboxMessage[]> {
    const rows = await this.db.selectFrom('sms_outbox').selectAll().where('status', '=', 'queued').orderBy('id').limit(limit).execute();
    return rows.map(toMessage);
  }

  /**
   * Takes a queued message for delivery: true for exactly one caller, even with several server
   * processes dispatching at once. `text` replaces the stored text (masked for a gateway).
   */
  async claim(id: number, status: Exclude<OutboxStatus, 'queued'>, text?: string): Promise<boolean> {
    const r = await this.db
      .updateTable('sms_outbox')
      .set({ status, ...(text !== undefined ? { text } : {}) })
      .where('id', '=', id)
      .where('status', '=', 'queued')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async markSent(id: number, at: string): Promise<void> {
    await this.db.updateTable('sms_outbox').set({ status: 'sent', sent_at: at, error: null }).where('id', '=', id).execute();
  }

  async markFailed(id: number, error: string): Promise<void> {
    await this.db.updateTable('sms_outbox').set({ status: 'failed', error: error.slice(0, 500) }).where('id', '=', id).execute();
  }

  /** The newest messages first. */
  async latest(limit: number): Promise<OutboxMessage[]> {
    const rows = await this.db.selectFrom('sms_outbox').selectAll().orderBy('id', 'desc').limit(limit).execute();
    return rows.map(toMessage);
  }

  // --- codes ---

  /**
   * Records a code request; any earlier unused code of the same ID number stops being valid. Without
   * a code (unknown ID number, no phone) the row only counts towards the rate limits.
   */
  async addCodeRequest(
    r: { idKey: string; personId: number | null; codeSha256: string | null; client: string; expiresAt: string },
    at: string,
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('sms_code').set({ used_at: at }).where('id_key', '=', r.idKey).where('used_at', 'is', null).execute();
      await trx
        .insertInto('sms_code')
        .values({ id_key: r.idKey, person_id: r.personId, code_sha256: r.codeSha256, client: r.client, created_at: at, expires_at: r.expiresAt, used_at: null })
        .execute();
    });
  }

  /** Creation times of the ID number's code requests since `since`, oldest first. */
  async requestTimesForKey(idKey: string, since: string): Promise<string[]> {
    const rows = await this.db.selectFrom('sms_code').select('created_at').where('id_key', '=', idKey).where('created_at', '>=', since).orderBy('created_at').execute();
    return rows.map((r) => r.created_at);
  }

  /** Creation times of the client's code requests since `since`, oldest first. */
  async requestTimesForClient(client: string, since: string): Promise<string[]> {
    const rows = await this.db.selectFrom('sms_code').select('created_at').where('client', '=', client).where('created_at', '>=', since).orderBy('created_at').execute();
    return rows.map((r) => r.created_at);
  }

  /** The newest unused, unexpired code of an ID number. */
  async activeCode(idKey: string, now: string): Promise<ActiveCode | undefined> {
    const r = await this.db
      .selectFrom('sms_code')
      .select(['id', 'person_id', 'code_sha256', 'expires_at'])
      .where('id_key', '=', idKey)
      .where('used_at', 'is', null)
      .where('code_sha256', 'is not', null)
      .where('expires_at', '>', now)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!r || r.code_sha256 === null) return undefined;
    return { id: Number(r.id), personId: r.person_id === null ? null : Number(r.person_id), codeSha256: r.code_sha256, expiresAt: r.expires_at };
  }

  /** Marks a code used; false when it already was (two sign-ins racing with the same code). */
  async useCode(id: number, at: string): Promise<boolean> {
    const r = await this.db.updateTable('sms_code').set({ used_at: at }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  // --- lock-out per ID number ---

  async lockedUntil(idKey: string): Promise<string | null> {
    const r = await this.db.selectFrom('applicant_lock').select('locked_until').where('id_key', '=', idKey).executeTakeFirst();
    return r?.locked_until ?? null;
  }

  /**
   * Counts a wrong code. At `limit` the ID number is locked until `lockUntil`, the counter restarts
   * and every unused code is burnt. Returns whether it locked.
   */
  async recordWrongCode(idKey: string, limit: number, lockUntil: string, at: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('applicant_lock')
        .values({ id_key: idKey, failed_attempts: 0, locked_until: null })
        .onConflict((oc) => oc.column('id_key').doNothing())
        .execute();
      const r = await trx
        .updateTable('applicant_lock')
        .set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1) }))
        .where('id_key', '=', idKey)
        .returning('failed_attempts')
        .executeTakeFirstOrThrow();
      if (Number(r.failed_attempts) < limit) return false;
      await trx.updateTable('applicant_lock').set({ failed_attempts: 0, locked_until: lockUntil }).where('id_key', '=', idKey).execute();
      await trx.updateTable('sms_code').set({ used_at: at }).where('id_key', '=', idKey).where('used_at', 'is', null).execute();
      return true;
    });
  }

  async clearWrongCodes(idKey: string): Promise<void> {
    await this.db.updateTable('applicant_lock').set({ failed_attempts: 0, locked_until: null }).where('id_key', '=', idKey).execute();
  }

  // --- attempts per client ---

  recordAttempt(client: string, at: string, ok: boolean): Promise<void> {
    return this.attempts.record(client, at, ok);
  }

  failedAttemptsSince(client: string, since: string): Promise<number> {
    return this.attempts.failuresSince(client, since);
  }

  // --- sessions ---

  async createSession(tokenSha256: string, s: ApplicantSessionRow, at: string): Promise<void> {
    await this.sessions.create(tokenSha256, s, at);
  }

  session(tokenSha256: string): Promise<ApplicantSessionRow | undefined> {
    return this.sessions.find(tokenSha256);
  }

  async deleteSession(tokenSha256: string): Promise<void> {
    await this.sessions.delete(tokenSha256);
  }


  async audit(at: string, actor: string, action: string, subject: string, detail: Record<string, unknown>): Promise<void> {
    await appendAudit(this.db, { at, actor, action, subject, detail });
  }
}
