/**
 * A synthetic city: a deterministic, realistic-looking population of migrants living in Hangzhou's
 * urban districts, for first-start demo data, import tests and benchmarks up to millions of people.
 *
 * Everything about person `index` of city `seed` follows from those two numbers alone (and the
 * `asOf` date the city is drawn for), so any slice of the city can be generated on its own, in any
 * order, and a million people never need to be held at once. Pure: no I/O, no clock, no Math.random.
 *
 * ID numbers are unique within a city by construction: a keyed permutation (a Feistel network with
 * cycle walking) maps the index one-to-one onto the (birth date, sequence number) pairs of a table
 * whose rows per birth year follow a migrant population's age profile; the region code is free.
 */
import { addMonths, addYears, civil, dayNumber, formatDay, fullYears, isLeapYear, monthOfDay, toDay } from '../rules/dates.ts';
import type { Facts } from '../rules/facts.ts';
import { checkCharacter } from './id-number.ts';
import type { DeclaredFacts, InsuranceRecord, PermitRecord, PersonBundle, ResidenceRecord } from './records.ts';

// ---------------------------------------------------------------------------------------------
// Shapes: the domain's person records (src/domain/records.ts), under the names this module uses.

export type SyntheticPermit = PermitRecord;
export type SyntheticResidence = ResidenceRecord;
export type SyntheticInsurance = InsuranceRecord;
export type SyntheticDeclared = DeclaredFacts;
/** Residence sorted by `from`; insurance by `fromMonth`, then scheme; runs of one scheme never overlap. */
export type SyntheticPerson = Omit<PersonBundle, 'id'>;

export interface GenerateOptions {
  /** The date the city is drawn for (records end on or before it); default DEFAULT_AS_OF. */
  asOf?: string;
}

/** The default drawing date: fixed, so that a seed means the same city on every day it is run. */
export const DEFAULT_AS_OF = '2026-06-01';
/** Earliest allowed `asOf`: everyone (born up to 2010) must exist. */
export const EARLIEST_AS_OF = '2012-01-01';

/** The urban districts (2021 division) and their share of the migrant population. */
export const URBAN_DISTRICTS: ReadonlyArray<{ code: string; name: string; weight: number }> = [
  { code: '330102', name: '上城区', weight: 9 },
  { code: '330105', name: '拱墅区', weight: 10 },
  { code: '330106', name: '西湖区', weight: 10 },
  { code: '330108', name: '滨江区', weight: 9 },
  { code: '330109', name: '萧山区', weight: 16 },
  { code: '330110', name: '余杭区', weight: 14 },
  { code: '330111', name: '富阳区', weight: 6 },
  { code: '330112', name: '临安区', weight: 4 },
  { code: '330113', name: '临平区', weight: 11 },
  { code: '330114', name: '钱塘区', weight: 11 },
];

// ---------------------------------------------------------------------------------------------
// Randomness: sfc32, seeded per (seed, index) through a murmur3 finaliser.

/** murmur3's 32-bit finaliser: a bijection on 32-bit integers with good avalanche. */
function fmix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** sfc32 (Chris Doty-Humphrey's Small Fast Counting generator). */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, stream = 0) {
    const s = fmix32(seed ^ 0x3c6ef372);
    this.a = s;
    this.b = fmix32(stream ^ s);
    this.c = fmix32((stream + 0x9e3779b9) ^ fmix32(s + 0x7f4a7c15));
    this.d = 1;
    for (let i = 0; i < 12; i++) this.u32();
  }

  u32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.u32() / 4294967296;
  }

  /** Uniform integer in [lo, hi], both inclusive (lo when hi < lo). */
  int(lo: number, hi: number): number {
    if (hi <= lo) return lo;
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.float() * list.length)]!;
  }
}

/** A list to draw from with probability proportional to weight (cumulative table, binary search). */
class Weighted<T> {
  private readonly items: T[];
  private readonly cum: Float64Array;
  private readonly total: number;

  constructor(entries: ReadonlyArray<readonly [T, number]>) {
    this.items = entries.map((e) => e[0]);
    this.cum = new Float64Array(entries.length);
    let t = 0;
    entries.forEach((e, i) => {
      t += e[1];
      this.cum[i] = t;
    });
    this.total = t;
  }

  draw(r: Rng): T {
    const x = r.float() * this.total;
    let lo = 0;
    let hi = this.cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cum[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo]!;
  }
}

const w = <T>(entries: ReadonlyArray<readonly [T, number]>): Weighted<T> => new Weighted(entries);

// ---------------------------------------------------------------------------------------------
// ID numbers: index → (birth date, sequence) one-to-one.

const FIRST_BIRTH_YEAR = 1960;
const LAST_BIRTH_YEAR = 2010;

/** Relative number of people per birth year (a migrant city: most born 1980–1999). */
function birthYearWeight(y: number): number {
  if (y < 1965) return 0.06;
  if (y < 1970) return 0.12;
  if (y < 1975) return 0.25;
  if (y < 1980) return 0.45;
  if (y < 1985) return 0.75;
  if (y < 1990) return 0.95;
  if (y < 1995) return 1;
  if (y < 2000) return 0.9;
  if (y < 2005) return 0.6;
  return 0.4;
}

interface YearRow {
  year: number;
  /** Sequence slots per birth day: even, at most 998. */
  slots: number;
  /** First slot of the year in the whole table. */
  start: number;
  firstDay: number;
}

const YEARS: YearRow[] = [];
let CAPACITY = 0;
for (let y = FIRST_BIRTH_YEAR; y <= LAST_BIRTH_YEAR; y++) {
  const slots = 2 * Math.max(1, Math.round(499 * birthYearWeight(y)));
  YEARS.push({ year: y, slots, start: CAPACITY, firstDay: dayNumber(y, 1, 1) });
  CAPACITY += slots * (isLeapYear(y) ? 366 : 365);
}

/** The most people one city can hold with unique ID numbers (about ten million). */
export const CITY_CAPACITY = CAPACITY;

const HALF_BITS = 12;
const HALF_MASK = (1 << HALF_BITS) - 1;
if (CAPACITY > 1 << (2 * HALF_BITS)) throw new Error('synthetic city: permutation domain too small');

function roundKeys(seed: number): number[] {
  return [0, 1, 2, 3].map((i) => fmix32((seed >>> 0) + Math.imul(i + 1, 0x9e3779b9)));
}

/** A keyed permutation of [0, CITY_CAPACITY): a 4-round Feistel network on 24 bits, cycle-walked. */
function permuteIndex(index: number, keys: readonly number[]): number {
  let x = index;
  do {
    let l = x >>> HALF_BITS;
    let r = x & HALF_MASK;
    for (const k of keys) {
      const t = l ^ (fmix32(r ^ k) & HALF_MASK);
      l = r;
      r = t;
    }
    x = (l << HALF_BITS) | r;
  } while (x >= CAPACITY);
  return x;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** Birth day number and three-digit sequence of person `index` of city `seed`. */
function birthAndSequence(seed: number, index: number, keys: readonly number[] = roundKeys(seed)): { birthDay: number; sequence: number } {
  const p = permuteIndex(index, keys);
  let lo = 0;
  let hi = YEARS.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (YEARS[mid]!.start <= p) lo = mid;
    else hi = mid - 1;
  }
  const row = YEARS[lo]!;
  const r = p - row.start;
  const dayOfYear = Math.floor(r / row.slots);
  const slot = r - dayOfYear * row.slots;
  // Spread the slots over 002–999, keeping the low bit: odd (men) and even (women) in equal number.
  const half = row.slots / 2;
  const pair = 1 + Math.floor(((slot >> 1) * 499) / half);
  return { birthDay: row.firstDay + dayOfYear, sequence: pair * 2 + (slot & 1) };
}

function checkIndex(seed: number, index: number): void {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new RangeError(`seed must be an integer 0…4294967295, got ${seed}`);
  if (!Number.isInteger(index) || index < 0 || index >= CAPACITY) {
    throw new RangeError(`person index must be an integer 0…${CAPACITY - 1}, got ${index}`);
  }
}

function idNumber(region: string, birthDay: number, sequence: number): string {
  const { y, m, d } = civil(birthDay);
  const first17 = `${region}${y}${pad(m, 2)}${pad(d, 2)}${pad(sequence, 3)}`;
  return first17 + checkCharacter(first17);
}

// ---------------------------------------------------------------------------------------------
// Where people come from: hukou region codes (as at birth registration) across China.

const PROVINCES: ReadonlyArray<readonly [string, number, readonly string[]]> = [
  ['安徽', 20, ['340102', '340104', '340121', '340221', '340321', '340322', '340822', '341021', '341125', '341221', '341222', '341225', '341226', '341282', '341321', '341322', '341323', '341324', '341522', '341524']],
  ['河南', 14, ['410102', '410526', '410922', '411321', '411326', '411421', '411423', '411424', '411521', '411522', '411524', '411525', '411526', '411527', '411528', '411621', '411622', '411623', '411625', '411627', '411628', '411722', '411724']],
  ['浙江', 14, ['330122', '330127', '330182', '330324', '330326', '330327', '330381', '330382', '330521', '330681', '330682', '330683', '330723', '330726', '330727', '330781', '330782', '330783', '330784', '330822', '330824', '330825', '331022', '331023', '331024', '331081', '331121', '331122', '331123']],
  ['江西', 10, ['360121', '360281', '360321', '360622', '360681', '361025', '361121', '361123', '361124', '361127', '361128', '361129', '362329', '362330']],
  ['四川', 8, ['510121', '510722', '510921', '511028', '511321', '511322', '511323', '511324', '511621', '511622', '511623', '511722', '512021', '513021']],
  ['湖南', 7, ['430121', '430521', '430522', '430523', '430524', '430525', '430624', '430626', '430921', '430922', '431021', '431121', '431221', '433101']],
  ['贵州', 6, ['520121', '520221', '522121', '522401', '522422', '522425', '522426', '522622', '522701']],
  ['江苏', 5, ['320321', '320322', '320324', '320382', '320721', '320722', '320723', '320724', '320826', '320830', '320923', '321322', '321323', '321324']],
  ['湖北', 5, ['420117', '420921', '420982', '421123', '421124', '421125', '421126', '421127', '421181', '421182', '422822']],
  ['重庆', 4, ['500101', '500228', '500229', '500230', '500231', '500233', '500235', '500236', '500237', '500238', '500240']],
  ['山东', 3, ['370826', '371321', '371322', '371323', '371722', '371724', '372925']],
  ['广西', 2, ['450121', '450481', '450821', '451022', '452226']],
  ['福建', 1, ['350322', '350583', '350628', '350822']],
  ['甘肃', 1, ['620421', '621121', '621122', '621221']],
  ['云南', 1, ['530321', '530381', '532128', '532621']],
  ['山西', 1, ['140121', '140427', '141022']],
  ['黑龙江', 1, ['230121', '230223', '231182']],
  ['陕西', 1, ['610121', '610426', '612322']],
];
const REGIONS = w(PROVINCES.map(([, weight, codes]) => [codes, weight] as const));

const DISTRICTS = w(URBAN_DISTRICTS.map((d) => [d.code, d.weight] as const));

// ---------------------------------------------------------------------------------------------
// Names and phones.

const SURNAMES = w<string>(
  (
    [
      ['王', 71], ['李', 70], ['张', 67], ['刘', 54], ['陈', 46], ['杨', 31], ['黄', 24], ['赵', 22], ['吴', 20], ['周', 19],
      ['徐', 15], ['孙', 15], ['马', 14], ['朱', 13], ['胡', 13], ['郭', 12], ['何', 12], ['高', 11], ['林', 11], ['罗', 10],
      ['郑', 10], ['梁', 9], ['谢', 8], ['宋', 8], ['唐', 8], ['许', 7], ['韩', 7], ['冯', 7], ['邓', 7], ['曹', 7],
      ['彭', 6], ['曾', 6], ['肖', 6], ['田', 6], ['董', 5], ['袁', 5], ['潘', 5], ['于', 5], ['蒋', 5], ['蔡', 5],
      ['余', 5], ['杜', 5], ['叶', 5], ['程', 5], ['苏', 4], ['魏', 4], ['吕', 4], ['丁', 4], ['任', 4], ['沈', 4],
      ['姚', 4], ['卢', 4], ['姜', 3], ['崔', 3], ['钟', 3], ['谭', 3], ['陆', 3], ['汪', 3], ['范', 3], ['金', 3],
      ['石', 3], ['廖', 3], ['贾', 3], ['夏', 3], ['韦', 3], ['付', 3], ['方', 3], ['白', 3], ['邹', 3], ['孟', 3],
      ['熊', 3], ['秦', 3], ['邱', 3], ['江', 3], ['尹', 2], ['薛', 2], ['闫', 2], ['段', 2], ['雷', 2], ['侯', 2],
      ['龙', 2], ['史', 2], ['陶', 2], ['黎', 2], ['贺', 2], ['顾', 2], ['毛', 2], ['郝', 2], ['龚', 2], ['邵', 2],
      ['万', 2], ['钱', 2], ['严', 2], ['覃', 2], ['武', 2], ['戴', 2], ['莫', 2], ['孔', 2], ['向', 2], ['汤', 2],
      ['欧阳', 0.5], ['司马', 0.1], ['诸葛', 0.1], ['上官', 0.1], ['东方', 0.1],
    ] as const
  ).map(([s, n]) => [s as string, n] as const),
);

const MALE_CHARS = [...'伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林欢阳建国峰亮成志东文海晨轩博子睿天泽宸一嘉俊豪毅铭锋永春金良兵松'];
const FEMALE_CHARS = [...'芳娜敏静丽艳娟霞秀玲桂英燕红梅琳丹萍婷雪慧莉倩颖佳欣怡梦雨琪晶璐瑶涵诗思悦可馨月紫彤萱晓兰凤洁琴云'];

function personName(r: Rng, sex: 'male' | 'female'): string {
  const chars = sex === 'male' ? MALE_CHARS : FEMALE_CHARS;
  const given = r.chance(0.72) ? r.pick(chars) + r.pick(chars) : r.pick(chars);
  return SURNAMES.draw(r) + given;
}

/** Carrier prefixes (China Mobile, Unicom, Telecom, Broadnet). */
const MOBILE_PREFIXES = [
  '130', '131', '132', '133', '134', '135', '136', '137', '138', '139', '147', '150', '151', '152', '153', '155', '156', '157',
  '158', '159', '166', '173', '175', '176', '177', '178', '180', '181', '182', '183', '184', '185', '186', '187', '188', '189',
  '191', '192', '193', '195', '198', '199',
];

function mobile(r: Rng): string {
  return r.pick(MOBILE_PREFIXES) + pad(r.int(0, 99_999_999), 8);
}

// ---------------------------------------------------------------------------------------------
// The person.

/** Old hand-filled 暂住证: begun before 2011, valid at most about three years. */
const HANDWRITTEN_BEFORE = toDay('2011-01-01');
const HANDWRITTEN_UNTIL = toDay('2013-12-31');
const IC_ERA = toDay('2015-01-01');

type Fate = 'current' | 'left' | 'settled';

interface Life {
  r: Rng;
  seed: number;
  index: number;
  asOf: number;
  birth: number;
  age: number;
  sex: 'male' | 'female';
  district: string;
  arrival: number;
  /** Last day resident (asOf when still here). */
  end: number;
  fate: Fate;
}

const YEARS_BACK = w<readonly [number, number]>([
  [[0, 1], 12],
  [[1, 5], 30],
  [[5, 10], 28],
  [[10, 15], 19],
  [[15, 20], 11],
]);

const GAP_KIND = w<'adjacent' | 'gap' | 'cancelled' | 'overlap'>([
  ['adjacent', 35],
  ['gap', 40],
  ['cancelled', 20],
  ['overlap', 5],
]);

const CONTINUITY_KIND = w<'lease' | 'labourContract' | 'socialInsurance'>([
  ['lease', 50],
  ['labourContract', 30],
  ['socialInsurance', 20],
]);

type Continuity = NonNullable<Facts['continuity']>[number];

function residence(l: Life): { periods: SyntheticResidence[]; continuity: Continuity[] } {
  const { r } = l;
  const periods: SyntheticResidence[] = [];
  const continuity: Continuity[] = [];
  const span = l.end - l.arrival + 1;
  const n = r.int(1, 1 + Math.min(4, Math.floor(span / 500)));
  const weights: number[] = [];
  for (let i = 0; i < n; i++) weights.push(0.4 + r.float() * 1.2);
  const wsum = weights.reduce((a, b) => a + b, 0);
  // Roughly a fifth of the span goes to gaps between periods.
  const avail = Math.floor(span * 0.82);
  let k = 0;
  const ref = (): string => `P${l.seed}-${l.index}-${k++}`;
  let cursor = l.arrival;
  for (let i = 0; i < n; i++) {
    const from = cursor;
    let last = i === n - 1;
    let to = l.end;
    let gapKind: 'adjacent' | 'gap' | 'cancelled' | 'overlap' = 'adjacent';
    let gapLen = 0;
    if (!last) {
      const len = Math.max(60, Math.floor((avail * weights[i]!) / wsum));
      gapKind = GAP_KIND.draw(r);
      gapLen = gapKind === 'gap' ? r.int(5, 240) : gapKind === 'cancelled' ? r.int(15, 300) : gapKind === 'overlap' ? r.int(3, 30) : 0;
      to = from + len - 1;
      // Leave the next period at least 60 days, or make this one the last.
      const next = gapKind === 'overlap' ? to + 1 - gapLen : to + 1 + gapLen;
      if (next + 60 > l.end) {
        last = true;
        to = l.end;
      }
    }
    const old = from < HANDWRITTEN_BEFORE && to <= HANDWRITTEN_UNTIL && to - from < 3 * 366;
    const source: 'police' | 'handwritten' = old && r.chance(0.7) ? 'handwritten' : 'police';
    periods.push({
      from: formatDay(from),
      to: last && l.fate === 'current' ? null : formatDay(to),
      status: 'registered',
      source,
      verified: source === 'handwritten' && r.chance(0.4),
      sourceRef: ref(),
    });
    if (last) break;
    if (gapKind === 'cancelled') {
      const cFrom = to + 1;
      const cTo = to + gapLen;
      periods.push({ from: formatDay(cFrom), to: formatDay(cTo), status: 'cancelled', source: 'police', verified: false, sourceRef: ref() });
      if (r.chance(0.55)) {
        const partial = r.chance(0.15);
        continuity.push({
          kind: CONTINUITY_KIND.draw(r),
          from: formatDay(cFrom - r.int(0, 200)),
          to: formatDay(Math.min(l.asOf, partial ? cFrom + r.int(0, gapLen - 1) : cTo + r.int(0, 120))),
        });
      }
    }
    cursor = gapKind === 'overlap' ? to + 1 - gapLen : to + 1 + gapLen;
  }
  return { periods, continuity };
}

const ENDORSER = w<readonly [number, number]>([
  // [probability late, probability missed] per anniversary
  [[0.02, 0.01], 70],
  [[0.2, 0.05], 20],
  [[0.2, 0.3], 10],
]);

function permits(l: Life): SyntheticPermit[] {
  const { r } = l;
  const child = l.age < 16;
  if (!r.chance(child ? 0.5 : 0.92)) return [];
  const firstIssue = l.arrival + r.int(183, 540);
  if (firstIssue > l.end) return [];
  const out: SyntheticPermit[] = [];
  const yy = (day: number): string => pad(civil(day).y % 100, 2);
  const permitNo = (day: number, k: number): string => `${l.district}${yy(day)}${pad(l.index, 8)}${k}`;
  let icIssue: number | undefined = firstIssue;
  if (firstIssue < IC_ERA && r.chance(0.7)) {
    out.push({ permitNo: permitNo(firstIssue, 0), kind: 'paper9', district: l.district, issuedOn: formatDay(firstIssue), endorsements: [] });
    // Most changed to an IC permit from 2015, before the nine years ran out.
    const lo = Math.max(IC_ERA, addYears(firstIssue, 1));
    const hi = Math.min(addYears(firstIssue, 9) + 60, l.end);
    icIssue = hi >= lo && r.chance(0.85) ? r.int(lo, hi) : undefined;
  }
  let termination: { on: number; reason: string } | undefined;
  if (l.fate === 'left') {
    const on = l.end + r.int(30, 180);
    if (on <= l.asOf) termination = { on, reason: '居住地变更,不再符合申领条件' };
  } else if (l.fate === 'settled') {
    termination = { on: l.end + 1, reason: '已落户杭州市区' };
  }
  if (icIssue === undefined) {
    const paper = out[0];
    if (paper && termination && termination.on < addYears(firstIssue, 9)) {
      paper.terminatedOn = formatDay(termination.on);
      paper.terminationReason = termination.reason;
    }
    return out;
  }
  const ic: SyntheticPermit = { permitNo: permitNo(icIssue, out.length), kind: 'ic', district: l.district, issuedOn: formatDay(icIssue), endorsements: [] };
  const [pLate, pMissed] = ENDORSER.draw(r);
  const lastAnniversary = Math.min(l.end, termination?.on ?? l.asOf, l.asOf);
  for (let n = 1; ; n++) {
    const anniversary = addYears(icIssue, n);
    const windowOpens = addMonths(anniversary, -1);
    if (windowOpens > lastAnniversary) break;
    const x = r.float();
    let on: number | undefined;
    if (x < pMissed) on = undefined;
    else if (x < pMissed + pLate) on = anniversary + r.int(1, 120);
    else on = r.int(windowOpens, anniversary - 1);
    if (on !== undefined && on <= lastAnniversary) ic.endorsements.push(formatDay(on));
  }
  if (termination) {
    ic.terminatedOn = formatDay(termination.on);
    ic.terminationReason = termination.reason;
  }
  out.push(ic);
  return out;
}

interface Segment {
  from: number;
  to: number;
  pension: boolean;
  medical: boolean;
  backPaid: boolean;
  transferredIn: boolean;
}

function insurance(l: Life): SyntheticInsurance[] {
  const { r } = l;
  if (l.age < 16 || !r.chance(0.85)) return [];
  const adultMonth = monthOfDay(addYears(l.birth, 16));
  const start = Math.max(adultMonth, monthOfDay(l.arrival) + r.int(0, 12));
  const end = l.fate === 'current' ? monthOfDay(l.asOf) - 1 : monthOfDay(l.end);
  if (start > end) return [];
  const retireAge = l.sex === 'male' ? 60 : r.chance(0.6) ? 50 : 55;
  const retired = monthOfDay(addYears(l.birth, retireAge)) - 1;
  const segments: Segment[] = [];
  const both = (): Pick<Segment, 'pension' | 'medical'> => {
    const x = r.float();
    return x < 0.88 ? { pension: true, medical: true } : x < 0.96 ? { pension: false, medical: true } : { pension: true, medical: false };
  };
  // Transferred in from outside the urban area: months before arrival.
  if (r.chance(0.07)) {
    const to = monthOfDay(l.arrival) - 1 - r.int(0, 6);
    const from = Math.max(adultMonth, to - r.int(5, 72));
    if (from <= to) segments.push({ from, to, pension: true, medical: r.chance(0.6), backPaid: false, transferredIn: true });
  }
  // Jobs, with gaps between them; now and then a gap is paid afterwards (补缴).
  const months = end - start + 1;
  const changes = Math.min(8, Math.floor((months / 36) * r.float() * 2));
  let cursor = start;
  for (let j = 0; j <= changes && cursor <= end; j++) {
    const remaining = end - cursor + 1;
    const len = j === changes ? remaining : Math.max(3, Math.floor((remaining / (changes - j + 1)) * (0.5 + r.float())));
    const to = Math.min(end, cursor + len - 1);
    const kind = both();
    segments.push({ from: cursor, to, ...kind, backPaid: false, transferredIn: false });
    const gap = r.int(1, 8);
    if (to + gap + 1 > end) break;
    if (r.chance(0.12)) segments.push({ from: to + 1, to: to + gap, pension: true, medical: kind.medical && r.chance(0.5), backPaid: true, transferredIn: false });
    cursor = to + gap + 1;
  }
  const runs: SyntheticInsurance[] = [];
  for (const s of segments) {
    const flags = { backPaid: s.backPaid, transferredIn: s.transferredIn };
    if (s.pension && s.from <= retired) runs.push({ scheme: 'pension', fromMonth: s.from, toMonth: Math.min(s.to, retired), ...flags });
    if (s.medical) runs.push({ scheme: 'medical', fromMonth: s.from, toMonth: s.to, ...flags });
  }
  runs.sort((a, b) => a.fromMonth - b.fromMonth || (a.scheme < b.scheme ? -1 : a.scheme > b.scheme ? 1 : 0));
  return runs;
}

const EDUCATION = {
  older: w<string | undefined>([[undefined, 50], ['highSchool', 28], ['juniorCollege', 12], ['bachelor', 8], ['master', 1.5], ['doctorate', 0.5]]),
  middle: w<string | undefined>([[undefined, 35], ['highSchool', 27], ['juniorCollege', 18], ['bachelor', 16], ['master', 3.5], ['doctorate', 0.5]]),
  younger: w<string | undefined>([[undefined, 22], ['highSchool', 25], ['juniorCollege', 24], ['bachelor', 23], ['master', 5], ['doctorate', 1]]),
};
const MIN_AGE: Record<string, number> = { highSchool: 18, juniorCollege: 20, bachelor: 21, master: 23, doctorate: 26 };

const QUALIFICATION = w<NonNullable<Facts['qualification']>>([
  [{ kind: 'skill', level: 'seniorWorker' }, 45],
  [{ kind: 'skill', level: 'technician' }, 18],
  [{ kind: 'skill', level: 'seniorTechnician' }, 5],
  [{ kind: 'title', level: 'intermediate' }, 24],
  [{ kind: 'title', level: 'deputySenior' }, 6.5],
  [{ kind: 'title', level: 'senior' }, 1.5],
]);

const HONOUR_LEVEL = w<'national' | 'provincial' | 'city' | 'district'>([
  ['district', 60],
  ['city', 28],
  ['provincial', 10],
  ['national', 2],
]);

const OFFENCE = w<'crime' | 'drugRehab' | 'detention' | 'dishonest'>([
  ['detention', 55],
  ['dishonest', 25],
  ['crime', 15],
  ['drugRehab', 5],
]);

const VETO = w<string>([
  ['seriousCrime', 60],
  ['bannedOrganisation', 15],
  ['fraudBan', 25],
]);

/** A skewed amount: mostly near lo, a long tail towards hi, in steps of `step`. */
function skewed(r: Rng, lo: number, hi: number, step: number): number {
  const x = r.float();
  return Math.round((lo + (hi - lo) * x * x * x) / step) * step || step;
}

function declared(l: Life, continuity: Continuity[], insured: boolean): SyntheticDeclared {
  const { r } = l;
  const out: SyntheticDeclared = {};
  if (continuity.length > 0) out.continuity = continuity;
  if (l.age < 16) return out;
  const adult = l.age >= 18;
  const since = (years: number, earliest = l.arrival): number => Math.max(earliest, addYears(l.asOf, -years));

  const cohort = civil(l.birth).y < 1975 ? EDUCATION.older : civil(l.birth).y < 1990 ? EDUCATION.middle : EDUCATION.younger;
  const level = cohort.draw(r);
  if (level !== undefined && l.age >= MIN_AGE[level]!) {
    const edu: NonNullable<Facts['education']> = { level: level as NonNullable<Facts['education']>['level'] };
    if ((level === 'bachelor' || level === 'master' || level === 'doctorate') && r.chance(0.04)) {
      edu.abroad = true;
      edu.certified = r.chance(0.75);
    }
    out.education = edu;
  }
  if (l.age >= 22 && r.chance(0.16)) out.qualification = { ...QUALIFICATION.draw(r) };

  if (adult && l.fate !== 'left') {
    const x = r.float();
    const longStay = l.end - l.arrival > 5 * 365;
    const ownShare = l.fate === 'settled' ? 0.6 : longStay ? 0.2 : 0.08;
    const from = (lo: number): string => formatDay(r.int(Math.min(lo, l.end), l.end));
    if (x < ownShare) out.housing = { kind: 'owned', from: from(l.arrival + 365), livesThere: r.chance(0.92) };
    else if (x < ownShare + 0.03) out.housing = { kind: 'offPlan', from: from(l.arrival + 365), livesThere: false };
    else if (x < ownShare + 0.53) out.housing = { kind: 'rented', from: from(l.arrival), livesThere: r.chance(0.93), legalRental: r.chance(0.8) };
  }

  if (l.age >= 20 && l.end - l.arrival >= 365 && r.chance(0.03)) {
    const honours: NonNullable<Facts['honours']> = [];
    const count = r.int(1, 3);
    for (let j = 0; j < count; j++) {
      const h: NonNullable<Facts['honours']>[number] = {
        level: HONOUR_LEVEL.draw(r),
        issuer: r.chance(0.75) ? 'partyGovernment' : 'enterprise',
        awardedOn: formatDay(r.int(Math.min(since(8), l.end), l.end)),
      };
      // The same deed is sometimes honoured again at another level.
      if (r.chance(0.35)) h.deedId = `deed-${l.index}-${j > 0 && r.chance(0.5) ? j - 1 : j}`;
      honours.push(h);
    }
    out.honours = honours;
  }
  if (adult && l.age <= 60 && r.chance(0.07)) out.bloodDonationMl = r.int(1, 8) * r.pick([200, 300, 400]);
  if (r.chance(0.1)) out.volunteerHours = r.chance(0.7) ? r.int(4, 60) : r.int(60, 600);
  if (adult && r.chance(0.09)) out.donationYuan = skewed(r, 50, 20_000, 10);
  if (adult && l.age <= 45 && r.chance(0.0005)) out.boneMarrowDonated = true;
  if (insured && adult) {
    const tax: NonNullable<Facts['incomeTax']> = {};
    if (r.chance(0.45)) tax.wageYuan = skewed(r, 300, 80_000, 1);
    if (r.chance(0.03)) tax.businessYuan = skewed(r, 1000, 200_000, 1);
    if (tax.wageYuan !== undefined || tax.businessYuan !== undefined) out.incomeTax = tax;
  }
  if (l.age >= 22 && r.chance(0.007)) {
    const patents: NonNullable<Facts['patents']> = [];
    for (let j = r.int(1, 3); j > 0; j--) {
      const p: NonNullable<Facts['patents']>[number] = { grantedOn: formatDay(r.int(since(10), l.asOf)), firstInventor: r.chance(0.6) };
      if (r.chance(0.15)) p.transferredIn = true;
      patents.push(p);
    }
    out.patents = patents;
  }
  const grownUp = addYears(l.birth, 16);
  if (r.chance(0.012)) {
    const offences: NonNullable<Facts['offences']> = [];
    for (let j = r.chance(0.85) ? 1 : 2; j > 0; j--) offences.push({ kind: OFFENCE.draw(r), on: formatDay(r.int(since(8, grownUp), l.asOf)) });
    out.offences = offences;
  }
  if (r.chance(0.0004)) out.veto = [{ kind: VETO.draw(r), on: formatDay(r.int(since(6, grownUp), l.asOf)) }];
  return out;
}

/** The ID number of person `index` of city `seed` (cheap: no other part of the person is drawn). */
export function syntheticIdNumber(seed: number, index: number): string {
  checkIndex(seed, index);
  const r = new Rng(seed, index);
  const { birthDay, sequence } = birthAndSequence(seed, index);
  return idNumber(r.pick(REGIONS.draw(r)), birthDay, sequence);
}

function asOfDay(options?: GenerateOptions): number {
  const text = options?.asOf ?? DEFAULT_AS_OF;
  const day = toDay(text);
  if (day < toDay(EARLIEST_AS_OF)) throw new RangeError(`asOf must be ${EARLIEST_AS_OF} or later, got ${text}`);
  return day;
}

function person(seed: number, index: number, asOf: number, keys: readonly number[]): SyntheticPerson {
  const r = new Rng(seed, index);
  // The ID number comes first, so that syntheticIdNumber draws the same region.
  const region = r.pick(REGIONS.draw(r));
  const { birthDay, sequence } = birthAndSequence(seed, index, keys);
  const id = idNumber(region, birthDay, sequence);
  const sex = sequence % 2 === 1 ? 'male' : 'female';
  const age = fullYears(birthDay, asOf);
  const name = personName(r, sex);
  const phone = age < 14 ? (r.chance(0.15) ? mobile(r) : null) : r.chance(age < 16 ? 0.5 : 0.98) ? mobile(r) : null;
  const district = DISTRICTS.draw(r);

  // When they came: up to 20 years ago, never before birth (children) or before 16 (adults).
  const earliest = Math.max(addYears(asOf, -20), age < 16 ? birthDay : addYears(birthDay, 16));
  const [lo, hi] = YEARS_BACK.draw(r);
  const back = Math.floor((lo + (hi - lo) * r.float()) * 365.25);
  const arrival = Math.min(asOf, Math.max(earliest, asOf - back));
  let fate: Fate = 'current';
  let end = asOf;
  const span = asOf - arrival;
  const x = r.float();
  if (x < 0.07 && span >= 240) {
    fate = 'left';
    end = r.int(arrival + 180, Math.min(asOf - 30, arrival + 10 * 365));
  } else if (x < 0.09 && span >= 6 * 365 && age >= 22) {
    fate = 'settled';
    end = r.int(Math.max(arrival + 5 * 365, asOf - 4 * 365), asOf - 30);
  }
  const life: Life = { r, seed, index, asOf, birth: birthDay, age, sex, district, arrival, end, fate };
  const res = residence(life);
  const permitList = permits(life);
  const runs = insurance(life);
  return {
    idNumber: id,
    name,
    phone,
    birthDate: formatDay(birthDay),
    sex,
    urbanHukou: fate === 'settled',
    fullCivilCapacity: age >= 18 && !r.chance(0.003),
    district,
    permits: permitList,
    residence: res.periods,
    insurance: runs,
    declared: declared(life, res.continuity, runs.length > 0),
  };
}

/**
 * Person `index` (0-based) of the city drawn from `seed`: the same arguments give the same person,
 * whatever else is generated. Throws RangeError for an index at or beyond CITY_CAPACITY.
 */
export function generatePerson(seed: number, index: number, options?: GenerateOptions): SyntheticPerson {
  checkIndex(seed, index);
  return person(seed, index, asOfDay(options), roundKeys(seed));
}

/** People `start` … `start + count − 1` of the city, one at a time. */
export function* generateCity(seed: number, count: number, options?: GenerateOptions & { start?: number }): Generator<SyntheticPerson, void, undefined> {
  const start = options?.start ?? 0;
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a whole number, got ${count}`);
  if (count === 0) return;
  checkIndex(seed, start);
  checkIndex(seed, start + count - 1);
  const day = asOfDay(options);
  const keys = roundKeys(seed);
  for (let i = start; i < start + count; i++) yield person(seed, i, day, keys);
}
