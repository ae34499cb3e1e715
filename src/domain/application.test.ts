import { describe, expect, it } from 'vitest';
import {
  APPLICATION_RULES,
  availableActions,
  isFinal,
  STATE_NAMES,
  transition,
  TransitionError,
  type ApplicationAction,
  type ApplicationState,
} from './application.ts';

const clerk = { actor: 'clerk' as const, actorId: 'staff:3' };
const district = { actor: 'district' as const, actorId: 'staff:5' };
const applicant = { actor: 'applicant' as const, actorId: 'person:9' };
const AT = '2026-12-01T02:00:00Z';

function problem(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof TransitionError) return e.problem;
    throw e;
  }
  return 'none';
}

describe('the points application state machine', () => {
  it('walks the usual path: submitted, accepted, returned, supplemented, determined, published', () => {
    let s: ApplicationState = 'draft';
    const steps: Array<[ApplicationAction, typeof clerk | typeof district | typeof applicant, string?]> = [
      ['submit', applicant],
      ['accept', clerk],
      ['return', district, '社保证明不清晰,请补充'],
      ['supplement', applicant],
      ['determine', district],
    ];
    for (const [action, who, reason] of steps) s = transition(s, action, who, AT, reason).to;
    expect(s).toBe('determined');
    expect(transition(s, 'publish', { actor: 'system', actorId: 'job:publish' }, AT)).toEqual({
      action: 'publish',
      from: 'determined',
      to: 'published',
      actor: 'system',
      actorId: 'job:publish',
      at: AT,
    });
  });

  it('refuses a move that is not possible from the current state, saying from where it is', () => {
    expect(problem(() => transition('draft', 'determine', district, AT))).toBe('NOT_FROM_THIS_STATE');
    expect(() => transition('published', 'withdraw', applicant, AT)).toThrow(/only from draft, submitted, returned/);
  });

  it('keeps each action to the people it belongs to', () => {
    expect(problem(() => transition('submitted', 'accept', applicant, AT))).toBe('NOT_THIS_ACTOR');
    expect(problem(() => transition('accepted', 'determine', clerk, AT))).toBe('NOT_THIS_ACTOR');
  });

  it('needs a reason to refuse or return, and records it', () => {
    expect(problem(() => transition('submitted', 'refuse', clerk, AT, '  '))).toBe('REASON_REQUIRED');
    expect(transition('submitted', 'refuse', clerk, AT, '居住证已过期').reason).toBe('居住证已过期');
  });

  it('lets a returned case be determined once the deadline passes (unsupplemented indicators then score 0)', () => {
    expect(transition('returned', 'determine', district, AT).to).toBe('determined');
  });

  it('lists the actions open to each actor, and the final states', () => {
    expect(availableActions('submitted', 'clerk').sort()).toEqual(['accept', 'refuse', 'withdraw']);
    expect(availableActions('accepted', 'applicant')).toEqual([]);
    const finals = (Object.keys(STATE_NAMES) as ApplicationState[]).filter(isFinal).sort();
    expect(finals).toEqual(['published', 'refused', 'withdrawn']);
  });

  it('has a name in both languages for every state it can reach', () => {
    for (const r of Object.values(APPLICATION_RULES)) {
      expect(STATE_NAMES[r.to].zh.length).toBeGreaterThan(0);
      for (const f of r.from) expect(STATE_NAMES[f].en.length).toBeGreaterThan(0);
    }
  });
});
