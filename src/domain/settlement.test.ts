/**
 * Settlement rounds: the cut-off default, the round checks, the announcement period, eligibility reason
 * by reason, the published tie-break chain and the line of a quota round, ties at the line included.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INDICATOR_ORDER } from '../rules/policy.ts';
import { createCalendar } from './calendar.ts';
import {
  announcementEnds,
  chainPointsFromItems,
  compareChain,
  cutOffOf,
  defaultCutOff,
  drawLine,
  orderByKeys,
  rank,
  settleRound,
  settlementEligibility,
  validateRound,
  type RoundConfig,
  type SettlementCandidate,
  type SettlementEligibilityInput,
} from './settlement.ts';

const june2024: RoundConfig = {
  window: { opens: '2024-06-01', closes: '2024-06-30' },
  rule: { kind: 'line', line: 10_000 },
  announcement: { workingDays: 5 },
  moveWindow: { from: '2024-08-01', to: '2024-09-30' },
};

describe('the indicator cut-off date', () => {
  it('is the first day of the month before the window opens', () => {
    expect(defaultCutOff('2024-06-01')).toBe('2024-05-01');
    expect(defaultCutOff('2021-11-01')).toBe('2021-10-01');
    expect(defaultCutOff('2024-06-17')).toBe('2024-05-01');
  });

  it('falls in December of the year before for a January window', () => {
    expect(defaultCutOff('2025-01-15')).toBe('2024-12-01');
  });

  it("is the round's own when the round sets one", () => {
    expect(cutOffOf(june2024)).toBe('2024-05-01');
    expect(cutOffOf({ ...june2024, cutOff: '2024-05-20' })).toBe('2024-05-20');
  });
});

describe('round configuration checks', () => {
  it('accepts a sound June round and a quota round', () => {
    expect(validateRound(june2024)).toEqual([]);
    expect(validateRound({ ...june2024, rule: { kind: 'quota', quota: 8000, tiesAtLine: 'admitNone' } })).toEqual([]);
  });

  it('names every bad field at once', () => {
    const problems = validateRound({
      window: { opens: '2024-06-30', closes: '2024-06-01' },
      cutOff: '2024-07-01',
      rule: { kind: 'line', line: 9_999 },
      announcement: { workingDays: 0 },
      moveWindow: { from: '2024-05-20', to: '2024-05-10' },
    });
    expect(problems.map((p) => [p.path, p.code])).toEqual([
      ['window.closes', 'WINDOW_ORDER'],
      ['cutOff', 'CUT_OFF_AFTER_OPENING'],
      ['rule.line', 'LINE_BELOW_MINIMUM'],
      ['announcement.workingDays', 'NOT_A_COUNT'],
      ['moveWindow.to', 'MOVE_WINDOW_ORDER'],
      ['moveWindow.from', 'MOVE_BEFORE_CLOSE'],
    ]);
    expect(problems[2]!.text['zh-CN']).toContain('100分');
  });

  it('refuses malformed dates, a zero or fractional quota and an unknown tie rule', () => {
    const problems = validateRound({
      ...june2024,
      window: { opens: '2024-02-30', closes: '2024-06-30' },
      rule: { kind: 'quota', quota: 2.5, tiesAtLine: 'lottery' as 'admitAll' },
    });
    expect(problems.map((p) => p.path)).toEqual(['window.opens', 'rule.quota', 'rule.tiesAtLine']);
    expect(validateRound({ ...june2024, rule: { kind: 'quota', quota: 0 } }).map((p) => p.code)).toEqual(['NOT_A_COUNT']);
  });
});

describe('the announcement period', () => {
  const cal = createCalendar();
  it('counts its first day and skips National Day 2024', () => {
    // Mon 30 Sep (1); 1–7 Oct off; 8, 9, 10, 11 Oct (2–5).
    expect(announcementEnds(cal, '2024-09-30', 5)).toEqual({ lastDay: '2024-10-11', provisional: false });
  });
  it('starts counting on the next working day when it opens on a weekend', () => {
    expect(announcementEnds(cal, '2024-11-02', 5).lastDay).toBe('2024-11-08');
  });
});

const fit: SettlementEligibilityInput = {
  birthDate: '1990-03-15',
  fullCivilCapacity: true,
  pointsAtCutOff: 12_350,
  permit: { status: 'valid', urban: true },
  urbanHangzhouHukou: false,
  vetoes: [],
  appliedOn: '2024-06-10',
};

describe('settlement eligibility, explained', () => {
  it('admits an adult with 100 points or more, a valid urban permit and no hukou, veto or ban', () => {
    expect(settlementEligibility(fit, '2024-05-01')).toEqual({ eligible: true, reasons: [] });
    expect(settlementEligibility({ ...fit, pointsAtCutOff: 10_000 }, '2024-05-01').eligible).toBe(true);
  });

  it('takes age on the cut-off: 18 on the day itself is enough, the day after is not', () => {
    expect(settlementEligibility({ ...fit, birthDate: '2006-05-01' }, '2024-05-01').eligible).toBe(true);
    const r = settlementEligibility({ ...fit, birthDate: '2006-05-02' }, '2024-05-01');
    expect(r.reasons.map((x) => x.code)).toEqual(['UNDER_18']);
    expect(r.reasons[0]!.text).toEqual({ 'zh-CN': '截至2024-05-01未满18周岁(17周岁)', en: 'under 18 on 2024-05-01 (aged 17)' });
  });

  it('refuses 99.99 points and a missing determination, saying so in both languages', () => {
    const low = settlementEligibility({ ...fit, pointsAtCutOff: 9_999 }, '2024-05-01');
    expect(low.reasons).toEqual([{ code: 'POINTS_BELOW_MINIMUM', text: { 'zh-CN': '截至2024-05-01积分99.99分,未达到100分', en: '99.99 points on 2024-05-01, below 100' } }]);
    expect(settlementEligibility({ ...fit, pointsAtCutOff: null }, '2024-05-01').reasons.map((x) => x.code)).toEqual(['NO_DETERMINATION']);
  });

  it('lists every reason, not just the first', () => {
    const r = settlementEligibility(
      {
        ...fit,
        fullCivilCapacity: false,
        permit: { status: 'suspended', urban: false },
        urbanHangzhouHukou: true,
        vetoes: [{ kind: 'seriousCrime', on: '2015-01-01' }],
      },
      '2024-05-01',
    );
    expect(r.eligible).toBe(false);
    expect(r.reasons.map((x) => x.code)).toEqual(['NO_FULL_CIVIL_CAPACITY', 'PERMIT_NOT_VALID', 'PERMIT_NOT_URBAN', 'URBAN_HUKOU', 'VETO']);
    expect(r.reasons[1]!.text['zh-CN']).toBe('居住证中止,不是有效居住证');
  });

  it('refuses someone without a permit', () => {
    expect(settlementEligibility({ ...fit, permit: null }, '2024-05-01').reasons.map((x) => x.code)).toEqual(['PERMIT_MISSING']);
  });

  it('bars a fraud ban for 5 years from its date, and ignores a veto dated after the application', () => {
    const banned = { ...fit, vetoes: [{ kind: 'fraudBan', on: '2019-06-11' }] };
    const r = settlementEligibility(banned, '2024-05-01');
    expect(r.reasons).toEqual([{ code: 'FRAUD_BAN', text: { 'zh-CN': '因弄虚作假,2024-06-11前不得申请', en: 'barred for false materials until 2024-06-11' } }]);
    expect(settlementEligibility({ ...banned, appliedOn: '2024-06-11' }, '2024-05-01').eligible).toBe(true);
    expect(settlementEligibility({ ...fit, vetoes: [{ kind: 'seriousCrime', on: '2024-06-11' }] }, '2024-05-01').eligible).toBe(true);
  });
});

describe('tie-break points from a stored determination', () => {
  it('takes social insurance and the sum of the basic indicators from the item points', () => {
    const items = INDICATOR_ORDER.map((code) =>
      ({ age: 3000, education: 5000, qualification: 0, residence: 2500, socialInsurance: 4800, housing: 8000, honours: 3000, deductions: -6000 })[code as string] ?? 0,
    );
    expect(chainPointsFromItems(items)).toEqual({ socialInsurance: 4800, basic: 23_300 });
    expect(() => chainPointsFromItems([1, 2])).toThrow(RangeError);
  });
});

/** A candidate with defaults that tie everyone; override what a case is about. */
const cand = (id: number, over: Partial<SettlementCandidate> = {}): SettlementCandidate => ({
  id,
  total: 13_000,
  residenceMonths: 60,
  socialInsurance: 3_000,
  basic: 9_000,
  acceptedOn: '2024-06-10',
  ...over,
});

describe('ranking with the published tie-break chain', () => {
  it('orders by total, then residence, then social insurance, then basic points, then acceptance, then id', () => {
    const people = [
      cand(8, { acceptedOn: '2024-06-02' }), // complete tie with 7 and 9, accepted earliest
      cand(9),
      cand(7),
      cand(6, { basic: 9_100 }),
      cand(5, { socialInsurance: 3_050, basic: 1 }),
      cand(4, { residenceMonths: 61, socialInsurance: 0, basic: 0 }),
      cand(3, { total: 13_001, residenceMonths: 0, socialInsurance: 0, basic: 0 }),
    ];
    const r = rank(people);
    expect(r.map((x) => x.candidate.id)).toEqual([3, 4, 5, 6, 8, 7, 9]);
    expect(r.map((x) => x.position)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    // 8, 7 and 9 are equal under every published criterion: one shared rank.
    expect(r.map((x) => x.rank)).toEqual([1, 2, 3, 4, 5, 5, 5]);
  });

  it('gives the same result whatever the input order', () => {
    const people = Array.from({ length: 50 }, (_, i) => cand(100 + i, { total: 10_000 + (i % 7) * 500, residenceMonths: i % 3, acceptedOn: `2024-06-${String(1 + (i % 28)).padStart(2, '0')}` }));
    const a = rank(people).map((x) => [x.candidate.id, x.rank]);
    const b = rank([...people].reverse()).map((x) => [x.candidate.id, x.rank]);
    expect(b).toEqual(a);
  });

  it('refuses a duplicate application id and a fractional key', () => {
    expect(() => rank([cand(1), cand(1, { total: 20_000 })])).toThrow(/duplicate/);
    expect(() => rank([cand(1, { total: 100.5 })])).toThrow(/not an integer/);
  });
});

describe('the line of a round', () => {
  it('admits everyone at or above the line in a line round', () => {
    const out = settleRound([cand(1, { total: 10_000 }), cand(2, { total: 9_999 }), cand(3, { total: 25_000 })], { kind: 'line', line: 10_000 });
    expect(out.entries.map((e) => [e.candidate.id, e.admitted])).toEqual([[3, true], [1, true], [2, false]]);
    expect(out.line).toMatchObject({ kind: 'line', total: 10_000, admitted: 2, quota: null, tie: null });
  });

  // A quota of 3. Positions 3 and 4 are equal under the whole chain (total 130, 60 months, 30 and 90
  // points); 5 has the same total but a shorter residence, so it is no part of the tie.
  const quotaRound = [
    cand(21, { total: 13_000, acceptedOn: '2021-11-20' }),
    cand(22, { total: 16_000 }),
    cand(23, { total: 13_000, residenceMonths: 59 }),
    cand(24, { total: 14_000 }),
    cand(25, { total: 13_000, acceptedOn: '2021-11-03' }),
  ];

  it('admits the whole tie at the line, exceeding the quota, by default', () => {
    const out = settleRound(quotaRound, { kind: 'quota', quota: 3 });
    expect(out.entries.map((e) => [e.candidate.id, e.position, e.rank, e.admitted])).toEqual([
      [22, 1, 1, true],
      [24, 2, 2, true],
      [25, 3, 3, true],
      [21, 4, 3, true],
      [23, 5, 5, false],
    ]);
    expect(out.line).toEqual({
      kind: 'quota',
      total: 13_000,
      last: { total: 13_000, residenceMonths: 60, socialInsurance: 3_000, basic: 9_000 },
      admitted: 4,
      quota: 3,
      tie: { rank: 3, from: 3, to: 4, admitted: true },
    });
  });

  it('admits none of the tie when the round says so, staying under the quota', () => {
    const out = settleRound(quotaRound, { kind: 'quota', quota: 3, tiesAtLine: 'admitNone' });
    expect(out.entries.filter((e) => e.admitted).map((e) => e.candidate.id)).toEqual([22, 24]);
    expect(out.line).toMatchObject({ total: 14_000, admitted: 2, tie: { rank: 3, from: 3, to: 4, admitted: false } });
  });

  it('fills the quota exactly when the chain separates the people at the line', () => {
    const out = settleRound(quotaRound, { kind: 'quota', quota: 4 });
    expect(out.line).toMatchObject({ total: 13_000, admitted: 4, tie: null });
    expect(out.entries.at(-1)).toMatchObject({ admitted: false, candidate: { id: 23 } });
  });

  it('admits nobody when a tie spans the first place and the round admits none of it', () => {
    const out = settleRound([cand(1), cand(2)], { kind: 'quota', quota: 1, tiesAtLine: 'admitNone' });
    expect(out.line).toMatchObject({ total: null, last: null, admitted: 0, tie: { rank: 1, from: 1, to: 2, admitted: false } });
  });

  it('admits everyone when there are fewer applicants than places', () => {
    expect(settleRound(quotaRound, { kind: 'quota', quota: 10 }).line).toMatchObject({ admitted: 5, total: 13_000, tie: null });
    expect(settleRound([], { kind: 'quota', quota: 10 }).line).toMatchObject({ admitted: 0, total: null });
  });
});

describe('orderByKeys', () => {
  it('sorts keys wider than one 16-bit digit and negative values', () => {
    const v = [70_000, -5, 65_536, 65_535, 1_000_000_000, 0];
    const order = orderByKeys(v.length, [{ name: 'v', values: v, descending: false }]);
    expect([...order].map((i) => v[i])).toEqual([-5, 0, 65_535, 65_536, 70_000, 1_000_000_000]);
  });
  it('orders 70,000 items (16-bit digits) exactly as a comparator sort does', () => {
    const n = 70_000;
    // A fixed scramble: many ties on the first key, a wide second key, a unique third.
    const a = Array.from({ length: n }, (_, i) => (i * 7919) % 13);
    const b = Array.from({ length: n }, (_, i) => ((i * 104_729) % 300_007) - 150_000);
    const id = Array.from({ length: n }, (_, i) => (i * 48_271) % 2_147_483_647);
    const order = orderByKeys(n, [
      { name: 'a', values: a, descending: true },
      { name: 'b', values: b, descending: false },
      { name: 'id', values: id, descending: false },
    ]);
    const expected = Array.from({ length: n }, (_, i) => i).sort((x, y) => a[y]! - a[x]! || b[x]! - b[y]! || id[x]! - id[y]!);
    expect([...order]).toEqual(expected);
  });

  it('refuses keys spanning more than 32 bits', () => {
    expect(() => orderByKeys(2, [{ name: 'v', values: [0, 2 ** 33], descending: false }])).toThrow(/32 bits/);
  });
});

// --- properties ------------------------------------------------------------------------------

const day = fc.integer({ min: 1, max: 28 }).map((d) => `2024-06-${String(d).padStart(2, '0')}`);
// Few distinct values, so that ties on every level are common.
const candidates = fc.uniqueArray(
  fc.record({
    id: fc.integer({ min: 1, max: 1_000_000 }),
    total: fc.integer({ min: 100, max: 104 }).map((p) => p * 100),
    residenceMonths: fc.integer({ min: 12, max: 14 }),
    socialInsurance: fc.constantFrom(0, 50, 100),
    basic: fc.constantFrom(5_000, 5_050),
    acceptedOn: day,
  }),
  { selector: (c) => c.id, maxLength: 80 },
);

describe('ranking properties', () => {
  it('is a permutation, sorted by the chain and the final rule, with ranks shared exactly by complete ties', () => {
    fc.assert(
      fc.property(candidates, (people) => {
        const r = rank(people);
        expect(r.map((x) => x.candidate.id).sort((a, b) => a - b)).toEqual(people.map((p) => p.id).sort((a, b) => a - b));
        for (let p = 1; p < r.length; p++) {
          const a = r[p - 1]!;
          const b = r[p]!;
          const c = compareChain(a.candidate, b.candidate);
          expect(c).toBeLessThanOrEqual(0);
          if (c === 0) {
            expect(a.candidate.acceptedOn <= b.candidate.acceptedOn).toBe(true);
            if (a.candidate.acceptedOn === b.candidate.acceptedOn) expect(a.candidate.id).toBeLessThan(b.candidate.id);
            expect(b.rank).toBe(a.rank);
          } else {
            expect(b.rank).toBe(b.position);
          }
        }
      }),
    );
  });

  it('is reproducible: any order of the same applicants gives the same ranking', () => {
    fc.assert(
      fc.property(
        candidates.chain((people) => fc.tuple(fc.constant(people), fc.shuffledSubarray(people, { minLength: people.length, maxLength: people.length }))),
        ([people, shuffled]) => {
          const ids = (xs: SettlementCandidate[]) => rank(xs).map((x) => [x.candidate.id, x.position, x.rank]);
          expect(ids(shuffled)).toEqual(ids(people));
        },
      ),
    );
  });

  it('a quota round admits a prefix: the quota exactly, unless a complete tie straddles it', () => {
    fc.assert(
      fc.property(candidates, fc.integer({ min: 1, max: 60 }), (people, quota) => {
        const ranked = rank(people);
        const all = drawLine(ranked, { kind: 'quota', quota, tiesAtLine: 'admitAll' });
        const none = drawLine(ranked, { kind: 'quota', quota, tiesAtLine: 'admitNone' });
        expect(settleRound(people, { kind: 'quota', quota, tiesAtLine: 'admitAll' })).toEqual(all);
        for (const out of [all, none]) {
          const k = out.line.admitted;
          expect(out.entries.map((e) => e.admitted)).toEqual(out.entries.map((_, p) => p < k));
          if (k > 0 && k < out.entries.length) expect(out.entries[k]!.rank).not.toBe(out.entries[k - 1]!.rank);
        }
        const expected = Math.min(quota, people.length);
        if (all.line.tie === null) {
          expect(all.line.admitted).toBe(expected);
          expect(none.line.admitted).toBe(expected);
        } else {
          expect(all.line.admitted).toBeGreaterThan(quota);
          expect(none.line.admitted).toBeLessThan(quota);
        }
      }),
    );
  });
});
