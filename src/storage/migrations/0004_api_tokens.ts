/**
 * Bearer tokens of partner systems (the police, permit and social-insurance systems upload their
 * files over HTTP). Only the SHA-256 of a token is kept: the token itself is shown once, when made.
 * `scopes` is a comma-separated list such as `import:residence,import:insurance`.
 */
import type { Kysely } from 'kysely';
import { idColumn } from '../dialects/columns.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await idColumn(db.schema.createTable('api_token'), db)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_sha256', 'text', (c) => c.notNull().unique())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('api_token').execute();
}
