/**
 * People and their source-system records. Writes go through one transaction per call; reads for the
 * city-wide recompute walk people in id order, a page at a time, fetching each table's rows for the
 * page's id range in one query (a merge join done in memory), so memory stays flat in the city's size.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DeclaredFacts, PermitRecord, PersonBundle } from '../../domain/records.ts';
import type { Database, PersonTable } from '../schema.ts';

export type { DeclaredFacts, InsuranceRecord, PermitRecord, PersonBundle, PersonRecord, ResidenceRecord } from '../../domain/records.ts';

type Db = Kysely<Database> | Transaction<Database>;

const flag = (b: boolean): number => (b ? 1 : 0);

/** SQLite and PostgreSQL both cap bound parameters per statement; chunk multi-row inserts below it. */
async function insertChunked<T extends keyof Database>(db: Db, table: T, rows: Record<string, unknown>[], columns: number): Promise<void> {
  const per = Math.max(1, Math.floor(30000 / columns));
  for (let i = 0; i < rows.length; i += per) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-argument
    await db.insertInto(table).values(rows.slice(i, i + per) as any).execute();
  }
}

/** A person as lists and messages name them: no records. */
export interface PersonContact {
  id: number;
  name: string;
  idNumber: string;
  phone: string | null;
  district: string | null;
}

export class PeopleRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Inserts whole people with all their records in one transaction; returns their ids in order. */
  async insertBundles(bundles: readonly PersonBundle[], at: string): Promise<number[]> {
    return this.db.transaction().execute(async (trx) => {
      const ids: number[] = [];
      for (const b of bundles) {
        const row = await trx
          .insertInto('person')
          .values({
            id_number: b.idNumber,
            name: b.name,
            phone: b.phone,
            birth_date: b.birthDate,
            sex: b.sex,
            urban_hukou: flag(b.urbanHukou),
            full_civil_capacity: flag(b.fullCivilCapacity),
            district: b.district,
            created_at: at,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        ids.push(Number(row.id));
      }
      const residence: Record<string, unknown>[] = [];
      const insurance: Record<string, unknown>[] = [];
      const declared: Record<string, unknown>[] = [];
      for (let i = 0; i < bundles.length; i++) {
        const b = bundles[i]!;
        const personId = ids[i]!;
        for (const p of b.permits) {
          const permit = await trx
            .insertInto('permit')
            .values({
              person_id: personId,
              permit_no: p.permitNo,
              kind: p.kind,
              district: p.district,
              issued_on: p.issuedOn,
              terminated_on: p.terminatedOn ?? null,
              termination_reason: p.terminationReason ?? null,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          if (p.endorsements.length > 0) {
            await trx
              .insertInto('permit_endorsement')
              .values(p.endorsements.map((d) => ({ permit_id: Number(permit.id), endorsed_on: d })))
              .execute();
          }
        }
        for (const r of b.residence) {
          residence.push({
            person_id: personId,
            from_date: r.from,
            to_date: r.to,
            status: r.status,
            source: r.source,
            verified: flag(r.verified),
            source_ref: r.sourceRef,
          });
        }
        for (const s of b.insurance) {
          insurance.push({
            person_id: personId,
            scheme: s.scheme,
            from_month: s.fromMonth,
            to_month: s.toMonth,
            back_paid: flag(s.backPaid),
            transferred_in: flag(s.transferredIn),
          });
        }
        if (Object.keys(b.declared).length > 0) {
          declared.push({ person_id: personId, facts_json: JSON.stringify(b.declared), updated_at: at });
        }
      }
      await insertChunked(trx, 'residence_period', residence, 7);
      await insertChunked(trx, 'insurance_run', insurance, 6);
      await insertChunked(trx, 'person_declared', declared, 3);
      return ids;
    });
  }

  /** People matching an exact ID number, an exact phone or a name prefix, optionally in one district. */
  async search(q: { idNumber?: string; phone?: string; name?: string }, district: string | null, limit: number): Promise<PersonBundle[]> {
    let query = this.db.selectFrom('person').select('id');
    if (q.idNumber !== undefined) query = query.where('id_number', '=', q.idNumber);
    if (q.phone !== undefined) query = query.where('phone', '=', q.phone);
    // The service admits only letters, Han characters, '·' and spaces, so no LIKE wildcard gets here.
    if (q.name !== undefined) query = query.where('name', 'like', `${q.name}%`);
    if (district !== null) query = query.where('district', '=', district);
    const ids = await query.orderBy('id').limit(limit).execute();
    return this.byIds(ids.map((r) => Number(r.id)));
  }

  async count(): Promise<number> {
    const r = await this.db.selectFrom('person').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async maxId(): Promise<number> {
    const r = await this.db.selectFrom('person').select((eb) => eb.fn.max('id').as('m')).executeTakeFirst();
    return r?.m === null || r?.m === undefined ? 0 : Number(r.m);
  }

  /**
   * The bundles of people with afterId < id ≤ the page's last id, at most `limit` of them, in id order.
   */
  async page(afterId: number, limit: number): Promise<PersonBundle[]> {
    const people = await this.db.selectFrom('person').selectAll().where('id', '>', afterId).orderBy('id').limit(limit).execute();
    if (people.length === 0) return [];
    const lo = Number(people[0]!.id);
    const hi = Number(people[people.length - 1]!.id);
    return this.assemble(people, lo, hi);
  }

  /** The bundles of people with lo ≤ id ≤ hi, in id order. */
  async range(lo: number, hi: number): Promise<PersonBundle[]> {
    const people = await this.db.selectFrom('person').selectAll().where('id', '>=', lo).where('id', '<=', hi).orderBy('id').execute();
    return people.length === 0 ? [] : this.assemble(people, lo, hi);
  }

  /**
   * Who many people are, without their records: what lists, exports and SMS need (name, ID number,
   * phone, district), 500 ids a query. `byIds` assembles whole bundles over the id range of the people
   * asked for, which for a city-wide list of scattered ids reads most of the city.
   */
  async contacts(ids: readonly number[]): Promise<PersonContact[]> {
    const out: PersonContact[] = [];
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += 500) {
      const rows = await this.db.selectFrom('person').select(['id', 'name', 'id_number', 'phone', 'district']).where('id', 'in', unique.slice(i, i + 500)).execute();
      for (const r of rows) out.push({ id: Number(r.id), name: r.name, idNumber: r.id_number, phone: r.phone, district: r.district });
    }
    return out;
  }

  async byIds(ids: readonly number[]): Promise<PersonBundle[]> {
    if (ids.length === 0) return [];
    const people = await this.db.selectFrom('person').selectAll().where('id', 'in', ids).orderBy('id').execute();
    if (people.length === 0) return [];
    return this.assemble(people, Number(people[0]!.id), Number(people[people.length - 1]!.id));
  }

  private async assemble(people: Array<Selectable<PersonTable>>, lo: number, hi: number): Promise<PersonBundle[]> {
    const [permits, endorsements, residence, insurance, declared] = await Promise.all([
      this.db.selectFrom('permit').selectAll().where('person_id', '>=', lo).where('person_id', '<=', hi).orderBy('person_id').orderBy('id').execute(),
      this.db
        .selectFrom('permit_endorsement')
        .innerJoin('permit', 'permit.id', 'permit_endorsement.permit_id')
        .select(['permit_endorsement.permit_id', 'permit_endorsement.endorsed_on'])
        .where('permit.person_id', '>=', lo)
        .where('permit.person_id', '<=', hi)
        .orderBy('permit_endorsement.permit_id')
        .orderBy('permit_endorsement.endorsed_on')
        .execute(),
      this.db.selectFrom('residence_period').selectAll().where('person_id', '>=', lo).where('person_id', '<=', hi).orderBy('person_id').orderBy('from_date').orderBy('id').execute(),
      this.db.selectFrom('insurance_run').selectAll().where('person_id', '>=', lo).where('person_id', '<=', hi).orderBy('person_id').orderBy('from_month').orderBy('scheme').orderBy('id').execute(),
      this.db.selectFrom('person_declared').selectAll().where('person_id', '>=', lo).where('person_id', '<=', hi).execute(),
    ]);
    const byPerson = new Map<number, PersonBundle>();
    const out: PersonBundle[] = [];
    for (const p of people) {
      const b: PersonBundle = {
        id: Number(p.id),
        idNumber: p.id_number,
        name: p.name,
        phone: p.phone,
        birthDate: p.birth_date,
        sex: p.sex === 'female' ? 'female' : 'male',
        urbanHukou: Number(p.urban_hukou) === 1,
        fullCivilCapacity: Number(p.full_civil_capacity) === 1,
        district: p.district,
        permits: [],
        residence: [],
        insurance: [],
        declared: {},
      };
      byPerson.set(b.id!, b);
      out.push(b);
    }
    const permitById = new Map<number, PermitRecord>();
    for (const p of permits) {
      const rec: PermitRecord = {
        permitNo: p.permit_no,
        kind: p.kind === 'paper9' ? 'paper9' : 'ic',
        district: p.district,
        issuedOn: p.issued_on,
        endorsements: [],
        ...(p.terminated_on !== null ? { terminatedOn: p.terminated_on } : {}),
        ...(p.termination_reason !== null ? { terminationReason: p.termination_reason } : {}),
      };
      permitById.set(Number(p.id), rec);
      byPerson.get(Number(p.person_id))?.permits.push(rec);
    }
    for (const e of endorsements) permitById.get(Number(e.permit_id))?.endorsements.push(e.endorsed_on);
    for (const r of residence) {
      byPerson.get(Number(r.person_id))?.residence.push({
        from: r.from_date,
        to: r.to_date,
        status: r.status === 'cancelled' ? 'cancelled' : 'registered',
        source: r.source === 'handwritten' ? 'handwritten' : 'police',
        verified: Number(r.verified) === 1,
        sourceRef: r.source_ref,
      });
    }
    for (const s of insurance) {
      byPerson.get(Number(s.person_id))?.insurance.push({
        scheme: s.scheme === 'medical' ? 'medical' : 'pension',
        fromMonth: Number(s.from_month),
        toMonth: Number(s.to_month),
        backPaid: Number(s.back_paid) === 1,
        transferredIn: Number(s.transferred_in) === 1,
      });
    }
    for (const d of declared) {
      const b = byPerson.get(Number(d.person_id));
      if (b) b.declared = JSON.parse(d.facts_json) as DeclaredFacts;
    }
    return out;
  }
}
