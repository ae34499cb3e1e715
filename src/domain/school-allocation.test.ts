/**
 * School admission: the higher parent's points, district rules, and serial-dictatorship allocation on a
 * small district worked out by hand, with properties over random districts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, childPoints, validateSchoolRound, type ChildApplication, type SchoolRound } from './school-allocation.ts';
import { compareChain, type ChainKey } from './settlement.ts';

const key = (total: number, over: Partial<ChainKey> = {}): ChainKey => ({ total, residenceMonths: 60, socialInsurance: 3_000, basic: 9_000, ...over });

describe("the child's points", () => {
  it('are the higher of the two parents’', () => {
    expect(childPoints([key(15_000), key(12_000)])).toEqual({ parent: 0, key: key(15_000) });
    expect(childPoints([key(11_000), key(12_000)])).toEqual({ parent: 1, key: key(12_000) });
  });
  it('on equal totals come from the parent better on the rest of the chain', () => {
    expect(childPoints([key(14_000), key(14_000, { residenceMonths: 61 })])?.parent).toBe(1);
    expect(childPoints([key(14_000, { basic: 9_001 }), key(14_000)])?.parent).toBe(0);
  });
  it('come from the one parent who has a determination, or from nobody', () => {
    expect(childPoints([null, key(10_500)])).toEqual({ parent: 1, key: key(10_500) });
    expect(childPoints([key(10_500)])).toEqual({ parent: 0, key: key(10_500) });
    expect(childPoints([null, null])).toBeNull();
  });
});

const WEST_LAKE = '330106';
const BINJIANG = '330108';

const round: SchoolRound = {
  ageOn: '2024-08-31',
  proofBy: '2024-08-31',
  districts: [{ district: WEST_LAKE }, { district: BINJIANG, minimumPoints: 12_000, preRegistered: 'after' }],
  schools: [
    { id: 101, district: WEST_LAKE, seats: 2 },
    { id: 102, district: WEST_LAKE, seats: 1 },
    { id: 103, district: WEST_LAKE, seats: 1 },
    { id: 201, district: BINJIANG, seats: 1 },
  ],
};

const child = (id: number, district: string, parents: Array<ChainKey | null>, preferences: number[], over: Partial<ChildApplication> = {}): ChildApplication => ({
  id,
  birthDate: '2018-05-01',
  district,
  parents,
  preRegistered: false,
  preferences,
  acceptedOn: '2024-03-05',
  ...over,
});

const children: ChildApplication[] = [
  child(1, WEST_LAKE, [key(15_000), key(12_000)], [102, 101]),
  child(2, WEST_LAKE, [key(14_000), null], [102, 101]),
  child(3, WEST_LAKE, [null, key(14_000, { residenceMonths: 70 })], [102, 103]),
  child(4, WEST_LAKE, [key(13_000)], [101]),
  child(5, WEST_LAKE, [key(13_000)], [101, 103], { preRegistered: true, acceptedOn: '2024-03-01' }),
  child(6, WEST_LAKE, [key(12_000)], [101, 201]),
  child(7, WEST_LAKE, [key(11_000)], []),
  child(8, WEST_LAKE, [key(20_000)], [101], { birthDate: '2008-08-31' }),
  child(9, '330110', [key(20_000)], [101]),
  child(11, BINJIANG, [key(12_500)], [201], { preRegistered: true }),
  child(12, BINJIANG, [key(12_100)], [201]),
  child(13, BINJIANG, [key(11_999)], [201]),
];

describe('allocation on a small district, checked by hand', () => {
  const result = allocate(round, children);
  const row = (id: number) => result.placements.find((p) => p.childId === id)!;

  it('ranks West Lake by points and the chain, then acceptance', () => {
    // 1 (150); 3 and 2 (140 each: 3 has 70 months of residence, 2 has 60); 5 and 4 (130, complete tie:
    // 5 accepted first); 6 (120); 7 (110).
    const westLake = result.placements.filter((p) => p.district === WEST_LAKE && p.position !== null);
    expect(westLake.map((p) => [p.childId, p.position, p.rank])).toEqual([
      [1, 1, 1],
      [3, 2, 2],
      [2, 3, 3],
      [5, 4, 4],
      [4, 5, 4],
      [6, 6, 6],
      [7, 7, 7],
    ]);
    expect(row(3)).toMatchObject({ points: 14_000, parent: 1 });
  });

  it('gives each child the first listed school with a seat left, in rank order', () => {
    // 1 takes 102's only seat; 3 finds 102 full and takes 103; 2 finds 102 full and takes 101 (one of two);
    // 5 takes 101's last seat; 4 and 6 find 101 full; 7 listed nothing.
    expect(result.placements.filter((p) => p.district === WEST_LAKE).map((p) => [p.childId, p.outcome, p.schoolId, p.choice])).toEqual([
      [1, 'placed', 102, 0],
      [3, 'placed', 103, 1],
      [2, 'placed', 101, 1],
      [5, 'placed', 101, 0],
      [4, 'noSeat', null, null],
      [6, 'noSeat', null, null],
      [7, 'noPreferences', null, null],
      [8, 'ineligible', null, null],
    ]);
    expect(row(5).conditional).toBe(true);
    expect(row(2).conditional).toBe(false);
    expect(row(6).ignoredPreferences).toEqual([201]);
  });

  it('ranks pre-registered children after the others where the district says so, and applies its minimum', () => {
    expect([row(12), row(11)].map((p) => [p.childId, p.position, p.outcome, p.schoolId])).toEqual([
      [12, 1, 'placed', 201],
      [11, 2, 'noSeat', null],
    ]);
    expect(row(13).reasons.map((r) => r.code)).toEqual(['BELOW_DISTRICT_MINIMUM']);
    expect(row(13).reasons[0]!.text['zh-CN']).toBe('积分119.99分,低于本区最低120分');
  });

  it('explains the children who take no part', () => {
    expect(row(8).reasons.map((r) => r.code)).toEqual(['CHILD_TOO_OLD']);
    expect(row(9).reasons.map((r) => r.code)).toEqual(['DISTRICT_NOT_IN_ROUND']);
    expect(result.unplaced.map((p) => p.childId)).toEqual([4, 6, 7, 11, 8, 9, 13]);
  });

  it('reports each school’s seats, fill and lowest points placed', () => {
    expect(result.schools).toEqual([
      { schoolId: 101, district: WEST_LAKE, seats: 2, filled: 2, lowestPoints: 13_000 },
      { schoolId: 102, district: WEST_LAKE, seats: 1, filled: 1, lowestPoints: 15_000 },
      { schoolId: 103, district: WEST_LAKE, seats: 1, filled: 1, lowestPoints: 14_000 },
      { schoolId: 201, district: BINJIANG, seats: 1, filled: 1, lowestPoints: 12_100 },
    ]);
  });

  it('leaves pre-registered children out where the district excludes them', () => {
    const excluded: SchoolRound = { ...round, districts: [{ district: WEST_LAKE, preRegistered: 'excluded' }, round.districts[1]!] };
    const r = allocate(excluded, children);
    expect(r.placements.find((p) => p.childId === 5)!.reasons.map((x) => x.code)).toEqual(['PRE_REGISTRATION_EXCLUDED']);
    expect(r.placements.find((p) => p.childId === 4)).toMatchObject({ outcome: 'placed', schoolId: 101 });
  });

  it('refuses a duplicate application id', () => {
    expect(() => allocate(round, [children[0]!, children[0]!])).toThrow(/duplicate/);
  });
});

describe('school round checks', () => {
  it('accepts the round above', () => {
    expect(validateSchoolRound(round)).toEqual([]);
  });
  it('names duplicates, schools of unknown districts, bad seats and dates', () => {
    const problems = validateSchoolRound({
      ageOn: '2024-08-32',
      proofBy: '2024-08-31',
      districts: [{ district: WEST_LAKE, minimumPoints: -1 }, { district: WEST_LAKE, preRegistered: 'later' as 'after' }],
      schools: [
        { id: 1, district: WEST_LAKE, seats: 1.5 },
        { id: 1, district: BINJIANG, seats: 3 },
      ],
    });
    expect(problems.map((p) => [p.path, p.code])).toEqual([
      ['ageOn', 'INVALID_DATE'],
      ['districts[0].minimumPoints', 'NOT_A_COUNT'],
      ['districts[1].district', 'DUPLICATE'],
      ['districts[1].preRegistered', 'UNKNOWN_RULE'],
      ['schools[0].seats', 'NOT_A_COUNT'],
      ['schools[1].id', 'DUPLICATE'],
      ['schools[1].district', 'UNKNOWN_DISTRICT'],
    ]);
  });
});

// --- properties ------------------------------------------------------------------------------

const scenario = fc
  .record({
    seats: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 6 }),
    after: fc.boolean(),
    kids: fc.array(
      fc.record({
        total: fc.integer({ min: 100, max: 103 }).map((p) => p * 100),
        residenceMonths: fc.integer({ min: 12, max: 13 }),
        pre: fc.boolean(),
        prefs: fc.array(fc.integer({ min: 0, max: 7 }), { maxLength: 4 }),
        day: fc.integer({ min: 1, max: 9 }),
      }),
      { maxLength: 40 },
    ),
  })
  .map(({ seats, after, kids }): { round: SchoolRound; children: ChildApplication[] } => ({
    round: {
      ageOn: '2024-08-31',
      proofBy: '2024-08-31',
      districts: [{ district: WEST_LAKE, preRegistered: after ? 'after' : 'compete' }, { district: BINJIANG }],
      // Schools 0 … seats.length−1 in West Lake; 7 in Binjiang; the others do not exist.
      schools: [...seats.map((s, i) => ({ id: i, district: WEST_LAKE, seats: s })), { id: 7, district: BINJIANG, seats: 5 }],
    },
    children: kids.map((k, i) =>
      child(i + 1, WEST_LAKE, [key(k.total, { residenceMonths: k.residenceMonths })], k.prefs, { preRegistered: k.pre, acceptedOn: `2024-03-0${k.day}` }),
    ),
  }));

describe('allocation properties', () => {
  it('never exceeds a school’s seats and places nobody in a school they did not list in their district', () => {
    fc.assert(
      fc.property(scenario, ({ round: r, children: kids }) => {
        const out = allocate(r, kids);
        for (const s of out.schools) {
          const placed = out.placements.filter((p) => p.schoolId === s.schoolId).length;
          expect(placed).toBe(s.filled);
          expect(s.filled).toBeLessThanOrEqual(s.seats);
        }
        for (const p of out.placements) {
          if (p.schoolId === null) continue;
          const c = kids.find((k) => k.id === p.childId)!;
          expect(c.preferences[p.choice!]).toBe(p.schoolId);
          expect(r.schools.find((s) => s.id === p.schoolId)!.district).toBe(c.district);
        }
      }),
    );
  });

  it('a higher-ranked child never loses a seat to a lower-ranked one, and nobody is refused a school with a seat left', () => {
    fc.assert(
      fc.property(scenario, ({ round: r, children: kids }) => {
        const out = allocate(r, kids);
        const ranked = out.placements.filter((p) => p.position !== null);
        // The ranking itself follows the chain (pre-registered children last where the district says so).
        const after = r.districts[0]!.preRegistered === 'after';
        for (let p = 1; p < ranked.length; p++) {
          const [a, b] = [kids.find((k) => k.id === ranked[p - 1]!.childId)!, kids.find((k) => k.id === ranked[p]!.childId)!];
          if (after && a.preRegistered !== b.preRegistered) expect(b.preRegistered).toBe(true);
          else expect(compareChain(childPoints(a.parents)!.key, childPoints(b.parents)!.key)).toBeLessThanOrEqual(0);
        }
        const left = new Map(out.schools.map((s) => [s.schoolId, s.seats - s.filled]));
        for (let a = 0; a < ranked.length; a++) {
          const A = ranked[a]!;
          const prefs = kids.find((k) => k.id === A.childId)!.preferences;
          const got = A.choice ?? Infinity;
          for (let b = a + 1; b < ranked.length; b++) {
            const B = ranked[b]!;
            if (B.schoolId === null) continue;
            const i = prefs.indexOf(B.schoolId);
            if (i >= 0) expect(got).toBeLessThanOrEqual(i);
          }
          // Every listed school of the district that A did not get in preference to its own is full.
          for (let i = 0; i < Math.min(got, prefs.length); i++) {
            const s = r.schools.find((x) => x.id === prefs[i]);
            if (s && s.district === A.district) expect(left.get(s.id)).toBe(0);
          }
        }
      }),
    );
  });
});
