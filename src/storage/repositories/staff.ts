/** Staff accounts, sessions and sign-in attempts. */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { appendAudit } from './audit.ts';
import { AttemptLog } from './attempts.ts';
import { SessionRepository, type SessionOf } from './sessions.ts';

export type StaffRole = 'clerk' | 'district' | 'city' | 'admin';

export interface StaffUser {
  id: number;
  username: string;
  displayName: string;
  passwordHash: string;
  role: StaffRole;
  district: string | null;
  failedAttempts: number;
  lockedUntil: string | null;
  disabled: boolean;
}

export type SessionRow = SessionOf<'staff'>;

const ROLES: readonly StaffRole[] = ['clerk', 'district', 'city', 'admin'];

function toUser(r: {
  id: number;
  username: string;
  display_name: string;
  password_hash: string;
  role: string;
  district: string | null;
  failed_attempts: number;
  locked_until: string | null;
  disabled_at: string | null;
}): StaffUser {
  const role = ROLES.find((x) => x === r.role);
  if (!role) throw new Error(`staff_user ${r.id} has an unknown role`);
  return {
    id: Number(r.id),
    username: r.username,
    displayName: r.display_name,
    passwordHash: r.password_hash,
    role,
    district: r.district,
    failedAttempts: Number(r.failed_attempts),
    lockedUntil: r.locked_until,
    disabled: r.disabled_at !== null,
  };
}

export class StaffRepository {
  private readonly sessions: SessionRepository<'staff'>;
  private readonly attempts: AttemptLog;

  constructor(private readonly db: Kysely<Database>) {
    this.sessions = new SessionRepository(db, 'staff');
    this.attempts = new AttemptLog(db, 'login_attempt');
  }

  async create(u: { username: string; displayName: string; passwordHash: string; role: StaffRole; district: string | null }, at: string): Promise<number> {
    const r = await this.db
      .insertInto('staff_user')
      .values({
        username: u.username,
        display_name: u.displayName,
        password_hash: u.passwordHash,
        role: u.role,
        district: u.district,
        failed_attempts: 0,
        created_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(r.id);
  }

  async byUsername(username: string): Promise<StaffUser | undefined> {
    const r = await this.db.selectFrom('staff_user').selectAll().where('username', '=', username).executeTakeFirst();
    return r ? toUser(r) : undefined;
  }

  async setPassword(id: number, passwordHash: string): Promise<void> {
    await this.db.updateTable('staff_user').set({ password_hash: passwordHash, failed_attempts: 0, locked_until: null }).where('id', '=', id).execute();
  }

  /** Ends every session of a staff member (after a password change). */
  async deleteSessionsOf(id: number): Promise<void> {
    await this.sessions.deleteAllOf(id);
  }

  async byId(id: number): Promise<StaffUser | undefined> {
    const r = await this.db.selectFrom('staff_user').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toUser(r) : undefined;
  }

  async count(): Promise<number> {
    const r = await this.db.selectFrom('staff_user').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Records a failed sign-in; locks the account until `lockUntil` when the count reaches `limit`. Returns whether it locked. */
  async recordFailure(id: number, limit: number, lockUntil: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const r = await trx.selectFrom('staff_user').select('failed_attempts').where('id', '=', id).executeTakeFirstOrThrow();
      const n = Number(r.failed_attempts) + 1;
      await trx
        .updateTable('staff_user')
        .set(n >= limit ? { failed_attempts: 0, locked_until: lockUntil } : { failed_attempts: n })
        .where('id', '=', id)
        .execute();
      return n >= limit;
    });
  }

  async clearFailures(id: number): Promise<void> {
    await this.db.updateTable('staff_user').set({ failed_attempts: 0, locked_until: null }).where('id', '=', id).execute();
  }

  recordAttempt(client: string, at: string, ok: boolean): Promise<void> {
    return this.attempts.record(client, at, ok);
  }

  failedAttemptsSince(client: string, since: string): Promise<number> {
    return this.attempts.failuresSince(client, since);
  }

  async createSession(tokenSha256: string, s: SessionRow, at: string): Promise<void> {
    await this.sessions.create(tokenSha256, s, at);
  }

  session(tokenSha256: string): Promise<SessionRow | undefined> {
    return this.sessions.find(tokenSha256);
  }

  async deleteSession(tokenSha256: string): Promise<void> {
    await this.sessions.delete(tokenSha256);
  }


  async audit(at: string, actor: string, action: string, subject: string, detail: Record<string, unknown>): Promise<void> {
    await appendAudit(this.db, { at, actor, action, subject, detail });
  }
}
