/**
 * The real server on each storage adapter: a first start creates and migrates the database, the API
 * answers over real HTTP, and a second start on the same data finds it intact.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/http/server.ts';
import { PG_URL } from '../support/stores.ts';
import pg from 'pg';

const variants: Array<{ name: string; databaseUrl: string | undefined; pgSchema?: string }> = [{ name: 'sqlite', databaseUrl: undefined }];
if (PG_URL) variants.push({ name: 'postgres', databaseUrl: PG_URL, pgSchema: `e2e_${randomBytes(5).toString('hex')}` });

for (const v of variants) {
  describe(`server on ${v.name}`, () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jifen-e2e-'));
    const start = (): Promise<RunningServer> =>
      startServer({ port: 0, host: '127.0.0.1', dataDir, databaseUrl: v.databaseUrl, ...(v.pgSchema ? { pgSchema: v.pgSchema } : {}) });

    afterAll(async () => {
      if (v.pgSchema && PG_URL) {
        const c = new pg.Client({ connectionString: PG_URL });
        await c.connect();
        await c.query(`DROP SCHEMA IF EXISTS ${v.pgSchema} CASCADE`);
        await c.end();
      }
    });

    it('starts on an empty data directory, answers the API, and restarts on the same data', async () => {
      const s1 = await start();
      try {
        if (v.name === 'sqlite') expect(fs.existsSync(path.join(dataDir, 'jifen.sqlite'))).toBe(true);
        const health = (await (await fetch(`${s1.url}/healthz`)).json()) as { ok: boolean; database: string };
        expect(health).toEqual({ ok: true, database: v.name });
        const res = await fetch(`${s1.url}/api/v1/simulations`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ asOf: '2020-03-01', facts: { person: { birthDate: '1990-01-01' }, bloodDonationMl: 400 } }),
        });
        expect(res.status).toBe(200);
        expect(((await res.json()) as { total: number }).total).toBe(32);
        const wd = await fetch(`${s1.url}/api/v1/calendar/working-days?from=2024-09-30&days=15`);
        expect(await wd.json()).toEqual({ from: '2024-09-30', days: 15, date: '2024-10-25', provisional: false });
        const bad = await fetch(`${s1.url}/api/v1/calendar/working-days?from=2024-02-30&days=x`);
        expect(bad.status).toBe(400);
        expect(((await bad.json()) as { error: { fields: Array<{ path: string }> } }).error.fields.map((f) => f.path)).toEqual(['from', 'days']);
        expect((await fetch(`${s1.url}/api/v1/nothing`)).status).toBe(404);
      } finally {
        await s1.close();
      }
      const s2 = await start();
      try {
        expect((await fetch(`${s2.url}/healthz`)).status).toBe(200);
      } finally {
        await s2.close();
      }
    });
  });
}
