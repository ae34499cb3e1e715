/**
 * The storage adapters every contract suite runs on: SQLite in-process always; PostgreSQL when
 * JIFEN_TEST_PG_URL is set (.ci/run sets it to the machine's 127.0.0.1:5432), each suite in a fresh
 * schema that is dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openStore, type Store } from '../../src/storage/db.ts';

export interface Adapter {
  name: 'sqlite' | 'postgres';
  open(): Promise<Store>;
  /** Removes what `open` created. */
  cleanup(): Promise<void>;
}

export const PG_URL = process.env.JIFEN_TEST_PG_URL;

export function adapters(): Adapter[] {
  const list: Adapter[] = [{ name: 'sqlite', open: () => openStore({ sqliteFile: ':memory:' }), cleanup: () => Promise.resolve() }];
  if (PG_URL) {
    const schemas: string[] = [];
    list.push({
      name: 'postgres',
      open: () => {
        const schema = `t_${randomBytes(6).toString('hex')}`;
        schemas.push(schema);
        return openStore({ databaseUrl: PG_URL, pgSchema: schema });
      },
      cleanup: async () => {
        const client = new pg.Client({ connectionString: PG_URL });
        await client.connect();
        try {
          for (const s of schemas.splice(0)) await client.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
        } finally {
          await client.end();
        }
      },
    });
  }
  return list;
}

/** Why the PostgreSQL variants are not running, or undefined when they are. */
export const PG_SKIP_REASON = PG_URL
  ? undefined
  : 'PostgreSQL suites skipped: set JIFEN_TEST_PG_URL (e.g. postgres://postgres@127.0.0.1:5432/test) to run them; .ci/run does';
