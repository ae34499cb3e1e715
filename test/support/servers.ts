/**
 * The databases a real server is started on in end-to-end tests: the embedded SQLite file always,
 * and a throw-away PostgreSQL schema when JIFEN_TEST_PG_URL is set (as .ci/run does), so the browser
 * journeys run on both. `options` go straight into startServer; `drop` removes the schema afterwards.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { PG_URL } from './stores.ts';

export interface ServerDatabase {
  name: 'sqlite' | 'postgres';
  options: { databaseUrl: string | undefined; pgSchema?: string };
  drop(): Promise<void>;
}

export function serverDatabases(prefix: string): ServerDatabase[] {
  const out: ServerDatabase[] = [{ name: 'sqlite', options: { databaseUrl: undefined }, drop: () => Promise.resolve() }];
  if (PG_URL) {
    const schema = `${prefix}_${randomBytes(5).toString('hex')}`;
    out.push({
      name: 'postgres',
      options: { databaseUrl: PG_URL, pgSchema: schema },
      drop: async () => {
        const c = new pg.Client({ connectionString: PG_URL });
        await c.connect();
        try {
          await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        } finally {
          await c.end();
        }
      },
    });
  }
  return out;
}
