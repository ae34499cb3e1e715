/**
 * The import's reads and writes, and the only module of the import that builds queries (through the
 * Store's typed query builder; only src/storage imports Kysely itself). Everything is set-wise: one
 * `where … in` a table per chunk to read, multi-row statements to write, each kept under the
 * bound-parameter limits of both dialects (SQLite 32,766, PostgreSQL 65,535), and many rows are
 * updated through a staging table (`updateById`). The same statements run on both dialects.
 */
import type { Store } from '../../storage/db.ts';

export type Db = Store['db'];

/** Bound parameters per statement, below both dialects' limits. */
export const MAX_PARAMS = 30_000;
const IN_LIST = 10_000;

function* slices<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

async function inLists<K, R>(keys: readonly K[], query: (part: K[]) => Promise<R[]>): Promise<R[]> {
  if (keys.length === 0) return [];
  const out: R[] = [];
  for (const part of slices(keys, IN_LIST)) out.push(...(await query(part)));
  return out;
}

function rowsPerStatement(columns: number): number {
  return Math.max(1, Math.floor(MAX_PARAMS / columns));
}

type Cell = string | number | null;
type SqlType = 'integer' | 'bigint' | 'text';
type UpdatableTable = 'person' | 'residence_period' | 'permit' | 'insurance_run';

/**
 * Updates many rows by id in three set-wise statements: the new values go into a temporary staging
 * table (a multi-row insert), one `update … from` the staging table applies them all, and the
 * staging rows are deleted. Both dialects run `update … from` (SQLite since 3.33) and keep a
 * temporary table per connection, inside the transaction, so a rolled-back chunk leaves none of it.
 */
async function updateById(db: Db, table: UpdatableTable, types: Record<string, SqlType>, rows: ReadonlyArray<{ id: number; values: Record<string, Cell> }>): Promise<void> {
  const columns = Object.keys(types);
  if (rows.length === 0 || columns.length === 0) return;
  const stage = `import_stage_${table}`;
  // The staging table is a name made here, not in the `Database` type: the builder is told of it so.
  const sdb = db.$extendTables<Record<typeof stage, Record<string, Cell>>>();
  let create = sdb.schema.createTable(stage).temporary().ifNotExists().addColumn('id', 'bigint', (c) => c.primaryKey());
  for (const c of columns) create = create.addColumn(c, types[c]!);
  await create.execute();
  for (const part of slices(rows, rowsPerStatement(columns.length + 1))) {
    await sdb
      .insertInto(stage)
      .values(part.map((r) => ({ id: r.id, ...r.values })))
      .execute();
  }
  await sdb
    // One table's type lets the builder check the statement; the names are the real ones.
    .updateTable(table as 'insurance_run')
    .from(stage)
    .set((eb) => Object.fromEntries(columns.map((c) => [c, eb.ref(`${stage}.${c}`)])))
    .whereRef(`${table as 'insurance_run'}.id`, '=', `${stage}.id`)
    .execute();
  await sdb.deleteFrom(stage).execute();
}

export function transaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  return db.transaction().execute((trx) => fn(trx));
}

// ---------------------------------------------------------------------------------------- batches

export interface BatchRow {
  id: number;
  kind: string;
  fileName: string;
  status: 'running' | 'done' | 'failed';
  linesDone: number;
  applied: number;
  unchanged: number;
  rejected: number;
}

export interface BatchCounts {
  linesDone: number;
  applied: number;
  unchanged: number;
  rejected: number;
}

/** The most recent batch of this file (kind and content digest). */
export async function latestBatch(db: Db, kind: string, sha256: string): Promise<BatchRow | undefined> {
  const r = await db
    .selectFrom('import_batch')
    .selectAll()
    .where('kind', '=', kind)
    .where('file_sha256', '=', sha256)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!r) return undefined;
  return {
    id: Number(r.id),
    kind: r.kind,
    fileName: r.file_name,
    status: r.status === 'done' ? 'done' : r.status === 'failed' ? 'failed' : 'running',
    linesDone: Number(r.lines_done),
    applied: Number(r.rows_applied),
    unchanged: Number(r.rows_unchanged),
    rejected: Number(r.rows_rejected),
  };
}

export async function createBatch(db: Db, b: { kind: string; fileName: string; sha256: string; at: string }): Promise<number> {
  const r = await db
    .insertInto('import_batch')
    .values({ kind: b.kind, file_name: b.fileName, file_sha256: b.sha256, started_at: b.at, status: 'running', lines_done: 0, rows_applied: 0, rows_unchanged: 0, rows_rejected: 0 })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function saveBatchCounts(db: Db, id: number, c: BatchCounts): Promise<void> {
  await db
    .updateTable('import_batch')
    .set({ lines_done: c.linesDone, rows_applied: c.applied, rows_unchanged: c.unchanged, rows_rejected: c.rejected })
    .where('id', '=', id)
    .execute();
}

export async function finishBatch(db: Db, id: number, status: 'done' | 'failed', at: string): Promise<void> {
  await db.updateTable('import_batch').set({ status, finished_at: at }).where('id', '=', id).execute();
}

export interface RejectRow {
  line: number;
  field: string;
  reason: string;
}

export async function insertRejects(db: Db, batchId: number, rejects: readonly RejectRow[]): Promise<void> {
  for (const part of slices(rejects, rowsPerStatement(4))) {
    await db
      .insertInto('import_reject')
      .values(part.map((r) => ({ batch_id: batchId, line: r.line, field: r.field, reason: r.reason })))
      .execute();
  }
}

/** The batch's rejects in (line, field) order, `limit` after the given one. */
export async function rejectsPage(db: Db, batchId: number, after: { line: number; field: string } | null, limit: number): Promise<RejectRow[]> {
  let q = db.selectFrom('import_reject').select(['line', 'field', 'reason']).where('batch_id', '=', batchId);
  if (after) q = q.where((eb) => eb.or([eb('line', '>', after.line), eb.and([eb('line', '=', after.line), eb('field', '>', after.field)])]));
  const rows = await q.orderBy('line').orderBy('field').limit(limit).execute();
  return rows.map((r) => ({ line: Number(r.line), field: r.field, reason: r.reason }));
}

// ---------------------------------------------------------------------------------------- people

export interface PersonRow {
  id: number;
  idNumber: string;
  name: string;
  phone: string | null;
}

export interface NewPerson {
  idNumber: string;
  name: string;
  phone: string | null;
  birthDate: string;
  sex: 'male' | 'female';
}

export async function personsByIdNumber(db: Db, idNumbers: readonly string[]): Promise<PersonRow[]> {
  const rows = await inLists(idNumbers, (part) =>
    db.selectFrom('person').select(['id', 'id_number', 'name', 'phone']).where('id_number', 'in', part).execute(),
  );
  return rows.map((r) => ({ id: Number(r.id), idNumber: r.id_number, name: r.name, phone: r.phone }));
}

/** Inserts new people; their ids by ID number. */
export async function insertPersons(db: Db, people: readonly NewPerson[], at: string): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const part of slices(people, rowsPerStatement(8))) {
    const rows = await db
      .insertInto('person')
      .values(
        part.map((p) => ({
          id_number: p.idNumber,
          name: p.name,
          phone: p.phone,
          birth_date: p.birthDate,
          sex: p.sex,
          // The columns' defaults, spelled out: what the source systems do not say.
          urban_hukou: 0,
          full_civil_capacity: 1,
          created_at: at,
        })),
      )
      .returning(['id', 'id_number'])
      .execute();
    for (const r of rows) ids.set(r.id_number, Number(r.id));
  }
  return ids;
}

export async function updatePhones(db: Db, rows: ReadonlyArray<{ id: number; phone: string }>): Promise<void> {
  await updateById(
    db,
    'person',
    { phone: 'text' },
    rows.map((r) => ({ id: r.id, values: { phone: r.phone } })),
  );
}

// ------------------------------------------------------------------------------------- residence

export interface ResidenceValues {
  personId: number;
  from: string;
  to: string | null;
  status: string;
  source: string;
  verified: boolean;
  sourceRef: string;
}

export interface StoredResidence extends ResidenceValues {
  id: number;
}

export async function residenceByRefs(db: Db, refs: readonly string[]): Promise<StoredResidence[]> {
  const rows = await inLists(refs, (part) => db.selectFrom('residence_period').selectAll().where('source_ref', 'in', part).execute());
  return rows.map((r) => ({
    id: Number(r.id),
    personId: Number(r.person_id),
    from: r.from_date,
    to: r.to_date,
    status: r.status,
    source: r.source,
    verified: Number(r.verified) === 1,
    sourceRef: r.source_ref,
  }));
}

export async function insertResidence(db: Db, rows: readonly ResidenceValues[]): Promise<void> {
  for (const part of slices(rows, rowsPerStatement(7))) {
    await db
      .insertInto('residence_period')
      .values(
        part.map((r) => ({
          person_id: r.personId,
          from_date: r.from,
          to_date: r.to,
          status: r.status,
          source: r.source,
          verified: r.verified ? 1 : 0,
          source_ref: r.sourceRef,
        })),
      )
      .execute();
  }
}

export async function updateResidence(db: Db, rows: readonly StoredResidence[]): Promise<void> {
  await updateById(
    db,
    'residence_period',
    { from_date: 'text', to_date: 'text', status: 'text', source: 'text', verified: 'integer' },
    rows.map((r) => ({ id: r.id, values: { from_date: r.from, to_date: r.to, status: r.status, source: r.source, verified: r.verified ? 1 : 0 } })),
  );
}

// --------------------------------------------------------------------------------------- permits

export interface PermitValues {
  personId: number;
  permitNo: string;
  kind: string;
  district: string;
  issuedOn: string;
  terminatedOn: string | null;
  terminationReason: string | null;
}

export interface StoredPermit extends PermitValues {
  id: number;
}

export async function permitsByNo(db: Db, nos: readonly string[]): Promise<StoredPermit[]> {
  const rows = await inLists(nos, (part) => db.selectFrom('permit').selectAll().where('permit_no', 'in', part).execute());
  return rows.map((r) => ({
    id: Number(r.id),
    personId: Number(r.person_id),
    permitNo: r.permit_no,
    kind: r.kind,
    district: r.district,
    issuedOn: r.issued_on,
    terminatedOn: r.terminated_on,
    terminationReason: r.termination_reason,
  }));
}

export async function endorsementsOf(db: Db, permitIds: readonly number[]): Promise<Array<{ permitId: number; endorsedOn: string }>> {
  const rows = await inLists(permitIds, (part) =>
    db.selectFrom('permit_endorsement').select(['permit_id', 'endorsed_on']).where('permit_id', 'in', part).execute(),
  );
  return rows.map((r) => ({ permitId: Number(r.permit_id), endorsedOn: r.endorsed_on }));
}

/** Inserts new permits; their ids by permit number. */
export async function insertPermits(db: Db, rows: readonly PermitValues[]): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const part of slices(rows, rowsPerStatement(7))) {
    const out = await db
      .insertInto('permit')
      .values(
        part.map((p) => ({
          person_id: p.personId,
          permit_no: p.permitNo,
          kind: p.kind,
          district: p.district,
          issued_on: p.issuedOn,
          terminated_on: p.terminatedOn,
          termination_reason: p.terminationReason,
        })),
      )
      .returning(['id', 'permit_no'])
      .execute();
    for (const r of out) ids.set(r.permit_no, Number(r.id));
  }
  return ids;
}

export async function updatePermits(db: Db, rows: readonly StoredPermit[]): Promise<void> {
  await updateById(
    db,
    'permit',
    { kind: 'text', district: 'text', issued_on: 'text', terminated_on: 'text', termination_reason: 'text' },
    rows.map((p) => ({
      id: p.id,
      values: { kind: p.kind, district: p.district, issued_on: p.issuedOn, terminated_on: p.terminatedOn, termination_reason: p.terminationReason },
    })),
  );
}

export async function insertEndorsements(db: Db, rows: ReadonlyArray<{ permitId: number; endorsedOn: string }>): Promise<void> {
  for (const part of slices(rows, rowsPerStatement(2))) {
    await db
      .insertInto('permit_endorsement')
      .values(part.map((e) => ({ permit_id: e.permitId, endorsed_on: e.endorsedOn })))
      .execute();
  }
}

// ------------------------------------------------------------------------------------- insurance

export interface RunValues {
  personId: number;
  scheme: string;
  fromMonth: number;
  toMonth: number;
  backPaid: boolean;
  transferredIn: boolean;
}

export interface StoredRun extends RunValues {
  id: number;
}

export async function runsOf(db: Db, personIds: readonly number[]): Promise<StoredRun[]> {
  const rows = await inLists(personIds, (part) => db.selectFrom('insurance_run').selectAll().where('person_id', 'in', part).execute());
  return rows.map((r) => ({
    id: Number(r.id),
    personId: Number(r.person_id),
    scheme: r.scheme,
    fromMonth: Number(r.from_month),
    toMonth: Number(r.to_month),
    backPaid: Number(r.back_paid) === 1,
    transferredIn: Number(r.transferred_in) === 1,
  }));
}

/**
 * People by ID number with their runs, in one query (a left join: people without runs come back
 * once, with no run): for an insurance chunk, a lookup of each person and then of their runs would
 * probe the person index and the run index separately.
 */
export async function personsWithRuns(db: Db, idNumbers: readonly string[]): Promise<{ ids: Map<string, number>; runs: StoredRun[] }> {
  const rows = await inLists(idNumbers, (part) =>
    db
      .selectFrom('person')
      .leftJoin('insurance_run', 'insurance_run.person_id', 'person.id')
      .select([
        'person.id as pid',
        'person.id_number',
        'insurance_run.id as rid',
        'insurance_run.scheme',
        'insurance_run.from_month',
        'insurance_run.to_month',
        'insurance_run.back_paid',
        'insurance_run.transferred_in',
      ])
      .where('person.id_number', 'in', part)
      .execute(),
  );
  const ids = new Map<string, number>();
  const runs: StoredRun[] = [];
  for (const r of rows) {
    const personId = Number(r.pid);
    ids.set(r.id_number, personId);
    if (r.rid === null) continue;
    runs.push({
      id: Number(r.rid),
      personId,
      scheme: r.scheme!,
      fromMonth: Number(r.from_month),
      toMonth: Number(r.to_month),
      backPaid: Number(r.back_paid) === 1,
      transferredIn: Number(r.transferred_in) === 1,
    });
  }
  return { ids, runs };
}

export async function insertRuns(db: Db, rows: readonly RunValues[]): Promise<void> {
  for (const part of slices(rows, rowsPerStatement(6))) {
    await db
      .insertInto('insurance_run')
      .values(
        part.map((r) => ({
          person_id: r.personId,
          scheme: r.scheme,
          from_month: r.fromMonth,
          to_month: r.toMonth,
          back_paid: r.backPaid ? 1 : 0,
          transferred_in: r.transferredIn ? 1 : 0,
        })),
      )
      .execute();
  }
}

export async function updateRuns(db: Db, rows: ReadonlyArray<{ id: number; fromMonth: number; toMonth: number }>): Promise<void> {
  await updateById(
    db,
    'insurance_run',
    { from_month: 'integer', to_month: 'integer' },
    rows.map((r) => ({ id: r.id, values: { from_month: r.fromMonth, to_month: r.toMonth } })),
  );
}

export async function deleteRuns(db: Db, ids: readonly number[]): Promise<void> {
  for (const part of slices(ids, IN_LIST)) await db.deleteFrom('insurance_run').where('id', 'in', part).execute();
}
