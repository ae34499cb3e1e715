/**
 * When a school round's results were sent to the parents by SMS (issue 6). Until then the allocation
 * may be run again (a seat added, a parentage confirmed late); once the parents have been told, it
 * may not, so what a parent was told stays what is stored.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('school_round').addColumn('results_sent_at', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('school_round').dropColumn('results_sent_at').execute();
}
