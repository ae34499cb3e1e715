/**
 * What staff and employer accounts share: password sign-in with a per-account lock-out (both tables
 * carry `failed_attempts` and `locked_until`), failed attempts per client address in a table of the
 * kind's own, sessions in the shared `session` table bound to the kind, and the audit of sign-ins.
 * `AuthService`'s `passwordSignIn` (src/services/auth.ts) works on any of them.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { appendAudit } from './audit.ts';
import { AttemptLog, type AttemptTable } from './attempts.ts';
import { SessionRepository, type SessionOf } from './sessions.ts';

export type LockableTable = 'staff_user' | 'organisation_account';

export class PasswordAccountRepository<K extends string> {
  protected readonly sessions: SessionRepository<K>;
  private readonly attempts: AttemptLog;

  constructor(
    protected readonly db: Kysely<Database>,
    private readonly table: LockableTable,
    kind: K,
    attempts: AttemptTable,
  ) {
    this.sessions = new SessionRepository(db, kind);
    this.attempts = new AttemptLog(db, attempts);
  }

  /** Records a failed sign-in; locks the account until `lockUntil` when the count reaches `limit`. Returns whether it locked. */
  async recordFailure(id: number, limit: number, lockUntil: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const r = await trx.selectFrom(this.table).select('failed_attempts').where('id', '=', id).executeTakeFirstOrThrow();
      const n = Number(r.failed_attempts) + 1;
      await trx
        .updateTable(this.table)
        .set(n >= limit ? { failed_attempts: 0, locked_until: lockUntil } : { failed_attempts: n })
        .where('id', '=', id)
        .execute();
      return n >= limit;
    });
  }

  async clearFailures(id: number): Promise<void> {
    await this.db.updateTable(this.table).set({ failed_attempts: 0, locked_until: null }).where('id', '=', id).execute();
  }

  recordAttempt(client: string, at: string, ok: boolean): Promise<void> {
    return this.attempts.record(client, at, ok);
  }

  failedAttemptsSince(client: string, since: string): Promise<number> {
    return this.attempts.failuresSince(client, since);
  }

  async createSession(tokenSha256: string, s: SessionOf<K>, at: string): Promise<void> {
    await this.sessions.create(tokenSha256, s, at);
  }

  session(tokenSha256: string): Promise<SessionOf<K> | undefined> {
    return this.sessions.find(tokenSha256);
  }

  async deleteSession(tokenSha256: string): Promise<void> {
    await this.sessions.delete(tokenSha256);
  }

  /** Ends every session of an account (after a password change). */
  async deleteSessionsOf(id: number): Promise<void> {
    await this.sessions.deleteAllOf(id);
  }

  async audit(at: string, actor: string, action: string, subject: string, detail: Record<string, unknown>): Promise<void> {
    await appendAudit(this.db, { at, actor, action, subject, detail });
  }
}
