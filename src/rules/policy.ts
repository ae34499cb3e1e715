/**
 * The shape of a policy version: an indicator table as dated data.
 *
 * Every value carries the source it was taken from and how sure we are of it (the three labels of
 * shared/policy/hangzhou-rules.md). Points are written in points, as the tables print them (0.25,
 * 0.5); `compilePolicy` turns them into integer hundredths once, so the engine never adds floats.
 */

export type Confidence = 'stated' | 'inferred' | 'notFound';

export interface Source {
  /** Short id, stable, used in traces: e.g. `faq2020.q7`. */
  id: string;
  /** The instrument or page, as a person would name it. */
  document: string;
  /** The clause, question or table row inside it. */
  clause: string;
  confidence: Confidence;
  /** Where an interpretation was needed: the anchor in docs/policy-interpretation.md. */
  interpretation?: string;
}

export interface Cited<T> {
  value: T;
  source: Source;
}

export const cite = <T>(value: T, source: Source): Cited<T> => ({ value, source });

/** "A points for the first X, then B for each further Y, up to the cap" — blood, volunteering, tax. */
export interface StepRule {
  firstAmount: number;
  firstPoints: number;
  stepAmount: number;
  stepPoints: number;
}

export interface AgeBand {
  /** Inclusive; null = no lower bound. */
  fromAge: number | null;
  /** Inclusive; null = no upper bound. */
  toAge: number | null;
  /** Points at `toAge` (or for the whole band when `perYearYounger` is absent). */
  points: number;
  /** Added for each year younger than `toAge`. */
  perYearYounger?: number;
}

export type IndicatorCode =
  | 'age'
  | 'education'
  | 'qualification'
  | 'residence'
  | 'socialInsurance'
  | 'housing'
  | 'honours'
  | 'boneMarrow'
  | 'bloodDonation'
  | 'volunteering'
  | 'donation'
  | 'incomeTax'
  | 'patents'
  | 'deductions';

export const INDICATOR_ORDER: readonly IndicatorCode[] = [
  'age',
  'education',
  'qualification',
  'residence',
  'socialInsurance',
  'housing',
  'honours',
  'boneMarrow',
  'bloodDonation',
  'volunteering',
  'donation',
  'incomeTax',
  'patents',
  'deductions',
];

export type HonourLevel = 'national' | 'provincial' | 'city' | 'district';
export type OffenceKind = 'crime' | 'drugRehab' | 'detention' | 'dishonest';

export interface PolicyIndicators {
  age: { bands: Cited<AgeBand[]>; cap: Cited<number> };
  education: {
    points: Cited<Record<'highSchool' | 'juniorCollege' | 'bachelor' | 'master' | 'doctorate', number>>;
    /** Degrees from abroad or HK/Macao/Taiwan count only with the 教育部留学服务中心 certificate. */
    foreignNeedsCertificate: Cited<boolean>;
  };
  qualification: {
    points: Cited<
      Record<'senior' | 'deputySenior' | 'intermediate' | 'seniorTechnician' | 'technician' | 'seniorWorker', number>
    >;
  };
  residence: {
    perYear: Cited<number>;
    cap: Cited<number>;
    /** Each full `daysPerMonth` days is a month, each full `monthsPerYear` months a year. */
    daysPerMonth: Cited<number>;
    monthsPerYear: Cited<number>;
    /** Registration gaps inside this window count as continuous (epidemic); null = no such clause. */
    epidemicWindow: Cited<{ from: string; to: string } | null>;
    /** A cancelled registration counts while a lease, insurance or labour contract runs unbroken. */
    cancelledCountsWithContinuity: Cited<boolean>;
  };
  socialInsurance: {
    perMonth: Cited<number>;
    cap: Cited<number>;
    /** A month counts when one of these schemes was paid for it. */
    schemes: Cited<Array<'pension' | 'medical'>>;
  };
  housing: {
    owned: Cited<number>;
    rentedPerYear: Cited<number>;
    rentedCap: Cited<number>;
  };
  honours: {
    windowYears: Cited<number>;
    perAward: Cited<Record<HonourLevel, number>>;
    capPerLevel: Cited<Record<HonourLevel, number>>;
  };
  boneMarrow: { points: Cited<number> };
  bloodDonation: { steps: Cited<StepRule>; cap: Cited<number> };
  volunteering: { steps: Cited<StepRule>; cap: Cited<number> };
  donation: { steps: Cited<StepRule>; cap: Cited<number> };
  incomeTax: { wage: Cited<StepRule>; business: Cited<StepRule>; cap: Cited<number> };
  patents: { perPatent: Cited<number>; otherInventorShare: Cited<number>; cap: Cited<number | null> };
  deductions: {
    windowYears: Cited<number>;
    perCase: Cited<Record<OffenceKind, number>>;
    /** Kinds whose value no official text gives: a result that applies one carries a warning. */
    unconfirmedKinds: Cited<OffenceKind[]>;
  };
}

export interface PolicyVersion {
  id: string;
  title: { zh: string; en: string };
  /** The instrument(s) this version enacts. */
  instrument: string;
  /** Inclusive. */
  effectiveFrom: string;
  /** Inclusive; absent while in force. */
  effectiveTo?: string;
  /** Administrative codes of the urban districts (市区) whose permits may score. */
  urbanDistricts: Cited<Record<string, string>>;
  indicators: PolicyIndicators;
  /** Only the higher of these counts; the other scores 0. */
  highestOnly: Cited<[IndicatorCode, IndicatorCode]>;
  /** Totals are never below zero. */
  floorAtZero: Cited<boolean>;
  /** Years a fraud ban (弄虚作假) bars applying. */
  fraudBanYears: Cited<number>;
  /**
   * Changes announced after this version whose new values we could not find: every result on or
   * after `from` carries a warning naming the indicators, so nobody mistakes the figure for final.
   */
  unconfirmedChanges?: Cited<{ from: string; indicators: IndicatorCode[] }>;
}

type DeepPartial<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

function isPlain(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function merge(base: unknown, patch: unknown): unknown {
  // A Cited value is replaced whole, so a value can never keep the citation of the one it replaced.
  if (!isPlain(base) || !isPlain(patch) || 'source' in patch) return patch;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) out[k] = v === undefined ? base[k] : merge(base[k], v);
  return out;
}

/** An amendment: the base version with some values replaced, under a new id and dates. */
export function amend(
  base: PolicyVersion,
  changes: Pick<PolicyVersion, 'id' | 'title' | 'instrument' | 'effectiveFrom'> &
    Partial<Pick<PolicyVersion, 'effectiveTo'>> &
    DeepPartial<Omit<PolicyVersion, 'id' | 'title' | 'instrument' | 'effectiveFrom' | 'effectiveTo'>>,
): PolicyVersion {
  const out = merge(base, changes) as PolicyVersion;
  if (changes.effectiveTo === undefined) delete out.effectiveTo;
  return out;
}
