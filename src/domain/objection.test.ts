/** The objection case's state machine and its days-remaining flags, on the official calendar. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chineseDate, englishDate, formatDay, toDay } from '../rules/dates.ts';
import { createCalendar } from './calendar.ts';
import {
  availableObjectionActions,
  daysRemaining,
  deadlineFlag,
  isObjectionFinal,
  OBJECTION_RULES,
  OBJECTION_STATES,
  objectionTransition,
  ObjectionTransitionError,
  remainingBand,
} from './objection.ts';

const applicant = { actor: 'applicant' as const, actorId: 'person:1' };
const district = { actor: 'district' as const, actorId: 'staff:5' };
const city = { actor: 'city' as const, actorId: 'staff:9' };
const AT = '2024-10-08T02:00:00.000Z';

function problem(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof ObjectionTransitionError) return e.problem;
    throw e;
  }
  return 'none';
}

describe('the objection state machine', () => {
  it('runs filed → verifying → rejected → review_requested → review_upheld with the right actors', () => {
    expect(objectionTransition(null, 'file', applicant, AT, '居住年限少算').to).toBe('filed');
    expect(objectionTransition('filed', 'assign', district, AT).to).toBe('verifying');
    expect(objectionTransition('verifying', 'sendTask', district, AT).to).toBe('verifying');
    expect(objectionTransition('verifying', 'answerTask', district, AT).to).toBe('verifying');
    const rej = objectionTransition('verifying', 'reject', district, AT, '  公安系统无记录 ');
    expect(rej).toEqual({ action: 'reject', from: 'verifying', to: 'rejected', actor: 'district', actorId: 'staff:5', at: AT, reason: '公安系统无记录' });
    expect(objectionTransition('rejected', 'requestReview', applicant, AT, '有暂住证原件').to).toBe('review_requested');
    expect(objectionTransition('review_requested', 'assignReview', city, AT).to).toBe('review_requested');
    expect(objectionTransition('review_requested', 'reviewUphold', city, AT, '核实').to).toBe('review_upheld');
  });

  it('refuses a decision from the wrong state, by the wrong actor, or without a reason', () => {
    expect(problem(() => objectionTransition('filed', 'uphold', district, AT, 'x'))).toBe('NOT_FROM_THIS_STATE');
    expect(problem(() => objectionTransition('verifying', 'uphold', applicant, AT, 'x'))).toBe('NOT_THIS_ACTOR');
    expect(problem(() => objectionTransition('verifying', 'uphold', city, AT, 'x'))).toBe('NOT_THIS_ACTOR');
    expect(problem(() => objectionTransition('review_requested', 'reviewReject', district, AT, 'x'))).toBe('NOT_THIS_ACTOR');
    expect(problem(() => objectionTransition('verifying', 'reject', district, AT, '   '))).toBe('REASON_REQUIRED');
    expect(problem(() => objectionTransition(null, 'file', applicant, AT))).toBe('REASON_REQUIRED');
    expect(problem(() => objectionTransition('filed', 'file', applicant, AT, 'again'))).toBe('NOT_FROM_THIS_STATE');
    // A review is of a district result: not of a case still being verified, nor a second time.
    expect(problem(() => objectionTransition('verifying', 'requestReview', applicant, AT, 'x'))).toBe('NOT_FROM_THIS_STATE');
    expect(problem(() => objectionTransition('review_rejected', 'requestReview', applicant, AT, 'x'))).toBe('NOT_FROM_THIS_STATE');
  });

  it('ends in the decided-on-review and withdrawn states only, and every state is reachable', () => {
    expect(OBJECTION_STATES.filter(isObjectionFinal)).toEqual(['review_upheld', 'review_rejected', 'withdrawn']);
    const reached = new Set(Object.values(OBJECTION_RULES).map((r) => r.to));
    expect(OBJECTION_STATES.filter((s) => !reached.has(s))).toEqual([]);
    expect(availableObjectionActions('verifying', 'district')).toEqual(['assign', 'sendTask', 'answerTask', 'uphold', 'reject']);
    expect(availableObjectionActions('upheld', 'applicant')).toEqual(['requestReview']);
    expect(availableObjectionActions('upheld', 'district')).toEqual([]);
  });
});

describe('days remaining on the official calendar', () => {
  const cal = createCalendar();

  it('counts working days to a deadline across National Day 2024, zero on the day, negative after', () => {
    // Deadline Tue 15 Oct 2024. From Sun 29 Sep (a make-up working day): 30 Sep, 8, 9, 10, 11, 12 (Sat, worked), 14, 15 = 8.
    expect(daysRemaining(cal, '2024-09-29', '2024-10-15')).toBe(8);
    expect(daysRemaining(cal, '2024-10-01', '2024-10-15')).toBe(7);
    expect(daysRemaining(cal, '2024-10-15', '2024-10-15')).toBe(0);
    expect(daysRemaining(cal, '2024-10-16', '2024-10-15')).toBe(-1);
    // Sat 19 and Sun 20 Oct are ordinary weekends: still one working day late on Sun 20.
    expect(daysRemaining(cal, '2024-10-20', '2024-10-15')).toBe(-3);
  });

  it('flags near at three working days or fewer and overdue once past, across the Spring Festival 2025', () => {
    // Deadline Fri 7 Feb 2025: from Mon 27 Jan the holiday leaves only 5, 6, 7 Feb.
    const left = daysRemaining(cal, '2025-01-27', '2025-02-07');
    expect(left).toBe(3);
    expect(deadlineFlag(left)).toBe('near');
    // From Fri 24 Jan: Sun 26 (worked), Mon 27 Jan, 5, 6, 7 Feb = 5: on time.
    expect(daysRemaining(cal, '2025-01-24', '2025-02-07')).toBe(5);
    expect(deadlineFlag(5)).toBe('on_time');
    expect(deadlineFlag(4)).toBe('on_time');
    expect(deadlineFlag(0)).toBe('near');
    expect(deadlineFlag(daysRemaining(cal, '2025-02-08', '2025-02-07'))).toBe('overdue'); // Sat 8 Feb is worked
    expect(remainingBand(-2)).toBe('overdue');
    expect(remainingBand(0)).toBe('today');
    expect(remainingBand(3)).toBe('1-3');
    expect(remainingBand(7)).toBe('4-7');
    expect(remainingBand(8)).toBe('8+');
  });

  it('gives n working days left on the day n working days before a deadline, and -n that many after it', () => {
    const day = fc.integer({ min: toDay('2004-01-01'), max: toDay('2026-06-30') }).map(formatDay);
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 60 }), (d, n) => {
        const last = cal.addWorkingDays(d, n).date;
        expect(daysRemaining(cal, d, last)).toBe(n);
        if (n > 0) expect(daysRemaining(cal, cal.addWorkingDays(last, n).date, last)).toBe(-n);
        expect(deadlineFlag(daysRemaining(cal, d, last))).toBe(n <= 3 ? 'near' : 'on_time');
      }),
    );
  });

  it('writes the dates of messages in Chinese and English', () => {
    expect(chineseDate('2024-10-14')).toBe('2024年10月14日');
    expect(englishDate('2024-10-14')).toBe('14 October 2024');
  });
});
