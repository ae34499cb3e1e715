/**
 * The use cases of a points application (积分申请, issue 4): a draft, its submission (after the
 * eligibility checks of 2020 FAQ Q1, Q3 and Q15), acceptance (which fixes the day results become
 * visible, 20 working days later: Q11), the review of declared indicators, return and supplement,
 * the determination (scored as of the acceptance day, pinned to the policy version and the digest of
 * the facts scored) and the publication of results that have come due.
 *
 * Every move is checked by `transition()` (src/domain/application.ts) and written by
 * `ApplicationRepository.applyTransition`, which stores the new state and appends its audit event in
 * one transaction under an optimistic lock (house style, practice 9).
 */
import { transition, TransitionError, STATE_NAMES, type ApplicationAction, type ApplicationState, type Actor } from '../domain/application.ts';
import type { WorkingCalendar } from '../domain/calendar.ts';
import { deadline } from '../domain/deadlines.ts';
import { parseIdNumber } from '../domain/id-number.ts';
import { permitState } from '../domain/permit.ts';
import type { PersonBundle } from '../domain/records.ts';
import { fullYears, parseDate, toDay } from '../rules/dates.ts';
import type { Facts, FieldError, IndicatorCode } from '../rules/index.ts';
import { factsSchema, policyInForce, PolicyLookupError } from '../rules/index.ts';
import {
  VersionConflictError,
  type ApplicationPatch,
  type ApplicationRecord,
  type ApplicationRepository,
  type Channel,
  type Child,
  type FiledByKind,
  type GuardianGround,
  type IndicatorReview,
  type IntendedUse,
} from '../storage/repositories/applications.ts';
import type { PeopleRepository } from '../storage/repositories/people.ts';
import type { NewDetermination } from '../storage/repositories/objections.ts';
import type { QueuedSms } from '../storage/repositories/sms.ts';
import { scoreRecords } from './determination.ts';
import { ClockedService } from './clock.ts';
import { AppError, invalidInput } from './errors.ts';

export type { ApplicationRecord, IndicatorReview } from '../storage/repositories/applications.ts';

/** Who acts: the machine's actor kind and the id written into the audit log (`staff:3`, `person:9`). */
export interface Who {
  actor: Actor;
  actorId: string;
}

export interface ApplicationDeps {
  applications: ApplicationRepository;
  people: PeopleRepository;
  /** The official working-day calendar, or a way to get the current one (CalendarService#calendar). */
  calendar: WorkingCalendar | (() => Promise<WorkingCalendar>);
  now: () => Date;
}

export interface DraftInput {
  personId: number;
  channel: Channel;
  intendedUse: IntendedUse;
  child?: Child | null;
  filedBy: FiledByKind;
  /** Who filed, e.g. the employer's name or credit code; default the actor's id. */
  filedByRef?: string;
  /** The agent's ID number: required when an employer or a guardian / close relative files (Q3). */
  agentIdNumber?: string | null;
  /** Why a guardian or close relative files: a minor under 16, or an elderly or disabled person who cannot come (Q3). */
  guardianGround?: GuardianGround | null;
  /** The employer's authorisation an online employer filing is made under (src/services/authorisations.ts). */
  authorisationId?: number | null;
  /** A guardian's or close relative's declared relationship to the applicant. */
  relationship?: string | null;
}

/**
 * The indicators whose facts the applicant declares (and offices check), with the facts-v1 field that
 * carries each. Residence, social insurance and age come from source systems, deductions from the
 * offices: none of these is the applicant's to declare, so none can be rejected here.
 */
export const DECLARED_INDICATORS: Readonly<Partial<Record<IndicatorCode, keyof Facts>>> = {
  education: 'education',
  qualification: 'qualification',
  housing: 'housing',
  honours: 'honours',
  boneMarrow: 'boneMarrowDonated',
  bloodDonation: 'bloodDonationMl',
  volunteering: 'volunteerHours',
  donation: 'donationYuan',
  incomeTax: 'incomeTax',
  patents: 'patents',
};

/** What an application may declare: exactly the facts-v1 fields of the declared indicators. */
export const declaredFactsSchema = factsSchema.pick({
  education: true,
  qualification: true,
  housing: true,
  honours: true,
  boneMarrowDonated: true,
  bloodDonationMl: true,
  volunteerHours: true,
  donationYuan: true,
  incomeTax: true,
  patents: true,
});

const CHANNELS: readonly Channel[] = ['online', 'window'];
const USES: readonly IntendedUse[] = ['settlement', 'school'];
const FILERS: readonly FiledByKind[] = ['self', 'employer', 'guardian', 'clerk'];
const GROUNDS: readonly GuardianGround[] = ['minor', 'elderly', 'disabled'];
/** States in which a person's application is still running: a second one is refused meanwhile. */
const OPEN: readonly ApplicationState[] = ['submitted', 'accepted', 'returned', 'determined'];

const AUTHORISATION_STATUS_ZH: Readonly<Record<string, string>> = { pending: '待核验', rejected: '核验未通过', revoked: '已撤销' };

/** Q3: guardians and close relatives may file for minors under sixteen (未满十六周岁). */
const MINOR_UNDER = 16;

const notFound = (): AppError => new AppError('NOT_FOUND', { 'zh-CN': '没有找到此积分申请', en: 'no such application' });

interface Refusal {
  path: string;
  zh: string;
  en: string;
}

function refused(problems: Refusal[]): AppError {
  return new AppError(
    'INVALID_INPUT',
    { 'zh-CN': `不能提交: ${problems.map((p) => p.zh).join(';')}`, en: `cannot submit: ${problems.map((p) => p.en).join('; ')}` },
    problems.map((p) => ({ path: p.path, message: p.en })),
  );
}

function conflict(id: number): AppError {
  return new AppError('CONFLICT', {
    'zh-CN': `积分申请 ${id} 已被他人修改,请刷新后重试`,
    en: `application ${id} was changed by someone else; reload it and try again`,
  });
}

function fromTransitionError(e: TransitionError): AppError {
  const state = STATE_NAMES[e.state];
  switch (e.problem) {
    case 'NOT_FROM_THIS_STATE':
      return new AppError('INVALID_TRANSITION', {
        'zh-CN': `积分申请当前状态为“${state.zh}”(${e.state}),不能执行 ${e.action}`,
        en: `the application is "${state.en}" (${e.state}); "${e.action}" is not possible from it`,
      });
    case 'NOT_THIS_ACTOR':
      return new AppError('FORBIDDEN', { 'zh-CN': `您无权执行 ${e.action}`, en: e.message });
    case 'REASON_REQUIRED':
      return new AppError('INVALID_INPUT', { 'zh-CN': '请填写理由(将告知申请人)', en: e.message }, [{ path: 'reason', message: 'required' }]);
  }
}

function validDate(s: unknown): s is string {
  return typeof s === 'string' && parseDate(s) !== undefined;
}

export class ApplicationService extends ClockedService {
  constructor(private readonly d: ApplicationDeps) {
    super(d);
  }

  async get(id: number): Promise<ApplicationRecord> {
    const a = await this.d.applications.byId(id);
    if (!a) throw notFound();
    return a;
  }

  byPerson(personId: number): Promise<ApplicationRecord[]> {
    return this.d.applications.byPerson(personId);
  }

  /** The applications a guardian or relative filed for others (`filed_by_ref` 'person:<id>'). */
  filedByGuardian(personId: number): Promise<ApplicationRecord[]> {
    return this.d.applications.byFiler('guardian', `person:${personId}`);
  }

  /** A work queue, oldest first; `district` confines it to people of one district. */
  queue(state: ApplicationState, district: string | null = null, limit = 100): Promise<ApplicationRecord[]> {
    return this.d.applications.queue({ state, district, limit });
  }

  reviews(id: number): Promise<IndicatorReview[]> {
    return this.d.applications.reviews(id);
  }

  private async person(id: number): Promise<PersonBundle> {
    const [b] = await this.d.people.byIds([id]);
    if (!b) throw new AppError('NOT_FOUND', { 'zh-CN': '没有找到此人', en: 'no such person' }, [{ path: 'personId', message: 'no such person' }]);
    return b;
  }

  /** A new application in `draft`. Only the shape is checked here; eligibility is checked at submission. */
  async createDraft(who: Who, input: DraftInput): Promise<ApplicationRecord> {
    if (who.actor !== 'applicant' && who.actor !== 'agent' && who.actor !== 'clerk') {
      throw new AppError('FORBIDDEN', { 'zh-CN': '只有申请人、代办人或窗口工作人员可以填写申请', en: 'only the applicant, an agent or a clerk may start an application' });
    }
    const fields: FieldError[] = [];
    if (!Number.isSafeInteger(input.personId) || input.personId <= 0) fields.push({ path: 'personId', message: 'must be a person id' });
    if (!CHANNELS.includes(input.channel)) fields.push({ path: 'channel', message: `must be one of ${CHANNELS.join(', ')}` });
    if (!USES.includes(input.intendedUse)) fields.push({ path: 'intendedUse', message: `must be one of ${USES.join(', ')}` });
    if (!FILERS.includes(input.filedBy)) fields.push({ path: 'filedBy', message: `must be one of ${FILERS.join(', ')}` });
    const ground = input.guardianGround ?? null;
    if (ground !== null && !GROUNDS.includes(ground)) fields.push({ path: 'guardianGround', message: `must be one of ${GROUNDS.join(', ')}` });
    const child = input.child ?? null;
    if (child !== null) {
      if (typeof child.name !== 'string' || child.name.trim() === '') fields.push({ path: 'child.name', message: 'required' });
      if (!validDate(child.birthDate)) fields.push({ path: 'child.birthDate', message: 'must be a real date written YYYY-MM-DD' });
    }
    if (fields.length > 0) throw invalidInput(fields);
    await this.person(input.personId);
    const at = this.at();
    const agent = input.agentIdNumber?.trim();
    return this.d.applications.create(
      {
        personId: input.personId,
        channel: input.channel,
        intendedUse: input.intendedUse,
        child: child === null ? null : { name: child.name.trim(), birthDate: child.birthDate },
        filedByKind: input.filedBy,
        filedByRef: input.filedByRef?.trim() || who.actorId,
        agentIdNumber: agent ? agent.toUpperCase() : null,
        guardianGround: ground,
        authorisationId: input.authorisationId ?? null,
        relationship: input.relationship?.trim() || null,
      },
      at,
      (id) => ({
        at,
        actor: who.actorId,
        action: 'application.create',
        subject: `application:${id}`,
        detail: { actor: who.actor, personId: input.personId, channel: input.channel, intendedUse: input.intendedUse, filedBy: input.filedBy },
      }),
    );
  }

  /**
   * The checks of a submission, eligibility first (Q1: a valid, endorsed 《浙江省居住证》 of the urban
   * area; Q15: a nine-year paper permit only at a window), then the filing (Q3) and the use.
   */
  private async refusals(a: ApplicationRecord, channel: Channel, today: string): Promise<Refusal[]> {
    const b = await this.person(a.personId);
    const out: Refusal[] = [];
    const current = b.permits
      .filter((p) => p.issuedOn <= today)
      .sort((x, y) => (x.issuedOn < y.issuedOn ? -1 : x.issuedOn > y.issuedOn ? 1 : 0))
      .at(-1);
    if (!current) {
      out.push({ path: 'permit', zh: '没有有效的《浙江省居住证》', en: 'there is no Zhejiang residence permit' });
    } else {
      const st = permitState(current, today);
      if (st.status === 'terminated') {
        out.push({ path: 'permit', zh: `居住证 ${current.permitNo} 已终止`, en: `residence permit ${current.permitNo} has been terminated` });
      } else if (st.status === 'suspended') {
        const since = st.suspensions.at(-1)?.from ?? today;
        out.push({
          path: 'permit',
          zh: `居住证 ${current.permitNo} 未按期签注,自 ${since} 起中止;请先办理签注`,
          en: `residence permit ${current.permitNo} is suspended since ${since}: its endorsement is overdue`,
        });
      }
      let urban: Record<string, string>;
      try {
        urban = policyInForce(today).urbanDistricts;
      } catch (e) {
        if (e instanceof PolicyLookupError) throw new AppError('NO_POLICY_IN_FORCE', { 'zh-CN': `${today} 没有施行中的积分办法`, en: e.message });
        throw e;
      }
      if (urban[current.district] === undefined) {
        out.push({
          path: 'permit.district',
          zh: `居住证签发地 ${current.district} 不在市区范围内`,
          en: `the permit was issued in ${current.district}, outside the urban districts`,
        });
      }
      if (current.kind === 'paper9' && channel === 'online') {
        out.push({
          path: 'channel',
          zh: '持九年期老版纸质居住证的,无法线上调取信息,请到线下窗口办理',
          en: 'a nine-year paper permit cannot be read online: apply at a service window',
        });
      }
    }
    if (a.filedByKind === 'employer' || a.filedByKind === 'guardian') {
      const who = a.filedByKind === 'employer' ? { zh: '用人单位代为申请', en: 'an employer filing' } : { zh: '监护人或近亲属代为申请', en: 'a guardian filing' };
      if (a.agentIdNumber === null) {
        out.push({ path: 'agentIdNumber', zh: `${who.zh}须提供代办人的有效身份证件号码`, en: `${who.en} must give the agent's ID number` });
      } else {
        const id = parseIdNumber(a.agentIdNumber);
        if (!id.ok) out.push({ path: 'agentIdNumber', zh: '代办人身份证号码校验不通过', en: `the agent's ID number is not valid (${id.problem})` });
        else if (id.info.idNumber === b.idNumber) out.push({ path: 'agentIdNumber', zh: '代办人不能是申请人本人', en: 'the agent cannot be the applicant' });
      }
    }
    if (a.filedByKind === 'guardian') {
      if (a.guardianGround === null) {
        out.push({
          path: 'guardianGround',
          zh: '监护人、近亲属只能为未满十六周岁的未成年人或行动不便的老年人、残疾人代为申请',
          en: 'a guardian may file only for a minor under 16 or an elderly or disabled person: say which',
        });
      } else if (a.guardianGround === 'minor' && fullYears(toDay(b.birthDate), toDay(today)) >= MINOR_UNDER) {
        out.push({ path: 'guardianGround', zh: '申请人已满十六周岁,不能以未成年人名义代为申请', en: 'the applicant is 16 or older, not a minor' });
      }
    }
    if (a.intendedUse === 'school') {
      if (a.child === null) out.push({ path: 'child', zh: '积分入学须填写子女姓名和出生日期', en: 'a school application needs the child (name and birth date)' });
      else if (a.child.birthDate > today) out.push({ path: 'child.birthDate', zh: '子女出生日期晚于今天', en: "the child's birth date is in the future" });
    }
    const open = (await this.d.applications.byPerson(a.personId)).find((o) => o.id !== a.id && OPEN.includes(o.state));
    if (open) {
      out.push({ path: 'personId', zh: `此人已有办理中的积分申请 (${open.id})`, en: `this person already has application ${open.id} in progress` });
    }
    return out;
  }

  /** Checks the move, then writes it with its audit event under the version the caller saw. */
  private async move(
    who: Who,
    a: ApplicationRecord,
    action: ApplicationAction,
    patch: (to: ApplicationState) => ApplicationPatch,
    o: { reason?: string; at?: string; detail?: Record<string, unknown>; sms?: QueuedSms | null; determination?: NewDetermination } = {},
  ): Promise<ApplicationRecord> {
    const at = o.at ?? this.at();
    let ev;
    try {
      ev = transition(a.state, action, who, at, o.reason);
    } catch (e) {
      if (e instanceof TransitionError) throw fromTransitionError(e);
      throw e;
    }
    try {
      return await this.d.applications.applyTransition(
        a.id,
        a.version,
        { ...patch(ev.to), state: ev.to },
        {
          at,
          actor: who.actorId,
          action: `application.${action}`,
          subject: `application:${a.id}`,
          detail: { actor: who.actor, from: ev.from, to: ev.to, ...(ev.reason !== undefined ? { reason: ev.reason } : {}), ...o.detail },
        },
        o.sms ?? undefined,
        o.determination,
      );
    } catch (e) {
      if (e instanceof VersionConflictError) throw conflict(a.id);
      throw e;
    }
  }

  /** Reads the application and, when the caller says which version it saw, refuses a stale one. */
  private async load(id: number, expectedVersion: number | undefined): Promise<ApplicationRecord> {
    const a = await this.get(id);
    if (expectedVersion !== undefined && expectedVersion !== a.version) throw conflict(id);
    return a;
  }

  /**
   * Submits a draft. `channel` may change how it is filed: a draft started online whose applicant
   * holds a paper permit is submitted at a window (Q15).
   */
  async submit(who: Who, id: number, o: { channel?: Channel; expectedVersion?: number } = {}): Promise<ApplicationRecord> {
    const a = await this.load(id, o.expectedVersion);
    if (o.channel !== undefined && !CHANNELS.includes(o.channel)) throw invalidInput([{ path: 'channel', message: `must be one of ${CHANNELS.join(', ')}` }]);
    // The state first: a refusal of eligibility means nothing for an application already submitted.
    transitionOrThrow(a.state, 'submit', who, this.at());
    const channel = o.channel ?? a.channel;
    const problems = await this.refusals(a, channel, this.today());
    if (problems.length > 0) throw refused(problems);
    return this.move(who, a, 'submit', () => ({ submittedAt: this.at(), channel }), { detail: { channel } });
  }

  async withdraw(who: Who, id: number, o: { expectedVersion?: number } = {}): Promise<ApplicationRecord> {
    const a = await this.load(id, o.expectedVersion);
    return this.move(who, a, 'withdraw', () => ({}));
  }

  /** Refuses a submitted application (不予受理), with the reason the applicant is told. */
  async refuse(who: Who, id: number, reason: string, o: { expectedVersion?: number } = {}): Promise<ApplicationRecord> {
    const a = await this.load(id, o.expectedVersion);
    return this.move(who, a, 'refuse', () => ({ refusedReason: reason.trim() }), { reason });
  }

  /**
   * Accepts a submitted application: accepted_on is today in China, and its results become visible 20
   * working days later (Q11) — provisional when the count runs through a year with no holiday notice.
   */
  async accept(who: Who, id: number, o: { expectedVersion?: number } = {}): Promise<ApplicationRecord> {
    const a = await this.load(id, o.expectedVersion);
    if (a.authorisationId !== null) {
      // Q3: an employer applies on the strength of a written authorisation, which the clerk checks first.
      const status = await this.d.applications.authorisationStatus(a.authorisationId);
      if (status !== 'verified') {
        throw new AppError('INVALID_TRANSITION', {
          'zh-CN': `此申请由用人单位代为提出,其书面委托(${a.authorisationId})尚未核验通过(当前:${AUTHORISATION_STATUS_ZH[status ?? ''] ?? status}),请先核验委托书再受理`,
          en: `this application was filed by an employer and its written authorisation ${a.authorisationId} is not verified (it is ${status}); check the authorisation before accepting`,
        });
      }
    }
    const acceptedOn = this.today();
    const visible = deadline(await this.calendar(), 'resultVisible', acceptedOn);
    return this.move(who, a, 'accept', () => ({ acceptedOn, resultVisibleOn: visible.lastDay, resultProvisional: visible.provisional }), {
      detail: { acceptedOn, resultVisibleOn: visible.lastDay, provisional: visible.provisional },
    });
  }

  /**
   * A reviewer's decision on one declared indicator, while the application is under review. A rejected
   * indicator scores 0 in the determination; the reason is required for a rejection (it is told to
   * the applicant). The last decision on an indicator stands.
   */
  async reviewIndicator(
    who: Who,
    id: number,
    r: { indicator: string; decision: 'accepted' | 'rejected'; reason?: string; expectedVersion?: number },
  ): Promise<ApplicationRecord> {
    const a = await this.load(id, r.expectedVersion);
    if (who.actor !== 'clerk' && who.actor !== 'district') {
      throw new AppError('FORBIDDEN', { 'zh-CN': '只有审核人员可以审核指标', en: 'only reviewers (clerk, district) review indicators' });
    }
    if (a.state !== 'accepted' && a.state !== 'returned') {
      const s = STATE_NAMES[a.state];
      throw new AppError('INVALID_TRANSITION', {
        'zh-CN': `积分申请当前状态为“${s.zh}”(${a.state}),不在审核中,不能审核指标`,
        en: `the application is "${s.en}" (${a.state}), not under review; indicators cannot be reviewed`,
      });
    }
    const fields: FieldError[] = [];
    const field = DECLARED_INDICATORS[r.indicator as IndicatorCode];
    if (field === undefined) fields.push({ path: 'indicator', message: `must be a declared indicator: ${Object.keys(DECLARED_INDICATORS).join(', ')}` });
    if (r.decision !== 'accepted' && r.decision !== 'rejected') fields.push({ path: 'decision', message: "must be 'accepted' or 'rejected'" });
    const reason = r.reason?.trim() ?? '';
    if (r.decision === 'rejected' && reason === '') fields.push({ path: 'reason', message: 'a rejection needs a reason' });
    if (fields.length > 0) throw invalidInput(fields);
    const b = await this.person(a.personId);
    if (b.declared[field as keyof typeof b.declared] === undefined) {
      throw invalidInput([{ path: 'indicator', message: `the applicant declared nothing for ${r.indicator}` }]);
    }
    const at = this.at();
    try {
      return await this.d.applications.reviewIndicator(
        a.id,
        a.version,
        { indicator: r.indicator, decision: r.decision, reason, decidedBy: who.actorId, decidedAt: at },
        {
          at,
          actor: who.actorId,
          action: 'application.reviewIndicator',
          subject: `application:${a.id}`,
          detail: { actor: who.actor, indicator: r.indicator, decision: r.decision, ...(reason ? { reason } : {}) },
        },
      );
    } catch (e) {
      if (e instanceof VersionConflictError) throw conflict(a.id);
      throw e;
    }
  }

  async returnForSupplement(who: Who, id: number, reason: string, o: { expectedVersion?: number } = {}): Promise<ApplicationRecord> {
    const a = await this.load(id, o.expectedVersion);
    return this.move(who, a, 'return', () => ({ returnReason: reason.trim() }), { reason });
  }

  /** The applicant has supplied what was asked for; the application is back under review. */
  async supplement(who: Who, id: number, o: { note?: string; expectedVersion?: number } = {}): Promise<ApplicationRecord> {
    const a = await this.load(id, o.expectedVersion);
    const note = o.note?.trim();
    return this.move(who, a, 'supplement', () => ({ returnReason: null }), { detail: note ? { note } : {} });
  }

  /**
   * Records what the applicant declares with this application (the indicators no source system
   * holds: education, qualification, housing, honours, donations, …), replacing an earlier
   * declaration as a whole. Online while the application is a draft or returned for more evidence;
   * at the window also while it waits or is under review. Checked against the facts contract, audited,
   * under the optimistic lock.
   */
  async declare(who: Who, id: number, declared: unknown, o: { expectedVersion?: number } = {}): Promise<ApplicationRecord> {
    const a = await this.load(id, o.expectedVersion);
    const staff = who.actor === 'clerk' || who.actor === 'district';
    const open: readonly ApplicationState[] = staff ? ['draft', 'submitted', 'accepted', 'returned'] : ['draft', 'returned'];
    if (!staff && who.actor !== 'applicant' && who.actor !== 'agent') {
      throw new AppError('FORBIDDEN', { 'zh-CN': '只有申请人、代办人或窗口工作人员可以申报指标', en: 'only the applicant, an agent or a clerk may declare indicators' });
    }
    if (!open.includes(a.state)) {
      throw new AppError('INVALID_TRANSITION', {
        'zh-CN': `积分申请当前状态为“${STATE_NAMES[a.state].zh}”,不能再修改申报的指标`,
        en: `the application is "${STATE_NAMES[a.state].en}"; its declared indicators can no longer be changed`,
      });
    }
    const parsed = declaredFactsSchema.safeParse(declared);
    if (!parsed.success) throw invalidInput(parsed.error.issues.map((i) => ({ path: ['declared', ...i.path.map(String)].join('.'), message: i.message })));
    const value = parsed.data as Record<string, unknown>;
    const at = this.at();
    try {
      return await this.d.applications.applyTransition(a.id, a.version, { declared: value }, {
        at,
        actor: who.actorId,
        action: 'application.declare',
        subject: `application:${a.id}`,
        detail: { actor: who.actor, indicators: Object.keys(value) },
      });
    } catch (e) {
      if (e instanceof VersionConflictError) throw conflict(a.id);
      throw e;
    }
  }

  /**
   * Determines the points: the facts assembled as of the acceptance day, without the declared
   * indicators reviewers rejected, scored under the version in force that day. The facts JSON, its
   * digest, the version and the scores are stored, so the result can be re-derived and checked later.
   */
  async determine(who: Who, id: number, o: { expectedVersion?: number } = {}): Promise<ApplicationRecord> {
    const a = await this.load(id, o.expectedVersion);
    transitionOrThrow(a.state, 'determine', who, this.at());
    if (a.acceptedOn === null) throw new Error(`application ${a.id} is ${a.state} but has no acceptance day`);
    const asOf = a.acceptedOn;
    const rejected = (await this.d.applications.reviews(a.id)).filter((r) => r.decision === 'rejected').map((r) => r.indicator);
    const excluded = rejected.flatMap((code) => DECLARED_INDICATORS[code as IndicatorCode] ?? []);
    const s = scoreRecords(await this.person(a.personId), asOf, excluded, a.declared);
    const at = this.at();
    const { factsJson, factsDigest, totalH, eligible, itemsH } = s;
    return this.move(who, a, 'determine', () => ({ determinedAt: at, policyVersion: s.policyVersion, factsJson, factsDigest, totalH, eligible, itemsH }), {
      at,
      detail: { asOf, policyVersion: s.policyVersion, factsDigest, totalH, eligible, rejected },
      // The first entry of the determination history (issue 5); the row keeps the current one.
      determination: { applicationId: a.id, ...s, determinedAt: at, determinedBy: who.actorId, reason: 'initial', objectionId: null, supersedesId: null },
    });
  }

  /**
   * Publishes every determined application whose results are visible by `today` (default today in
   * China) and returns them, for the SMS step. One that another instance publishes at the same time
   * is left to it.
   */
  async publishDue(
    today: string = this.today(),
    o: { who?: Who; message?: (a: ApplicationRecord) => Promise<QueuedSms | null> } = {},
  ): Promise<ApplicationRecord[]> {
    if (!validDate(today)) throw invalidInput([{ path: 'today', message: 'must be a real date written YYYY-MM-DD' }]);
    const who = o.who ?? { actor: 'system', actorId: 'system:publish' };
    const out: ApplicationRecord[] = [];
    for (const a of await this.d.applications.dueForPublication(today)) {
      const at = this.at();
      // The result SMS is queued in the publishing transaction: published ⇔ texted (once).
      const sms = o.message ? await o.message(a) : null;
      try {
        out.push(await this.move(who, a, 'publish', () => ({ publishedAt: at }), { at, detail: { resultVisibleOn: a.resultVisibleOn }, sms }));
      } catch (e) {
        if (e instanceof AppError && e.code === 'CONFLICT') continue;
        throw e;
      }
    }
    return out;
  }
}

/** Checks a move before any further work, as an AppError. */
function transitionOrThrow(state: ApplicationState, action: ApplicationAction, who: Who, at: string): void {
  try {
    transition(state, action, who, at);
  } catch (e) {
    if (e instanceof TransitionError) {
      // A missing reason is checked again when the move is made with its reason.
      if (e.problem === 'REASON_REQUIRED') return;
      throw fromTransitionError(e);
    }
    throw e;
  }
}
