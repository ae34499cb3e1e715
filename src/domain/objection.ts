/**
 * The objection case (积分异议, issue 5) as an explicit state machine: its states, the actions that
 * move it, who may take each and whether a written reason is needed, in one table; plus the office
 * deadlines of the case and the "days remaining" flag of the daily check. Services check a move here,
 * then write the new state and its audit event in one transaction; this module does no I/O.
 *
 * Source: 2020 FAQ Q12 — within 7 working days of getting the points the applicant asks the district
 * floating-population office for verification; the district, with the departments concerned, completes
 * it within 15 working days; an applicant who disagrees may ask the city office for review within 7
 * working days. FAQ Q5: hand-written 暂住证 are counted through this channel. The deadlines the text
 * does not fix (a department's answer, the city's own decision) are our readings, listed in
 * docs/policy-interpretation.md#objections.
 */
import type { Actor } from './application.ts';
import type { WorkingCalendar } from './calendar.ts';

export type ObjectionState =
  | 'filed' // 待核查
  | 'verifying' // 核查中
  | 'upheld' // 异议成立(区级)
  | 'rejected' // 异议不成立(区级)
  | 'review_requested' // 已申请复核
  | 'review_upheld' // 复核成立
  | 'review_rejected' // 复核不成立
  | 'withdrawn'; // 已撤回

export type ObjectionAction =
  | 'file'
  | 'assign'
  | 'sendTask'
  | 'answerTask'
  | 'uphold'
  | 'reject'
  | 'requestReview'
  | 'assignReview'
  | 'reviewUphold'
  | 'reviewReject'
  | 'withdraw';

export type { Actor } from './application.ts';

interface Rule {
  /** `null` is "no case yet": filing creates it. */
  from: readonly (ObjectionState | null)[];
  /** `'same'`: the action records something and leaves the state as it is. */
  to: ObjectionState | 'same';
  by: readonly Actor[];
  /** The action needs a written reason (told to the applicant, or to the office). */
  reason: boolean;
}

const FILERS: readonly Actor[] = ['applicant', 'agent', 'clerk'];

/** The whole machine, in one table. */
export const OBJECTION_RULES: Readonly<Record<ObjectionAction, Rule>> = {
  file: { from: [null], to: 'filed', by: FILERS, reason: true },
  assign: { from: ['filed', 'verifying'], to: 'verifying', by: ['district'], reason: false },
  sendTask: { from: ['verifying'], to: 'same', by: ['district'], reason: false },
  answerTask: { from: ['verifying'], to: 'same', by: ['district'], reason: false },
  uphold: { from: ['verifying'], to: 'upheld', by: ['district'], reason: true },
  reject: { from: ['verifying'], to: 'rejected', by: ['district'], reason: true },
  requestReview: { from: ['upheld', 'rejected'], to: 'review_requested', by: FILERS, reason: true },
  assignReview: { from: ['review_requested'], to: 'same', by: ['city'], reason: false },
  reviewUphold: { from: ['review_requested'], to: 'review_upheld', by: ['city'], reason: true },
  reviewReject: { from: ['review_requested'], to: 'review_rejected', by: ['city'], reason: true },
  withdraw: { from: ['filed', 'verifying', 'review_requested'], to: 'withdrawn', by: FILERS, reason: false },
};

export const OBJECTION_STATES: readonly ObjectionState[] = ['filed', 'verifying', 'upheld', 'rejected', 'review_requested', 'review_upheld', 'review_rejected', 'withdrawn'];

export const OBJECTION_STATE_NAMES: Readonly<Record<ObjectionState, { zh: string; en: string }>> = {
  filed: { zh: '待核查', en: 'filed, awaiting verification' },
  verifying: { zh: '核查中', en: 'under verification' },
  upheld: { zh: '异议成立,已更正', en: 'upheld by the district' },
  rejected: { zh: '异议不成立', en: 'rejected by the district' },
  review_requested: { zh: '已申请市级复核', en: 'city review requested' },
  review_upheld: { zh: '复核成立,已更正', en: 'upheld on city review' },
  review_rejected: { zh: '复核不成立', en: 'rejected on city review' },
  withdrawn: { zh: '已撤回', en: 'withdrawn' },
};

/** States in which an office owes a decision, by whom: the district (15 working days) or the city. */
export const OFFICE_PHASE: Readonly<Partial<Record<ObjectionState, 'district' | 'city'>>> = {
  filed: 'district',
  verifying: 'district',
  review_requested: 'city',
};

export type ObjectionProblem = 'NOT_FROM_THIS_STATE' | 'NOT_THIS_ACTOR' | 'REASON_REQUIRED';

export class ObjectionTransitionError extends Error {
  constructor(
    readonly problem: ObjectionProblem,
    readonly action: ObjectionAction,
    readonly state: ObjectionState | null,
    message: string,
  ) {
    super(message);
    this.name = 'ObjectionTransitionError';
  }
}

export interface ObjectionEvent {
  action: ObjectionAction;
  from: ObjectionState | null;
  to: ObjectionState;
  actor: Actor;
  actorId: string;
  at: string;
  reason?: string;
}

/** Checks one move and returns what it records; throws an ObjectionTransitionError saying what is wrong. */
export function objectionTransition(
  state: ObjectionState | null,
  action: ObjectionAction,
  who: { actor: Actor; actorId: string },
  at: string,
  reason?: string,
): ObjectionEvent {
  const rule = OBJECTION_RULES[action];
  if (!rule.from.includes(state)) {
    const allowed = rule.from.map((s) => s ?? '(new)').join(', ');
    throw new ObjectionTransitionError('NOT_FROM_THIS_STATE', action, state, `"${action}" is not possible from "${state ?? '(new)'}" (only from ${allowed})`);
  }
  if (!rule.by.includes(who.actor)) {
    throw new ObjectionTransitionError('NOT_THIS_ACTOR', action, state, `"${action}" is for ${rule.by.join(', ')}, not ${who.actor}`);
  }
  const why = reason?.trim();
  if (rule.reason && !why) throw new ObjectionTransitionError('REASON_REQUIRED', action, state, `"${action}" needs a written reason`);
  // A 'same' rule never starts from null (only `file` does), so `state` is a state here.
  const to = rule.to === 'same' ? (state as ObjectionState) : rule.to;
  return { action, from: state, to, actor: who.actor, actorId: who.actorId, at, ...(why ? { reason: why } : {}) };
}

/** The actions open to an actor in a state, for the work queues and the buttons of a case page. */
export function availableObjectionActions(state: ObjectionState, actor: Actor): ObjectionAction[] {
  return (Object.keys(OBJECTION_RULES) as ObjectionAction[]).filter((a) => {
    const r = OBJECTION_RULES[a];
    return r.from.includes(state) && r.by.includes(actor);
  });
}

/** States no action leaves. */
export function isObjectionFinal(state: ObjectionState): boolean {
  return Object.values<Rule>(OBJECTION_RULES).every((r) => !r.from.includes(state));
}

// --- office deadlines the text does not fix ----------------------------------------------------------

/**
 * Our readings (docs/policy-interpretation.md#objections): a department asked by the district answers
 * within 5 working days, leaving the district two thirds of its 15 to weigh the answers; the city
 * decides a review within 15 working days, like the district, since Q12 gives it no term of its own.
 */
export const OFFICE_DEADLINES = {
  departmentAnswer: { workingDays: 5, source: 'reading: docs/policy-interpretation.md#objections' },
  cityReviewDecision: { workingDays: 15, source: 'reading: docs/policy-interpretation.md#objections' },
} as const;

// --- the daily check ---------------------------------------------------------------------------------

export type DeadlineFlag = 'on_time' | 'near' | 'overdue';

/** "Near" is three working days or fewer left (including a deadline that falls today). */
export const NEAR_WORKING_DAYS = 3;

/**
 * Working days left from `asOf` to `lastDay` on the official calendar: 0 when the deadline is today,
 * negative (working days past it) when it has been missed. A missed deadline stays negative until the
 * case is decided: nothing here closes a case.
 */
export function daysRemaining(cal: WorkingCalendar, asOf: string, lastDay: string): number {
  return asOf <= lastDay ? cal.workingDaysBetween(asOf, lastDay) : -cal.workingDaysBetween(lastDay, asOf);
}

export function deadlineFlag(remaining: number): DeadlineFlag {
  if (remaining < 0) return 'overdue';
  return remaining <= NEAR_WORKING_DAYS ? 'near' : 'on_time';
}

/** The dashboard's bands of working days remaining. */
export type RemainingBand = 'overdue' | 'today' | '1-3' | '4-7' | '8+';
export const REMAINING_BANDS: readonly RemainingBand[] = ['overdue', 'today', '1-3', '4-7', '8+'];

export function remainingBand(remaining: number): RemainingBand {
  if (remaining < 0) return 'overdue';
  if (remaining === 0) return 'today';
  if (remaining <= 3) return '1-3';
  return remaining <= 7 ? '4-7' : '8+';
}
