/**
 * Seeding: the synthetic city (src/domain/synthetic-city.ts) written into the database, or written
 * out as the source systems' export files (docs/import-formats.md), so imports are tested on the very
 * same people. Both stream: people are generated a batch at a time and never all held at once.
 */
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { formatMonth } from '../rules/dates.ts';
import { CITY_CAPACITY, DEFAULT_AS_OF, generateCity, type SyntheticPerson } from '../domain/synthetic-city.ts';
import type { Store } from '../storage/db.ts';
import { PeopleRepository } from '../storage/repositories/people.ts';
import { AppError } from './errors.ts';

export interface SeedOptions {
  people: number;
  seed: number;
  /** People per transaction; default 2,000. */
  batchSize?: number;
  /** Add people after those already there (indices continue after the existing count, same seed). */
  append?: boolean;
  /** The date the city is drawn for; default DEFAULT_AS_OF (fixed, so a seed is the same city every day). */
  asOf?: string;
  /** The `created_at` of the rows; default the current time. */
  at?: string;
  onProgress?: (done: number, total: number) => void;
}

export interface SeedResult {
  inserted: number;
  /** The city index of the first person inserted (0 unless appending). */
  firstIndex: number;
}

function invalid(path: string, zh: string, en: string): AppError {
  return new AppError('INVALID_INPUT', { 'zh-CN': zh, en }, [{ path, message: en }]);
}

function checkCounts(people: number, seed: number, start: number): void {
  if (!Number.isInteger(people) || people < 0) throw invalid('people', `人数须为非负整数: ${people}`, `people must be a whole number, got ${people}`);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw invalid('seed', `种子须为 0…4294967295 的整数: ${seed}`, `seed must be an integer 0…4294967295, got ${seed}`);
  }
  if (start + people > CITY_CAPACITY) {
    throw invalid('people', `合成城市最多 ${CITY_CAPACITY} 人`, `a synthetic city holds at most ${CITY_CAPACITY} people`);
  }
}

/**
 * Inserts `people` synthetic people of city `seed`, `batchSize` per transaction. Refuses a database
 * that already has people, unless `append`.
 */
export async function seedCity(store: Store, opts: SeedOptions): Promise<SeedResult> {
  const repo = new PeopleRepository(store.db);
  const existing = await repo.count();
  if (existing > 0 && opts.append !== true) {
    throw invalid(
      'append',
      `数据库中已有 ${existing} 人,不再生成;如要追加请用 --append`,
      `the database already holds ${existing} people; not seeding (use --append to add more)`,
    );
  }
  const start = opts.append === true ? existing : 0;
  checkCounts(opts.people, opts.seed, start);
  const batchSize = Math.max(1, Math.floor(opts.batchSize ?? 2000));
  const at = opts.at ?? new Date().toISOString();
  let batch: SyntheticPerson[] = [];
  let done = 0;
  for (const person of generateCity(opts.seed, opts.people, { start, asOf: opts.asOf ?? DEFAULT_AS_OF })) {
    batch.push(person);
    if (batch.length >= batchSize) {
      await repo.insertBundles(batch, at);
      done += batch.length;
      batch = [];
      opts.onProgress?.(done, opts.people);
    }
  }
  if (batch.length > 0) {
    await repo.insertBundles(batch, at);
    done += batch.length;
    opts.onProgress?.(done, opts.people);
  }
  return { inserted: done, firstIndex: start };
}

// ---------------------------------------------------------------------------------------------
// Source-system files.

export interface SourceFileOptions {
  people: number;
  seed: number;
  format: 'csv' | 'jsonl';
  /** First city index (to write the people a later `seedCity --append` would add); default 0. */
  start?: number;
  asOf?: string;
  onProgress?: (done: number, total: number) => void;
}

export interface SourceFileResult {
  /** residence, permits, insurance: the order to import them in. */
  files: string[];
  rows: { residence: number; permits: number; insurance: number };
}

export const RESIDENCE_COLUMNS = ['record_id', 'id_number', 'name', 'from', 'to', 'status', 'source', 'phone'] as const;
export const PERMIT_COLUMNS = ['permit_no', 'id_number', 'name', 'kind', 'district', 'issued_on', 'endorsed_on', 'terminated_on', 'termination_reason'] as const;
export const INSURANCE_COLUMNS = ['id_number', 'month', 'scheme', 'back_paid', 'transferred_in'] as const;

type Cell = string | boolean | null;
type Row = Cell[];

/** One output file: rows are collected per batch of people, then written with backpressure. */
class Sink {
  private readonly stream: fs.WriteStream;
  private failure: Error | undefined;
  private pending: Row[] = [];
  private encoded = '';
  rows = 0;

  constructor(
    readonly file: string,
    private readonly format: 'csv' | 'jsonl',
    private readonly columns: readonly string[],
  ) {
    this.stream = fs.createWriteStream(file, { highWaterMark: 1 << 20 });
    this.stream.on('error', (err) => {
      this.failure = err;
    });
    if (format === 'csv') this.stream.write(stringify([columns]));
  }

  push(row: Row): void {
    this.pending.push(row);
    this.rows++;
  }

  /** Lines already encoded in this sink's format (for the insurance file's hundreds of millions of rows). */
  pushEncoded(text: string, rows: number): void {
    this.encoded += text;
    this.rows += rows;
  }

  private encode(rows: Row[]): string {
    if (this.format === 'csv') {
      // Empty cell = none; flags are 1 when set.
      return stringify(rows.map((r) => r.map((c) => (c === null || c === false ? '' : c === true ? '1' : c))));
    }
    let out = '';
    for (const r of rows) {
      const o: Record<string, string | boolean> = {};
      for (let i = 0; i < this.columns.length; i++) {
        const c = r[i];
        // Absent = none: optional keys are left out rather than written as null or false.
        if (c !== null && c !== false && c !== undefined && c !== '') o[this.columns[i]!] = c;
      }
      out += JSON.stringify(o) + '\n';
    }
    return out;
  }

  async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.pending.length === 0 && this.encoded === '') return;
    const text = this.encoded + (this.pending.length > 0 ? this.encode(this.pending) : '');
    this.pending = [];
    this.encoded = '';
    if (!this.stream.write(text)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) => {
      this.stream.end((err?: Error | null) => (err ? reject(err) : resolve()));
    });
    if (this.failure) throw this.failure;
  }

  destroy(): void {
    this.stream.destroy();
  }
}

/** The residence and permit rows the source systems hold about one person, in the files' column order. */
function sourceRows(p: SyntheticPerson): { residence: Row[]; permits: Row[] } {
  const residence: Row[] = p.residence.map((r) => [r.sourceRef, p.idNumber, p.name, r.from, r.to, r.status, r.source, p.phone]);
  const permits: Row[] = [];
  for (const pm of p.permits) {
    const base = [pm.permitNo, p.idNumber, p.name, pm.kind, pm.district, pm.issuedOn];
    const tail = [pm.terminatedOn ?? null, pm.terminationReason ?? null];
    if (pm.endorsements.length === 0) permits.push([...base, null, ...tail]);
    for (const e of pm.endorsements) permits.push([...base, e, ...tail]);
  }
  return { residence, permits };
}

/**
 * The person's insurance file lines, one a month, encoded directly: every cell is an ID number, a
 * month, a scheme name or a flag, none of which RFC 4180 (or JSON) ever needs to quote or escape, so
 * csv-stringify would only add time to the file's largest part (about 100 rows a person).
 */
function insuranceLines(p: SyntheticPerson, format: 'csv' | 'jsonl'): { text: string; rows: number } {
  let text = '';
  let rows = 0;
  for (const s of p.insurance) {
    const bp = s.backPaid;
    const ti = s.transferredIn;
    const tail =
      format === 'csv'
        ? `,${s.scheme},${bp ? '1' : ''},${ti ? '1' : ''}\n`
        : `","scheme":"${s.scheme}"${bp ? ',"back_paid":true' : ''}${ti ? ',"transferred_in":true' : ''}}\n`;
    const head = format === 'csv' ? `${p.idNumber},` : `{"id_number":"${p.idNumber}","month":"`;
    for (let m = s.fromMonth; m <= s.toMonth; m++) text += head + formatMonth(m) + tail;
    rows += s.toMonth - s.fromMonth + 1;
  }
  return { text, rows };
}

/**
 * Writes `residence`, `permits` and `insurance` files (.csv or .jsonl) describing people
 * `start` … `start + people − 1` of city `seed` — the same people `seedCity` inserts.
 */
export async function writeSourceFiles(dir: string, opts: SourceFileOptions): Promise<SourceFileResult> {
  const start = opts.start ?? 0;
  checkCounts(opts.people, opts.seed, start);
  await fs.promises.mkdir(dir, { recursive: true });
  const ext = opts.format === 'csv' ? 'csv' : 'jsonl';
  const sinks = {
    residence: new Sink(path.join(dir, `residence.${ext}`), opts.format, RESIDENCE_COLUMNS),
    permits: new Sink(path.join(dir, `permits.${ext}`), opts.format, PERMIT_COLUMNS),
    insurance: new Sink(path.join(dir, `insurance.${ext}`), opts.format, INSURANCE_COLUMNS),
  };
  const all = [sinks.residence, sinks.permits, sinks.insurance];
  try {
    let done = 0;
    for (const person of generateCity(opts.seed, opts.people, { start, asOf: opts.asOf ?? DEFAULT_AS_OF })) {
      const rows = sourceRows(person);
      for (const r of rows.residence) sinks.residence.push(r);
      for (const r of rows.permits) sinks.permits.push(r);
      const ins = insuranceLines(person, opts.format);
      sinks.insurance.pushEncoded(ins.text, ins.rows);
      done++;
      if (done % 500 === 0) {
        for (const s of all) await s.flush();
        opts.onProgress?.(done, opts.people);
      }
    }
    for (const s of all) await s.close();
    if (done % 500 !== 0) opts.onProgress?.(done, opts.people);
  } catch (err) {
    for (const s of all) s.destroy();
    throw err;
  }
  return {
    files: all.map((s) => s.file),
    rows: { residence: sinks.residence.rows, permits: sinks.permits.rows, insurance: sinks.insurance.rows },
  };
}
