/**
 * Invariants of the engine over generated people (fast-check): caps are never exceeded, excluded
 * records never move a total, more counted months never lower one, and points stay exact.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayNumber, formatDay, formatMonth } from './dates.ts';
import { evaluate, evaluateCompiled } from './evaluate.ts';
import { factsSchema, type Facts } from './facts.ts';
import { POLICY_VERSIONS, policyById, policyInForce } from './registry.ts';

const D2000 = dayNumber(2000, 1, 1);
const D2026 = dayNumber(2026, 12, 31);

const day = (min = D2000, max = D2026): fc.Arbitrary<number> => fc.integer({ min, max });
const span = fc.tuple(day(), fc.integer({ min: 0, max: 3000 })).map(([from, len]) => ({ from, to: from + len }));
const monthSpan = fc
  .tuple(fc.integer({ min: 2000 * 12, max: 2026 * 12 + 11 }), fc.integer({ min: 0, max: 150 }))
  .map(([from, len]) => ({ from: formatMonth(from), to: formatMonth(from + len) }));

const factsArb: fc.Arbitrary<Facts> = fc.record(
  {
    person: fc.record({ birthDate: day(dayNumber(1955, 1, 1), dayNumber(2000, 1, 1)).map(formatDay) }),
    permit: fc.record({ kind: fc.constantFrom('ic' as const, 'paper9' as const), status: fc.constant('valid' as const), district: fc.constant('330106') }),
    residence: fc.array(
      fc.record({
        span,
        status: fc.constantFrom('registered' as const, 'cancelled' as const),
        source: fc.constantFrom('police' as const, 'police' as const, 'handwritten' as const),
      }).map((r) => ({ from: formatDay(r.span.from), to: formatDay(r.span.to), status: r.status, source: r.source })),
      { maxLength: 6 },
    ),
    continuity: fc.array(
      fc.record({ span, kind: fc.constantFrom('lease' as const, 'socialInsurance' as const, 'labourContract' as const) }).map((c) => ({
        kind: c.kind,
        from: formatDay(c.span.from),
        to: formatDay(c.span.to),
      })),
      { maxLength: 3 },
    ),
    socialInsurance: fc.array(
      fc.record({
        m: monthSpan,
        scheme: fc.constantFrom('pension' as const, 'medical' as const),
        backPaid: fc.boolean(),
        transferredIn: fc.boolean(),
      }).map((s) => ({ from: s.m.from, to: s.m.to, scheme: s.scheme, backPaid: s.backPaid, transferredIn: s.transferredIn })),
      { maxLength: 12 },
    ),
    education: fc.record({
      level: fc.constantFrom('highSchool' as const, 'juniorCollege' as const, 'bachelor' as const, 'master' as const, 'doctorate' as const),
      abroad: fc.boolean(),
      certified: fc.boolean(),
    }),
    housing: fc.record({
      kind: fc.constantFrom('owned' as const, 'offPlan' as const, 'rented' as const),
      from: day().map(formatDay),
      livesThere: fc.boolean(),
      legalRental: fc.boolean(),
    }),
    honours: fc.array(
      fc.record({
        level: fc.constantFrom('national' as const, 'provincial' as const, 'city' as const, 'district' as const),
        issuer: fc.constantFrom('partyGovernment' as const, 'enterprise' as const),
        awardedOn: day().map(formatDay),
      }),
      { maxLength: 8 },
    ),
    bloodDonationMl: fc.integer({ min: 0, max: 10000 }),
    volunteerHours: fc.integer({ min: 0, max: 1000 }),
    donationYuan: fc.integer({ min: 0, max: 50000 }),
    incomeTax: fc.record({ wageYuan: fc.integer({ min: 0, max: 2_000_000 }), businessYuan: fc.integer({ min: 0, max: 2_000_000 }) }),
    offences: fc.array(
      fc.record({ kind: fc.constantFrom('crime' as const, 'drugRehab' as const, 'detention' as const, 'dishonest' as const), on: day().map(formatDay) }),
      { maxLength: 2 },
    ),
  },
  { requiredKeys: ['person'] },
);

const asOfArb = day(dayNumber(2018, 1, 1), D2026).map(formatDay);

const byCode = (r: ReturnType<typeof evaluate>, code: string): number => r.items.find((i) => i.indicator === code)!.points;

describe('engine invariants', () => {
  it('generated facts satisfy the schema (so the properties test real inputs)', () => {
    fc.assert(fc.property(factsArb, (f) => factsSchema.safeParse(f).success));
  });

  it('never exceeds a cap, and every total is a whole number of hundredths equal to its items (floored at 0)', () => {
    fc.assert(
      fc.property(factsArb, asOfArb, (f, asOf) => {
        const r = evaluate(f, asOf);
        const v = policyById(r.policyVersion).version.indicators;
        expect(byCode(r, 'age')).toBeLessThanOrEqual(v.age.cap.value);
        expect(byCode(r, 'residence')).toBeLessThanOrEqual(v.residence.cap.value);
        expect(byCode(r, 'socialInsurance')).toBeLessThanOrEqual(v.socialInsurance.cap.value);
        expect(byCode(r, 'housing')).toBeLessThanOrEqual(Math.max(v.housing.owned.value, v.housing.rentedCap.value));
        expect(byCode(r, 'bloodDonation')).toBeLessThanOrEqual(v.bloodDonation.cap.value);
        expect(byCode(r, 'volunteering')).toBeLessThanOrEqual(v.volunteering.cap.value);
        expect(byCode(r, 'donation')).toBeLessThanOrEqual(v.donation.cap.value);
        expect(byCode(r, 'incomeTax')).toBeLessThanOrEqual(v.incomeTax.cap.value);
        const honourCap = Object.values(v.honours.capPerLevel.value).reduce((a, b) => a + b, 0);
        expect(byCode(r, 'honours')).toBeLessThanOrEqual(honourCap);
        expect(byCode(r, 'deductions')).toBeLessThanOrEqual(0);
        expect(Number.isInteger(Math.round(r.total * 100)) && Math.abs(r.total * 100 - Math.round(r.total * 100)) < 1e-9).toBe(true);
        const sumH = r.items.reduce((a, i) => a + Math.round(i.points * 100), 0);
        expect(Math.round(r.total * 100)).toBe(Math.max(0, sumH));
      }),
      { numRuns: 300 },
    );
  });

  it('adding a back-paid or transferred-in month never changes a total', () => {
    fc.assert(
      fc.property(factsArb, asOfArb, monthSpan, fc.boolean(), (f, asOf, m, backPaid) => {
        const extra = { from: m.from, to: m.to, scheme: 'pension' as const, ...(backPaid ? { backPaid: true } : { transferredIn: true }) };
        const before = evaluate(f, asOf).total;
        const after = evaluate({ ...f, socialInsurance: [...(f.socialInsurance ?? []), extra] }, asOf).total;
        expect(after).toBe(before);
      }),
      { numRuns: 300 },
    );
  });

  it('adding an unverified hand-written residence period or an enterprise honour never changes a total', () => {
    fc.assert(
      fc.property(factsArb, asOfArb, span, (f, asOf, s) => {
        const before = evaluate(f, asOf).total;
        const after = evaluate(
          {
            ...f,
            residence: [...(f.residence ?? []), { from: formatDay(s.from), to: formatDay(s.to), status: 'registered', source: 'handwritten' }],
            honours: [...(f.honours ?? []), { level: 'national', issuer: 'enterprise', awardedOn: formatDay(s.from) }],
          },
          asOf,
        ).total;
        expect(after).toBe(before);
      }),
      { numRuns: 300 },
    );
  });

  it('more counted insurance months or registered residence days never lower a total', () => {
    fc.assert(
      fc.property(factsArb, asOfArb, monthSpan, span, (f, asOf, m, s) => {
        const before = evaluate(f, asOf).total;
        const more = evaluate(
          {
            ...f,
            socialInsurance: [...(f.socialInsurance ?? []), { from: m.from, to: m.to, scheme: 'pension' }],
            residence: [...(f.residence ?? []), { from: formatDay(s.from), to: formatDay(s.to), status: 'registered', source: 'police' }],
          },
          asOf,
        ).total;
        expect(more).toBeGreaterThanOrEqual(before);
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same totals, items and warnings without the trace as with it', () => {
    fc.assert(
      fc.property(factsArb, asOfArb, (f, asOf) => {
        const p = policyInForce(asOf);
        const full = evaluateCompiled(p, f, asOf);
        const lean = evaluateCompiled(p, f, asOf, undefined, false);
        expect(lean.totalH).toBe(full.totalH);
        expect(lean.result.items.map((i) => i.points)).toEqual(full.result.items.map((i) => i.points));
        expect(lean.result.warnings).toEqual(full.result.warnings);
        expect(lean.result.items.every((i) => i.trace.length === 0)).toBe(true);
        // and tracing is back on for the next caller: the same traces as before the lean call
        expect(evaluateCompiled(p, f, asOf).result.items.map((i) => i.trace)).toEqual(full.result.items.map((i) => i.trace));
      }),
      { numRuns: 200 },
    );
  });

  it('policy versions are contiguous and do not overlap', () => {
    for (let i = 1; i < POLICY_VERSIONS.length; i++) {
      const prev = POLICY_VERSIONS[i - 1]!;
      const next = POLICY_VERSIONS[i]!;
      expect(prev.effectiveTo, prev.id).toBeDefined();
      expect(dayNumber(...(next.effectiveFrom.split('-').map(Number) as [number, number, number]))).toBe(
        dayNumber(...(prev.effectiveTo!.split('-').map(Number) as [number, number, number])) + 1,
      );
    }
    expect(POLICY_VERSIONS.at(-1)!.effectiveTo).toBeUndefined();
  });
});
