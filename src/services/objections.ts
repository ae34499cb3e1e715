/**
 * The use cases of an objection (积分异议, issue 5; 2020 FAQ Q12): filing within 7 working days of the
 * published result (with a valid permit), the district's verification within 15 working days — tasks
 * to the departments concerned, their answers, the outcome — and the city's review, requested within 7
 * working days of the district's result. An upheld objection re-determines the points from the stored
 * records (including residence periods a clerk entered from a hand-written 暂住证, FAQ Q5) under the
 * policy in force on the acceptance day, as a new determination linked to the one it supersedes.
 *
 * Every move is checked by `objectionTransition()` (src/domain/objection.ts) and written by
 * `ObjectionRepository.step`: the case at the version the caller read, its audit event and its SMS in
 * one transaction. Deadlines are counted on the official calendar and stored with each step; the daily
 * check flags cases near or past them and never closes one.
 */
import type { WorkingCalendar } from '../domain/calendar.ts';
import { deadline, timeliness } from '../domain/deadlines.ts';
import { maskIdNumber, maskPhone } from '../domain/id-number.ts';
import { permitState } from '../domain/permit.ts';
import {
  daysRemaining,
  deadlineFlag,
  OBJECTION_STATE_NAMES,
  OBJECTION_STATES,
  OFFICE_DEADLINES,
  OFFICE_PHASE,
  objectionTransition,
  ObjectionTransitionError,
  remainingBand,
  REMAINING_BANDS,
  type DeadlineFlag,
  type ObjectionAction,
  type ObjectionState,
  type RemainingBand,
} from '../domain/objection.ts';
import type { PersonBundle, PermitRecord } from '../domain/records.ts';
import { chineseDate, englishDate, parseDate } from '../rules/dates.ts';
import { formatPoints } from '../rules/points.ts';
import { INDICATOR_ORDER, todayInChina, type FieldError, type IndicatorCode } from '../rules/index.ts';
import type { ApplicationRecord, ApplicationRepository, Channel } from '../storage/repositories/applications.ts';
import {
  DEPARTMENTS,
  DuplicateObjectionError,
  ObjectionConflictError,
  type Department,
  type DeterminationReason,
  type DeterminationRecord,
  type EvidencePeriod,
  type EvidenceSource,
  type ObjectionPatch,
  type ObjectionRecord,
  type ObjectionRepository,
  type ObjectionTask,
  type OpenObjection,
  type StepExtras,
} from '../storage/repositories/objections.ts';
import type { PeopleRepository } from '../storage/repositories/people.ts';
import type { QueuedSms } from '../storage/repositories/sms.ts';
import type { StaffRepository } from '../storage/repositories/staff.ts';
import type { Who } from './applications.ts';
import { DECLARED_INDICATORS } from './applications.ts';
import { scoreRecords } from './determination.ts';
import { ClockedService } from './clock.ts';
import { AppError, invalidInput } from './errors.ts';

export type { DeterminationRecord, EvidencePeriod, ObjectionRecord, ObjectionTask } from '../storage/repositories/objections.ts';

export interface ObjectionDeps {
  objections: ObjectionRepository;
  applications: ApplicationRepository;
  people: PeopleRepository;
  staff: StaffRepository;
  /** The official working-day calendar, or a way to get the current one (CalendarService#calendar). */
  calendar: WorkingCalendar | (() => Promise<WorkingCalendar>);
  now: () => Date;
}

export interface ObjectionCase {
  objection: ObjectionRecord;
  tasks: ObjectionTask[];
  /** The application's determinations, oldest first; the last is the current one. */
  determinations: DeterminationRecord[];
}

/** One open case in the daily check. */
export interface DeadlineItem {
  objectionId: number;
  applicationId: number;
  district: string | null;
  state: ObjectionState;
  phase: 'district' | 'city';
  filedOn: string;
  deadline: string;
  provisional: boolean;
  /** Working days from the check's day to the deadline; negative when it has passed. */
  daysRemaining: number;
  flag: DeadlineFlag;
  assignedTo: number | null;
  /** Department tasks past their own due day without an answer. */
  overdueTasks: number;
}

export interface FlagReport {
  asOf: string;
  items: DeadlineItem[];
  counts: Record<DeadlineFlag, number>;
  /** Cases whose stored flag changed in this run (each change is audited). */
  changed: number;
}

export interface Dashboard {
  asOf: string;
  scope: string | null;
  bands: Record<RemainingBand, number>;
  /** Open cases, oldest (earliest deadline, then earliest filed) first. */
  items: DeadlineItem[];
  officers: Array<{ staffId: number | null; name: string | null; open: number; near: number; overdue: number }>;
}

/** One event of a case history (`GET /staff/applications/:id/history`). */
export interface HistoryEvent {
  id: number;
  at: string;
  actor: string;
  /** Who that is, in words: a staff member's display name, 申请人本人, 代理人, 用人单位, 系统. */
  actorName: { 'zh-CN': string; en: string };
  action: string;
  subject: string;
  detail: Record<string, unknown>;
}

export interface LastDays {
  objection: { lastDay: string; provisional: boolean } | null;
  reviews: Array<{ objectionId: number; lastDay: string; provisional: boolean }>;
}

/** Keys of audit details that carry personal data or message texts: never shown in a history. */
const PERSONAL_KEYS = /^(name|idNumber|agentIdNumber|phone|to_phone|text|child|childName|filedByRef|note|answer|question)$/i;

/** An audit detail without personal data: personal keys left out, ID-number- or phone-shaped strings masked. */
function scrub(detail: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(detail)) {
    if (PERSONAL_KEYS.test(k)) continue;
    if (typeof v === 'string') out[k] = v.replace(/\b\d{17}[\dXx]\b/g, (id) => maskIdNumber(id)).replace(/\b1\d{10}\b/g, (ph) => maskPhone(ph));
    else if (typeof v === 'object' && v !== null && !Array.isArray(v)) out[k] = scrub(v as Record<string, unknown>);
    else out[k] = v;
  }
  return out;
}

const INDICATORS: readonly IndicatorCode[] = INDICATOR_ORDER;
const SOURCES: readonly EvidenceSource[] = ['handwritten_permit', 'other_proof'];

const notFound = (): AppError => new AppError('NOT_FOUND', { 'zh-CN': '没有找到此异议', en: 'no such objection' });

function conflict(id: number): AppError {
  return new AppError('CONFLICT', {
    'zh-CN': `异议 ${id} 已被他人修改,请刷新后重试`,
    en: `objection ${id} was changed by someone else; reload it and try again`,
  });
}

function fromTransitionError(e: ObjectionTransitionError): AppError {
  const state = e.state === null ? { zh: '尚未提出', en: 'not filed' } : OBJECTION_STATE_NAMES[e.state];
  switch (e.problem) {
    case 'NOT_FROM_THIS_STATE':
      return new AppError('INVALID_TRANSITION', {
        'zh-CN': `异议当前状态为“${state.zh}”(${e.state ?? 'new'}),不能执行 ${e.action}`,
        en: `the objection is "${state.en}" (${e.state ?? 'new'}); "${e.action}" is not possible from it`,
      });
    case 'NOT_THIS_ACTOR':
      return new AppError('FORBIDDEN', { 'zh-CN': `您无权执行 ${e.action}`, en: e.message });
    case 'REASON_REQUIRED':
      return new AppError('INVALID_INPUT', { 'zh-CN': '请填写理由', en: e.message }, [{ path: 'reason', message: 'required' }]);
  }
}

function check(state: ObjectionState | null, action: ObjectionAction, who: Who, at: string, reason?: string): ObjectionState {
  try {
    return objectionTransition(state, action, who, at, reason).to;
  } catch (e) {
    if (e instanceof ObjectionTransitionError) throw fromTransitionError(e);
    throw e;
  }
}

/** The permit a person holds on `day`: the latest issued on or before it. */
function permitOn(permits: readonly PermitRecord[], day: string): PermitRecord | undefined {
  return permits.filter((p) => p.issuedOn <= day).reduce<PermitRecord | undefined>((a, p) => (a === undefined || p.issuedOn >= a.issuedOn ? p : a), undefined);
}

/** The refusal of a step taken after its last day, naming that day (2020 FAQ Q12). */
function tooLate(kind: 'objection' | 'review', lastDay: string, workingDays: number): AppError {
  const after = kind === 'objection' ? { zh: '公布后', en: 'after publication' } : { zh: '区级核查结果出具后', en: "after the district's result" };
  const what = kind === 'objection' ? { zh: '异议申请期限已过', en: 'the time to object has passed' } : { zh: '复核申请期限已过', en: 'the time to ask for city review has passed' };
  return new AppError(
    'INVALID_INPUT',
    {
      'zh-CN': `${what.zh}:最后一天是 ${chineseDate(lastDay)}(${after.zh}第 ${workingDays} 个工作日)`,
      en: `${what.en}: the last day was ${englishDate(lastDay)} (the ${workingDays}th working day ${after.en})`,
    },
    [{ path: 'filedOn', message: `after the last day, ${lastDay}` }],
  );
}

const points = (h: number | null): string => formatPoints(h ?? 0);
const provisionalMark = (p: boolean): string => (p ? '(暂定)' : '');

export class ObjectionService extends ClockedService {
  constructor(private readonly d: ObjectionDeps) {
    super(d);
  }

  async get(id: number): Promise<ObjectionRecord> {
    const o = await this.d.objections.byId(id);
    if (!o) throw notFound();
    return o;
  }

  /** The case with its tasks and the application's determination history. */
  async case(id: number): Promise<ObjectionCase> {
    const objection = await this.get(id);
    const [tasks, determinations] = await Promise.all([this.d.objections.tasks(id), this.d.objections.determinations(objection.applicationId)]);
    return { objection, tasks, determinations };
  }

  byApplication(applicationId: number): Promise<ObjectionRecord[]> {
    return this.d.objections.byApplication(applicationId);
  }

  determinations(applicationId: number): Promise<DeterminationRecord[]> {
    return this.d.objections.determinations(applicationId);
  }

  /**
   * The case history of an application for staff: its audit events and those of its objections,
   * oldest first, each detail without personal data (names, ID numbers, phones, message texts are
   * left out; anything shaped like an ID number or phone is masked).
   */
  async history(applicationId: number): Promise<HistoryEvent[]> {
    const a = await this.application(applicationId);
    const events = await this.d.objections.history(applicationId);
    const staffNames = new Map<string, string>();
    for (const id of new Set(events.flatMap((e) => (/^staff:\d+$/.test(e.actor) ? [Number(e.actor.slice(6))] : [])))) {
      const u = await this.d.staff.byId(id);
      if (u) staffNames.set(`staff:${id}`, u.displayName);
    }
    const nameOf = (actor: string): HistoryEvent['actorName'] => {
      const staff = staffNames.get(actor);
      if (staff !== undefined) return { 'zh-CN': staff, en: staff };
      if (actor === `person:${a.personId}`) return { 'zh-CN': '申请人本人', en: 'the applicant' };
      if (actor.startsWith('person:')) return { 'zh-CN': '代理人(监护人或近亲属)', en: 'an agent (guardian or relative)' };
      if (actor.startsWith('employer:')) return { 'zh-CN': '用人单位', en: 'the employer' };
      if (actor.startsWith('system:') || actor === 'system') return { 'zh-CN': '系统', en: 'the system' };
      if (actor.startsWith('staff:')) return { 'zh-CN': '工作人员', en: 'a staff member' };
      return { 'zh-CN': actor, en: actor };
    };
    return events.map((e) => ({ id: e.id, at: e.at, actor: e.actor, actorName: nameOf(e.actor), action: e.action, subject: e.subject, detail: scrub(e.detail) }));
  }

  /**
   * The last days the applicant may still act on a result: to object (7 working days after the
   * publication day) and, for each decided objection, to ask for city review (7 after the decision).
   */
  async lastDays(a: ApplicationRecord, objections: readonly ObjectionRecord[]): Promise<LastDays> {
    const cal = await this.calendar();
    const filing = a.publishedAt === null ? null : deadline(cal, 'objection', todayInChina(new Date(a.publishedAt)));
    return {
      objection: filing === null ? null : { lastDay: filing.lastDay, provisional: filing.provisional },
      reviews: objections
        .filter((o) => o.decidedOn !== null)
        .map((o) => {
          const d = deadline(cal, 'cityReviewRequest', o.decidedOn!);
          return { objectionId: o.id, lastDay: d.lastDay, provisional: d.provisional };
        }),
    };
  }

  /** A work queue, oldest first; `district` confines it to people of one district. Default: the open cases. */
  list(state: ObjectionState | null, district: string | null, limit = 200): Promise<OpenObjection[]> {
    if (state !== null && !OBJECTION_STATES.includes(state)) throw invalidInput([{ path: 'state', message: `must be one of ${OBJECTION_STATES.join(', ')}` }]);
    return this.d.objections.list({ ...(state !== null ? { states: [state] } : {}), district, limit });
  }

  private async application(id: number): Promise<ApplicationRecord> {
    const a = await this.d.applications.byId(id);
    if (!a) throw new AppError('NOT_FOUND', { 'zh-CN': '没有找到此积分申请', en: 'no such application' }, [{ path: 'applicationId', message: 'no such application' }]);
    return a;
  }

  private async person(id: number): Promise<PersonBundle> {
    const [b] = await this.d.people.byIds([id]);
    if (!b) throw new AppError('NOT_FOUND', { 'zh-CN': '没有找到此人', en: 'no such person' }, [{ path: 'personId', message: 'no such person' }]);
    return b;
  }

  private async load(id: number, expectedVersion: number | undefined): Promise<ObjectionRecord> {
    const o = await this.get(id);
    if (expectedVersion !== undefined && expectedVersion !== o.version) throw conflict(id);
    return o;
  }

  /** Checks the move, then writes it with its audit event (and what it adds) under the version read. */
  private async move(
    who: Who,
    o: ObjectionRecord,
    action: ObjectionAction,
    patch: ObjectionPatch,
    x: { reason?: string; detail?: Record<string, unknown>; extras?: StepExtras } = {},
  ): Promise<ObjectionRecord> {
    const at = this.at();
    const to = check(o.state, action, who, at, x.reason);
    const reason = x.reason?.trim();
    try {
      return await this.d.objections.step(
        o.id,
        o.version,
        { ...patch, state: to },
        {
          at,
          actor: who.actorId,
          action: `objection.${action}`,
          subject: `objection:${o.id}`,
          detail: { actor: who.actor, from: o.state, to, ...(reason ? { reason } : {}), ...x.detail },
        },
        x.extras,
      );
    } catch (e) {
      if (e instanceof ObjectionConflictError) throw conflict(o.id);
      throw e;
    }
  }

  /**
   * Files an objection to a published result (Q12): within 7 working days of its publication, with a
   * valid permit on the filing day, naming the contested indicators and why. The district's deadline
   * (15 working days) is stored with the case. Callers check that `who` may act for the person.
   */
  async file(who: Who, applicationId: number, input: { indicators: readonly string[]; reason: string }, channel: Channel): Promise<ObjectionRecord> {
    const at = this.at();
    check(null, 'file', who, at, input.reason);
    const fields: FieldError[] = [];
    if (!Array.isArray(input.indicators) || input.indicators.length === 0) fields.push({ path: 'indicators', message: 'name at least one contested indicator' });
    else {
      input.indicators.forEach((code, i) => {
        if (!INDICATORS.includes(code as IndicatorCode)) fields.push({ path: `indicators.${i}`, message: `must be one of ${INDICATORS.join(', ')}` });
      });
    }
    if (channel !== 'online' && channel !== 'window') fields.push({ path: 'channel', message: "must be 'online' or 'window'" });
    if (fields.length > 0) throw invalidInput(fields);
    const a = await this.application(applicationId);
    if (a.state !== 'published' || a.publishedAt === null) {
      throw new AppError('INVALID_TRANSITION', {
        'zh-CN': '积分结果公布后才能提出异议',
        en: 'an objection can be filed only against a published result',
      });
    }
    const today = this.today();
    const b = await this.person(a.personId);
    const permit = permitOn(b.permits, today);
    const status = permit ? permitState(permit, today).status : 'notIssued';
    if (!permit || status !== 'valid') {
      throw new AppError(
        'INVALID_INPUT',
        {
          'zh-CN': !permit
            ? '申请核查须持有效的《浙江省居住证》'
            : status === 'suspended'
              ? `居住证 ${permit.permitNo} 未按期签注,已中止;请先办理签注后再申请核查`
              : `居住证 ${permit.permitNo} 已终止,不能申请核查`,
          en: !permit
            ? 'filing an objection needs a valid Zhejiang residence permit'
            : status === 'suspended'
              ? `residence permit ${permit.permitNo} is suspended (endorsement overdue); endorse it first`
              : `residence permit ${permit.permitNo} has been terminated`,
        },
        [{ path: 'permit', message: permit ? status : 'none' }],
      );
    }
    // The 7 working days run from the day the result was published (the day of its SMS).
    const publishedOn = todayInChina(new Date(a.publishedAt));
    const cal = await this.calendar();
    const t = timeliness(cal, 'objection', publishedOn, today);
    if (!t.onTime) throw tooLate('objection', t.deadline.lastDay, cal.workingDaysBetween(publishedOn, t.deadline.lastDay));
    const due = deadline(cal, 'districtVerification', today);
    const indicators = [...new Set(input.indicators)];
    try {
      return await this.d.objections.create(
        {
          applicationId: a.id,
          personId: a.personId,
          filedBy: who.actorId,
          filedByKind: who.actor,
          channel,
          indicators,
          reason: input.reason.trim(),
          publishedOn,
          filedOn: today,
          districtDeadline: due.lastDay,
          districtDeadlineProvisional: due.provisional,
        },
        at,
        (id) => ({
          at,
          actor: who.actorId,
          action: 'objection.file',
          subject: `objection:${id}`,
          detail: {
            actor: who.actor,
            from: null,
            to: 'filed',
            applicationId: a.id,
            channel,
            indicators,
            publishedOn,
            filedOn: today,
            workingDay: t.workingDay,
            districtDeadline: due.lastDay,
            provisional: due.provisional,
          },
        }),
      );
    } catch (e) {
      if (e instanceof DuplicateObjectionError) {
        throw new AppError('CONFLICT', {
          'zh-CN': `此积分结果已有异议 (${e.existingId});对核查结果不服的,请申请市级复核`,
          en: `this result already has objection ${e.existingId}; ask for city review of its outcome instead`,
        });
      }
      throw e;
    }
  }

  /**
   * Puts the case with an officer: a district officer of the person's district while the district
   * verifies (the first assignment starts the verification), a city officer for a review.
   */
  async assign(who: Who, id: number, staffId: number, o: { expectedVersion?: number } = {}): Promise<ObjectionRecord> {
    const obj = await this.load(id, o.expectedVersion);
    const review = obj.state === 'review_requested';
    const action: ObjectionAction = review ? 'assignReview' : 'assign';
    check(obj.state, action, who, this.at());
    const officer = await this.d.staff.byId(staffId);
    const person = await this.person(obj.personId);
    const fits = officer !== undefined && !officer.disabled && (review ? officer.role === 'city' : officer.role === 'district' && officer.district === person.district);
    if (!fits) {
      throw invalidInput([{ path: 'staffId', message: review ? 'must be an active city officer' : "must be an active district officer of the person's district" }]);
    }
    return this.move(who, obj, action, { assignedTo: staffId }, { detail: { assignedTo: staffId, previous: obj.assignedTo } });
  }

  /** Asks a department (police for residence, social insurance, housing, …) a question, due in 5 working days. */
  async sendTask(who: Who, id: number, t: { department: Department; question: string; expectedVersion?: number }): Promise<ObjectionCase> {
    const obj = await this.load(id, t.expectedVersion);
    check(obj.state, 'sendTask', who, this.at());
    const fields: FieldError[] = [];
    if (!DEPARTMENTS.includes(t.department)) fields.push({ path: 'department', message: `must be one of ${DEPARTMENTS.join(', ')}` });
    const question = t.question.trim();
    if (question === '') fields.push({ path: 'question', message: 'required' });
    if (fields.length > 0) throw invalidInput(fields);
    const today = this.today();
    const due = (await this.calendar()).addWorkingDays(today, OFFICE_DEADLINES.departmentAnswer.workingDays);
    await this.move(who, obj, 'sendTask', {}, {
      detail: { department: t.department, dueOn: due.date },
      extras: { task: { department: t.department, question, sentOn: today, sentBy: who.actorId, dueOn: due.date } },
    });
    return this.case(id);
  }

  /** Records a department's answer to a task (the officer keys it in from the department's reply). */
  async answerTask(who: Who, id: number, taskId: number, r: { answer: string; expectedVersion?: number }): Promise<ObjectionCase> {
    const obj = await this.load(id, r.expectedVersion);
    check(obj.state, 'answerTask', who, this.at());
    const task = (await this.d.objections.tasks(id)).find((t) => t.id === taskId);
    if (!task) throw new AppError('NOT_FOUND', { 'zh-CN': '没有找到此核查任务', en: 'no such task on this objection' });
    const answer = r.answer.trim();
    if (answer === '') throw invalidInput([{ path: 'answer', message: 'required' }]);
    if (task.answer !== null) {
      throw new AppError('INVALID_TRANSITION', { 'zh-CN': `核查任务 ${taskId} 已有答复`, en: `task ${taskId} has already been answered` });
    }
    const today = this.today();
    await this.move(who, obj, 'answerTask', {}, {
      detail: { taskId, department: task.department, late: today > task.dueOn },
      extras: { answer: { taskId, answer, answeredOn: today, answeredBy: who.actorId } },
    });
    return this.case(id);
  }

  /**
   * The new determination of an upheld objection or review: the stored records assembled again as of
   * the acceptance day (with any periods a clerk entered since), without the declared facts reviewers
   * rejected — except those the objection contests, which the upheld objection restores — under the
   * version in force on the acceptance day, linked to the determination it supersedes.
   */
  private async redetermine(who: Who, obj: ObjectionRecord, reason: DeterminationReason, at: string): Promise<{ extras: StepExtras['redetermination']; a: ApplicationRecord; totalH: number }> {
    const a = await this.application(obj.applicationId);
    if (a.acceptedOn === null) throw new Error(`application ${a.id} is ${a.state} but has no acceptance day`);
    const rejected = (await this.d.applications.reviews(a.id)).filter((r) => r.decision === 'rejected' && !obj.indicators.includes(r.indicator)).map((r) => r.indicator);
    const excluded = rejected.flatMap((code) => DECLARED_INDICATORS[code as IndicatorCode] ?? []);
    const s = scoreRecords(await this.person(a.personId), a.acceptedOn, excluded, a.declared);
    const previous = (await this.d.objections.determinations(a.id)).at(-1);
    return {
      a,
      totalH: s.totalH,
      extras: {
        determination: { applicationId: a.id, ...s, determinedAt: at, determinedBy: who.actorId, reason, objectionId: obj.id, supersedesId: previous?.id ?? null },
        applicationVersion: a.version,
        audit: {
          at,
          actor: who.actorId,
          action: 'application.redetermine',
          subject: `application:${a.id}`,
          detail: {
            actor: who.actor,
            objectionId: obj.id,
            reason,
            asOf: a.acceptedOn,
            policyVersion: s.policyVersion,
            factsDigest: s.factsDigest,
            previousTotalH: a.totalH,
            totalH: s.totalH,
            supersedesId: previous?.id ?? null,
            rejected,
          },
        },
      },
    };
  }

  private async sms(personId: number, text: string, kind: string): Promise<QueuedSms | null> {
    const p = await this.person(personId);
    return p.phone ? { to: p.phone, text, kind } : null;
  }

  /** The district's outcome. Upheld: the points are re-determined. Either way the applicant is texted the result and the last day to ask for review. */
  private async districtDecision(who: Who, id: number, upheld: boolean, reason: string, expectedVersion: number | undefined): Promise<ObjectionRecord> {
    const obj = await this.load(id, expectedVersion);
    const action: ObjectionAction = upheld ? 'uphold' : 'reject';
    const at = this.at();
    check(obj.state, action, who, at, reason);
    const today = this.today();
    const review = deadline(await this.calendar(), 'cityReviewRequest', today);
    const a = await this.application(obj.applicationId);
    const rd = upheld ? await this.redetermine(who, obj, 'objection', at) : undefined;
    const total = rd ? rd.totalH : a.totalH;
    const outcome = upheld ? `异议成立,积分已更正为${points(total)}分(原${points(a.totalH)}分)` : `异议不成立,积分维持${points(total)}分`;
    const text = `【杭州积分】您的积分异议经区流动人口办核查,${outcome}。如对核查结果有异议,请于${review.lastDay}${provisionalMark(review.provisional)}前向市流动人口办申请复核。`;
    return this.move(
      who,
      obj,
      action,
      { decidedOn: today, decidedBy: who.actorId, decisionReason: reason.trim() },
      {
        reason,
        detail: { decidedOn: today, onTime: today <= obj.districtDeadline, totalH: total, reviewRequestLastDay: review.lastDay },
        extras: { ...(rd ? { redetermination: rd.extras } : {}), sms: await this.sms(obj.personId, text, `objection.${action}`) },
      },
    );
  }

  uphold(who: Who, id: number, reason: string, o: { expectedVersion?: number } = {}): Promise<ObjectionRecord> {
    return this.districtDecision(who, id, true, reason, o.expectedVersion);
  }

  reject(who: Who, id: number, reason: string, o: { expectedVersion?: number } = {}): Promise<ObjectionRecord> {
    return this.districtDecision(who, id, false, reason, o.expectedVersion);
  }

  /**
   * Asks the city office to review the district's result (Q12): within 7 working days of it. The
   * city's own decision deadline (15 working days, our reading) is stored with the case.
   */
  async requestReview(who: Who, id: number, reason: string, o: { expectedVersion?: number } = {}): Promise<ObjectionRecord> {
    const obj = await this.load(id, o.expectedVersion);
    check(obj.state, 'requestReview', who, this.at(), reason);
    if (obj.decidedOn === null) throw new Error(`objection ${obj.id} is ${obj.state} but has no decision day`);
    const today = this.today();
    const cal = await this.calendar();
    const t = timeliness(cal, 'cityReviewRequest', obj.decidedOn, today);
    if (!t.onTime) throw tooLate('review', t.deadline.lastDay, cal.workingDaysBetween(obj.decidedOn, t.deadline.lastDay));
    const due = cal.addWorkingDays(today, OFFICE_DEADLINES.cityReviewDecision.workingDays);
    return this.move(
      who,
      obj,
      'requestReview',
      { reviewRequestedOn: today, reviewReason: reason.trim(), reviewDeadline: due.date, reviewDeadlineProvisional: due.provisional, assignedTo: null },
      { reason, detail: { reviewRequestedOn: today, workingDay: t.workingDay, reviewDeadline: due.date, provisional: due.provisional } },
    );
  }

  /** The city's decision on a review: upheld re-determines the points (reason 'review'); the applicant is texted either way. */
  private async reviewDecision(who: Who, id: number, upheld: boolean, reason: string, expectedVersion: number | undefined): Promise<ObjectionRecord> {
    const obj = await this.load(id, expectedVersion);
    const action: ObjectionAction = upheld ? 'reviewUphold' : 'reviewReject';
    const at = this.at();
    check(obj.state, action, who, at, reason);
    const today = this.today();
    const a = await this.application(obj.applicationId);
    const rd = upheld ? await this.redetermine(who, obj, 'review', at) : undefined;
    const total = rd ? rd.totalH : a.totalH;
    const outcome = upheld ? `复核成立,积分已更正为${points(total)}分(原${points(a.totalH)}分)` : `复核不成立,积分维持${points(total)}分`;
    const text = `【杭州积分】您的积分复核申请经市流动人口办复核,${outcome}。`;
    return this.move(
      who,
      obj,
      action,
      { reviewDecidedOn: today, reviewDecidedBy: who.actorId, reviewDecisionReason: reason.trim() },
      {
        reason,
        detail: { reviewDecidedOn: today, onTime: obj.reviewDeadline === null || today <= obj.reviewDeadline, totalH: total },
        extras: { ...(rd ? { redetermination: rd.extras } : {}), sms: await this.sms(obj.personId, text, `objection.${action}`) },
      },
    );
  }

  reviewUphold(who: Who, id: number, reason: string, o: { expectedVersion?: number } = {}): Promise<ObjectionRecord> {
    return this.reviewDecision(who, id, true, reason, o.expectedVersion);
  }

  reviewReject(who: Who, id: number, reason: string, o: { expectedVersion?: number } = {}): Promise<ObjectionRecord> {
    return this.reviewDecision(who, id, false, reason, o.expectedVersion);
  }

  async withdraw(who: Who, id: number, o: { expectedVersion?: number } = {}): Promise<ObjectionRecord> {
    const obj = await this.load(id, o.expectedVersion);
    return this.move(who, obj, 'withdraw', {});
  }

  /**
   * A residence period a clerk or district officer checked on a hand-written 暂住证 or another accepted
   * proof (FAQ Q5): stored as a verified hand-written period, so the facts assembly counts it (its
   * trace says so) in every later scoring, with its source, note and the objection it was entered for.
   */
  async enterResidencePeriod(
    who: Who,
    personId: number,
    p: { from: string; to: string; source: EvidenceSource; note: string; objectionId?: number | null },
  ): Promise<EvidencePeriod> {
    if (who.actor !== 'clerk' && who.actor !== 'district') {
      throw new AppError('FORBIDDEN', { 'zh-CN': '只有窗口或区级工作人员可以录入居住证明', en: 'only clerks and district officers enter residence evidence' });
    }
    const today = this.today();
    const fields: FieldError[] = [];
    const from = parseDate(p.from);
    const to = parseDate(p.to);
    if (from === undefined) fields.push({ path: 'from', message: 'must be a real date written YYYY-MM-DD' });
    if (to === undefined) fields.push({ path: 'to', message: 'must be a real date written YYYY-MM-DD' });
    if (from !== undefined && to !== undefined && to < from) fields.push({ path: 'to', message: 'must not be before from' });
    if (to !== undefined && p.to > today) fields.push({ path: 'to', message: 'must not be in the future' });
    if (!SOURCES.includes(p.source)) fields.push({ path: 'source', message: `must be one of ${SOURCES.join(', ')}` });
    const note = p.note.trim();
    if (note === '') fields.push({ path: 'note', message: 'say what was checked (document, number, issuing office)' });
    if (fields.length > 0) throw invalidInput(fields);
    await this.person(personId);
    const objectionId = p.objectionId ?? null;
    if (objectionId !== null) {
      const obj = await this.get(objectionId);
      if (obj.personId !== personId) throw invalidInput([{ path: 'objectionId', message: 'is an objection of another person' }]);
    }
    const at = this.at();
    return this.d.objections.addEvidencePeriod(
      { personId, from: p.from, to: p.to, source: p.source, note, objectionId, enteredBy: who.actorId, enteredAt: at },
      (periodId) => ({
        at,
        actor: who.actorId,
        action: 'person.residenceEvidence',
        subject: `person:${personId}`,
        detail: { actor: who.actor, periodId, from: p.from, to: p.to, source: p.source, note, objectionId },
      }),
    );
  }

  evidencePeriods(personId: number): Promise<EvidencePeriod[]> {
    return this.d.objections.evidencePeriods(personId);
  }

  private async items(asOf: string, district: string | null): Promise<Array<{ item: DeadlineItem; o: OpenObjection }>> {
    if (parseDate(asOf) === undefined) throw invalidInput([{ path: 'asOf', message: 'must be a real date written YYYY-MM-DD' }]);
    const cal = await this.calendar();
    const open = await this.d.objections.list({ district, limit: 100_000 });
    const late = await this.d.objections.overdueTasks(asOf);
    const out: Array<{ item: DeadlineItem; o: OpenObjection }> = [];
    for (const o of open) {
      const phase = OFFICE_PHASE[o.state];
      if (phase === undefined) continue;
      const last = phase === 'district' ? o.districtDeadline : (o.reviewDeadline ?? o.districtDeadline);
      const provisional = phase === 'district' ? o.districtDeadlineProvisional : o.reviewDeadlineProvisional === true;
      const remaining = daysRemaining(cal, asOf, last);
      const overdueTasks = phase === 'district' ? (late.get(o.id) ?? 0) : 0;
      out.push({
        o,
        item: {
          objectionId: o.id,
          applicationId: o.applicationId,
          district: o.district,
          state: o.state,
          phase,
          filedOn: o.filedOn,
          deadline: last,
          provisional,
          daysRemaining: remaining,
          flag: deadlineFlag(remaining),
          assignedTo: o.assignedTo,
          overdueTasks,
        },
      });
    }
    out.sort((x, y) => (x.item.deadline < y.item.deadline ? -1 : x.item.deadline > y.item.deadline ? 1 : x.item.filedOn < y.item.filedOn ? -1 : x.item.filedOn > y.item.filedOn ? 1 : x.item.objectionId - y.item.objectionId));
    return out;
  }

  /**
   * The daily check: every open case's working days remaining as of `asOf` and its flag. A changed flag
   * is stored and audited (without touching the case's version, so no officer's step is refused for
   * it). A case past its deadline stays open and flagged 'overdue' until an officer decides it.
   */
  async flagDeadlines(asOf: string = this.today()): Promise<FlagReport> {
    const list = await this.items(asOf, null);
    const counts: Record<DeadlineFlag, number> = { on_time: 0, near: 0, overdue: 0 };
    let changed = 0;
    const at = this.at();
    for (const { item, o } of list) {
      counts[item.flag]++;
      if (o.deadlineFlag === item.flag) continue;
      await this.d.objections.setFlag(o.id, item.flag, asOf, {
        at,
        actor: 'system:deadlines',
        action: 'objection.flag',
        subject: `objection:${o.id}`,
        detail: { actor: 'system', from: o.deadlineFlag, to: item.flag, asOf, deadline: item.deadline, daysRemaining: item.daysRemaining, phase: item.phase },
      });
      changed++;
    }
    return { asOf, items: list.map((x) => x.item), counts, changed };
  }

  /** The district's (or, with `scope` null, the city's) dashboard: counts by working days remaining, the cases oldest first, each officer's open items. */
  async dashboard(scope: string | null, asOf: string = this.today()): Promise<Dashboard> {
    const items = (await this.items(asOf, scope)).map((x) => x.item);
    const bands = Object.fromEntries(REMAINING_BANDS.map((b) => [b, 0])) as Record<RemainingBand, number>;
    const byOfficer = new Map<number | null, { open: number; near: number; overdue: number }>();
    for (const i of items) {
      bands[remainingBand(i.daysRemaining)]++;
      const row = byOfficer.get(i.assignedTo) ?? { open: 0, near: 0, overdue: 0 };
      row.open++;
      if (i.flag === 'near') row.near++;
      if (i.flag === 'overdue') row.overdue++;
      byOfficer.set(i.assignedTo, row);
    }
    const officers: Dashboard['officers'] = [];
    for (const [staffId, row] of byOfficer) {
      const u = staffId === null ? undefined : await this.d.staff.byId(staffId);
      officers.push({ staffId, name: u?.displayName ?? null, ...row });
    }
    officers.sort((x, y) => y.overdue - x.overdue || y.open - x.open || (x.staffId ?? 0) - (y.staffId ?? 0));
    return { asOf, scope, bands, items, officers };
  }
}
