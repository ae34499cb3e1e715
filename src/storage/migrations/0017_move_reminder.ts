/**
 * The day an admitted person was reminded that their admission notice is about to lapse (issue 6):
 * one reminder per notice, sent by the daily `jifen settlement lapse` in the last days of the move
 * window, so that forfeiture does not come as a surprise.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('settlement_application').addColumn('reminded_on', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('settlement_application').dropColumn('reminded_on').execute();
}
