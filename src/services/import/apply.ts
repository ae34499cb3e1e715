/**
 * Applying one chunk of valid rows, inside the chunk's transaction. Each kind reads the stored rows
 * the chunk touches in one query a table, works out the result in memory row by row (so a later row
 * of the same chunk sees what an earlier one did, as if applied one at a time), then writes only what
 * changed with multi-row statements. The rules are docs/import-formats.md's:
 *
 * - residence: keyed by `record_id` (`residence_period.source_ref`); the same values ⇒ unchanged,
 *   other values ⇒ replaced in place (a hand-written record that changes loses its `verified` mark:
 *   what the clerk verified was the old one).
 * - permits: keyed by `permit_no`; kind, district and issue date are replaced in place; an
 *   endorsement is keyed by (permit, date); a termination is recorded once and never changed.
 * - insurance: months merge into runs per (person, scheme, back_paid, transferred_in): a month inside
 *   a run ⇒ unchanged, next to one ⇒ the run grows (two runs it bridges become one), else a new run.
 *
 * People unknown to jifen are created from residence and permit rows (birth date and sex from the ID
 * number); a known ID number with another name is rejected, never overwritten. A person's phone is
 * taken from a row that changes something, or when none is stored, so a re-import leaves it alone.
 */
import { maskName } from '../../domain/id-number.ts';
import type { IdNumberInfo } from '../../domain/id-number.ts';
import type { ImportText } from './messages.ts';
import * as q from './store.ts';
import type { Db, RejectRow } from './store.ts';
import type { ImportKind, InsuranceRow, PermitRow, ResidenceRow, RowOf } from './validate.ts';

export interface ChunkRow<T> {
  line: number;
  value: T;
}

export interface ChunkOutcome {
  applied: number;
  unchanged: number;
  /** Rows valid in themselves that the stored records refuse (one reject per field). */
  rejects: RejectRow[];
  /** Lines of `rejects` (a row may have several). */
  rejectedRows: number;
}

export interface ApplyContext {
  t: ImportText;
  /** ISO timestamp for created rows. */
  at: string;
  /** Person ids already looked up by this import (see `PersonIdMemo`). */
  personIds: PersonIdMemo;
}

/**
 * The ids of people an import has already looked up, by ID number, for the insurance rows that only
 * refer to people: a file of several months in month order names every person once a month, and
 * looking them up again costs as much as the rest of the chunk. Bounded (emptied at 100,000 ids),
 * so memory stays flat, and switched off when it does not pay (a file of one month, or one in person
 * order, never meets a person twice across chunks). Only hits are kept (a person not registered yet
 * may be by the next chunk); an id never changes, so a kept id can only go stale by the person's
 * deletion, which the foreign key then refuses loudly.
 */
export class PersonIdMemo {
  private readonly ids = new Map<string, number>();
  private lookups = 0;
  private hits = 0;
  private off = false;

  get(idNumber: string): number | undefined {
    if (this.off) return undefined;
    const id = this.ids.get(idNumber);
    this.lookups++;
    if (id !== undefined) this.hits++;
    else if (this.lookups >= 50_000 && this.hits < this.lookups / 10) {
      this.off = true;
      this.ids.clear();
    }
    return id;
  }

  set(idNumber: string, id: number): void {
    if (this.off) return;
    if (this.ids.size >= 100_000) this.ids.clear();
    this.ids.set(idNumber, id);
  }
}

export type Applier<T> = (db: Db, rows: ReadonlyArray<ChunkRow<T>>, ctx: ApplyContext) => Promise<ChunkOutcome>;

/** Collects a chunk's outcome. */
class Tally {
  applied = 0;
  unchanged = 0;
  rejects: RejectRow[] = [];
  rejectedRows = 0;

  reject(line: number, problems: Array<{ field: string; reason: string }>): void {
    this.rejectedRows++;
    for (const p of problems) this.rejects.push({ line, field: p.field, reason: p.reason });
  }

  count(changed: boolean): void {
    if (changed) this.applied++;
    else this.unchanged++;
  }

  outcome(): ChunkOutcome {
    return { applied: this.applied, unchanged: this.unchanged, rejects: this.rejects, rejectedRows: this.rejectedRows };
  }
}

const unique = <T>(xs: Iterable<T>): T[] => [...new Set(xs)];

// ---------------------------------------------------------------------------------------- people

interface PersonState {
  /** Null until inserted. */
  id: number | null;
  idNumber: string;
  name: string;
  phone: string | null;
  birthDate: string;
  sex: 'male' | 'female';
  phoneChanged: boolean;
}

/** The people a chunk names: loaded once, created in memory, written at the end. */
class People {
  private readonly byIdNumber = new Map<string, PersonState>();
  private readonly created: PersonState[] = [];

  static async load(db: Db, idNumbers: readonly string[]): Promise<People> {
    const people = new People();
    for (const p of await q.personsByIdNumber(db, idNumbers)) {
      // Birth date and sex are not needed for stored people.
      people.byIdNumber.set(p.idNumber, { ...p, birthDate: '', sex: 'male', phoneChanged: false });
    }
    return people;
  }

  get(idNumber: string): PersonState | undefined {
    return this.byIdNumber.get(idNumber);
  }

  create(info: IdNumberInfo, name: string, phone: string | null): PersonState {
    const p: PersonState = { id: null, idNumber: info.idNumber, name, phone, birthDate: info.birthDate, sex: info.sex, phoneChanged: false };
    this.byIdNumber.set(p.idNumber, p);
    this.created.push(p);
    return p;
  }

  /** Sets the phone from a row: when the row changed something, or none is stored. */
  offerPhone(p: PersonState, phone: string | null, rowChanged: boolean): boolean {
    if (phone === null || phone === p.phone || (!rowChanged && p.phone !== null)) return false;
    p.phone = phone;
    if (p.id !== null) p.phoneChanged = true;
    return true;
  }

  async write(db: Db, at: string): Promise<void> {
    if (this.created.length > 0) {
      const ids = await q.insertPersons(db, this.created, at);
      for (const p of this.created) p.id = ids.get(p.idNumber) ?? null;
    }
    const phones = [...this.byIdNumber.values()].filter((p) => p.phoneChanged && p.id !== null && p.phone !== null);
    await q.updatePhones(
      db,
      phones.map((p) => ({ id: p.id!, phone: p.phone! })),
    );
  }
}

function idOf(p: PersonState): number {
  if (p.id === null) throw new Error('person written without an id');
  return p.id;
}

/** A stored or new record of a person: whether it is that person's. */
interface Owned {
  personId: number | null;
  person: PersonState | null;
}

function ownedBy(r: Owned, p: PersonState | undefined): boolean {
  if (p === undefined) return false;
  return r.person === p || (r.personId !== null && r.personId === p.id);
}

// ------------------------------------------------------------------------------------- residence

interface ResidenceState extends Owned {
  id: number | null;
  ref: string;
  from: string;
  to: string | null;
  status: string;
  source: string;
  verified: boolean;
  dirty: boolean;
}

const applyResidence: Applier<ResidenceRow> = async (db, rows, { t, at }) => {
  const tally = new Tally();
  const people = await People.load(db, unique(rows.map((r) => r.value.person.idNumber)));
  const records = new Map<string, ResidenceState>();
  for (const s of await q.residenceByRefs(db, unique(rows.map((r) => r.value.recordId)))) {
    records.set(s.sourceRef, { ...s, ref: s.sourceRef, person: null, dirty: false });
  }

  for (const { line, value: v } of rows) {
    const known = people.get(v.person.idNumber);
    if (known && known.name !== v.name) {
      tally.reject(line, [{ field: 'name', reason: t.nameMismatch(maskName(known.name)) }]);
      continue;
    }
    const rec = records.get(v.recordId);
    if (rec && !ownedBy(rec, known)) {
      tally.reject(line, [{ field: 'id_number', reason: t.recordOtherPerson }]);
      continue;
    }
    const person = known ?? people.create(v.person, v.name, v.phone);
    let changed = known === undefined;
    if (!rec) {
      records.set(v.recordId, {
        id: null,
        personId: person.id,
        person,
        ref: v.recordId,
        from: v.from,
        to: v.to,
        status: v.status,
        source: v.source,
        verified: false,
        dirty: false,
      });
      changed = true;
    } else if (rec.from !== v.from || rec.to !== v.to || rec.status !== v.status || rec.source !== v.source) {
      rec.from = v.from;
      rec.to = v.to;
      rec.status = v.status;
      rec.source = v.source;
      if (v.source === 'handwritten') rec.verified = false;
      rec.dirty = rec.id !== null;
      changed = true;
    }
    if (people.offerPhone(person, v.phone, changed)) changed = true;
    tally.count(changed);
  }

  await people.write(db, at);
  const all = [...records.values()];
  await q.insertResidence(
    db,
    all
      .filter((r) => r.id === null)
      .map((r) => ({ personId: r.personId ?? idOf(r.person!), from: r.from, to: r.to, status: r.status, source: r.source, verified: r.verified, sourceRef: r.ref })),
  );
  await q.updateResidence(
    db,
    all
      .filter((r) => r.dirty && r.id !== null)
      .map((r) => ({ id: r.id!, personId: r.personId!, from: r.from, to: r.to, status: r.status, source: r.source, verified: r.verified, sourceRef: r.ref })),
  );
  return tally.outcome();
};

// --------------------------------------------------------------------------------------- permits

interface PermitState extends Owned {
  id: number | null;
  permitNo: string;
  kind: string;
  district: string;
  issuedOn: string;
  terminatedOn: string | null;
  terminationReason: string | null;
  endorsements: Set<string>;
  added: string[];
  dirty: boolean;
}

const applyPermits: Applier<PermitRow> = async (db, rows, { t, at }) => {
  const tally = new Tally();
  const people = await People.load(db, unique(rows.map((r) => r.value.person.idNumber)));
  const permits = new Map<string, PermitState>();
  const byId = new Map<number, PermitState>();
  for (const s of await q.permitsByNo(db, unique(rows.map((r) => r.value.permitNo)))) {
    const state: PermitState = { ...s, person: null, endorsements: new Set(), added: [], dirty: false };
    permits.set(s.permitNo, state);
    byId.set(s.id, state);
  }
  for (const e of await q.endorsementsOf(db, [...byId.keys()])) byId.get(e.permitId)?.endorsements.add(e.endorsedOn);

  for (const { line, value: v } of rows) {
    const known = people.get(v.person.idNumber);
    if (known && known.name !== v.name) {
      tally.reject(line, [{ field: 'name', reason: t.nameMismatch(maskName(known.name)) }]);
      continue;
    }
    const permit = permits.get(v.permitNo);
    if (permit && !ownedBy(permit, known)) {
      tally.reject(line, [{ field: 'id_number', reason: t.permitOtherPerson }]);
      continue;
    }
    if (permit?.terminatedOn != null && v.terminatedOn !== null) {
      const problems: Array<{ field: string; reason: string }> = [];
      if (v.terminatedOn !== permit.terminatedOn) problems.push({ field: 'terminated_on', reason: t.terminatedAlready(permit.terminatedOn) });
      else if (v.terminationReason !== null && permit.terminationReason !== null && v.terminationReason !== permit.terminationReason) {
        problems.push({ field: 'termination_reason', reason: t.reasonAlready });
      }
      if (problems.length > 0) {
        tally.reject(line, problems);
        continue;
      }
    }
    const person = known ?? people.create(v.person, v.name, null);
    let changed = known === undefined;
    let state = permit;
    if (!state) {
      state = {
        id: null,
        personId: person.id,
        person,
        permitNo: v.permitNo,
        kind: v.kind,
        district: v.district,
        issuedOn: v.issuedOn,
        terminatedOn: v.terminatedOn,
        terminationReason: v.terminationReason,
        endorsements: new Set(),
        added: [],
        dirty: false,
      };
      permits.set(v.permitNo, state);
      changed = true;
    } else {
      if (state.kind !== v.kind || state.district !== v.district || state.issuedOn !== v.issuedOn) {
        state.kind = v.kind;
        state.district = v.district;
        state.issuedOn = v.issuedOn;
        changed = true;
      }
      if (v.terminatedOn !== null && state.terminatedOn === null) {
        state.terminatedOn = v.terminatedOn;
        state.terminationReason = v.terminationReason;
        changed = true;
      } else if (v.terminationReason !== null && state.terminationReason === null) {
        // Same termination date (checked above), its reason given now.
        state.terminationReason = v.terminationReason;
        changed = true;
      }
      if (changed && state.id !== null) state.dirty = true;
    }
    if (v.endorsedOn !== null && !state.endorsements.has(v.endorsedOn)) {
      state.endorsements.add(v.endorsedOn);
      state.added.push(v.endorsedOn);
      changed = true;
    }
    tally.count(changed);
  }

  await people.write(db, at);
  const all = [...permits.values()];
  const fresh = all.filter((p) => p.id === null);
  const ids = await q.insertPermits(
    db,
    fresh.map((p) => ({
      personId: p.personId ?? idOf(p.person!),
      permitNo: p.permitNo,
      kind: p.kind,
      district: p.district,
      issuedOn: p.issuedOn,
      terminatedOn: p.terminatedOn,
      terminationReason: p.terminationReason,
    })),
  );
  for (const p of fresh) p.id = ids.get(p.permitNo) ?? null;
  await q.updatePermits(
    db,
    all
      .filter((p) => p.dirty)
      .map((p) => ({
        id: p.id!,
        personId: p.personId!,
        permitNo: p.permitNo,
        kind: p.kind,
        district: p.district,
        issuedOn: p.issuedOn,
        terminatedOn: p.terminatedOn,
        terminationReason: p.terminationReason,
      })),
  );
  await q.insertEndorsements(
    db,
    all.flatMap((p) => p.added.map((d) => ({ permitId: p.id!, endorsedOn: d }))),
  );
  return tally.outcome();
};

// ------------------------------------------------------------------------------------- insurance

interface RunState {
  id: number | null;
  fromMonth: number;
  toMonth: number;
  dirty: boolean;
}

/**
 * Adds one month to a group's runs: false when already inside one. Runs are scanned, not searched:
 * a person has a handful per scheme, and a scan stays right even if stored runs overlap.
 */
function addMonth(runs: RunState[], m: number, deleted: number[]): boolean {
  let left: RunState | undefined;
  let right: RunState | undefined;
  for (const r of runs) {
    if (r.fromMonth <= m && m <= r.toMonth) return false;
    if (r.toMonth === m - 1) left = r;
    else if (r.fromMonth === m + 1) right = r;
  }
  if (left && right) {
    // Bridging two runs: one survives, preferably a stored one (its id stays).
    const [keep, drop] = left.id === null && right.id !== null ? [right, left] : [left, right];
    keep.fromMonth = Math.min(left.fromMonth, right.fromMonth);
    keep.toMonth = Math.max(left.toMonth, right.toMonth);
    keep.dirty = true;
    runs.splice(runs.indexOf(drop), 1);
    if (drop.id !== null) deleted.push(drop.id);
  } else if (left) {
    left.toMonth = m;
    left.dirty = true;
  } else if (right) {
    right.fromMonth = m;
    right.dirty = true;
  } else {
    runs.push({ id: null, fromMonth: m, toMonth: m, dirty: false });
  }
  return true;
}

interface RunGroup {
  personId: number;
  scheme: string;
  backPaid: boolean;
  transferredIn: boolean;
  runs: RunState[];
}

/** A person's groups sit in 8 slots: scheme × back_paid × transferred_in. */
const slotOf = (scheme: string, backPaid: boolean, transferredIn: boolean): number => (scheme === 'medical' ? 4 : 0) + (backPaid ? 2 : 0) + (transferredIn ? 1 : 0);

const applyInsurance: Applier<InsuranceRow> = async (db, rows, { t, personIds }) => {
  const tally = new Tally();
  const people = new Map<string, number>();
  const unknown = new Set<string>();
  for (const r of rows) {
    const n = r.value.person.idNumber;
    if (people.has(n) || unknown.has(n)) continue;
    const id = personIds.get(n);
    if (id === undefined) unknown.add(n);
    else people.set(n, id);
  }
  // The runs of people met before, by their ids; people not met before, with their runs, by ID number.
  const stored = await q.runsOf(db, [...people.values()]);
  const found = await q.personsWithRuns(db, [...unknown]);
  for (const [n, id] of found.ids) {
    people.set(n, id);
    personIds.set(n, id);
  }
  const groups = new Map<number, Array<RunGroup | undefined>>();
  const group = (personId: number, scheme: string, backPaid: boolean, transferredIn: boolean): RunGroup => {
    let slots = groups.get(personId);
    if (!slots) {
      slots = new Array<RunGroup | undefined>(8);
      groups.set(personId, slots);
    }
    const i = slotOf(scheme, backPaid, transferredIn);
    return (slots[i] ??= { personId, scheme, backPaid, transferredIn, runs: [] });
  };
  for (const list of [stored, found.runs]) {
    for (const r of list) group(r.personId, r.scheme, r.backPaid, r.transferredIn).runs.push({ id: r.id, fromMonth: r.fromMonth, toMonth: r.toMonth, dirty: false });
  }

  const deleted: number[] = [];
  for (const { line, value: v } of rows) {
    const personId = people.get(v.person.idNumber);
    if (personId === undefined) {
      tally.reject(line, [{ field: 'id_number', reason: t.notRegistered }]);
      continue;
    }
    tally.count(addMonth(group(personId, v.scheme, v.backPaid, v.transferredIn).runs, v.month, deleted));
  }

  const fresh: q.RunValues[] = [];
  const changed: Array<{ id: number; fromMonth: number; toMonth: number }> = [];
  for (const slots of groups.values()) {
    for (const g of slots) {
      if (!g) continue;
      for (const r of g.runs) {
        if (r.id === null) fresh.push({ personId: g.personId, scheme: g.scheme, backPaid: g.backPaid, transferredIn: g.transferredIn, fromMonth: r.fromMonth, toMonth: r.toMonth });
        else if (r.dirty) changed.push({ id: r.id, fromMonth: r.fromMonth, toMonth: r.toMonth });
      }
    }
  }
  await q.deleteRuns(db, deleted);
  await q.updateRuns(db, changed);
  await q.insertRuns(db, fresh);
  return tally.outcome();
};

const APPLIERS: { [K in ImportKind]: Applier<RowOf[K]> } = {
  residence: applyResidence,
  permits: applyPermits,
  insurance: applyInsurance,
};

/** The applier of a kind, for rows its validator made (the pairing TypeScript cannot follow through a union). */
export function applierFor<K extends ImportKind>(kind: K): Applier<RowOf[K]> {
  return APPLIERS[kind];
}
