/** Seeding the synthetic city into the database (every adapter) and writing it out as source-system files. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCity, generatePerson, type SyntheticPerson } from '../src/domain/synthetic-city.ts';
import { parseIdNumber } from '../src/domain/id-number.ts';
import { formatMonth, parseMonth } from '../src/rules/dates.ts';
import { AppError } from '../src/services/errors.ts';
import { INSURANCE_COLUMNS, PERMIT_COLUMNS, RESIDENCE_COLUMNS, seedCity, writeSourceFiles } from '../src/services/seed.ts';
import { openStore, type Store } from '../src/storage/db.ts';
import { PeopleRepository, type PersonBundle } from '../src/storage/repositories/people.ts';
import { adapters, type Adapter } from './support/stores.ts';

// The generator's people are the storage layer's bundles (checked by the compiler).
const _bundle: PersonBundle = generatePerson(1, 0);
void _bundle;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jifen-seed-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** SQLite in a file in a temp dir (not :memory:), then PostgreSQL when JIFEN_TEST_PG_URL is set. */
function stores(): Adapter[] {
  let files = 0;
  return adapters().map((a) =>
    a.name === 'sqlite' ? { name: 'sqlite', open: () => openStore({ dataDir: tmp, sqliteFile: `seed-${files++}.sqlite` }), cleanup: () => Promise.resolve() } : a,
  );
}

/** A stored bundle in the generator's shape: no id, insurance in the generator's order. */
function normalise(b: PersonBundle): PersonBundle {
  const { id: _id, ...rest } = b;
  return {
    ...rest,
    insurance: [...b.insurance].sort((x, y) => x.fromMonth - y.fromMonth || x.scheme.localeCompare(y.scheme)),
  };
}

async function everyone(store: Store): Promise<PersonBundle[]> {
  const repo = new PeopleRepository(store.db);
  const out: PersonBundle[] = [];
  for (let after = 0; ; ) {
    const page = await repo.page(after, 100);
    if (page.length === 0) return out;
    out.push(...page);
    after = page[page.length - 1]!.id!;
  }
}

const SEED = 77;
const N = 250;

for (const adapter of stores()) {
  describe(`seedCity on ${adapter.name}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await adapter.open();
    });
    afterAll(async () => {
      await store.close();
      await adapter.cleanup();
    });

    it('inserts N people with all their records, in batches, reporting progress', async () => {
      const progress: Array<[number, number]> = [];
      const r = await seedCity(store, { people: N, seed: SEED, batchSize: 60, at: '2026-06-01T00:00:00.000Z', onProgress: (d, t) => progress.push([d, t]) });
      expect(r).toEqual({ inserted: N, firstIndex: 0 });
      expect(progress).toEqual([
        [60, N],
        [120, N],
        [180, N],
        [240, N],
        [250, N],
      ]);
      const stored = (await everyone(store)).map(normalise);
      expect(stored).toHaveLength(N);
      expect(stored).toEqual([...generateCity(SEED, N)]);
      expect(stored.reduce((n, b) => n + b.residence.length, 0)).toBeGreaterThan(N);
      expect(stored.reduce((n, b) => n + b.insurance.length, 0)).toBeGreaterThan(N);
      expect(stored.reduce((n, b) => n + b.permits.reduce((m, p) => m + p.endorsements.length, 0), 0)).toBeGreaterThan(N);
    });

    it('refuses to seed a database that already has people, and changes nothing', async () => {
      const err = await seedCity(store, { people: 10, seed: SEED }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('INVALID_INPUT');
      expect((err as AppError).message).toMatch(/already holds 250 people/);
      expect(await new PeopleRepository(store.db).count()).toBe(N);
    });

    it('appends when asked, continuing the city after the people already there', async () => {
      const r = await seedCity(store, { people: 40, seed: SEED, append: true, batchSize: 1000 });
      expect(r).toEqual({ inserted: 40, firstIndex: N });
      const stored = (await everyone(store)).map(normalise);
      expect(stored).toHaveLength(N + 40);
      expect(stored.slice(N)).toEqual([...generateCity(SEED, 40, { start: N })]);
      expect(new Set(stored.map((b) => b.idNumber)).size).toBe(N + 40);
    });

    it('refuses nonsense counts and seeds', async () => {
      await expect(seedCity(store, { people: -1, seed: 1, append: true })).rejects.toBeInstanceOf(AppError);
      await expect(seedCity(store, { people: 1.5, seed: 1, append: true })).rejects.toBeInstanceOf(AppError);
      await expect(seedCity(store, { people: 1, seed: -3, append: true })).rejects.toBeInstanceOf(AppError);
    });
  });
}

type Rec = Record<string, string | boolean | undefined>;

function readCsv(file: string): { header: string[]; rows: Rec[] } {
  const text = fs.readFileSync(file, 'utf8');
  const header = text.slice(0, text.indexOf('\n')).split(',');
  const rows = parse<Record<string, string>>(text, { columns: true, skip_empty_lines: true });
  // Empty cell = none; flags are 1.
  return {
    header,
    rows: rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === '' ? undefined : v === '1' && (k === 'back_paid' || k === 'transferred_in') ? true : v]))),
  };
}

function readJsonl(file: string): Rec[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Rec);
}

/** What an import of the three files would hold, rebuilt from the rows, in the generator's shape. */
function rebuild(residence: Rec[], permits: Rec[], insurance: Rec[]): Map<string, Pick<SyntheticPerson, 'name' | 'phone' | 'residence' | 'permits' | 'insurance'>> {
  const people = new Map<string, Pick<SyntheticPerson, 'name' | 'phone' | 'residence' | 'permits' | 'insurance'>>();
  for (const r of residence) {
    const id = r.id_number as string;
    let p = people.get(id);
    if (!p) people.set(id, (p = { name: r.name as string, phone: (r.phone as string | undefined) ?? null, residence: [], permits: [], insurance: [] }));
    p.residence.push({
      from: r.from as string,
      to: (r.to as string | undefined) ?? null,
      status: r.status as 'registered',
      source: r.source as 'police',
      verified: false,
      sourceRef: r.record_id as string,
    });
  }
  for (const r of permits) {
    const p = people.get(r.id_number as string)!;
    let pm = p.permits.find((x) => x.permitNo === r.permit_no);
    if (!pm) {
      pm = { permitNo: r.permit_no as string, kind: r.kind as 'ic', district: r.district as string, issuedOn: r.issued_on as string, endorsements: [] };
      if (r.terminated_on !== undefined) pm.terminatedOn = r.terminated_on as string;
      if (r.termination_reason !== undefined) pm.terminationReason = r.termination_reason as string;
      p.permits.push(pm);
    }
    if (r.endorsed_on !== undefined) pm.endorsements.push(r.endorsed_on as string);
  }
  for (const r of insurance) {
    const p = people.get(r.id_number as string)!;
    const month = parseMonth(r.month as string)!;
    const backPaid = r.back_paid === true;
    const transferredIn = r.transferred_in === true;
    // Consecutive months of one scheme with the same flags make one run, as the importer stores them.
    const run = p.insurance.find((s) => s.scheme === r.scheme && s.toMonth + 1 === month && s.backPaid === backPaid && s.transferredIn === transferredIn);
    if (run) run.toMonth = month;
    else p.insurance.push({ scheme: r.scheme as 'pension', fromMonth: month, toMonth: month, backPaid, transferredIn });
  }
  return people;
}

/** The generated person as the files can tell it: hand-written periods' `verified` is not in the export. */
function asExported(p: SyntheticPerson): Pick<SyntheticPerson, 'name' | 'phone' | 'residence' | 'permits' | 'insurance'> {
  return {
    name: p.name,
    phone: p.phone,
    residence: p.residence.map((r) => ({ ...r, verified: false })),
    permits: p.permits,
    insurance: [...p.insurance].sort((a, b) => a.scheme.localeCompare(b.scheme) || a.fromMonth - b.fromMonth),
  };
}

describe('writeSourceFiles', () => {
  const people = 400;
  const city = [...generateCity(SEED, people)];
  const expected = {
    residence: city.reduce((n, p) => n + p.residence.length, 0),
    permits: city.reduce((n, p) => n + p.permits.reduce((m, pm) => m + Math.max(1, pm.endorsements.length), 0), 0),
    insurance: city.reduce((n, p) => n + p.insurance.reduce((m, s) => m + s.toMonth - s.fromMonth + 1, 0), 0),
  };

  for (const format of ['csv', 'jsonl'] as const) {
    it(`writes ${format} files with one row per record (per endorsement, per month) that give back the generated people`, async () => {
      const dir = path.join(tmp, `files-${format}`);
      const progress: number[] = [];
      const r = await writeSourceFiles(dir, { people, seed: SEED, format, onProgress: (d) => progress.push(d) });
      expect(r.files).toEqual(['residence', 'permits', 'insurance'].map((k) => path.join(dir, `${k}.${format}`)));
      expect(r.rows).toEqual(expected);
      expect(progress.at(-1)).toBe(people);

      let rows: { residence: Rec[]; permits: Rec[]; insurance: Rec[] };
      if (format === 'csv') {
        const [res, per, ins] = r.files.map(readCsv);
        expect(res!.header).toEqual(RESIDENCE_COLUMNS);
        expect(per!.header).toEqual(PERMIT_COLUMNS);
        expect(ins!.header).toEqual(INSURANCE_COLUMNS);
        rows = { residence: res!.rows, permits: per!.rows, insurance: ins!.rows };
      } else {
        const [res, per, ins] = r.files.map(readJsonl);
        rows = { residence: res!, permits: per!, insurance: ins! };
        const keys = (list: Rec[]): string[] => [...new Set(list.flatMap((row) => Object.keys(row)))].sort();
        expect(keys(rows.residence)).toEqual([...RESIDENCE_COLUMNS].sort());
        expect(keys(rows.permits)).toEqual([...PERMIT_COLUMNS].sort());
        expect(keys(rows.insurance)).toEqual([...INSURANCE_COLUMNS].sort());
      }
      expect(rows.residence).toHaveLength(expected.residence);
      expect(rows.permits).toHaveLength(expected.permits);
      expect(rows.insurance).toHaveLength(expected.insurance);

      for (const row of rows.residence) {
        expect(parseIdNumber(row.id_number as string).ok).toBe(true);
        expect(['registered', 'cancelled']).toContain(row.status);
        expect(['police', 'handwritten']).toContain(row.source);
      }
      for (const row of rows.insurance) expect(formatMonth(parseMonth(row.month as string)!)).toBe(row.month);

      const rebuilt = rebuild(rows.residence, rows.permits, rows.insurance);
      expect(rebuilt.size).toBe(people);
      for (const p of city) {
        const got = rebuilt.get(p.idNumber)!;
        got.insurance.sort((a, b) => a.scheme.localeCompare(b.scheme) || a.fromMonth - b.fromMonth);
        expect(got).toEqual(asExported(p));
      }
    });
  }

  it('quotes text with commas in CSV, and writes the same bytes for the same seed', async () => {
    const a = await writeSourceFiles(path.join(tmp, 'again-a'), { people: 200, seed: 5, format: 'csv' });
    const b = await writeSourceFiles(path.join(tmp, 'again-b'), { people: 200, seed: 5, format: 'csv' });
    const digest = (f: string): string => createHash('sha256').update(fs.readFileSync(f)).digest('hex');
    expect(a.files.map(digest)).toEqual(b.files.map(digest));
    const permits = fs.readFileSync(a.files[1]!, 'utf8');
    if (permits.includes('居住地变更')) expect(permits).toContain('"居住地变更,不再符合申领条件"');
  });

  it('writes an empty city as header-only CSV files', async () => {
    const r = await writeSourceFiles(path.join(tmp, 'empty'), { people: 0, seed: 1, format: 'csv' });
    expect(r.rows).toEqual({ residence: 0, permits: 0, insurance: 0 });
    expect(fs.readFileSync(r.files[2]!, 'utf8')).toBe(INSURANCE_COLUMNS.join(',') + '\n');
  });
});
