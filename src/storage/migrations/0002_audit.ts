/** An append-only audit log; issue 4 chains its rows by hash. */
import type { Kysely } from 'kysely';
import { idColumn } from '../dialects/columns.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await idColumn(db.schema.createTable('audit_event'), db)
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('audit_event').execute();
}
