/**
 * Recompute at city scale, side by side with a bare read of the same rows in the same run.
 *
 *   npx tsx bench/recompute.ts [PEOPLE] [--pg URL]
 *
 * Seeds a synthetic city once (cached in bench/out/), then measures, in this order and in one process:
 *   1. bare read — every row of the tables the recompute reads, straight from the driver;
 *   2. recompute inline (one core);
 *   3. recompute with the worker thread (SQLite only).
 * and prints people/s, the ratio to the bare read, and the peak RSS of the process.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { recompute } from '../src/services/recompute.ts';
import { seedCity } from '../src/services/seed.ts';
import { openStore, type Store } from '../src/storage/db.ts';
import { PeopleRepository } from '../src/storage/repositories/people.ts';

const TABLES = ['person', 'permit', 'permit_endorsement', 'residence_period', 'insurance_run', 'person_declared'];
const AS_OF = '2026-06-01';

const args = process.argv.slice(2);
const people = Number(args.find((a) => /^\d+$/.test(a)) ?? 1_000_000);
const pgUrl = args.includes('--pg') ? args[args.indexOf('--pg') + 1] : undefined;
const outDir = path.join(import.meta.dirname, 'out');
fs.mkdirSync(outDir, { recursive: true });

const secs = (t: number): string => ((performance.now() - t) / 1000).toFixed(2);

async function open(): Promise<Store> {
  if (pgUrl) return openStore({ databaseUrl: pgUrl, pgSchema: `bench_city_${people}` });
  return openStore({ dataDir: outDir, sqliteFile: `city-${people}.sqlite` });
}

async function bareRead(store: Store): Promise<{ rows: number; s: number }> {
  const t = performance.now();
  let rows = 0;
  if (store.dialect === 'sqlite') {
    const db = new Database(path.join(outDir, `city-${people}.sqlite`), { readonly: true });
    for (const table of TABLES) for (const _ of db.prepare(`SELECT * FROM ${table}`).raw().iterate()) rows++;
    db.close();
  } else {
    const client = new pg.Client({ connectionString: pgUrl, options: `-c search_path=bench_city_${people}` });
    await client.connect();
    for (const table of TABLES) rows += (await client.query({ text: `SELECT * FROM ${table}`, rowMode: 'array' })).rowCount ?? 0;
    await client.end();
  }
  return { rows, s: (performance.now() - t) / 1000 };
}

async function main(): Promise<void> {
  const store = await open();
  const repo = new PeopleRepository(store.db);
  const have = await repo.count();
  if (have < people) {
    const t = performance.now();
    await seedCity(store, { people: people - have, seed: 1, asOf: AS_OF, batchSize: 5000, append: have > 0 });
    console.log(`seeded ${people} people in ${secs(t)} s`);
  }
  const bare = await bareRead(store);
  console.log(`bare read: ${bare.rows} rows in ${bare.s.toFixed(2)} s (${Math.round(bare.rows / bare.s)} rows/s)`);
  const variants = store.dialect === 'sqlite' ? [false, true] : [false];
  const results: Array<{ parallel: boolean; s: number }> = [];
  for (const parallel of variants) {
    await store.db.deleteFrom('points_snapshot').execute();
    await store.db.deleteFrom('recompute_run').execute();
    const t = performance.now();
    const r = await recompute(store, { asOf: AS_OF, parallel, pageSize: 2000 });
    const s = (performance.now() - t) / 1000;
    results.push({ parallel, s });
    console.log(
      `recompute ${parallel ? 'with worker' : 'inline'}: ${r.people} people in ${s.toFixed(2)} s (${Math.round(r.people / s)} people/s, ${(s / bare.s).toFixed(2)}× the bare read)`,
    );
  }
  console.log(`peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
  console.log(JSON.stringify({ dialect: store.dialect, people, bare, results }));
  await store.close();
}

await main();
