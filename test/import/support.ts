/** Factories for the import suites: valid ID numbers, files written as the source systems write them, table dumps. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { checkCharacter } from '../../src/domain/id-number.ts';
import { formatDay } from '../../src/rules/dates.ts';
import type { Store } from '../../src/storage/db.ts';

/** A fixed clock: 2026-06-15 in China. */
export const NOW = (): Date => new Date('2026-06-15T04:00:00Z');

/** The n-th valid ID number (distinct for n < 1,000,000): born 1970-01-01 + n mod 10,000 days, in 西湖区; odd n a man. */
export function idn(n: number): string {
  const birth = formatDay(n % 10_000).replaceAll('-', '');
  const first17 = `330106${birth}${String(Math.floor(n / 10_000) % 100).padStart(2, '0')}${n % 2}`;
  return first17 + checkCharacter(first17);
}

export function tempDir(prefix = 'jifen-import-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

function cell(v: unknown): string {
  if (v === undefined || v === null) return '';
  const s = typeof v === 'boolean' ? (v ? '1' : '0') : typeof v === 'string' ? v : typeof v === 'number' ? String(v) : JSON.stringify(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** CSV as the source systems write it: a header, CRLF line ends; `bom` adds a byte-order mark. */
export function csvText(columns: readonly string[], rows: readonly object[], bom = false): string {
  const lines = [columns.join(','), ...rows.map((r) => columns.map((c) => cell((r as Record<string, unknown>)[c])).join(','))];
  return (bom ? '\uFEFF' : '') + lines.join('\r\n') + '\r\n';
}

export function jsonlText(rows: readonly object[]): string {
  return rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
}

export function writeFile(dir: string, name: string, text: string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
}

export const RESIDENCE_COLUMNS = ['record_id', 'id_number', 'name', 'from', 'to', 'status', 'source', 'phone'] as const;
export const PERMIT_COLUMNS = ['permit_no', 'id_number', 'name', 'kind', 'district', 'issued_on', 'endorsed_on', 'terminated_on', 'termination_reason'] as const;
export const INSURANCE_COLUMNS = ['id_number', 'month', 'scheme', 'back_paid', 'transferred_in'] as const;

export interface Residence {
  record_id: string;
  id_number: string;
  name: string;
  from: string;
  to?: string;
  status: string;
  source?: string;
  phone?: string;
}

export const residence = (n: number, over: Partial<Residence> = {}): Residence => ({
  record_id: `GA${String(n).padStart(8, '0')}`,
  id_number: idn(n),
  name: `居民${n}`,
  from: '2016-03-01',
  status: 'registered',
  ...over,
});

/** Every row of the people tables, in a stable order: what "nothing changed" compares. */
export async function dump(store: Store): Promise<Record<string, unknown[]>> {
  const db = store.db;
  return {
    person: await db.selectFrom('person').selectAll().orderBy('id').execute(),
    permit: await db.selectFrom('permit').selectAll().orderBy('id').execute(),
    permit_endorsement: await db.selectFrom('permit_endorsement').selectAll().orderBy('permit_id').orderBy('endorsed_on').execute(),
    residence_period: await db.selectFrom('residence_period').selectAll().orderBy('id').execute(),
    insurance_run: await db.selectFrom('insurance_run').selectAll().orderBy('id').execute(),
  };
}

/** The same, without generated ids and timestamps: what two stores built differently compare. */
export async function content(store: Store): Promise<Record<string, unknown[]>> {
  const db = store.db;
  const people = await db.selectFrom('person').select(['id', 'id_number', 'name', 'phone', 'birth_date', 'sex']).execute();
  const idNumber = new Map(people.map((p) => [Number(p.id), p.id_number]));
  const permits = await db.selectFrom('permit').selectAll().execute();
  const permitNo = new Map(permits.map((p) => [Number(p.id), p.permit_no]));
  const sort = <T>(rows: T[]): T[] => rows.map((r) => JSON.stringify(r)).sort().map((s) => JSON.parse(s) as T);
  return {
    person: sort(people.map(({ id: _id, ...p }) => p)),
    permit: sort(permits.map(({ id: _id, person_id, ...p }) => ({ ...p, person: idNumber.get(Number(person_id)) }))),
    permit_endorsement: sort(
      (await db.selectFrom('permit_endorsement').selectAll().execute()).map((e) => ({ permit: permitNo.get(Number(e.permit_id)), endorsed_on: e.endorsed_on })),
    ),
    residence_period: sort(
      (await db.selectFrom('residence_period').selectAll().execute()).map(({ id: _id, person_id, ...r }) => ({ ...r, person: idNumber.get(Number(person_id)) })),
    ),
    insurance_run: sort(
      (await db.selectFrom('insurance_run').selectAll().execute()).map(({ id: _id, person_id, ...r }) => ({ ...r, person: idNumber.get(Number(person_id)) })),
    ),
  };
}

/** The runs of one person as `YYYY-MM…YYYY-MM` strings per scheme and flags, for readable expectations. */
export async function runsOf(store: Store, idNumber: string): Promise<string[]> {
  const rows = await store.db
    .selectFrom('insurance_run')
    .innerJoin('person', 'person.id', 'insurance_run.person_id')
    .select(['scheme', 'from_month', 'to_month', 'back_paid', 'transferred_in'])
    .where('person.id_number', '=', idNumber)
    .orderBy('scheme')
    .orderBy('back_paid')
    .orderBy('transferred_in')
    .orderBy('from_month')
    .execute();
  const month = (i: number): string => `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
  return rows.map((r) => {
    const flags = `${Number(r.back_paid) ? ' 补缴' : ''}${Number(r.transferred_in) ? ' 转入' : ''}`;
    return `${r.scheme} ${month(Number(r.from_month))}…${month(Number(r.to_month))}${flags}`;
  });
}

/** Reads a rejects report back: whether it starts with a BOM, its header, and its [line, field, reason] rows. */
export function readRejects(file: string): { bom: boolean; header: string[]; rows: string[][] } {
  const text = fs.readFileSync(file, 'utf8');
  const records: string[][] = parseCsv(text, { bom: true });
  const [header, ...rows] = records;
  return { bom: text.startsWith('\uFEFF'), header: header ?? [], rows };
}
