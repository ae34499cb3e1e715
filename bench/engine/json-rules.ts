/**
 * Baseline 2: hangzhou-2024 written for json-rules-engine, the way a team reaching for a generic
 * rules library would write it. Fact callbacks do the calendar work (counted residence years,
 * insurance months, honours and offences in their windows), rules hold the table (one rule per
 * education level, title, honour level, offence kind…, each with conditions and an event carrying
 * the points or the rate and cap), and the result is summed from the events. The library's own rule
 * results are its trace. Runs are async and awaited one at a time.
 */
import { Engine, type Almanac, type Event, type RuleProperties } from 'json-rules-engine';
import type { Facts } from '../../src/rules/index.ts';
import { addYearsYmd, dayOfIso, fullYearsYmd, ymdOfIso, type Ymd } from './calendar.ts';
import { honourCounts, insuranceMonths, offenceCounts, residenceYears, URBAN } from './counts.ts';

/** The indicator table, as data the rules are generated from. Points in points, as printed. */
const TABLE = {
  education: { highSchool: 10, juniorCollege: 30, bachelor: 50, master: 70, doctorate: 90 },
  qualification: { senior: 100, deputySenior: 80, intermediate: 60, seniorTechnician: 80, technician: 60, seniorWorker: 40 },
  honours: {
    national: { perAward: 80, cap: 240 },
    provincial: { perAward: 50, cap: 150 },
    city: { perAward: 30, cap: 90 },
    district: { perAward: 10, cap: 30 },
  },
  deductions: { crime: 150, drugRehab: 100, detention: 60, dishonest: 20 },
} as const;

// ---------------------------------------------------------------------------------------------
// Fact callbacks: the part of the work that does not fit in conditions.

type Digest = (f: Facts, asOf: number, asOfYmd: Ymd) => unknown;

interface Request {
  facts: Facts;
  asOf: number;
  asOfYmd: Ymd;
}

const DIGESTS: Record<string, Digest> = {
  ageYears: (f, _d, y) => fullYearsYmd(ymdOfIso(f.person.birthDate), y),
  educationLevel: (f) => f.education?.level ?? 'none',
  degreeRecognised: (f) => !(f.education?.abroad === true && f.education.certified !== true),
  qualificationLevel: (f) => f.qualification?.level ?? 'none',
  residenceYears,
  insuranceMonths,
  housingKind: (f) => f.housing?.kind ?? 'none',
  housingLivesThere: (f) => f.housing?.livesThere === true,
  housingLegalRental: (f) => f.housing?.legalRental === true,
  housingStarted: (f, d) => f.housing !== undefined && dayOfIso(f.housing.from) <= d,
  rentedYears: (f, _d, y) => (f.housing ? fullYearsYmd(ymdOfIso(f.housing.from), y) : 0),
  boneMarrowDonated: (f) => f.boneMarrowDonated === true,
  bloodDonationMl: (f) => f.bloodDonationMl ?? 0,
  volunteerHours: (f) => f.volunteerHours ?? 0,
  donationYuan: (f) => f.donationYuan ?? 0,
  wageTaxYuan: (f) => f.incomeTax?.wageYuan ?? 0,
  businessTaxYuan: (f) => f.incomeTax?.businessYuan ?? 0,
  patentsFirstInventor: (f, d) => (f.patents ?? []).filter((p) => dayOfIso(p.grantedOn) <= d && p.transferredIn !== true && p.firstInventor).length,
  patentsOtherInventor: (f, d) => (f.patents ?? []).filter((p) => dayOfIso(p.grantedOn) <= d && p.transferredIn !== true && !p.firstInventor).length,
  vetoActive: (f, d) =>
    (f.veto ?? []).some(
      (v) => dayOfIso(v.on) <= d && !((v.kind === 'fraudBan' || v.kind === 'fraud') && addYearsYmd(ymdOfIso(v.on), 5) <= d),
    ),
  hasPermit: (f) => f.permit !== undefined,
  permitStatus: (f) => f.permit?.status ?? 'valid',
  permitDistrict: (f) => f.permit?.district ?? 'none',
  permitIssuedLater: (f, d) => f.permit?.issuedOn !== undefined && dayOfIso(f.permit.issuedOn) > d,
};

// One fact per honour level and offence kind, so that conditions compare plain numbers (a `path`
// into one object goes through JSONPath on every condition: about a sixth slower here, see
// bench/README.md).
for (const level of Object.keys(TABLE.honours)) DIGESTS[`honours:${level}`] = (f, d, y) => honourCounts(f, d, y)[level];
for (const kind of Object.keys(TABLE.deductions)) DIGESTS[`offences:${kind}`] = (f, d, y) => offenceCounts(f, d, y)[kind];

// ---------------------------------------------------------------------------------------------
// Rules: the table.

type Params = Record<string, unknown>;
const fixed = (indicator: string, points: number): Event => ({ type: 'fixed', params: { indicator, points } });
const perUnit = (indicator: string, units: Params, each: number, cap: number | null): Event => ({
  type: 'perUnit',
  params: { indicator, units, each, cap },
});
const stepped = (indicator: string, fact: string, firstAmount: number, first: number, stepAmount: number, step: number, cap: number | null): Event => ({
  type: 'steps',
  params: { indicator, amount: { fact }, firstAmount, first, stepAmount, step, cap },
});

function rules(): RuleProperties[] {
  const out: RuleProperties[] = [
    { name: 'age.upTo40', conditions: { all: [{ fact: 'ageYears', operator: 'lessThanInclusive', value: 40 }] }, event: fixed('age', 30) },
    {
      name: 'age.41to55',
      conditions: {
        all: [
          { fact: 'ageYears', operator: 'greaterThanInclusive', value: 41 },
          { fact: 'ageYears', operator: 'lessThanInclusive', value: 55 },
        ],
      },
      event: { type: 'younger', params: { indicator: 'age', age: { fact: 'ageYears' }, toAge: 55, each: 2 } },
    },
    {
      name: 'residence.perYear',
      conditions: { all: [{ fact: 'residenceYears', operator: 'greaterThan', value: 0 }] },
      event: perUnit('residence', { fact: 'residenceYears' }, 5, 100),
    },
    {
      name: 'socialInsurance.perMonth',
      conditions: { all: [{ fact: 'insuranceMonths', operator: 'greaterThan', value: 0 }] },
      event: perUnit('socialInsurance', { fact: 'insuranceMonths' }, 0.5, 120),
    },
    {
      name: 'housing.owned',
      conditions: {
        all: [
          { fact: 'housingKind', operator: 'equal', value: 'owned' },
          { fact: 'housingStarted', operator: 'equal', value: true },
          { fact: 'housingLivesThere', operator: 'equal', value: true },
        ],
      },
      event: fixed('housing', 80),
    },
    {
      name: 'housing.rented',
      conditions: {
        all: [
          { fact: 'housingKind', operator: 'equal', value: 'rented' },
          { fact: 'housingStarted', operator: 'equal', value: true },
          { fact: 'housingLivesThere', operator: 'equal', value: true },
          { fact: 'housingLegalRental', operator: 'equal', value: true },
        ],
      },
      event: perUnit('housing', { fact: 'rentedYears' }, 6, 30),
    },
    {
      name: 'boneMarrow',
      conditions: { all: [{ fact: 'boneMarrowDonated', operator: 'equal', value: true }] },
      event: fixed('boneMarrow', 80),
    },
    {
      name: 'bloodDonation',
      conditions: { all: [{ fact: 'bloodDonationMl', operator: 'greaterThanInclusive', value: 200 }] },
      event: stepped('bloodDonation', 'bloodDonationMl', 200, 1, 100, 0.5, 20),
    },
    {
      name: 'volunteering',
      conditions: { all: [{ fact: 'volunteerHours', operator: 'greaterThanInclusive', value: 20 }] },
      event: stepped('volunteering', 'volunteerHours', 20, 2, 20, 2, 20),
    },
    {
      name: 'donation',
      conditions: { all: [{ fact: 'donationYuan', operator: 'greaterThanInclusive', value: 1000 }] },
      event: stepped('donation', 'donationYuan', 1000, 2, 1000, 2, 10),
    },
    {
      name: 'incomeTax.wage',
      conditions: { all: [{ fact: 'wageTaxYuan', operator: 'greaterThanInclusive', value: 10000 }] },
      event: stepped('incomeTax', 'wageTaxYuan', 10000, 1, 5000, 1, null),
    },
    {
      name: 'incomeTax.business',
      conditions: { all: [{ fact: 'businessTaxYuan', operator: 'greaterThanInclusive', value: 50000 }] },
      event: stepped('incomeTax', 'businessTaxYuan', 50000, 1, 30000, 1, null),
    },
    {
      name: 'patents.firstInventor',
      conditions: { all: [{ fact: 'patentsFirstInventor', operator: 'greaterThan', value: 0 }] },
      event: perUnit('patents', { fact: 'patentsFirstInventor' }, 20, null),
    },
    {
      name: 'patents.otherInventor',
      conditions: { all: [{ fact: 'patentsOtherInventor', operator: 'greaterThan', value: 0 }] },
      event: perUnit('patents', { fact: 'patentsOtherInventor' }, 10, null),
    },
    {
      name: 'eligibility.veto',
      conditions: { all: [{ fact: 'vetoActive', operator: 'equal', value: true }] },
      event: { type: 'ineligible', params: { code: 'VETO' } },
    },
    {
      name: 'eligibility.permit',
      conditions: {
        any: [
          { fact: 'hasPermit', operator: 'equal', value: false },
          { fact: 'permitStatus', operator: 'in', value: ['suspended', 'terminated'] },
          { fact: 'permitIssuedLater', operator: 'equal', value: true },
          {
            all: [
              { fact: 'permitDistrict', operator: 'notEqual', value: 'none' },
              { fact: 'permitDistrict', operator: 'notIn', value: URBAN },
            ],
          },
        ],
      },
      event: { type: 'ineligible', params: { code: 'PERMIT' } },
    },
  ];
  for (const [level, points] of Object.entries(TABLE.education)) {
    out.push({
      name: `education.${level}`,
      conditions: {
        all: [
          { fact: 'educationLevel', operator: 'equal', value: level },
          { fact: 'degreeRecognised', operator: 'equal', value: true },
        ],
      },
      event: fixed('education', points),
    });
  }
  for (const [level, points] of Object.entries(TABLE.qualification)) {
    out.push({
      name: `qualification.${level}`,
      conditions: { all: [{ fact: 'qualificationLevel', operator: 'equal', value: level }] },
      event: fixed('qualification', points),
    });
  }
  for (const [level, v] of Object.entries(TABLE.honours)) {
    out.push({
      name: `honours.${level}`,
      conditions: { all: [{ fact: `honours:${level}`, operator: 'greaterThan', value: 0 }] },
      event: perUnit('honours', { fact: `honours:${level}` }, v.perAward, v.cap),
    });
  }
  for (const [kind, points] of Object.entries(TABLE.deductions)) {
    out.push({
      name: `deductions.${kind}`,
      conditions: { all: [{ fact: `offences:${kind}`, operator: 'greaterThan', value: 0 }] },
      event: perUnit('deductions', { fact: `offences:${kind}` }, -points, null),
    });
  }
  return out;
}

/** Caps on a whole indicator, over all its events. */
const INDICATOR_CAP: Record<string, number> = { incomeTax: 8000 };

export interface JsonRulesResult {
  total: number;
  eligible: boolean;
  /** Points per indicator that any rule fired for. */
  points: Record<string, number>;
}

const h = (points: number): number => Math.round(points * 100);

/** Sums the fired events into points per indicator (in hundredths), then the total. */
function sum(events: Event[]): JsonRulesResult {
  const perIndicator: Record<string, number> = {};
  let eligible = true;
  for (const e of events) {
    const p = e.params as Record<string, number | string | null>;
    if (e.type === 'ineligible') {
      eligible = false;
      continue;
    }
    let v: number;
    switch (e.type) {
      case 'fixed':
        v = h(p.points as number);
        break;
      case 'younger':
        v = h((p.each as number) * ((p.toAge as number) - (p.age as number)));
        break;
      case 'perUnit':
        v = (p.units as number) * h(p.each as number);
        break;
      case 'steps': {
        const amount = p.amount as number;
        v = h(p.first as number) + Math.floor((amount - (p.firstAmount as number)) / (p.stepAmount as number)) * h(p.step as number);
        break;
      }
      default:
        throw new Error(`unknown event ${e.type}`);
    }
    if (p.cap !== null && p.cap !== undefined) v = Math.min(v, h(p.cap as number));
    const key = p.indicator as string;
    perIndicator[key] = (perIndicator[key] ?? 0) + v;
  }
  for (const [key, cap] of Object.entries(INDICATOR_CAP)) {
    const v = perIndicator[key];
    if (v !== undefined && v > cap) perIndicator[key] = cap;
  }
  // Only the higher of education and qualification counts; on a tie, education.
  const edu = perIndicator.education ?? 0;
  const qual = perIndicator.qualification ?? 0;
  if (edu > 0 && qual > 0) {
    if (qual > edu) perIndicator.education = 0;
    else perIndicator.qualification = 0;
  }
  let total = 0;
  const points: Record<string, number> = {};
  for (const [key, v] of Object.entries(perIndicator)) {
    total += v;
    points[key] = v / 100;
  }
  return { total: Math.max(0, total) / 100, eligible, points };
}

/** A ready engine; `score` runs it on one document. */
export function jsonRulesScorer(): (facts: Facts, asOf: string) => Promise<JsonRulesResult> {
  const engine = new Engine(rules(), { replaceFactsInEventParams: true });
  // One runtime fact per run, the request; every derived fact reads it through the almanac.
  for (const [id, digest] of Object.entries(DIGESTS)) {
    engine.addFact(id, async (_p, almanac: Almanac) => {
      const r = await almanac.factValue<Request>('request');
      return digest(r.facts, r.asOf, r.asOfYmd);
    });
  }
  return async (applicant, asOf) => {
    const request: Request = { facts: applicant, asOf: dayOfIso(asOf), asOfYmd: ymdOfIso(asOf) };
    const { events } = await engine.run({ request });
    return sum(events);
  };
}
