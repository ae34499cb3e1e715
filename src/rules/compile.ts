/**
 * Turns a policy version (written in points, with citations) into the form the engine runs:
 * integer hundredths, day numbers, lookup tables. Done once per version and cached, so an
 * evaluation does no parsing.
 */
import { toDay } from './dates.ts';
import type { AgeBand, HonourLevel, OffenceKind, PolicyVersion, Source, StepRule } from './policy.ts';
import { toHundredths, type Hundredths } from './points.ts';

export interface CompiledSteps {
  firstAmount: number;
  first: Hundredths;
  stepAmount: number;
  step: Hundredths;
}

export interface CompiledPolicy {
  version: PolicyVersion;
  effectiveFrom: number;
  effectiveTo: number;
  urbanDistricts: Record<string, string>;
  age: { bands: Array<AgeBand & { pointsH: Hundredths; perYearH: Hundredths }>; cap: Hundredths; source: Source };
  education: { points: Record<string, Hundredths>; foreignNeedsCertificate: boolean; source: Source; certSource: Source };
  qualification: { points: Record<string, Hundredths>; source: Source };
  highestOnly: { pair: readonly [string, string]; source: Source };
  residence: {
    perYear: Hundredths;
    cap: Hundredths;
    daysPerMonth: number;
    monthsPerYear: number;
    epidemic: { from: number; to: number } | null;
    epidemicSource: Source;
    cancelledCounts: boolean;
    cancelledSource: Source;
    source: Source;
    countingSource: Source;
  };
  socialInsurance: { perMonth: Hundredths; cap: Hundredths; schemes: ReadonlySet<string>; source: Source };
  housing: { owned: Hundredths; rentedPerYear: Hundredths; rentedCap: Hundredths; ownedSource: Source; rentedSource: Source };
  honours: {
    windowYears: number;
    perAward: Record<HonourLevel, Hundredths>;
    capPerLevel: Record<HonourLevel, Hundredths>;
    source: Source;
  };
  boneMarrow: { points: Hundredths; source: Source };
  bloodDonation: { steps: CompiledSteps; cap: Hundredths; source: Source; capSource: Source };
  volunteering: { steps: CompiledSteps; cap: Hundredths; source: Source; capSource: Source };
  donation: { steps: CompiledSteps; cap: Hundredths; source: Source; capSource: Source };
  incomeTax: { wage: CompiledSteps; business: CompiledSteps; cap: Hundredths; source: Source; capSource: Source };
  patents: { perPatent: Hundredths; other: Hundredths; cap: Hundredths | null; source: Source };
  deductions: {
    windowYears: number;
    perCase: Record<OffenceKind, Hundredths>;
    unconfirmed: ReadonlySet<OffenceKind>;
    source: Source;
  };
  floorAtZero: boolean;
  fraudBanYears: number;
  unconfirmed: { from: number; indicators: string[]; source: Source } | null;
}

const FAR_FUTURE = 10_000_000;

function steps(r: StepRule): CompiledSteps {
  return {
    firstAmount: r.firstAmount,
    first: toHundredths(r.firstPoints),
    stepAmount: r.stepAmount,
    step: toHundredths(r.stepPoints),
  };
}

function mapValues<K extends string>(o: Record<K, number>): Record<K, Hundredths> {
  const out = {} as Record<K, Hundredths>;
  for (const k of Object.keys(o) as K[]) out[k] = toHundredths(o[k]);
  return out;
}

export function compilePolicy(v: PolicyVersion): CompiledPolicy {
  const i = v.indicators;
  const win = i.residence.epidemicWindow.value;
  return {
    version: v,
    effectiveFrom: toDay(v.effectiveFrom),
    effectiveTo: v.effectiveTo ? toDay(v.effectiveTo) : FAR_FUTURE,
    urbanDistricts: v.urbanDistricts.value,
    age: {
      bands: i.age.bands.value.map((b) => ({
        ...b,
        pointsH: toHundredths(b.points),
        perYearH: toHundredths(b.perYearYounger ?? 0),
      })),
      cap: toHundredths(i.age.cap.value),
      source: i.age.bands.source,
    },
    education: {
      points: mapValues(i.education.points.value),
      foreignNeedsCertificate: i.education.foreignNeedsCertificate.value,
      source: i.education.points.source,
      certSource: i.education.foreignNeedsCertificate.source,
    },
    qualification: { points: mapValues(i.qualification.points.value), source: i.qualification.points.source },
    highestOnly: { pair: v.highestOnly.value, source: v.highestOnly.source },
    residence: {
      perYear: toHundredths(i.residence.perYear.value),
      cap: toHundredths(i.residence.cap.value),
      daysPerMonth: i.residence.daysPerMonth.value,
      monthsPerYear: i.residence.monthsPerYear.value,
      epidemic: win ? { from: toDay(win.from), to: toDay(win.to) } : null,
      epidemicSource: i.residence.epidemicWindow.source,
      cancelledCounts: i.residence.cancelledCountsWithContinuity.value,
      cancelledSource: i.residence.cancelledCountsWithContinuity.source,
      source: i.residence.perYear.source,
      countingSource: i.residence.daysPerMonth.source,
    },
    socialInsurance: {
      perMonth: toHundredths(i.socialInsurance.perMonth.value),
      cap: toHundredths(i.socialInsurance.cap.value),
      schemes: new Set(i.socialInsurance.schemes.value),
      source: i.socialInsurance.perMonth.source,
    },
    housing: {
      owned: toHundredths(i.housing.owned.value),
      rentedPerYear: toHundredths(i.housing.rentedPerYear.value),
      rentedCap: toHundredths(i.housing.rentedCap.value),
      ownedSource: i.housing.owned.source,
      rentedSource: i.housing.rentedPerYear.source,
    },
    honours: {
      windowYears: i.honours.windowYears.value,
      perAward: mapValues(i.honours.perAward.value),
      capPerLevel: mapValues(i.honours.capPerLevel.value),
      source: i.honours.perAward.source,
    },
    boneMarrow: { points: toHundredths(i.boneMarrow.points.value), source: i.boneMarrow.points.source },
    bloodDonation: {
      steps: steps(i.bloodDonation.steps.value),
      cap: toHundredths(i.bloodDonation.cap.value),
      source: i.bloodDonation.steps.source,
      capSource: i.bloodDonation.cap.source,
    },
    volunteering: {
      steps: steps(i.volunteering.steps.value),
      cap: toHundredths(i.volunteering.cap.value),
      source: i.volunteering.steps.source,
      capSource: i.volunteering.cap.source,
    },
    donation: {
      steps: steps(i.donation.steps.value),
      cap: toHundredths(i.donation.cap.value),
      source: i.donation.steps.source,
      capSource: i.donation.cap.source,
    },
    incomeTax: {
      wage: steps(i.incomeTax.wage.value),
      business: steps(i.incomeTax.business.value),
      cap: toHundredths(i.incomeTax.cap.value),
      source: i.incomeTax.wage.source,
      capSource: i.incomeTax.cap.source,
    },
    patents: {
      perPatent: toHundredths(i.patents.perPatent.value),
      other: toHundredths(i.patents.perPatent.value * i.patents.otherInventorShare.value),
      cap: i.patents.cap.value === null ? null : toHundredths(i.patents.cap.value),
      source: i.patents.perPatent.source,
    },
    deductions: {
      windowYears: i.deductions.windowYears.value,
      perCase: mapValues(i.deductions.perCase.value),
      unconfirmed: new Set(i.deductions.unconfirmedKinds.value),
      source: i.deductions.perCase.source,
    },
    floorAtZero: v.floorAtZero.value,
    fraudBanYears: v.fraudBanYears.value,
    unconfirmed: v.unconfirmedChanges
      ? {
          from: toDay(v.unconfirmedChanges.value.from),
          indicators: v.unconfirmedChanges.value.indicators,
          source: v.unconfirmedChanges.source,
        }
      : null,
  };
}
