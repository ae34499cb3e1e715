/**
 * Agents (代办, 2020 FAQ Q3). "申请人可以书面委托用人单位提出积分申请。未满十六周岁的未成年人和行动不便的
 * 老年人、残疾人等,可以由其监护人、近亲属代为提出积分申请。…应当同时提供委托人、代办人的有效身份证件".
 *
 * Employers: an HR officer registers a person's written authorisation (by ID number and name, which
 * must match the record), scoped ('apply': file and submit; 'apply_and_track': also follow the case
 * and its result), dated (from today, at most a year) and pending until a clerk or district officer
 * of the person's district verifies or rejects it. While an authorisation is pending or verified and
 * within its days the employer sees the person and files for them (the officer's ID number recorded
 * as the agent's); a case filed so is not accepted until its authorisation is verified
 * (ApplicationService#accept). The person, or a clerk, may revoke it; revoked or expired, the
 * employer sees nothing of the person any more (404) and can file nothing.
 *
 * Guardians and close relatives: a signed-in applicant files for a principal on record, on the
 * ground of a minor under 16 (checked here by the birth date in the ID number), or an elderly or
 * disabled person (declared, checked by the clerk against the evidence).
 *
 * Every create, check and revocation is audited in the transaction that makes it.
 */
import type { ApplicationState } from '../domain/application.ts';
import { maskIdNumber, maskName, parseIdNumber } from '../domain/id-number.ts';
import type { PersonBundle } from '../domain/records.ts';
import { addYears, formatDay, fullYears, parseDate, toDay, todayInChina } from '../rules/dates.ts';
import type { FieldError } from '../rules/index.ts';
import type { ApplicationRepository, Child, GuardianGround, IntendedUse } from '../storage/repositories/applications.ts';
import {
  AuthorisationConflictError,
  USABLE,
  type AuthorisationPatch,
  type AuthorisationRecord,
  type AuthorisationRepository,
  type AuthorisationScope,
  type AuthorisationStatus,
} from '../storage/repositories/authorisations.ts';
import type { OrganisationRepository } from '../storage/repositories/organisations.ts';
import type { PeopleRepository } from '../storage/repositories/people.ts';
import type { ApplicationRecord, ApplicationService, Who } from './applications.ts';
import type { StaffIdentity } from './auth.ts';
import type { EmployerIdentity } from './employer-auth.ts';
import { AppError, invalidInput } from './errors.ts';

export type { AuthorisationRecord, AuthorisationScope, AuthorisationStatus } from '../storage/repositories/authorisations.ts';

export interface AgentDeps {
  authorisations: AuthorisationRepository;
  organisations: OrganisationRepository;
  people: PeopleRepository;
  applications: ApplicationService;
  applicationRecords: ApplicationRepository;
  now: () => Date;
}

/** Q3: guardians and close relatives may file for minors under sixteen (未满十六周岁). */
const MINOR_UNDER = 16;
/** Registrations whose ID number and name match no one, per account in a day, before more are refused. */
export const NO_MATCH_LIMIT = 10;
const DAY_MS = 86_400_000;
/** An authorisation runs for at most a year from the day it is registered. */
const MAX_YEARS = 1;
/** With scope 'apply' the employer follows a case only until it is submitted. */
const APPLY_ONLY_STATES: readonly ApplicationState[] = ['draft', 'submitted'];

export const RELATIONSHIPS = ['父母', '子女', '配偶', '兄弟姐妹', '祖父母、外祖父母', '孙子女、外孙子女', '监护人', '其他近亲属'] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];

export const STATUS_NAMES: Readonly<Record<AuthorisationStatus | 'expired', { zh: string; en: string }>> = {
  pending: { zh: '待核验', en: 'awaiting check' },
  verified: { zh: '已核验', en: 'verified' },
  rejected: { zh: '核验未通过', en: 'rejected' },
  revoked: { zh: '已撤销', en: 'revoked' },
  expired: { zh: '已过期', en: 'expired' },
};

/** An authorisation as the parties see it: the stored status, and whether it may be used today. */
export interface AuthorisationView extends AuthorisationRecord {
  /** 'expired' when the stored status is usable but its last day has passed. */
  effectiveStatus: AuthorisationStatus | 'expired';
  usable: boolean;
  organisation: { id: number; name: string; creditCode: string };
  /** Name as on record; ID number masked. */
  person: { id: number; name: string; idNumber: string };
}

const noAuthorisation = (): AppError => new AppError('NOT_FOUND', { 'zh-CN': '没有找到此委托', en: 'no such authorisation' });
const noApplication = (): AppError => new AppError('NOT_FOUND', { 'zh-CN': '没有找到此积分申请', en: 'no such application' });

/** One answer for "not on record" and "name does not match", so that nothing else is told. */
function noMatch(idPath: string, namePath: string): AppError {
  return new AppError(
    'INVALID_INPUT',
    { 'zh-CN': '身份证号码与姓名不一致,或系统中没有此人的居住登记信息', en: 'the ID number and name do not match anyone on record' },
    [
      { path: idPath, message: 'no match on record' },
      { path: namePath, message: 'no match on record' },
    ],
  );
}

function conflict(id: number): AppError {
  return new AppError('CONFLICT', {
    'zh-CN': `委托 ${id} 已被他人修改或已撤销,请刷新后重试`,
    en: `authorisation ${id} was changed or revoked meanwhile; reload it and try again`,
  });
}

function validIdNumber(raw: string, path: string): string {
  const p = parseIdNumber(raw);
  if (!p.ok) throw new AppError('INVALID_INPUT', { 'zh-CN': '身份证号码有误', en: 'the ID number is not valid' }, [{ path, message: p.problem }]);
  return p.info.idNumber;
}

export class AgentService {
  constructor(private readonly d: AgentDeps) {}

  private at(): string {
    return this.d.now().toISOString();
  }

  private today(): string {
    return todayInChina(this.d.now());
  }

  private usableOn(a: AuthorisationRecord, today: string): boolean {
    return USABLE.includes(a.status) && a.validFrom <= today && today <= a.expiresOn;
  }

  /** The person on record with this ID number and exactly this name, or undefined. */
  private async match(idNumber: string, name: string): Promise<PersonBundle | undefined> {
    const [p] = await this.d.people.search({ idNumber }, null, 1);
    return p?.id !== undefined && p.name === name.trim() ? p : undefined;
  }

  private async views(list: readonly AuthorisationRecord[]): Promise<AuthorisationView[]> {
    const today = this.today();
    const people = new Map((await this.d.people.contacts(list.map((a) => a.personId))).map((p) => [p.id, p]));
    const orgs = new Map<number, { id: number; name: string; creditCode: string }>();
    const out: AuthorisationView[] = [];
    for (const a of list) {
      let org = orgs.get(a.organisationId);
      if (!org) {
        const o = await this.d.organisations.byId(a.organisationId);
        org = { id: a.organisationId, name: o?.name ?? '', creditCode: o?.creditCode ?? '' };
        orgs.set(a.organisationId, org);
      }
      const p = people.get(a.personId);
      const usable = this.usableOn(a, today);
      out.push({
        ...a,
        effectiveStatus: USABLE.includes(a.status) && today > a.expiresOn ? 'expired' : a.status,
        usable,
        organisation: org,
        person: { id: a.personId, name: p?.name ?? '', idNumber: p ? maskIdNumber(p.idNumber) : '' },
      });
    }
    return out;
  }

  private async view(a: AuthorisationRecord): Promise<AuthorisationView> {
    const [v] = await this.views([a]);
    return v!;
  }

  private async change(a: AuthorisationRecord, from: readonly AuthorisationStatus[], patch: AuthorisationPatch, actor: string, action: string, detail: Record<string, unknown>): Promise<AuthorisationView> {
    const at = this.at();
    try {
      const r = await this.d.authorisations.change(a.id, a.version, from, patch, { at, actor, action, subject: `authorisation:${a.id}`, detail: { from: a.status, to: patch.status, ...detail } });
      return this.view(r);
    } catch (e) {
      if (e instanceof AuthorisationConflictError) throw conflict(a.id);
      throw e;
    }
  }

  // ——— Employers ———

  /**
   * Registers a person's written authorisation of the employer. The person is found by ID number and
   * name together; the answer for "not on record" and "wrong name" is the same. The person is told by
   * SMS, so an authorisation they did not give does not go unnoticed.
   */
  async create(e: EmployerIdentity, input: { idNumber: string; name: string; scope: AuthorisationScope; expiresOn: string }): Promise<AuthorisationView> {
    const today = this.today();
    const fields: FieldError[] = [];
    const id = parseIdNumber(input.idNumber);
    if (!id.ok) fields.push({ path: 'idNumber', message: id.problem });
    if (input.name.trim() === '') fields.push({ path: 'name', message: 'required' });
    if (input.scope !== 'apply' && input.scope !== 'apply_and_track') fields.push({ path: 'scope', message: "must be 'apply' or 'apply_and_track'" });
    const last = formatDay(addYears(toDay(today), MAX_YEARS));
    if (parseDate(input.expiresOn) === undefined) fields.push({ path: 'expiresOn', message: 'must be a real date written YYYY-MM-DD' });
    else if (input.expiresOn < today) fields.push({ path: 'expiresOn', message: `must not be in the past (today is ${today})` });
    else if (input.expiresOn > last) fields.push({ path: 'expiresOn', message: `at most one year ahead (${last})` });
    if (fields.length > 0 || !id.ok) throw invalidInput(fields);

    const actor = `employer:${e.accountId}`;
    // An account trying ID numbers and names in turn is stopped, and each try is audited.
    const probeKey = `authorise:${e.accountId}`;
    if ((await this.d.organisations.failedAttemptsSince(probeKey, new Date(this.d.now().getTime() - DAY_MS).toISOString())) >= NO_MATCH_LIMIT) {
      throw new AppError('TOO_MANY_ATTEMPTS', {
        'zh-CN': `今日身份证号码与姓名不一致已达 ${NO_MATCH_LIMIT} 次,请核对职工信息后明天再试`,
        en: `${NO_MATCH_LIMIT} registrations today matched no one; check the employees' details and try again tomorrow`,
      });
    }
    const person = await this.match(id.info.idNumber, input.name);
    if (!person) {
      await this.d.organisations.recordAttempt(probeKey, this.at(), false);
      await this.d.organisations.audit(this.at(), actor, 'authorisation.noMatch', `organisation:${e.organisationId}`, { idNumber: maskIdNumber(id.info.idNumber) });
      throw noMatch('idNumber', 'name');
    }
    const personId = person.id!;
    if ((await this.d.authorisations.usable(e.organisationId, today, personId)).length > 0) {
      throw new AppError('CONFLICT', {
        'zh-CN': '本单位已有此人有效的委托,无须重复登记;如需变更,请先由本人或窗口撤销原委托',
        en: 'your organisation already holds a live authorisation of this person; have it revoked first to change it',
      });
    }
    const at = this.at();
    const sms = person.phone
      ? {
          to: person.phone,
          text: `【杭州积分】${e.organisationName}登记了您委托其代为提出积分申请的书面委托(有效期至${input.expiresOn}),待窗口核验。如非您本人委托,请登录积分系统撤销或联系受理窗口。`,
          kind: 'authorisation.created',
        }
      : undefined;
    const rec = await this.d.authorisations.create(
      { organisationId: e.organisationId, personId, scope: input.scope, validFrom: today, expiresOn: input.expiresOn, createdBy: actor },
      at,
      (aid) => ({
        at,
        actor,
        action: 'authorisation.create',
        subject: `authorisation:${aid}`,
        detail: { organisationId: e.organisationId, personId, scope: input.scope, validFrom: today, expiresOn: input.expiresOn },
      }),
      sms,
    );
    return this.view(rec);
  }

  /**
   * Every authorisation of the employer, so it sees which were rejected, revoked or have expired; of
   * those no longer usable the person's name is masked too, as the employer no longer acts for them.
   */
  async forEmployer(e: EmployerIdentity): Promise<AuthorisationView[]> {
    const list = await this.views(await this.d.authorisations.byOrganisation(e.organisationId));
    return list.map((a) => (a.usable ? a : { ...a, person: { ...a.person, name: maskName(a.person.name) } }));
  }

  /** The people the employer may act for today, each with the authorisation that allows it. */
  async people(e: EmployerIdentity): Promise<Array<{ personId: number; name: string; idNumber: string; authorisationId: number; scope: AuthorisationScope; status: AuthorisationStatus; expiresOn: string }>> {
    const list = await this.views(await this.d.authorisations.usable(e.organisationId, this.today()));
    return list.map((a) => ({ personId: a.personId, name: a.person.name, idNumber: a.person.idNumber, authorisationId: a.id, scope: a.scope, status: a.status, expiresOn: a.expiresOn }));
  }

  /** The employer's authorisation, usable today, or 404 (another organisation's is not told apart). */
  private async usableOf(e: EmployerIdentity, authorisationId: number): Promise<AuthorisationRecord> {
    const a = await this.d.authorisations.byId(authorisationId);
    if (!a || a.organisationId !== e.organisationId || !this.usableOn(a, this.today())) throw noAuthorisation();
    return a;
  }

  /** A draft filed online by the employer under one of its live authorisations. */
  async fileForEmployer(e: EmployerIdentity, agentIdNumber: string, input: { authorisationId: number; intendedUse: IntendedUse; child?: Child | null }): Promise<ApplicationRecord> {
    const a = await this.usableOf(e, input.authorisationId);
    return this.d.applications.createDraft(this.employerWho(e), {
      personId: a.personId,
      channel: 'online',
      intendedUse: input.intendedUse,
      child: input.child ?? null,
      filedBy: 'employer',
      filedByRef: `org:${e.organisationId}`,
      agentIdNumber,
      authorisationId: a.id,
    });
  }

  employerWho(e: EmployerIdentity): Who {
    return { actor: 'agent', actorId: `employer:${e.accountId}` };
  }

  private visibleTo(a: ApplicationRecord, auth: AuthorisationRecord | undefined): boolean {
    return auth !== undefined && (auth.scope === 'apply_and_track' || APPLY_ONLY_STATES.includes(a.state));
  }

  /** The applications the employer may see: filed under one of its live authorisations, within the scope. */
  async employerApplications(e: EmployerIdentity): Promise<ApplicationRecord[]> {
    const live = new Map((await this.d.authorisations.usable(e.organisationId, this.today())).map((a) => [a.id, a]));
    const list = await this.d.applicationRecords.byAuthorisations([...live.keys()]);
    return list.filter((a) => this.visibleTo(a, live.get(a.authorisationId!)));
  }

  /** One application the employer may see, or 404. */
  async employerCase(e: EmployerIdentity, applicationId: number): Promise<ApplicationRecord> {
    const a = await this.d.applicationRecords.byId(applicationId);
    if (!a || a.authorisationId === null) throw noApplication();
    const auth = await this.d.authorisations.byId(a.authorisationId);
    const live = auth && auth.organisationId === e.organisationId && this.usableOn(auth, this.today()) ? auth : undefined;
    if (!this.visibleTo(a, live)) throw noApplication();
    return a;
  }

  // ——— The person who authorised ———

  async forPerson(personId: number): Promise<AuthorisationView[]> {
    return this.views(await this.d.authorisations.byPerson(personId));
  }

  /** The person withdraws an authorisation they gave (pending or verified). */
  async revokeByPerson(personId: number, id: number, reason: string | undefined): Promise<AuthorisationView> {
    const a = await this.d.authorisations.byId(id);
    if (!a || a.personId !== personId) throw noAuthorisation();
    return this.revoke(a, `person:${personId}`, reason?.trim() || null);
  }

  private revoke(a: AuthorisationRecord, actor: string, reason: string | null): Promise<AuthorisationView> {
    if (!USABLE.includes(a.status)) {
      throw new AppError('INVALID_TRANSITION', {
        'zh-CN': `委托当前为“${STATUS_NAMES[a.status].zh}”,不能撤销`,
        en: `the authorisation is ${STATUS_NAMES[a.status].en}; it cannot be revoked`,
      });
    }
    return this.change(a, USABLE, { status: 'revoked', revokedBy: actor, revokedAt: this.at(), revokeReason: reason }, actor, 'authorisation.revoke', reason ? { reason } : {});
  }

  // ——— Staff ———

  /** The authorisation, when this staff member may check it: clerks and district officers of the person's district. */
  private async forChecker(u: StaffIdentity, id: number): Promise<AuthorisationRecord> {
    if (u.role !== 'clerk' && u.role !== 'district') {
      throw new AppError('FORBIDDEN', { 'zh-CN': '只有受理窗口和区级工作人员可以核验或撤销委托', en: 'only clerks and district officers check or revoke authorisations' });
    }
    const a = await this.d.authorisations.byId(id);
    if (!a) throw noAuthorisation();
    const [p] = await this.d.people.byIds([a.personId]);
    if (p?.district !== u.district) throw new AppError('FORBIDDEN', { 'zh-CN': '此委托人不属于您所在的区', en: 'this person belongs to another district' });
    return a;
  }

  /** An authorisation for a staff member of the person's district (city and admin see every district). */
  async forStaff(u: StaffIdentity, id: number): Promise<AuthorisationView> {
    const a = await this.d.authorisations.byId(id);
    if (!a) throw noAuthorisation();
    if (u.role === 'clerk' || u.role === 'district') {
      const [p] = await this.d.people.byIds([a.personId]);
      if (p?.district !== u.district) throw new AppError('FORBIDDEN', { 'zh-CN': '此委托人不属于您所在的区', en: 'this person belongs to another district' });
    }
    return this.view(a);
  }

  /** A checking queue, district-scoped for clerks and district officers. */
  async queue(u: StaffIdentity, status: AuthorisationStatus): Promise<AuthorisationView[]> {
    const district = u.role === 'clerk' || u.role === 'district' ? u.district : null;
    return this.views(await this.d.authorisations.queue(status, district));
  }

  /** The clerk has seen the written authorisation and both ID documents: verified. */
  async verify(u: StaffIdentity, id: number): Promise<AuthorisationView> {
    const a = await this.forChecker(u, id);
    this.checkable(a);
    return this.change(a, ['pending'], { status: 'verified', checkedBy: `staff:${u.id}`, checkedAt: this.at(), checkReason: null }, `staff:${u.id}`, 'authorisation.verify', {});
  }

  async reject(u: StaffIdentity, id: number, reason: string): Promise<AuthorisationView> {
    const a = await this.forChecker(u, id);
    const why = reason.trim();
    if (why === '') throw invalidInput([{ path: 'reason', message: 'a rejection needs a reason' }]);
    this.checkable(a);
    return this.change(a, ['pending'], { status: 'rejected', checkedBy: `staff:${u.id}`, checkedAt: this.at(), checkReason: why }, `staff:${u.id}`, 'authorisation.reject', { reason: why });
  }

  async revokeByStaff(u: StaffIdentity, id: number, reason: string): Promise<AuthorisationView> {
    const a = await this.forChecker(u, id);
    const why = reason.trim();
    if (why === '') throw invalidInput([{ path: 'reason', message: 'a revocation by staff needs a reason' }]);
    return this.revoke(a, `staff:${u.id}`, why);
  }

  private checkable(a: AuthorisationRecord): void {
    if (a.status !== 'pending') {
      throw new AppError('INVALID_TRANSITION', {
        'zh-CN': `委托当前为“${STATUS_NAMES[a.status].zh}”,不在待核验状态`,
        en: `the authorisation is ${STATUS_NAMES[a.status].en}, not awaiting a check`,
      });
    }
    if (this.today() > a.expiresOn) {
      throw new AppError('INVALID_TRANSITION', { 'zh-CN': `委托已于 ${a.expiresOn} 到期,不能再核验`, en: `the authorisation expired on ${a.expiresOn}; it can no longer be checked` });
    }
  }

  // ——— Guardians and close relatives ———

  /**
   * A signed-in applicant files for a principal on record. 'minor' is checked here: the principal must
   * be under 16 today by the birth date in their ID number. 'elderly' and 'disabled' are declared, and
   * checked by the clerk against the relationship and disability evidence.
   */
  async fileAsGuardian(
    guardianId: number,
    input: { principalIdNumber: string; principalName: string; ground: GuardianGround; relationship: Relationship; intendedUse: IntendedUse; child?: Child | null },
  ): Promise<ApplicationRecord> {
    const idNumber = validIdNumber(input.principalIdNumber, 'principalIdNumber');
    const [guardian] = await this.d.people.byIds([guardianId]);
    if (guardian?.id === undefined) throw new AppError('UNAUTHENTICATED', { 'zh-CN': '请先登录', en: 'please sign in' });
    const principal = await this.match(idNumber, input.principalName);
    if (!principal) throw noMatch('principalIdNumber', 'principalName');
    if (principal.id === guardian.id) {
      throw invalidInput([{ path: 'principalIdNumber', message: 'this is you: apply for yourself instead' }]);
    }
    if (input.ground === 'minor') {
      const birth = parseIdNumber(principal.idNumber);
      const birthDate = birth.ok ? birth.info.birthDate : principal.birthDate;
      const age = fullYears(toDay(birthDate), toDay(this.today()));
      if (age >= MINOR_UNDER) {
        throw new AppError(
          'INVALID_INPUT',
          {
            'zh-CN': `被代办人 ${maskName(principal.name)} 已满十六周岁(${age} 周岁,按身份证号码所载出生日期),不能以未成年人名义由监护人代为申请`,
            en: `the principal is ${age}, not under 16 (by the birth date in the ID number): a guardian cannot file on the ground of a minor`,
          },
          [{ path: 'ground', message: `the principal is ${age}, not under ${MINOR_UNDER}` }],
        );
      }
    }
    return this.d.applications.createDraft(
      { actor: 'agent', actorId: `person:${guardian.id}` },
      {
        personId: principal.id!,
        channel: 'online',
        intendedUse: input.intendedUse,
        child: input.child ?? null,
        filedBy: 'guardian',
        filedByRef: `person:${guardian.id}`,
        agentIdNumber: guardian.idNumber,
        guardianGround: input.ground,
        relationship: input.relationship,
      },
    );
  }
}
