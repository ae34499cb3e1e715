/**
 * Import speed: `npx tsx bench/import.ts [PERSONS] [MONTHS] [by-month|by-person|increment] [ROUNDS]`.
 *
 * CSV insurance import vs bare multi-row inserts of the same
 * rows, on SQLite files, alternating 3 rounds in one run; medians reported.
 *   bare A: the rows as they are, already in memory, into a table without indexes, 5,000 rows a transaction
 *   bare B: the rows as one-month runs into insurance_run itself (its index and foreign key), person ids resolved in memory beforehand
 */
import fs from 'node:fs';
import path from 'node:path';
import { openStore, type Store } from '../src/storage/db.ts';
import { runImport } from '../src/services/import/index.ts';
import { checkCharacter } from '../src/domain/id-number.ts';

const PERSONS = Number(process.argv[2] ?? 20000);
const MONTHS = Number(process.argv[3] ?? 50);
const ORDER = process.argv[4] ?? 'by-month';
const ROUNDS = Number(process.argv[5] ?? 3);
const dir = fs.mkdtempSync('/tmp/jifen-bench-');
const id = (n: number) => { const f = `3301061980${String(1 + (n % 12)).padStart(2, '0')}${String(1 + (Math.floor(n / 12) % 28)).padStart(2, '0')}${String(Math.floor(n / 336) % 1000).padStart(3, '0')}`; return f + checkCharacter(f); };
const ids = Array.from({ length: PERSONS }, (_, i) => id(i));
const month = (m: number) => `${2015 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
const rows: Array<[string, string, string, number, number]> = [];
if (ORDER === 'by-month') for (let m = 0; m < MONTHS; m++) for (let p = 0; p < PERSONS; p++) rows.push([ids[p]!, month(m), 'pension', 0, 0]);
else if (ORDER === 'increment') for (let p = 0; p < PERSONS; p++) rows.push([ids[p]!, month(MONTHS), 'pension', 0, 0]);
else for (let p = 0; p < PERSONS; p++) for (let m = 0; m < MONTHS; m++) rows.push([ids[p]!, month(m), 'pension', 0, 0]);
const csvFile = path.join(dir, 'insurance.csv');
fs.writeFileSync(csvFile, 'id_number,month,scheme,back_paid,transferred_in\n' + rows.map((r) => r.join(',')).join('\n') + '\n');
console.log(`${rows.length} rows (${PERSONS} persons × ${MONTHS} months, ${ORDER}), csv ${(fs.statSync(csvFile).size / 1e6).toFixed(1)} MB, ${ROUNDS} rounds`);

let n = 0;
async function setup(): Promise<{ store: Store; pid: Map<string, number> }> {
  const store = await openStore({ dataDir: dir, sqliteFile: `s${n++}.sqlite` });
  const at = new Date().toISOString();
  for (let i = 0; i < PERSONS; i += 3000) {
    await store.db.insertInto('person').values(ids.slice(i, i + 3000).map((x) => ({ id_number: x, name: 'x', phone: null, birth_date: '1980-01-01', sex: 'male', urban_hukou: 0, full_civil_capacity: 1, created_at: at }))).execute();
  }
  const pid = new Map((await store.db.selectFrom('person').select(['id', 'id_number']).execute()).map((r) => [r.id_number, Number(r.id)]));
  if (ORDER === 'increment') {
    // Every person already has a run of the months before: the file's month extends it.
    const all = [...pid.values()];
    for (let i = 0; i < all.length; i += 4000) await store.db.insertInto('insurance_run').values(all.slice(i, i + 4000).map((p) => ({ person_id: p, scheme: 'pension', from_month: 2015 * 12, to_month: 2015 * 12 + MONTHS - 1, back_paid: 0, transferred_in: 0 }))).execute();
  }
  return { store, pid };
}
const monthIndex = (s: string) => Number(s.slice(0, 4)) * 12 + Number(s.slice(5, 7)) - 1;

const res: Record<string, number[]> = { bareA: [], bareB: [], import: [], again: [] };
for (let round = 0; round < ROUNDS; round++) {
  {
    const { store } = await setup();
    const db = store.db.$extendTables<{ bare_insurance: { id_number: string; month: string; scheme: string; back_paid: number; transferred_in: number } }>();
    await db.schema.createTable('bare_insurance').addColumn('id_number', 'text').addColumn('month', 'text').addColumn('scheme', 'text').addColumn('back_paid', 'integer').addColumn('transferred_in', 'integer').execute();
    const t = performance.now();
    for (let i = 0; i < rows.length; i += 5000) {
      const part = rows.slice(i, i + 5000);
      await db.transaction().execute(async (trx) => {
        for (let j = 0; j < part.length; j += 6000) await trx.insertInto('bare_insurance').values(part.slice(j, j + 6000).map(([a, b, c, d, e]) => ({ id_number: a, month: b, scheme: c, back_paid: d, transferred_in: e }))).execute();
      });
    }
    res.bareA!.push(performance.now() - t);
    await store.close();
  }
  {
    const { store, pid } = await setup();
    const t = performance.now();
    for (let i = 0; i < rows.length; i += 5000) {
      const part = rows.slice(i, i + 5000);
      await store.db.transaction().execute(async (trx) => {
        await trx.insertInto('insurance_run').values(part.map(([a, b, c, d, e]) => ({ person_id: pid.get(a)!, scheme: c, from_month: monthIndex(b), to_month: monthIndex(b), back_paid: d, transferred_in: e }))).execute();
      });
    }
    res.bareB!.push(performance.now() - t);
    await store.close();
  }
  {
    const { store } = await setup();
    let t = performance.now();
    const s = await runImport(store, 'insurance', csvFile, { writeRejectsFile: false, chunkLines: Number(process.env.CHUNK ?? 5000) });
    res.import!.push(performance.now() - t);
    if (s.applied !== rows.length) throw new Error('not all applied');
    if (ORDER === 'increment' && Number((await store.db.selectFrom('insurance_run').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n) !== PERSONS) throw new Error('runs not extended');
    t = performance.now();
    const again = await runImport(store, 'insurance', csvFile, { writeRejectsFile: false, chunkLines: Number(process.env.CHUNK ?? 5000) });
    res.again!.push(performance.now() - t);
    if (again.unchanged !== rows.length) throw new Error('not all unchanged');
    await store.close();
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rate = (ms: number) => Math.round(rows.length / (ms / 1000)).toLocaleString('en');
const A = median(res.bareA!), B = median(res.bareB!);
for (const [k, xs] of Object.entries(res)) {
  const m = median(xs);
  console.log(`${k.padEnd(7)} median ${(m / 1000).toFixed(2)} s (${xs.map((x) => (x / 1000).toFixed(2)).join(', ')})  ${rate(m)} rows/s  ×A ${(m / A).toFixed(2)}  ×B ${(m / B).toFixed(2)}`);
}
fs.rmSync(dir, { recursive: true, force: true });
