/**
 * Person lookup for staff: search by ID number, phone or name; a person's page with their records,
 * permit history and points history. Clerks and district officers see only their district's people;
 * ID numbers and phones are masked unless a staff member asks to reveal them, which is audited.
 */
import { assembleFacts } from '../domain/facts-assembly.ts';
import { maskIdNumber, maskPhone, parseIdNumber } from '../domain/id-number.ts';
import { permitState } from '../domain/permit.ts';
import type { PersonBundle } from '../domain/records.ts';
import { formatMonth } from '../rules/dates.ts';
import { evaluate, INDICATOR_ORDER, todayInChina, type Locale, type Result } from '../rules/index.ts';
import type { PeopleRepository } from '../storage/repositories/people.ts';
import type { SnapshotRepository } from '../storage/repositories/snapshots.ts';
import type { StaffRepository } from '../storage/repositories/staff.ts';
import type { StaffIdentity } from './auth.ts';
import { AppError } from './errors.ts';

export interface PersonSummary {
  id: number;
  name: string;
  idNumber: string;
  phone: string | null;
  district: string | null;
  birthDate: string;
}

export interface PersonView {
  person: PersonSummary & { sex: 'male' | 'female'; urbanHukou: boolean; fullCivilCapacity: boolean };
  permits: Array<{
    permitNo: string;
    kind: 'ic' | 'paper9';
    district: string;
    issuedOn: string;
    endorsements: string[];
    terminatedOn: string | null;
    status: string;
    suspensions: Array<{ from: string; to: string }>;
    nextDeadline: string | null;
  }>;
  residence: Array<{ from: string; to: string | null; status: string; source: string; verified: boolean }>;
  insurance: Array<{ scheme: string; from: string; to: string; backPaid: boolean; transferredIn: boolean }>;
  declared: PersonBundle['declared'];
  current: Result;
  history: Array<{ asOf: string; policyVersion: string; total: number; eligible: boolean; items: Record<string, number>; factsDigest: string; runId: number }>;
}

export interface PeopleDeps {
  people: PeopleRepository;
  snapshots: SnapshotRepository;
  staff: StaffRepository;
  now: () => Date;
}

/** The district a staff member is confined to, or null for the city office and administrators. */
function scope(user: StaffIdentity): string | null {
  return user.role === 'clerk' || user.role === 'district' ? user.district : null;
}

function summary(b: PersonBundle): PersonSummary {
  return {
    id: b.id!,
    name: b.name,
    idNumber: maskIdNumber(b.idNumber),
    phone: b.phone === null ? null : maskPhone(b.phone),
    district: b.district,
    birthDate: b.birthDate,
  };
}

export type RecordsView = Pick<PersonView, 'permits' | 'residence' | 'insurance' | 'declared' | 'current'>;

export interface OwnRecords extends RecordsView {
  asOf: string;
  name: string;
}

/** A person's records as the pages show them, with today's points from them. */
function recordsView(b: PersonBundle, today: string, locale: Locale): RecordsView {
  return {
    permits: b.permits.map((p) => {
      const st = permitState(p, today);
      return {
        permitNo: p.permitNo,
        kind: p.kind,
        district: p.district,
        issuedOn: p.issuedOn,
        endorsements: p.endorsements,
        terminatedOn: p.terminatedOn ?? null,
        status: st.status,
        suspensions: st.suspensions,
        nextDeadline: st.nextDeadline ?? null,
      };
    }),
    residence: b.residence.map((r) => ({ from: r.from, to: r.to, status: r.status, source: r.source, verified: r.verified })),
    insurance: b.insurance.map((s) => ({
      scheme: s.scheme,
      from: formatMonth(s.fromMonth),
      to: formatMonth(s.toMonth),
      backPaid: s.backPaid,
      transferredIn: s.transferredIn,
    })),
    declared: b.declared,
    current: evaluate(assembleFacts(b, today), today, { locale }),
  };
}

export const SEARCH_LIMIT = 50;

const notFound = (): AppError => new AppError('NOT_FOUND', { 'zh-CN': '没有找到此人', en: 'no such person' });

export class PeopleService {
  constructor(private readonly d: PeopleDeps) {}

  async search(user: StaffIdentity, query: string): Promise<{ people: PersonSummary[]; truncated: boolean }> {
    const q = query.trim();
    if (q.length === 0) {
      throw new AppError('INVALID_INPUT', { 'zh-CN': '请输入身份证号、手机号或姓名', en: 'enter an ID number, a phone number or a name' }, [
        { path: 'query', message: 'required' },
      ]);
    }
    let where: { idNumber?: string; phone?: string; name?: string };
    if (/^\d{17}[\dXx]$/.test(q)) {
      const id = parseIdNumber(q);
      if (!id.ok) {
        throw new AppError('INVALID_INPUT', { 'zh-CN': '身份证号校验不通过', en: 'the ID number does not pass its check' }, [{ path: 'query', message: id.problem }]);
      }
      where = { idNumber: id.info.idNumber };
    } else if (/^1\d{10}$/.test(q)) where = { phone: q };
    else if (/^[\p{Script=Han}\p{L}·• ]{1,32}$/u.test(q)) where = { name: q };
    else {
      throw new AppError('INVALID_INPUT', { 'zh-CN': '请输入完整的身份证号、11 位手机号或姓名', en: 'enter a full ID number, an 11-digit mobile number or a name' }, [
        { path: 'query', message: 'unrecognised' },
      ]);
    }
    const found = await this.d.people.search(where, scope(user), SEARCH_LIMIT + 1);
    return { people: found.slice(0, SEARCH_LIMIT).map(summary), truncated: found.length > SEARCH_LIMIT };
  }

  private async load(user: StaffIdentity, id: number): Promise<PersonBundle> {
    const [b] = await this.d.people.byIds([id]);
    if (!b) throw notFound();
    const s = scope(user);
    if (s !== null && b.district !== s) {
      throw new AppError('FORBIDDEN', { 'zh-CN': '此人不属于您所在的区', en: 'this person belongs to another district' });
    }
    return b;
  }

  async view(user: StaffIdentity, id: number, locale: Locale): Promise<PersonView> {
    const b = await this.load(user, id);
    const history = await this.d.snapshots.history(id);
    await this.d.staff.audit(this.d.now().toISOString(), `staff:${user.id}`, 'person.view', `person:${id}`, {});
    return {
      person: {
        ...summary(b),
        sex: b.sex,
        urbanHukou: b.urbanHukou,
        fullCivilCapacity: b.fullCivilCapacity,
      },
      ...recordsView(b, todayInChina(this.d.now()), locale),
      history: history.map((h) => ({
        asOf: h.asOf,
        policyVersion: h.policyVersion,
        total: h.totalH / 100,
        eligible: h.eligible,
        items: Object.fromEntries(INDICATOR_ORDER.map((code, i) => [code, (h.itemsH[i] ?? 0) / 100])),
        factsDigest: h.factsDigest,
        runId: h.runId,
      })),
    };
  }

  /**
   * A signed-in applicant's own records as the source systems hold them (permit and endorsements,
   * police residence registrations, social insurance), with today's points from them, so they can
   * confirm what will be scored before they apply (issue 4). Their own data, nothing about anyone else.
   */
  async ownRecords(personId: number, locale: Locale): Promise<OwnRecords> {
    const [b] = await this.d.people.byIds([personId]);
    if (!b) throw notFound();
    const today = todayInChina(this.d.now());
    return { asOf: today, name: b.name, ...recordsView(b, today, locale) };
  }

  /** The full ID number and phone, for a staff member who needs them; every reveal is audited. */
  async reveal(user: StaffIdentity, id: number): Promise<{ idNumber: string; phone: string | null }> {
    const b = await this.load(user, id);
    await this.d.staff.audit(this.d.now().toISOString(), `staff:${user.id}`, 'person.reveal', `person:${id}`, {});
    return { idNumber: b.idNumber, phone: b.phone };
  }
}
