/**
 * Opens the database: the embedded SQLite file by default, PostgreSQL when a URL is given, one
 * Kysely `Database` type for both. Migrations run at open, so a first start creates everything.
 */
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { migrationProvider } from './migrations/index.ts';
import type { Database } from './schema.ts';

export type DialectName = 'sqlite' | 'postgres';

// PostgreSQL returns bigint (int8) as text; our ids and counts stay far below 2^53, so read them as
// numbers, the same as SQLite gives them.
pg.types.setTypeParser(20, (v) => Number(v));

export interface Store {
  db: Kysely<Database>;
  dialect: DialectName;
  /** Where the data lives, for people: a file path, or the URL without its password. */
  location: string;
  /** How it was opened, so another thread can open the same database (undefined for ':memory:'). */
  reopen: OpenOptions | undefined;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl?: string | undefined;
  /** Directory of the SQLite file when no URL is given. */
  dataDir?: string;
  /** SQLite file name inside dataDir, or ':memory:'. */
  sqliteFile?: string;
  /** PostgreSQL schema to use (created if missing); default `public`. Tests use one each. */
  pgSchema?: string;
  migrate?: boolean;
}

export class MigrationError extends Error {
  constructor(name: string, cause: unknown) {
    super(`migration ${name} failed: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'MigrationError';
  }
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparseable url)';
  }
}

export async function openStore(o: OpenOptions = {}): Promise<Store> {
  let store: Store;
  if (o.databaseUrl) {
    const schema = o.pgSchema;
    if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name ${schema}`);
    const pool = new pg.Pool({
      connectionString: o.databaseUrl,
      max: 10,
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
    });
    if (schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    store = {
      db,
      dialect: 'postgres',
      location: redact(o.databaseUrl),
      reopen: { databaseUrl: o.databaseUrl, ...(schema ? { pgSchema: schema } : {}), migrate: false },
      close: () => db.destroy(),
    };
  } else {
    const file = o.sqliteFile ?? 'jifen.sqlite';
    let location = file;
    if (file !== ':memory:') {
      const dir = path.resolve(o.dataDir ?? './data');
      fs.mkdirSync(dir, { recursive: true });
      location = path.join(dir, file);
    }
    const sqlite = new SqliteDatabase(location);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    store = {
      db,
      dialect: 'sqlite',
      location,
      reopen: file === ':memory:' ? undefined : { dataDir: path.dirname(location), sqliteFile: path.basename(location), migrate: false },
      close: () => db.destroy(),
    };
  }
  if (o.migrate !== false) {
    try {
      await migrate(store.db, o.pgSchema);
    } catch (err) {
      await store.close();
      throw err;
    }
  }
  return store;
}

export async function migrate(db: Kysely<Database>, schema?: string): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) throw new MigrationError(failed?.migrationName ?? '(setup)', error);
  return (results ?? []).map((r) => r.migrationName);
}
