import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMonths, addYears, formatDay, formatMonth, fullYears, monthOfDay, toDay } from '../rules/dates.ts';
import { factsSchema, type Facts } from '../rules/facts.ts';
import { parseIdNumber } from './id-number.ts';
import {
  CITY_CAPACITY,
  DEFAULT_AS_OF,
  URBAN_DISTRICTS,
  generateCity,
  generatePerson,
  syntheticIdNumber,
  type SyntheticPerson,
} from './synthetic-city.ts';

const URBAN = new Set(URBAN_DISTRICTS.map((d) => d.code));

/** The facts-v1 document of a generated person, as the facts assembly would build it (without the permit). */
function toFacts(p: SyntheticPerson, asOf: string): Facts {
  return {
    person: { birthDate: p.birthDate },
    ...p.declared,
    residence: p.residence.map((r) => ({
      from: r.from,
      to: r.to ?? asOf,
      status: r.status,
      source: r.source,
      ...(r.verified ? { verified: true } : {}),
    })),
    socialInsurance: p.insurance.map((s) => ({
      from: formatMonth(s.fromMonth),
      to: formatMonth(s.toMonth),
      scheme: s.scheme,
      ...(s.backPaid ? { backPaid: true } : {}),
      ...(s.transferredIn ? { transferredIn: true } : {}),
    })),
  };
}

type Endorsement = 'onTime' | 'late' | 'missed';

/** Each anniversary of each IC permit up to asOf (or termination): endorsed in the month before, later, or not at all. */
function endorsementOutcomes(p: SyntheticPerson, asOf: string): Endorsement[] {
  const out: Endorsement[] = [];
  const limit = toDay(asOf);
  for (const pm of p.permits) {
    if (pm.kind !== 'ic') continue;
    const end = Math.min(limit, pm.terminatedOn ? toDay(pm.terminatedOn) : limit);
    const days = pm.endorsements.map(toDay);
    for (let n = 1; ; n++) {
      const a = addYears(toDay(pm.issuedOn), n);
      if (a > end) break;
      const opens = addMonths(a, -1);
      const nextOpens = addMonths(addYears(toDay(pm.issuedOn), n + 1), -1);
      if (days.some((d) => d >= opens && d < a)) out.push('onTime');
      else if (days.some((d) => d >= a && d < nextOpens)) out.push('late');
      else out.push('missed');
    }
  }
  return out;
}

const CITY = 10_000;
const city = [...generateCity(2024, CITY)];

describe('synthetic city: determinism', () => {
  it('gives the same person for the same (seed, index), whether generated alone, in a run or in a slice', () => {
    expect(generatePerson(2024, 17)).toEqual(city[17]);
    expect(generatePerson(2024, 17)).toEqual(generatePerson(2024, 17));
    const slice = [...generateCity(2024, 50, { start: 4000 })];
    expect(slice).toEqual(city.slice(4000, 4050));
    expect([...generateCity(2024, 300)]).toEqual(city.slice(0, 300));
  });

  it('gives another city for another seed', () => {
    const other = [...generateCity(2025, 300)];
    const same = other.filter((p, i) => p.idNumber === city[i]!.idNumber || p.name + p.phone === city[i]!.name + city[i]!.phone);
    expect(same.length).toBeLessThan(3);
  });

  it('draws records up to asOf only, and asOf defaults to a fixed date', () => {
    expect(generatePerson(2024, 5, { asOf: DEFAULT_AS_OF })).toEqual(city[5]);
    const asOf = '2019-03-15';
    for (let i = 0; i < 500; i++) {
      const p = generatePerson(2024, i, { asOf });
      expect(p.idNumber).toBe(city[i]!.idNumber);
      for (const r of p.residence) expect(r.from <= asOf && (r.to === null || r.to <= asOf)).toBe(true);
      for (const pm of p.permits) for (const e of [pm.issuedOn, ...pm.endorsements]) expect(e <= asOf).toBe(true);
      for (const s of p.insurance) expect(s.toMonth).toBeLessThanOrEqual(monthOfDay(toDay(asOf)));
    }
  });

  it('refuses an index beyond the city, a bad seed and an asOf before everyone is born', () => {
    expect(() => generatePerson(1, CITY_CAPACITY)).toThrow(RangeError);
    expect(() => generatePerson(1, -1)).toThrow(RangeError);
    expect(() => generatePerson(-1, 0)).toThrow(RangeError);
    expect(() => generatePerson(1.5, 0)).toThrow(RangeError);
    expect(() => generatePerson(1, 0, { asOf: '2005-01-01' })).toThrow(RangeError);
    expect(CITY_CAPACITY).toBeGreaterThan(5_000_000);
  });
});

describe('synthetic city: identities', () => {
  it('gives every person a valid ID number whose birth date and sex are the record’s, from outside urban Hangzhou', () => {
    for (const p of city) {
      const r = parseIdNumber(p.idNumber);
      expect(r.ok, p.idNumber).toBe(true);
      if (!r.ok) continue;
      expect(r.info.birthDate).toBe(p.birthDate);
      expect(r.info.sex).toBe(p.sex);
      expect(URBAN.has(r.info.region) || /^3301(0|1)/.test(r.info.region)).toBe(false);
      expect(p.birthDate >= '1960-01-01' && p.birthDate <= '2010-12-31').toBe(true);
      expect(Number(p.idNumber.slice(14, 17))).toBeGreaterThan(1);
    }
  });

  it('syntheticIdNumber is the generated person’s ID number', () => {
    for (let i = 0; i < 1000; i++) expect(syntheticIdNumber(2024, i)).toBe(city[i]!.idNumber);
  });

  it('never repeats an ID number among 200,000 people, nor a birth date and sequence whatever the region', () => {
    const ids = new Set<string>();
    const withoutRegion = new Set<string>();
    for (let i = 0; i < 200_000; i++) {
      const id = syntheticIdNumber(99, i);
      ids.add(id);
      withoutRegion.add(id.slice(6, 17));
    }
    expect(ids.size).toBe(200_000);
    expect(withoutRegion.size).toBe(200_000);
  });

  it('never repeats a residence record id or a permit number', () => {
    const refs = new Set<string>();
    const permits = new Set<string>();
    let nRefs = 0;
    let nPermits = 0;
    for (const p of city) {
      for (const r of p.residence) {
        refs.add(r.sourceRef);
        nRefs++;
      }
      for (const pm of p.permits) {
        permits.add(pm.permitNo);
        nPermits++;
      }
    }
    expect(refs.size).toBe(nRefs);
    expect(permits.size).toBe(nPermits);
  });

  it('writes Chinese names and 11-digit mobile numbers', () => {
    for (const p of city) {
      expect(p.name).toMatch(/^[\u4e00-\u9fff]{2,4}$/);
      if (p.phone !== null) expect(p.phone).toMatch(/^1[3-9]\d{9}$/);
    }
    expect(city.filter((p) => p.phone === null).length / CITY).toBeLessThan(0.1);
    expect(new Set(city.map((p) => p.name)).size).toBeGreaterThan(CITY / 4);
  });
});

describe('synthetic city: records', () => {
  it('combines into facts-v1 that the schema accepts, for every person', () => {
    for (const p of city) {
      const r = factsSchema.safeParse(toFacts(p, DEFAULT_AS_OF));
      expect(r.success, `${p.idNumber}: ${r.success ? '' : JSON.stringify(r.error.issues)}`).toBe(true);
    }
  });

  it('passes the schema for any seed, index and asOf (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 0, max: CITY_CAPACITY - 1 }),
        fc.integer({ min: toDay('2012-01-01'), max: toDay('2035-12-31') }),
        (seed, index, day) => {
          const asOf = formatDay(day);
          const p = generatePerson(seed, index, { asOf });
          expect(parseIdNumber(p.idNumber).ok).toBe(true);
          expect(factsSchema.safeParse(toFacts(p, asOf)).success).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('lays residence out in order: 1–5 registered periods, cancelled spans between, only the last open', () => {
    for (const p of city) {
      const res = p.residence;
      expect(res.length).toBeGreaterThan(0);
      const registered = res.filter((r) => r.status === 'registered');
      expect(registered.length).toBeGreaterThanOrEqual(1);
      expect(registered.length).toBeLessThanOrEqual(5);
      for (let i = 0; i < res.length; i++) {
        const r = res[i]!;
        if (r.to !== null) expect(r.from <= r.to).toBe(true);
        if (i > 0) expect(res[i - 1]!.from < r.from).toBe(true);
        if (r.to === null) expect(i).toBe(res.length - 1);
        if (r.source === 'handwritten') expect(r.status).toBe('registered');
        if (r.verified) expect(r.source).toBe('handwritten');
      }
      expect(res[0]!.status).toBe('registered');
      expect(res[res.length - 1]!.status).toBe('registered');
      // Adults arrive at 16 or later.
      if (fullYears(toDay(p.birthDate), toDay(DEFAULT_AS_OF)) >= 16) {
        expect(res[0]!.from >= formatDay(addYears(toDay(p.birthDate), 16))).toBe(true);
      }
      expect(res[0]!.from >= formatDay(addYears(toDay(DEFAULT_AS_OF), -20))).toBe(true);
    }
  });

  it('keeps insurance runs of one scheme apart, so importing them month by month gives back the same runs', () => {
    for (const p of city) {
      for (const scheme of ['pension', 'medical'] as const) {
        const runs = p.insurance.filter((s) => s.scheme === scheme);
        for (let i = 0; i < runs.length; i++) {
          const s = runs[i]!;
          expect(s.fromMonth).toBeLessThanOrEqual(s.toMonth);
          expect(s.toMonth).toBeLessThan(monthOfDay(toDay(DEFAULT_AS_OF)));
          if (i === 0) continue;
          const prev = runs[i - 1]!;
          expect(prev.toMonth).toBeLessThan(s.fromMonth);
          if (prev.toMonth + 1 === s.fromMonth) expect(prev.backPaid !== s.backPaid || prev.transferredIn !== s.transferredIn).toBe(true);
        }
      }
      for (let i = 1; i < p.insurance.length; i++) expect(p.insurance[i - 1]!.fromMonth).toBeLessThanOrEqual(p.insurance[i]!.fromMonth);
    }
  });

  it('issues permits in the person’s urban district, with endorsements in order and none after termination', () => {
    for (const p of city) {
      expect(URBAN.has(p.district!)).toBe(true);
      for (const pm of p.permits) {
        expect(pm.district).toBe(p.district);
        if (pm.kind === 'paper9') {
          expect(pm.issuedOn < '2015-01-01').toBe(true);
          expect(pm.endorsements).toEqual([]);
        }
        const sorted = [...pm.endorsements].sort();
        expect(pm.endorsements).toEqual(sorted);
        for (const e of pm.endorsements) {
          expect(e > pm.issuedOn && e <= DEFAULT_AS_OF).toBe(true);
          if (pm.terminatedOn) expect(e <= pm.terminatedOn).toBe(true);
        }
        // Issued at least six months after the first registration.
        expect(toDay(pm.issuedOn) - toDay(p.residence[0]!.from)).toBeGreaterThanOrEqual(183);
      }
      // Settling in Hangzhou ends the permit (an old paper one may simply have run out).
      if (p.urbanHukou) for (const pm of p.permits.filter((q) => q.kind === 'ic')) expect(pm.terminationReason).toBe('已落户杭州市区');
    }
  });
});

describe('synthetic city: distribution', () => {
  const share = (pred: (p: SyntheticPerson) => boolean): number => city.filter(pred).length / CITY;
  const age = (p: SyntheticPerson): number => fullYears(toDay(p.birthDate), toDay(DEFAULT_AS_OF));
  const residenceDays = (p: SyntheticPerson): number => toDay(DEFAULT_AS_OF) - toDay(p.residence[0]!.from);

  it('has between 5% and 40% of people with a late or missed endorsement, most on time', () => {
    const outcomes = city.map((p) => endorsementOutcomes(p, DEFAULT_AS_OF));
    const lateOrMissed = outcomes.filter((o) => o.some((x) => x !== 'onTime')).length / CITY;
    expect(lateOrMissed).toBeGreaterThan(0.05);
    expect(lateOrMissed).toBeLessThan(0.4);
    const flat = outcomes.flat();
    expect(flat.filter((x) => x === 'onTime').length / flat.length).toBeGreaterThan(0.8);
    expect(flat.filter((x) => x === 'late').length).toBeGreaterThan(0);
    expect(flat.filter((x) => x === 'missed').length).toBeGreaterThan(0);
  });

  it('spreads residence from zero to twenty years, with gaps, cancellations and a few hand-written periods', () => {
    expect(share((p) => residenceDays(p) < 365)).toBeGreaterThan(0.03);
    expect(share((p) => residenceDays(p) < 365)).toBeLessThan(0.3);
    expect(share((p) => residenceDays(p) > 15 * 365)).toBeGreaterThan(0.03);
    expect(share((p) => p.residence.filter((r) => r.status === 'registered').length >= 3)).toBeGreaterThan(0.1);
    expect(share((p) => p.residence.some((r) => r.status === 'cancelled'))).toBeGreaterThan(0.05);
    expect(share((p) => p.residence.some((r) => r.source === 'handwritten'))).toBeGreaterThan(0.005);
    expect(share((p) => p.residence.some((r) => r.source === 'handwritten'))).toBeLessThan(0.1);
    expect(share((p) => p.residence[p.residence.length - 1]!.to === null)).toBeGreaterThan(0.85);
    expect(share((p) => (p.declared.continuity ?? []).length > 0)).toBeGreaterThan(0.02);
  });

  it('has mostly IC permits, some old paper ones, some terminated, and some people without a permit', () => {
    const permits = city.flatMap((p) => p.permits);
    expect(permits.filter((pm) => pm.kind === 'ic').length / permits.length).toBeGreaterThan(0.8);
    expect(permits.filter((pm) => pm.kind === 'paper9').length).toBeGreaterThan(50);
    expect(share((p) => p.permits.some((pm) => pm.terminatedOn !== undefined))).toBeGreaterThan(0.02);
    expect(share((p) => p.permits.some((pm) => pm.terminatedOn !== undefined))).toBeLessThan(0.2);
    expect(share((p) => p.permits.length === 0)).toBeGreaterThan(0.05);
    expect(share((p) => p.permits.length === 0)).toBeLessThan(0.35);
    expect(share((p) => p.urbanHukou)).toBeGreaterThan(0.002);
  });

  it('has insurance for most adults, with gaps, back pay and transfers', () => {
    expect(share((p) => p.insurance.length > 0)).toBeGreaterThan(0.6);
    expect(share((p) => p.insurance.some((s) => s.backPaid))).toBeGreaterThan(0.01);
    expect(share((p) => p.insurance.some((s) => s.transferredIn))).toBeGreaterThan(0.01);
    expect(share((p) => p.insurance.filter((s) => s.scheme === 'pension').length >= 2)).toBeGreaterThan(0.2);
    expect(city.filter((p) => age(p) < 16).every((p) => p.insurance.length === 0)).toBe(true);
  });

  it('has both sexes, every age from children to over sixty, every district and migrants from many provinces', () => {
    expect(share((p) => p.sex === 'male')).toBeGreaterThan(0.45);
    expect(share((p) => p.sex === 'male')).toBeLessThan(0.55);
    expect(city.some((p) => age(p) < 16)).toBe(true);
    expect(share((p) => age(p) > 60)).toBeGreaterThan(0.005);
    expect(share((p) => age(p) >= 25 && age(p) <= 45)).toBeGreaterThan(0.5);
    expect(new Set(city.map((p) => p.district))).toEqual(URBAN);
    const provinces = new Set(city.map((p) => p.idNumber.slice(0, 2)));
    expect(provinces.size).toBeGreaterThanOrEqual(12);
    for (const prefix of ['34', '41', '36', '51', '43', '33']) expect(provinces.has(prefix)).toBe(true);
  });

  it('declares the other indicators with plausible frequencies', () => {
    const d = (p: SyntheticPerson): SyntheticPerson['declared'] => p.declared;
    expect(share((p) => d(p).education !== undefined)).toBeGreaterThan(0.4);
    expect(share((p) => d(p).education?.level === 'bachelor')).toBeGreaterThan(0.05);
    expect(share((p) => d(p).education?.level === 'doctorate')).toBeLessThan(0.02);
    expect(share((p) => d(p).education?.abroad === true)).toBeGreaterThan(0);
    expect(share((p) => d(p).qualification !== undefined)).toBeGreaterThan(0.05);
    expect(share((p) => d(p).housing?.kind === 'owned')).toBeGreaterThan(0.03);
    expect(share((p) => d(p).housing?.kind === 'rented')).toBeGreaterThan(0.3);
    expect(share((p) => (d(p).honours ?? []).length > 0)).toBeGreaterThan(0.005);
    expect(share((p) => (d(p).honours ?? []).length > 0)).toBeLessThan(0.08);
    expect(share((p) => d(p).bloodDonationMl !== undefined)).toBeGreaterThan(0.02);
    expect(share((p) => d(p).volunteerHours !== undefined)).toBeGreaterThan(0.05);
    expect(share((p) => d(p).donationYuan !== undefined)).toBeGreaterThan(0.03);
    expect(share((p) => d(p).incomeTax !== undefined)).toBeGreaterThan(0.2);
    expect(share((p) => (d(p).patents ?? []).length > 0)).toBeGreaterThan(0);
    expect(share((p) => (d(p).patents ?? []).length > 0)).toBeLessThan(0.03);
    expect(share((p) => (d(p).offences ?? []).length > 0)).toBeGreaterThan(0);
    expect(share((p) => (d(p).offences ?? []).length > 0)).toBeLessThan(0.05);
    expect(share((p) => (d(p).veto ?? []).length > 0)).toBeLessThan(0.005);
    // Children declare nothing but (at most) continuity.
    for (const p of city.filter((q) => age(q) < 16)) expect(Object.keys(p.declared).filter((k) => k !== 'continuity')).toEqual([]);
  });
});
