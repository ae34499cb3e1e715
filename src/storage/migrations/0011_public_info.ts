/**
 * Public information shown on /windows: the acceptance windows (受理窗口) per district and the
 * consultation hotlines (咨询电话). Edited by admins only; every change is audited. `updated_by` is the
 * audit actor id (`staff:3`) of the last editor.
 */
import type { Kysely } from 'kysely';
import { idColumn } from '../dialects/columns.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await idColumn(db.schema.createTable('acceptance_window'), db)
    .addColumn('district', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('hours', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('acceptance_window_district').on('acceptance_window').columns(['district']).execute();

  await idColumn(db.schema.createTable('hotline'), db)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('hours', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('hotline').execute();
  await db.schema.dropTable('acceptance_window').execute();
}
