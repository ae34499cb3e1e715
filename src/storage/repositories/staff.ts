/** Staff accounts, sessions and sign-in attempts. */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { PasswordAccountRepository } from './password-accounts.ts';
import type { SessionOf } from './sessions.ts';

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

/** Sessions, lock-out and attempts come from PasswordAccountRepository (shared with employer accounts). */
export class StaffRepository extends PasswordAccountRepository<'staff'> {
  constructor(db: Kysely<Database>) {
    super(db, 'staff_user', 'staff', 'login_attempt');
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

  async byId(id: number): Promise<StaffUser | undefined> {
    const r = await this.db.selectFrom('staff_user').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toUser(r) : undefined;
  }

  async count(): Promise<number> {
    const r = await this.db.selectFrom('staff_user').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  }
}
