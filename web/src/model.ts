/**
 * The simulator form as plain strings and booleans, and its translation into facts-v1.
 *
 * Inputs hold exactly what the person typed; `buildInput` turns them into a facts object, leaves
 * empty optional sections out (missing means none), and validates it with the engine's own schema.
 * Repeatable rows keep a stable id, so an error on `residence[1].to` can be shown next to the row
 * the person is looking at even when empty rows before it were left out of the facts.
 */
import { factsSchema, fieldErrors, type Facts } from '../../src/rules/index.ts';

export type Id = string;

export interface ResidenceRow {
  id: Id;
  from: string;
  to: string;
  status: 'registered' | 'cancelled';
  source: 'police' | 'handwritten';
  verified: boolean;
}
export interface ContinuityRow {
  id: Id;
  kind: 'lease' | 'socialInsurance' | 'labourContract';
  from: string;
  to: string;
}
export interface InsuranceRow {
  id: Id;
  from: string;
  to: string;
  scheme: 'pension' | 'medical';
  backPaid: boolean;
  transferredIn: boolean;
}
export interface HonourRow {
  id: Id;
  level: 'national' | 'provincial' | 'city' | 'district';
  issuer: 'partyGovernment' | 'enterprise';
  awardedOn: string;
  deedId: string;
}
export interface PatentRow {
  id: Id;
  grantedOn: string;
  firstInventor: boolean;
  transferredIn: boolean;
}
export interface OffenceRow {
  id: Id;
  kind: 'crime' | 'drugRehab' | 'detention' | 'dishonest';
  on: string;
  actId: string;
}
export interface VetoRow {
  id: Id;
  kind: 'seriousCrime' | 'bannedOrganisation' | 'fraudBan';
  on: string;
}

export type EducationLevel = 'highSchool' | 'juniorCollege' | 'bachelor' | 'master' | 'doctorate';
export type TitleLevel = 'senior' | 'deputySenior' | 'intermediate';
export type SkillLevel = 'seniorTechnician' | 'technician' | 'seniorWorker';

export const EDUCATION_LEVELS: readonly EducationLevel[] = ['highSchool', 'juniorCollege', 'bachelor', 'master', 'doctorate'];
export const TITLE_LEVELS: readonly TitleLevel[] = ['senior', 'deputySenior', 'intermediate'];
export const SKILL_LEVELS: readonly SkillLevel[] = ['seniorTechnician', 'technician', 'seniorWorker'];

export interface FormState {
  asOf: string;
  /** '' = the version in force on asOf. */
  policy: string;

  birthDate: string;
  urbanHangzhouHukou: boolean;
  fullCivilCapacity: boolean;

  permitKind: '' | 'ic' | 'paper9';
  permitIssuedOn: string;
  permitStatus: 'valid' | 'suspended' | 'terminated';
  permitDistrict: string;

  residence: ResidenceRow[];
  continuity: ContinuityRow[];
  socialInsurance: InsuranceRow[];

  educationLevel: '' | EducationLevel;
  educationAbroad: boolean;
  educationCertified: boolean;

  qualificationKind: '' | 'title' | 'skill';
  qualificationLevel: '' | TitleLevel | SkillLevel;

  housingKind: '' | 'owned' | 'offPlan' | 'rented';
  housingFrom: string;
  housingLivesThere: boolean;
  housingLegalRental: boolean;

  honours: HonourRow[];
  patents: PatentRow[];

  bloodDonationMl: string;
  volunteerHours: string;
  donationYuan: string;
  boneMarrowDonated: boolean;
  wageYuan: string;
  businessYuan: string;

  offences: OffenceRow[];
  veto: VetoRow[];
}

export type ListKey = 'residence' | 'continuity' | 'socialInsurance' | 'honours' | 'patents' | 'offences' | 'veto';
export type RowOf<K extends ListKey> = FormState[K][number];

export const LIST_KEYS: readonly ListKey[] = ['residence', 'continuity', 'socialInsurance', 'honours', 'patents', 'offences', 'veto'];

let nextId = 1;
export function newId(): Id {
  return `r${nextId++}`;
}

export function newRow<K extends ListKey>(key: K): RowOf<K> {
  const id = newId();
  const rows: { [L in ListKey]: RowOf<L> } = {
    residence: { id, from: '', to: '', status: 'registered', source: 'police', verified: false },
    continuity: { id, kind: 'lease', from: '', to: '' },
    socialInsurance: { id, from: '', to: '', scheme: 'pension', backPaid: false, transferredIn: false },
    honours: { id, level: 'district', issuer: 'partyGovernment', awardedOn: '', deedId: '' },
    patents: { id, grantedOn: '', firstInventor: true, transferredIn: false },
    offences: { id, kind: 'detention', on: '', actId: '' },
    veto: { id, kind: 'seriousCrime', on: '' },
  };
  return rows[key];
}

export function emptyForm(asOf: string): FormState {
  return {
    asOf,
    policy: '',
    birthDate: '',
    urbanHangzhouHukou: false,
    fullCivilCapacity: true,
    permitKind: 'ic',
    permitIssuedOn: '',
    permitStatus: 'valid',
    permitDistrict: '',
    residence: [],
    continuity: [],
    socialInsurance: [],
    educationLevel: '',
    educationAbroad: false,
    educationCertified: false,
    qualificationKind: '',
    qualificationLevel: '',
    housingKind: '',
    housingFrom: '',
    housingLivesThere: true,
    housingLegalRental: true,
    honours: [],
    patents: [],
    bloodDonationMl: '',
    volunteerHours: '',
    donationYuan: '',
    boneMarrowDonated: false,
    wageYuan: '',
    businessYuan: '',
    offences: [],
    veto: [],
  };
}

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * A realistic person relative to the date of assessment: born 1990, IC permit from Xihu since 2016,
 * two residence periods with a five-month gap, ten years of pension insurance up to last month, a
 * bachelor's degree and a legal rented flat.
 */
export function exampleForm(asOf: string): FormState {
  const [y = 2026, m = 1] = asOf.split('-').map(Number);
  const lastMonthY = m === 1 ? y - 1 : y;
  const lastMonthM = m === 1 ? 12 : m - 1;
  const insuranceTo = `${lastMonthY}-${pad(lastMonthM)}`;
  const insuranceFromM = lastMonthM === 12 ? 1 : lastMonthM + 1;
  const insuranceFromY = lastMonthM === 12 ? lastMonthY - 9 : lastMonthY - 10;
  return {
    ...emptyForm(asOf),
    birthDate: '1990-06-15',
    permitKind: 'ic',
    permitIssuedOn: '2016-04-08',
    permitStatus: 'valid',
    permitDistrict: '330106',
    residence: [
      { id: newId(), from: '2013-03-01', to: '2016-08-31', status: 'registered', source: 'police', verified: false },
      { id: newId(), from: '2017-02-01', to: `${y + 1}-01-31`, status: 'registered', source: 'police', verified: false },
    ],
    socialInsurance: [
      { id: newId(), from: `${insuranceFromY}-${pad(insuranceFromM)}`, to: insuranceTo, scheme: 'pension', backPaid: false, transferredIn: false },
    ],
    educationLevel: 'bachelor',
    housingKind: 'rented',
    housingFrom: '2019-05-01',
    housingLivesThere: true,
    housingLegalRental: true,
  };
}

// ---------------------------------------------------------------------------------------------

/** A validated request to the engine, with what is needed to name its records for a person. */
export interface Input {
  facts: Facts;
  asOf: string;
  policy: string;
  /** For each list, the 1-based form row number of each facts index. */
  rowNumbers: Record<ListKey, number[]>;
}

/** Why a field was refused, told from the value itself so it does not depend on zod's wording. */
export type ErrorKind = 'required' | 'date' | 'month' | 'before' | 'number' | 'negative' | 'level' | 'other';

/** A field error keyed by form field (`birthDate`, `residence.r3.to`), with zod's message. */
export interface UiError {
  key: string;
  /** The contract path, e.g. `residence[1].to`. */
  path: string;
  kind: ErrorKind;
  /** zod's message, shown when the kind is `other`. */
  message: string;
}

export type Built = { ok: true; input: Input } | { ok: false; errors: UiError[] };

const opt = (s: string): string | undefined => (s.trim() === '' ? undefined : s.trim());
const num = (s: string): number | undefined => (s.trim() === '' ? undefined : Number(s));

interface Draft {
  facts: Record<string, unknown>;
  rowIds: Record<ListKey, Id[]>;
}

/** Leaves out rows with none of their dates or labels filled: an added row the person has not started. */
function started(dates: string[]): boolean {
  return dates.some((d) => d.trim() !== '');
}

function draft(form: FormState): Draft {
  const facts: Record<string, unknown> = {};
  const rowIds: Record<ListKey, Id[]> = {
    residence: [],
    continuity: [],
    socialInsurance: [],
    honours: [],
    patents: [],
    offences: [],
    veto: [],
  };

  const person: Record<string, unknown> = { birthDate: opt(form.birthDate) };
  if (form.urbanHangzhouHukou) person.urbanHangzhouHukou = true;
  if (!form.fullCivilCapacity) person.fullCivilCapacity = false;
  facts.person = person;

  if (form.permitKind !== '') {
    const permit: Record<string, unknown> = { kind: form.permitKind, status: form.permitStatus };
    const issued = opt(form.permitIssuedOn);
    if (issued !== undefined) permit.issuedOn = issued;
    if (form.permitDistrict !== '') permit.district = form.permitDistrict;
    facts.permit = permit;
  }

  const list = <K extends ListKey>(key: K, dates: (r: RowOf<K>) => string[], toFacts: (r: RowOf<K>) => Record<string, unknown>): void => {
    const rows = form[key] as Array<RowOf<K>>;
    const out: Array<Record<string, unknown>> = [];
    for (const r of rows) {
      if (!started(dates(r))) continue;
      out.push(toFacts(r));
      rowIds[key].push(r.id);
    }
    if (out.length > 0) facts[key] = out;
  };

  list(
    'residence',
    (r) => [r.from, r.to],
    (r) => {
      const o: Record<string, unknown> = { from: opt(r.from), to: opt(r.to), status: r.status, source: r.source };
      if (r.source === 'handwritten' && r.verified) o.verified = true;
      return o;
    },
  );
  list(
    'continuity',
    (r) => [r.from, r.to],
    (r) => ({ kind: r.kind, from: opt(r.from), to: opt(r.to) }),
  );
  list(
    'socialInsurance',
    (r) => [r.from, r.to],
    (r) => {
      const o: Record<string, unknown> = { from: opt(r.from), to: opt(r.to), scheme: r.scheme };
      if (r.backPaid) o.backPaid = true;
      if (r.transferredIn) o.transferredIn = true;
      return o;
    },
  );

  if (form.educationLevel !== '') {
    const e: Record<string, unknown> = { level: form.educationLevel };
    if (form.educationAbroad) {
      e.abroad = true;
      e.certified = form.educationCertified;
    }
    facts.education = e;
  }

  if (form.qualificationKind !== '') {
    facts.qualification = { kind: form.qualificationKind, level: form.qualificationLevel === '' ? undefined : form.qualificationLevel };
  }

  if (form.housingKind !== '') {
    const h: Record<string, unknown> = { kind: form.housingKind, from: opt(form.housingFrom), livesThere: form.housingLivesThere };
    if (form.housingKind === 'rented') h.legalRental = form.housingLegalRental;
    facts.housing = h;
  }

  list(
    'honours',
    (r) => [r.awardedOn, r.deedId],
    (r) => {
      const o: Record<string, unknown> = { level: r.level, issuer: r.issuer, awardedOn: opt(r.awardedOn) };
      const deed = opt(r.deedId);
      if (deed !== undefined) o.deedId = deed;
      return o;
    },
  );
  list(
    'patents',
    (r) => [r.grantedOn],
    (r) => {
      const o: Record<string, unknown> = { grantedOn: opt(r.grantedOn), firstInventor: r.firstInventor };
      if (r.transferredIn) o.transferredIn = true;
      return o;
    },
  );

  const amounts = [
    ['bloodDonationMl', form.bloodDonationMl],
    ['volunteerHours', form.volunteerHours],
    ['donationYuan', form.donationYuan],
  ] as const;
  for (const [k, v] of amounts) {
    const n = num(v);
    if (n !== undefined) facts[k] = n;
  }
  if (form.boneMarrowDonated) facts.boneMarrowDonated = true;
  const wage = num(form.wageYuan);
  const business = num(form.businessYuan);
  if (wage !== undefined || business !== undefined) {
    const t: Record<string, unknown> = {};
    if (wage !== undefined) t.wageYuan = wage;
    if (business !== undefined) t.businessYuan = business;
    facts.incomeTax = t;
  }

  list(
    'offences',
    (r) => [r.on, r.actId],
    (r) => {
      const o: Record<string, unknown> = { kind: r.kind, on: opt(r.on) };
      const act = opt(r.actId);
      if (act !== undefined) o.actId = act;
      return o;
    },
  );
  list(
    'veto',
    (r) => [r.on],
    (r) => ({ kind: r.kind, on: opt(r.on) }),
  );

  return { facts, rowIds };
}

/** The scalar facts paths and the form field that holds each. */
const SCALAR_KEYS: Record<string, string> = {
  'person.birthDate': 'birthDate',
  'person.urbanHangzhouHukou': 'urbanHangzhouHukou',
  'person.fullCivilCapacity': 'fullCivilCapacity',
  'permit.kind': 'permitKind',
  'permit.issuedOn': 'permitIssuedOn',
  'permit.status': 'permitStatus',
  'permit.district': 'permitDistrict',
  'education.level': 'educationLevel',
  'qualification.kind': 'qualificationKind',
  'qualification.level': 'qualificationLevel',
  'housing.kind': 'housingKind',
  'housing.from': 'housingFrom',
  bloodDonationMl: 'bloodDonationMl',
  volunteerHours: 'volunteerHours',
  donationYuan: 'donationYuan',
  'incomeTax.wageYuan': 'wageYuan',
  'incomeTax.businessYuan': 'businessYuan',
};

const LIST_PATH = /^(residence|continuity|socialInsurance|honours|patents|offences|veto)\[(\d+)\](?:\.(\w+))?$/;

/** The form field key an error path belongs to; the path itself when no field matches. */
function keyOf(path: string, rowIds: Record<ListKey, Id[]>): string {
  const scalar = SCALAR_KEYS[path];
  if (scalar !== undefined) return scalar;
  const m = LIST_PATH.exec(path);
  if (m) {
    const key = m[1] as ListKey;
    const id = rowIds[key][Number(m[2])];
    if (id !== undefined) return m[3] === undefined ? `${key}.${id}` : `${key}.${id}.${m[3]}`;
  }
  return path;
}

export function fieldId(key: string): string {
  return `f-${key.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

const dateOnly = factsSchema.shape.person.shape.birthDate;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The value at a contract path (`residence[0].to`) of the facts that were validated. */
function valueAt(root: unknown, path: string): unknown {
  let v: unknown = root;
  for (const seg of path.split(/\.|\[|\]\.?/).filter((x) => x !== '')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[seg];
  }
  return v;
}

function classify(path: string, value: unknown): ErrorKind {
  if (value === undefined) return path === 'qualification.level' ? 'level' : 'required';
  if (typeof value === 'number') return Number.isNaN(value) ? 'number' : value < 0 ? 'negative' : 'other';
  if (typeof value !== 'string') return 'other';
  if (path === 'qualification.level') return 'level';
  if (/^socialInsurance\[\d+\]\.(from|to)$/.test(path)) return MONTH.test(value) ? 'before' : 'month';
  if (/(Date|On|\.from|\.to|\.on)$/.test(path) || path === 'asOf') return dateOnly.safeParse(value).success ? 'before' : 'date';
  return 'other';
}

export function buildInput(form: FormState): Built {
  const errors: UiError[] = [];
  const asOf = form.asOf.trim();
  if (asOf === '') errors.push({ key: 'asOf', path: 'asOf', kind: 'required', message: 'is required' });
  else if (!dateOnly.safeParse(asOf).success) errors.push({ key: 'asOf', path: 'asOf', kind: 'date', message: 'not a date' });

  const d = draft(form);
  const parsed = factsSchema.safeParse(d.facts);
  if (!parsed.success) {
    for (const e of fieldErrors(parsed.error)) {
      errors.push({ key: keyOf(e.path, d.rowIds), path: e.path, kind: classify(e.path, valueAt(d.facts, e.path)), message: e.message });
    }
  }
  if (errors.length > 0 || !parsed.success) return { ok: false, errors };

  const rowNumbers = {} as Record<ListKey, number[]>;
  for (const key of LIST_KEYS) {
    const order = form[key].map((r) => r.id);
    rowNumbers[key] = d.rowIds[key].map((id) => order.indexOf(id) + 1);
  }
  return { ok: true, input: { facts: parsed.data, asOf, policy: form.policy, rowNumbers } };
}
