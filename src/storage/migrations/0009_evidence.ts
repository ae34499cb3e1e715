/**
 * Evidence (证明材料) of a points application: photos and PDFs, each row naming its blob by SHA-256
 * (src/storage/blobs.ts), so the same file is stored once however often it is uploaded or reused.
 * A row is never deleted while its application exists: removing an item sets `removed_at`, so what a
 * reviewer saw stays visible. Material reused from the previous year's application (2020 FAQ Q10)
 * is a new row pointing at the same blob, with `reused_from` and the applicant's confirmation.
 */
import { sql, type Kysely } from 'kysely';
import { idColumn } from '../dialects/columns.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await idColumn(db.schema.createTable('evidence'), db)
    .addColumn('application_id', 'bigint', (c) => c.notNull().references('application.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('permit', 'identity', 'authorisation', 'relationship', 'handwritten_permit', 'indicator', 'other')`),
    )
    /** The declared indicator (DECLARED_INDICATORS) the item supports, when kind = 'indicator'. */
    .addColumn('indicator', 'text')
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('original_name', 'text', (c) => c.notNull())
    /** Actor id: `person:9`, `staff:3`. */
    .addColumn('uploaded_by', 'text', (c) => c.notNull())
    .addColumn('uploaded_via', 'text', (c) => c.notNull().check(sql`uploaded_via in ('online', 'window', 'employer')`))
    .addColumn('uploaded_at', 'text', (c) => c.notNull())
    .addColumn('reused_from', 'bigint', (c) => c.references('evidence.id').onDelete('set null'))
    /** Who recorded the applicant's confirmation of a reused item: the applicant online, a clerk at the window. */
    .addColumn('confirmed_by', 'text')
    /** When a clerk recorded it: the applicant whose confirmation it is (`person:9`). */
    .addColumn('confirmed_on_behalf_of', 'text')
    .addColumn('confirmed_at', 'text')
    .addColumn('removed_at', 'text')
    .addCheckConstraint('evidence_indicator', sql`(kind = 'indicator') = (indicator is not null)`)
    .execute();
  await db.schema.createIndex('evidence_application').on('evidence').column('application_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('evidence').execute();
}
