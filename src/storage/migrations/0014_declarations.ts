/**
 * What the applicant declares with an application (申报指标, issue 4): the facts-v1 fields no source
 * system holds (education, qualification, housing, honours, donations, …), as JSON on the application,
 * so each application scores what was declared for it and reviewed on it; the person's stored
 * declarations stay the default for applications that declare nothing.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('application').addColumn('declared_json', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('application').dropColumn('declared_json').execute();
}
