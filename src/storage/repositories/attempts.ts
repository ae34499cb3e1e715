/**
 * Sign-in attempts per client address, for the rate limits of staff, applicant and employer sign-in (each kind
 * has its own table of the same shape, so one limit never spends the other's).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export type AttemptTable = 'login_attempt' | 'applicant_attempt' | 'employer_attempt';

export class AttemptLog {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly table: AttemptTable,
  ) {}

  async record(client: string, at: string, ok: boolean): Promise<void> {
    await this.db.insertInto(this.table).values({ client, at, ok: ok ? 1 : 0 }).execute();
  }

  async failuresSince(client: string, since: string): Promise<number> {
    const r = await this.db
      .selectFrom(this.table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('client', '=', client)
      .where('at', '>=', since)
      .where('ok', '=', 0)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
}
