/**
 * The points application (积分申请) as an explicit state machine: its states, the actions that move it,
 * who may take each action, and the one function that checks a transition. Services apply a
 * transition, write the new state and append its audit event in one transaction (issue 4); this
 * module decides only whether the move is allowed and what it records.
 *
 * Source: 2020 FAQ Q1 (who may apply), Q3 (agents), Q10 (materials), Q11 (results 20 working days
 * after acceptance); digest §3 (department review, determination, SMS).
 */

export type ApplicationState =
  | 'draft' // 填写中
  | 'submitted' // 已提交,待受理
  | 'refused' // 不予受理
  | 'accepted' // 已受理,审核中
  | 'returned' // 退回补正
  | 'determined' // 已核定,待公布
  | 'published' // 结果可查询
  | 'withdrawn'; // 已撤回

export type ApplicationAction = 'submit' | 'withdraw' | 'accept' | 'refuse' | 'return' | 'supplement' | 'determine' | 'publish';

export type Actor = 'applicant' | 'agent' | 'clerk' | 'district' | 'city' | 'admin' | 'system';

interface Rule {
  from: readonly ApplicationState[];
  to: ApplicationState;
  by: readonly Actor[];
  /** The action needs a written reason (shown to the applicant). */
  reason: boolean;
}

/** The whole machine, in one table. */
export const APPLICATION_RULES: Readonly<Record<ApplicationAction, Rule>> = {
  submit: { from: ['draft'], to: 'submitted', by: ['applicant', 'agent', 'clerk'], reason: false },
  withdraw: { from: ['draft', 'submitted', 'returned'], to: 'withdrawn', by: ['applicant', 'agent', 'clerk'], reason: false },
  accept: { from: ['submitted'], to: 'accepted', by: ['clerk', 'district'], reason: false },
  refuse: { from: ['submitted'], to: 'refused', by: ['clerk', 'district'], reason: true },
  return: { from: ['accepted'], to: 'returned', by: ['district'], reason: true },
  supplement: { from: ['returned'], to: 'accepted', by: ['applicant', 'agent', 'clerk'], reason: false },
  determine: { from: ['accepted', 'returned'], to: 'determined', by: ['district'], reason: false },
  publish: { from: ['determined'], to: 'published', by: ['system', 'district', 'city'], reason: false },
};

export const STATE_NAMES: Readonly<Record<ApplicationState, { zh: string; en: string }>> = {
  draft: { zh: '填写中', en: 'draft' },
  submitted: { zh: '已提交,待受理', en: 'submitted, awaiting acceptance' },
  refused: { zh: '不予受理', en: 'refused' },
  accepted: { zh: '已受理,审核中', en: 'accepted, under review' },
  returned: { zh: '退回补正', en: 'returned for more evidence' },
  determined: { zh: '已核定,待公布', en: 'determined, awaiting publication' },
  published: { zh: '结果可查询', en: 'result published' },
  withdrawn: { zh: '已撤回', en: 'withdrawn' },
};

export type TransitionProblem = 'NOT_FROM_THIS_STATE' | 'NOT_THIS_ACTOR' | 'REASON_REQUIRED';

export class TransitionError extends Error {
  constructor(
    readonly problem: TransitionProblem,
    readonly action: ApplicationAction,
    readonly state: ApplicationState,
    message: string,
  ) {
    super(message);
    this.name = 'TransitionError';
  }
}

export interface TransitionEvent {
  action: ApplicationAction;
  from: ApplicationState;
  to: ApplicationState;
  actor: Actor;
  actorId: string;
  at: string;
  reason?: string;
}

/** Checks one move and returns what it records; throws a TransitionError saying what is wrong. */
export function transition(
  state: ApplicationState,
  action: ApplicationAction,
  who: { actor: Actor; actorId: string },
  at: string,
  reason?: string,
): TransitionEvent {
  const rule = APPLICATION_RULES[action];
  if (!rule.from.includes(state)) {
    throw new TransitionError(
      'NOT_FROM_THIS_STATE',
      action,
      state,
      `"${action}" is not possible from "${state}" (only from ${rule.from.join(', ')})`,
    );
  }
  if (!rule.by.includes(who.actor)) {
    throw new TransitionError('NOT_THIS_ACTOR', action, state, `"${action}" is for ${rule.by.join(', ')}, not ${who.actor}`);
  }
  const why = reason?.trim();
  if (rule.reason && !why) throw new TransitionError('REASON_REQUIRED', action, state, `"${action}" needs a reason for the applicant`);
  return { action, from: state, to: rule.to, actor: who.actor, actorId: who.actorId, at, ...(why ? { reason: why } : {}) };
}

/** The actions open to an actor in a state, for the work queues and the buttons of a case page. */
export function availableActions(state: ApplicationState, actor: Actor): ApplicationAction[] {
  return (Object.keys(APPLICATION_RULES) as ApplicationAction[]).filter((a) => {
    const r = APPLICATION_RULES[a];
    return r.from.includes(state) && r.by.includes(actor);
  });
}

/** States no action leaves. */
export function isFinal(state: ApplicationState): boolean {
  return Object.values<Rule>(APPLICATION_RULES).every((r) => !r.from.includes(state));
}
