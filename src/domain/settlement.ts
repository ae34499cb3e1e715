/**
 * Points-based settlement (积分落户), the pure part: a round's configuration and its checks, the
 * indicator cut-off date, eligibility explained reason by reason, the ranking with the published
 * tie-break chain, and the line a round draws (everyone at or above a score, or a quota).
 *
 * Everything here works on integers (points in hundredths, dates as `YYYY-MM-DD` turned into day
 * numbers), so a ranking is reproducible from the stored determinations alone: the same inputs give
 * the same order, ranks and line, on every machine. The ranking is a stable LSD radix sort of an
 * index array over typed-array key columns (`orderByKeys`, shared with school allocation), because a
 * comparator over objects is several times slower at the 500,000 applicants of a round.
 *
 * Sources: digest §4 (conditions, historic lines), §1.5 (veto, fraud ban), §1.6 (cut-off date,
 * tie-break chain); the readings we chose are in docs/policy-interpretation.md#settlement.
 */
import { addYears, civil, formatDay, fullYears, parseDate, toDay } from '../rules/dates.ts';
import type { Hundredths } from '../rules/points.ts';
import { INDICATOR_ORDER, type IndicatorCode } from '../rules/policy.ts';
import type { WorkingCalendar } from './calendar.ts';
import type { PermitState } from './permit.ts';

/** A text in both languages; the edge picks the request's. */
export interface Bilingual {
  'zh-CN': string;
  en: string;
}

/** 100 points: the least a settlement applicant must hold on the cut-off (digest §4), in hundredths. */
export const SETTLEMENT_MINIMUM: Hundredths = 10_000;

/** Years a fraud ban (弄虚作假) bars applying (digest §1.5). */
export const FRAUD_BAN_YEARS = 5;

// ---------------------------------------------------------------------------------------------
// Round configuration

/**
 * What happens when a quota falls inside a group of applicants equal under the whole published chain
 * (total, residence, social insurance, basic points): `admitAll` admits the whole group, exceeding the
 * quota; `admitNone` admits nobody of it, staying under. Default `admitAll`
 * (docs/policy-interpretation.md#ties-at-the-line).
 */
export type TiesAtLine = 'admitAll' | 'admitNone';

export const DEFAULT_TIES_AT_LINE: TiesAtLine = 'admitAll';

/**
 * `line`: everyone eligible with a total at or above `line` (hundredths; 10000 = 100 points) is
 * admitted — the rule since 2023-05-08. `quota`: at most about `quota` people, the line drawn from the
 * ranking — the rule of 2018–2022 (lines 130, 125, 120, 135, 160, 100; digest §4).
 */
export type SettlementRule =
  | { kind: 'line'; line: Hundredths }
  | { kind: 'quota'; quota: number; tiesAtLine?: TiesAtLine };

export interface RoundConfig {
  /** The application window, both days included (e.g. 2024-06-01 … 2024-06-30). */
  window: { opens: string; closes: string };
  /** The indicator cut-off date, when the round sets one; otherwise `defaultCutOff(window.opens)`. */
  cutOff?: string;
  rule: SettlementRule;
  /**
   * The announcement (公示) lasts this many working days, counting its first day when that is a
   * working day (`announcementEnds`). Working days, like every other period of the points process.
   */
  announcement: { workingDays: number };
  /** The move (迁移落户) must be completed within these days, both included, or the admission lapses. */
  moveWindow: { from: string; to: string };
}

/** One problem with a round configuration, naming the field. */
export interface RoundProblem {
  path: string;
  code: 'INVALID_DATE' | 'WINDOW_ORDER' | 'CUT_OFF_AFTER_OPENING' | 'LINE_BELOW_MINIMUM' | 'NOT_A_COUNT' | 'UNKNOWN_RULE' | 'MOVE_WINDOW_ORDER' | 'MOVE_BEFORE_CLOSE';
  text: Bilingual;
}

/** Longest announcement accepted, in working days: a guard against typing days as hours or months. */
export const MAX_ANNOUNCEMENT_WORKING_DAYS = 60;

/**
 * The indicator cut-off of a points application: the first day of the month before the acceptance
 * period starts (digest §1.6; the June 2024 round counts points "before 1 May"). Window opening
 * 2024-06-01 → 2024-05-01; 2024-01-15 → 2023-12-01.
 */
export function defaultCutOff(opens: string): string {
  const { y, m } = civil(toDay(opens));
  const py = m === 1 ? y - 1 : y;
  const pm = m === 1 ? 12 : m - 1;
  return `${py}-${pm < 10 ? '0' : ''}${pm}-01`;
}

/** The round's cut-off: its own when set, else the default. */
export function cutOffOf(round: Pick<RoundConfig, 'window' | 'cutOff'>): string {
  return round.cutOff ?? defaultCutOff(round.window.opens);
}

/** The round's tie rule at the line (quota rounds). */
export function tiesAtLineOf(rule: SettlementRule): TiesAtLine {
  return rule.kind === 'quota' ? (rule.tiesAtLine ?? DEFAULT_TIES_AT_LINE) : DEFAULT_TIES_AT_LINE;
}

function isCount(n: unknown, min: number): boolean {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= min;
}

/** Every problem of a round configuration, empty when it is sound. */
export function validateRound(round: RoundConfig): RoundProblem[] {
  const out: RoundProblem[] = [];
  const date = (path: string, v: string | undefined): number | undefined => {
    const d = typeof v === 'string' ? parseDate(v) : undefined;
    if (d === undefined) out.push({ path, code: 'INVALID_DATE', text: { 'zh-CN': '不是有效日期(YYYY-MM-DD)', en: 'not a valid date (YYYY-MM-DD)' } });
    return d;
  };
  const opens = date('window.opens', round.window.opens);
  const closes = date('window.closes', round.window.closes);
  if (opens !== undefined && closes !== undefined && closes < opens) {
    out.push({ path: 'window.closes', code: 'WINDOW_ORDER', text: { 'zh-CN': '申请截止日期早于开始日期', en: 'the window closes before it opens' } });
  }
  if (round.cutOff !== undefined) {
    const c = date('cutOff', round.cutOff);
    if (c !== undefined && opens !== undefined && c > opens) {
      out.push({ path: 'cutOff', code: 'CUT_OFF_AFTER_OPENING', text: { 'zh-CN': '积分截止日期不能晚于申请开始日期', en: 'the cut-off date cannot be after the window opens' } });
    }
  }
  const rule: SettlementRule = round.rule;
  switch (rule.kind) {
    case 'line':
      if (!isCount(rule.line, SETTLEMENT_MINIMUM)) {
        out.push({ path: 'rule.line', code: 'LINE_BELOW_MINIMUM', text: { 'zh-CN': '分数线须为不低于100分的整数百分分(10000 = 100分)', en: 'the line must be a whole number of hundredths of at least 100 points (10000)' } });
      }
      break;
    case 'quota':
      if (!isCount(rule.quota, 1)) out.push({ path: 'rule.quota', code: 'NOT_A_COUNT', text: { 'zh-CN': '名额须为正整数', en: 'the quota must be a positive whole number' } });
      if (rule.tiesAtLine !== undefined && rule.tiesAtLine !== 'admitAll' && rule.tiesAtLine !== 'admitNone') {
        out.push({ path: 'rule.tiesAtLine', code: 'UNKNOWN_RULE', text: { 'zh-CN': '并列规则须为 admitAll 或 admitNone', en: 'tiesAtLine must be admitAll or admitNone' } });
      }
      break;
    default:
      out.push({ path: 'rule.kind', code: 'UNKNOWN_RULE', text: { 'zh-CN': '规则须为 line(分数线)或 quota(名额)', en: 'the rule must be line or quota' } });
  }
  const wd = round.announcement.workingDays;
  if (!isCount(wd, 1) || wd > MAX_ANNOUNCEMENT_WORKING_DAYS) {
    out.push({
      path: 'announcement.workingDays',
      code: 'NOT_A_COUNT',
      text: { 'zh-CN': `公示期须为1至${MAX_ANNOUNCEMENT_WORKING_DAYS}个工作日`, en: `the announcement must last 1 to ${MAX_ANNOUNCEMENT_WORKING_DAYS} working days` },
    });
  }
  const from = date('moveWindow.from', round.moveWindow.from);
  const to = date('moveWindow.to', round.moveWindow.to);
  if (from !== undefined && to !== undefined && to < from) {
    out.push({ path: 'moveWindow.to', code: 'MOVE_WINDOW_ORDER', text: { 'zh-CN': '迁移截止日期早于开始日期', en: 'the move window ends before it starts' } });
  }
  if (from !== undefined && closes !== undefined && from <= closes) {
    out.push({ path: 'moveWindow.from', code: 'MOVE_BEFORE_CLOSE', text: { 'zh-CN': '迁移期须在申请截止之后开始', en: 'the move window must start after the application window closes' } });
  }
  return out;
}

/**
 * The last day of an announcement that starts on `startsOn` and lasts `workingDays` working days;
 * `startsOn` counts as the first when it is a working day (公示 "自X日起N个工作日").
 */
export function announcementEnds(cal: WorkingCalendar, startsOn: string, workingDays: number): { lastDay: string; provisional: boolean } {
  const r = cal.addWorkingDays(formatDay(toDay(startsOn) - 1), workingDays);
  return { lastDay: r.date, provisional: r.provisional };
}

// ---------------------------------------------------------------------------------------------
// Eligibility

export type SettlementIneligibility =
  | 'UNDER_18'
  | 'NO_FULL_CIVIL_CAPACITY'
  | 'NO_DETERMINATION'
  | 'POINTS_BELOW_MINIMUM'
  | 'PERMIT_MISSING'
  | 'PERMIT_NOT_VALID'
  | 'PERMIT_NOT_URBAN'
  | 'URBAN_HUKOU'
  | 'VETO'
  | 'FRAUD_BAN';

export interface Reason<C extends string> {
  code: C;
  text: Bilingual;
}

/** What the service assembles for one applicant. */
export interface SettlementEligibilityInput {
  birthDate: string;
  fullCivilCapacity: boolean;
  /** Total of the points determination as of the round's cut-off, in hundredths; null when there is none. */
  pointsAtCutOff: Hundredths | null;
  /** The permit as of `appliedOn` (`permitState` of src/domain/permit.ts), and whether its district is urban; null: none. */
  permit: { status: PermitState['status']; urban: boolean } | null;
  urbanHangzhouHukou: boolean;
  /** Veto entries as in facts-v1 (`kind`, `on`); `fraud`/`fraudBan` bar for FRAUD_BAN_YEARS, any other kind for good. */
  vetoes: ReadonlyArray<{ kind: string; on: string }>;
  /** The day of the settlement application. */
  appliedOn: string;
}

export interface SettlementEligibility {
  eligible: boolean;
  reasons: Array<Reason<SettlementIneligibility>>;
}

const PERMIT_STATUS_TEXT: Record<PermitState['status'], Bilingual> = {
  valid: { 'zh-CN': '有效', en: 'valid' },
  suspended: { 'zh-CN': '中止', en: 'suspended' },
  terminated: { 'zh-CN': '终止', en: 'terminated' },
  notIssued: { 'zh-CN': '尚未签发', en: 'not yet issued' },
};

const points = (h: Hundredths): string => String(h / 100);

/**
 * Whether an applicant may apply for settlement in a round with cut-off `cutOff`, with every reason
 * that stands against it (not just the first). Age and points are taken on the cut-off; the permit,
 * hukou, vetoes and bans as the service knows them on the day of application.
 */
export function settlementEligibility(
  input: SettlementEligibilityInput,
  cutOff: string,
  opts: { minimum?: Hundredths; fraudBanYears?: number } = {},
): SettlementEligibility {
  const minimum = opts.minimum ?? SETTLEMENT_MINIMUM;
  const banYears = opts.fraudBanYears ?? FRAUD_BAN_YEARS;
  const cut = toDay(cutOff);
  const applied = toDay(input.appliedOn);
  const reasons: Array<Reason<SettlementIneligibility>> = [];
  const age = fullYears(toDay(input.birthDate), cut);
  if (age < 18) {
    reasons.push({ code: 'UNDER_18', text: { 'zh-CN': `截至${cutOff}未满18周岁(${age}周岁)`, en: `under 18 on ${cutOff} (aged ${age})` } });
  }
  if (!input.fullCivilCapacity) {
    reasons.push({ code: 'NO_FULL_CIVIL_CAPACITY', text: { 'zh-CN': '不具有完全民事行为能力', en: 'does not have full civil capacity' } });
  }
  if (input.pointsAtCutOff === null) {
    reasons.push({ code: 'NO_DETERMINATION', text: { 'zh-CN': `没有截至${cutOff}的积分核定结果`, en: `no points determination as of ${cutOff}` } });
  } else if (input.pointsAtCutOff < minimum) {
    reasons.push({
      code: 'POINTS_BELOW_MINIMUM',
      text: {
        'zh-CN': `截至${cutOff}积分${points(input.pointsAtCutOff)}分,未达到${points(minimum)}分`,
        en: `${points(input.pointsAtCutOff)} points on ${cutOff}, below ${points(minimum)}`,
      },
    });
  }
  const permit = input.permit;
  if (permit === null) {
    reasons.push({ code: 'PERMIT_MISSING', text: { 'zh-CN': '未持有《浙江省居住证》', en: 'holds no Zhejiang residence permit' } });
  } else {
    if (permit.status !== 'valid') {
      const s = PERMIT_STATUS_TEXT[permit.status];
      reasons.push({ code: 'PERMIT_NOT_VALID', text: { 'zh-CN': `居住证${s['zh-CN']},不是有效居住证`, en: `the residence permit is ${s.en}, not valid` } });
    }
    if (!permit.urban) {
      reasons.push({ code: 'PERMIT_NOT_URBAN', text: { 'zh-CN': '居住证不是杭州市区签发', en: 'the residence permit is not from the Hangzhou urban area' } });
    }
  }
  if (input.urbanHangzhouHukou) {
    reasons.push({ code: 'URBAN_HUKOU', text: { 'zh-CN': '已是杭州市区户籍', en: 'already holds Hangzhou urban hukou' } });
  }
  for (const v of input.vetoes) {
    const on = toDay(v.on);
    if (on > applied) continue;
    if (v.kind === 'fraud' || v.kind === 'fraudBan') {
      const until = addYears(on, banYears);
      if (applied >= until) continue;
      reasons.push({
        code: 'FRAUD_BAN',
        text: { 'zh-CN': `因弄虚作假,${formatDay(until)}前不得申请`, en: `barred for false materials until ${formatDay(until)}` },
      });
    } else {
      reasons.push({ code: 'VETO', text: { 'zh-CN': `一票否决指标(${v.kind},${v.on})`, en: `a veto indicator (${v.kind}, ${v.on})` } });
    }
  }
  return { eligible: reasons.length === 0, reasons };
}

// ---------------------------------------------------------------------------------------------
// Ordering by integer key columns

export interface SortKey {
  /** Used in error messages. */
  name: string;
  /** One safe integer per item; the range (max − min) must fit in 32 bits. */
  values: ArrayLike<number>;
  descending: boolean;
}

/**
 * The items 0 … n−1 ordered by `keys`, most significant first, each ascending or descending. A
 * stable LSD radix sort over an index array (16-bit digits, 8-bit below 65,536 items): O(n) per
 * digit, no comparator calls. With `uniqueLast`, the last key must be unique (an id): a duplicate throws, since it would make
 * the order depend on the input order.
 */
export function orderByKeys(n: number, keys: readonly SortKey[], uniqueLast = true): Uint32Array {
  let idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  let tmp = new Uint32Array(n);
  const norm = new Uint32Array(n);
  // A pass costs about 2n + 2·2^bits: wide digits pay off only when the items outnumber the buckets.
  const bits = n >= 1 << 16 ? 16 : 8;
  const buckets = 1 << bits;
  const mask = buckets - 1;
  const count = new Uint32Array(buckets);
  for (let k = keys.length - 1; k >= 0; k--) {
    const { name, values, descending } = keys[k]!;
    if (values.length !== n) throw new RangeError(`${name}: ${values.length} values for ${n} items`);
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      if (!Number.isSafeInteger(v)) throw new RangeError(`${name}[${i}] is not an integer: ${v}`);
      if (v < min) min = v;
      if (v > max) max = v;
    }
    const range = max - min;
    if (range > 0xffffffff) throw new RangeError(`${name}: values span more than 32 bits`);
    if (range > 0) {
      for (let i = 0; i < n; i++) norm[i] = descending ? max - values[i]! : values[i]! - min;
      for (let shift = 0; shift < 32 && range / 2 ** shift >= 1; shift += bits) {
        count.fill(0);
        for (let i = 0; i < n; i++) count[(norm[idx[i]!]! >>> shift) & mask]!++;
        let sum = 0;
        for (let b = 0; b < buckets; b++) {
          const c = count[b]!;
          count[b] = sum;
          sum += c;
        }
        for (let i = 0; i < n; i++) {
          const item = idx[i]!;
          tmp[count[(norm[item]! >>> shift) & mask]!++] = item;
        }
        const t = idx;
        idx = tmp;
        tmp = t;
      }
    }
    if (uniqueLast && k === keys.length - 1) {
      for (let p = 1; p < n; p++) {
        if (values[idx[p]!] === values[idx[p - 1]!]) throw new RangeError(`${name}: duplicate value ${values[idx[p]!]}`);
      }
    }
  }
  return idx;
}

/**
 * Standard competition ranks ("1224") of an order over the first `keys.length` keys: items equal on
 * all of them share the rank of the first of them; the next distinct item's rank is its position.
 */
export function competitionRanks(order: Uint32Array, keys: readonly SortKey[]): Uint32Array {
  const n = order.length;
  const ranks = new Uint32Array(n);
  for (let p = 0; p < n; p++) {
    if (p > 0) {
      const a = order[p - 1]!;
      const b = order[p]!;
      let same = true;
      for (const k of keys) {
        if (k.values[a] !== k.values[b]) {
          same = false;
          break;
        }
      }
      if (same) {
        ranks[p] = ranks[p - 1]!;
        continue;
      }
    }
    ranks[p] = p + 1;
  }
  return ranks;
}

// ---------------------------------------------------------------------------------------------
// Ranking

/**
 * The published tie-break keys of one person's determination (digest §1.6): total points, then the
 * longer residence registration, then the higher social-insurance points, then the higher basic points.
 * `residenceMonths` is the counted residence time in full months (each full 30 days, interruptions
 * summed, uncapped), not the residence points, which stop at 20 years and move only by whole years
 * (docs/policy-interpretation.md#tie-break-chain).
 */
export interface ChainKey {
  total: Hundredths;
  residenceMonths: number;
  socialInsurance: Hundredths;
  basic: Hundredths;
}

/** Compares two chain keys: negative when `a` ranks before `b`, 0 when they are a complete tie. */
export function compareChain(a: ChainKey, b: ChainKey): number {
  return b.total - a.total || b.residenceMonths - a.residenceMonths || b.socialInsurance - a.socialInsurance || b.basic - a.basic;
}

/** One ranked settlement applicant, as reproduced from stored determinations. */
export interface SettlementCandidate extends ChainKey {
  /** The settlement application's id: the last tie-break, unique. */
  id: number;
  /** The day the settlement application was accepted: the earlier ranks first, after the published chain. */
  acceptedOn: string;
}

export interface Ranked<T> {
  candidate: T;
  /** 1 … n, unique: the order with the final rule (acceptance date, then id) applied. */
  position: number;
  /** Competition rank over the published chain only: complete ties share a rank (1, 2, 2, 4). */
  rank: number;
}

/** The basic indicators (基础指标, digest §1.1): age, education or title, residence, social insurance, housing. */
export const BASIC_INDICATORS: readonly IndicatorCode[] = ['age', 'education', 'qualification', 'residence', 'socialInsurance', 'housing'];

/** Social-insurance and basic points from a determination's item points (hundredths, in INDICATOR_ORDER). */
export function chainPointsFromItems(itemsH: readonly number[]): { socialInsurance: Hundredths; basic: Hundredths } {
  if (itemsH.length !== INDICATOR_ORDER.length) throw new RangeError(`expected ${INDICATOR_ORDER.length} item points, got ${itemsH.length}`);
  let basic = 0;
  for (const code of BASIC_INDICATORS) basic += itemsH[INDICATOR_ORDER.indexOf(code)]!;
  return { socialInsurance: itemsH[INDICATOR_ORDER.indexOf('socialInsurance')]!, basic };
}

/** Key columns of the chain for items read through `key`, most significant first. */
export function chainKeys(n: number, key: (i: number) => ChainKey): SortKey[] {
  const total = new Float64Array(n);
  const residence = new Float64Array(n);
  const insurance = new Float64Array(n);
  const basic = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const k = key(i);
    total[i] = k.total;
    residence[i] = k.residenceMonths;
    insurance[i] = k.socialInsurance;
    basic[i] = k.basic;
  }
  return [
    { name: 'total', values: total, descending: true },
    { name: 'residenceMonths', values: residence, descending: true },
    { name: 'socialInsurance', values: insurance, descending: true },
    { name: 'basic', values: basic, descending: true },
  ];
}

/** The final rule after the published chain: earlier acceptance first, then the lower id. */
export function finalKeys(n: number, acceptedOn: (i: number) => string, id: (i: number) => number): SortKey[] {
  const day = new Float64Array(n);
  const ids = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    day[i] = toDay(acceptedOn(i));
    ids[i] = id(i);
  }
  return [
    { name: 'acceptedOn', values: day, descending: false },
    { name: 'id', values: ids, descending: false },
  ];
}

/** The order (input indices by position) and competition ranks of settlement applicants. */
function rankColumns(applicants: readonly SettlementCandidate[]): { order: Uint32Array; ranks: Uint32Array } {
  const n = applicants.length;
  const chain = chainKeys(n, (i) => applicants[i]!);
  const order = orderByKeys(n, [...chain, ...finalKeys(n, (i) => applicants[i]!.acceptedOn, (i) => applicants[i]!.id)]);
  return { order, ranks: competitionRanks(order, chain) };
}

/**
 * Ranks settlement applicants: total desc, residence months desc, social-insurance points desc, basic
 * points desc, then acceptance date asc, then id asc. Throws on a duplicate id or a non-integer key.
 */
export function rank<T extends SettlementCandidate>(applicants: readonly T[]): Array<Ranked<T>> {
  const { order, ranks } = rankColumns(applicants);
  const out = new Array<Ranked<T>>(order.length);
  for (let p = 0; p < order.length; p++) out[p] = { candidate: applicants[order[p]!]!, position: p + 1, rank: ranks[p]! };
  return out;
}

export interface AdmissionEntry<T> extends Ranked<T> {
  admitted: boolean;
}

export interface LineDrawn {
  kind: 'line' | 'quota';
  /**
   * The score line as published: for a line round the configured line; for a quota round the lowest
   * total admitted (null when nobody is).
   */
  total: Hundredths | null;
  /** The chain key of the last person admitted: a quota line may cut through a group of equal totals. */
  last: ChainKey | null;
  admitted: number;
  quota: number | null;
  /**
   * A complete tie across the quota (people equal under the whole published chain, some inside the
   * quota and some beyond): its shared rank, its positions (1-based, both included), and whether the
   * round's rule admitted it.
   */
  tie: { rank: number; from: number; to: number; admitted: boolean } | null;
}

export interface RoundOutcome<T> {
  entries: Array<AdmissionEntry<T>>;
  line: LineDrawn;
}

function keyOf(c: ChainKey): ChainKey {
  return { total: c.total, residenceMonths: c.residenceMonths, socialInsurance: c.socialInsurance, basic: c.basic };
}

/**
 * How many are admitted from the top of a ranking of `n` under `rule`, and the tie across a quota.
 * `rankAt(p)` and `totalAt(p)` read position p (0-based).
 */
function admission(n: number, rule: SettlementRule, rankAt: (p: number) => number, totalAt: (p: number) => Hundredths): { count: number; tie: LineDrawn['tie'] } {
  if (rule.kind === 'line') {
    let count = 0;
    while (count < n && totalAt(count) >= rule.line) count++;
    return { count, tie: null };
  }
  if (n <= rule.quota) return { count: n, tie: null };
  // Positions quota−1 and quota (0-based) straddle the quota; a shared rank means a complete tie.
  const r = rankAt(rule.quota - 1);
  if (rankAt(rule.quota) !== r) return { count: rule.quota, tie: null };
  const from = r - 1;
  let to = rule.quota;
  while (to + 1 < n && rankAt(to + 1) === r) to++;
  const all = tiesAtLineOf(rule) === 'admitAll';
  return { count: all ? to + 1 : from, tie: { rank: r, from: from + 1, to: to + 1, admitted: all } };
}

function lineOf(rule: SettlementRule, count: number, last: ChainKey | null, tie: LineDrawn['tie']): LineDrawn {
  return {
    kind: rule.kind,
    total: rule.kind === 'line' ? rule.line : (last?.total ?? null),
    last: last === null ? null : keyOf(last),
    admitted: count,
    quota: rule.kind === 'quota' ? rule.quota : null,
    tie,
  };
}

/** Admits from a ranking under the round's rule. `ranked` must be `rank`'s output (eligible applicants only). */
export function drawLine<T extends ChainKey>(ranked: ReadonlyArray<Ranked<T>>, rule: SettlementRule): RoundOutcome<T> {
  const n = ranked.length;
  const { count, tie } = admission(n, rule, (p) => ranked[p]!.rank, (p) => ranked[p]!.candidate.total);
  const entries = new Array<AdmissionEntry<T>>(n);
  for (let p = 0; p < n; p++) {
    const r = ranked[p]!;
    entries[p] = { candidate: r.candidate, position: r.position, rank: r.rank, admitted: p < count };
  }
  return { entries, line: lineOf(rule, count, count > 0 ? ranked[count - 1]!.candidate : null, tie) };
}

/** `drawLine(rank(applicants), rule)` in one pass: a round's outcome from its eligible applicants. */
export function settleRound<T extends SettlementCandidate>(applicants: readonly T[], rule: SettlementRule): RoundOutcome<T> {
  const { order, ranks } = rankColumns(applicants);
  const n = order.length;
  const { count, tie } = admission(n, rule, (p) => ranks[p]!, (p) => applicants[order[p]!]!.total);
  const entries = new Array<AdmissionEntry<T>>(n);
  for (let p = 0; p < n; p++) entries[p] = { candidate: applicants[order[p]!]!, position: p + 1, rank: ranks[p]!, admitted: p < count };
  return { entries, line: lineOf(rule, count, count > 0 ? applicants[order[count - 1]!]! : null, tie) };
}
