/**
 * Points-based school admission (积分入学) of migrants' children, the pure part: which child takes
 * part, whose points the child uses, the ranking per catchment district, and the allocation of seats.
 *
 * A child under 16 applies in the catchment district and uses the higher of the two parents' points
 * (digest §5). Children are ranked per district with the settlement chain (src/domain/settlement.ts:
 * total, residence, social insurance, basic points of the parent whose points count; then the earlier
 * acceptance, then the application id), and seats are then allocated by serial dictatorship: in rank
 * order, each child gets the first school on their list that still has a seat. Each district sets its
 * own detail (digest §5: "each district sets its own points-admission detail"), held as configuration:
 * a minimum of points, and how children pre-registered for a permit expected by 31 August compete.
 * Readings: docs/policy-interpretation.md#school-admission.
 */
import { fullYears, parseDate, toDay } from '../rules/dates.ts';
import type { Hundredths } from '../rules/points.ts';
import {
  chainKeys,
  compareChain,
  competitionRanks,
  finalKeys,
  orderByKeys,
  type Bilingual,
  type ChainKey,
  type Reason,
  type SortKey,
} from './settlement.ts';

/** Children use a parent's points while under this many full years (digest §5). */
export const MAX_CHILD_AGE = 16;

/**
 * How a district treats a child pre-registered for a permit expected by 31 August: `compete` ranks
 * them with everyone, the seat holding only with proof by `proofBy` (the default: the source has them
 * hand the proof to "the catchment school", which presumes a place); `after` ranks them after every
 * fully registered child; `excluded` leaves them out of this allocation.
 */
export type PreRegisteredRule = 'compete' | 'after' | 'excluded';

export interface DistrictRules {
  /** The district code, e.g. 330106. */
  district: string;
  /** Least points (hundredths) a child must use to take part; 0 or absent: none. */
  minimumPoints?: Hundredths;
  /** Default `compete`. */
  preRegistered?: PreRegisteredRule;
}

export interface School {
  id: number;
  district: string;
  seats: number;
}

export interface SchoolRound {
  /** A child must be under MAX_CHILD_AGE full years on this date. */
  ageOn: string;
  /** Pre-registered children must hand in proof of their permit by this date (31 August, digest §5). */
  proofBy: string;
  districts: readonly DistrictRules[];
  schools: readonly School[];
}

export interface ChildApplication {
  /** The application's id: the last tie-break, unique. */
  id: number;
  birthDate: string;
  /** The catchment district applied in. */
  district: string;
  /** Each parent's determination as a chain key; null for a parent without one. One or two entries. */
  parents: ReadonlyArray<ChainKey | null>;
  /** Pre-registered for a permit expected by 31 August. */
  preRegistered: boolean;
  /** School ids in order of preference; only schools of `district` count. */
  preferences: readonly number[];
  /** The day the application was accepted. */
  acceptedOn: string;
}

/**
 * The points a child uses: the parent whose determination ranks higher under the whole chain (the
 * higher total; on equal totals the better residence, then insurance, then basic points, so the child
 * never loses by which parent was picked). On a complete tie the first listed. Null when neither has one.
 */
export function childPoints(parents: ReadonlyArray<ChainKey | null>): { parent: number; key: ChainKey } | null {
  let best: { parent: number; key: ChainKey } | null = null;
  for (let parent = 0; parent < parents.length; parent++) {
    const key = parents[parent]!;
    if (key !== null && (best === null || compareChain(key, best.key) < 0)) best = { parent, key };
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// Configuration

export interface SchoolRoundProblem {
  path: string;
  code: 'INVALID_DATE' | 'DUPLICATE' | 'NOT_A_COUNT' | 'UNKNOWN_DISTRICT' | 'UNKNOWN_RULE';
  text: Bilingual;
}

const count = (n: unknown): boolean => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;

/** Every problem of a school round's configuration, empty when it is sound. */
export function validateSchoolRound(round: SchoolRound): SchoolRoundProblem[] {
  const out: SchoolRoundProblem[] = [];
  for (const path of ['ageOn', 'proofBy'] as const) {
    if (parseDate(round[path]) === undefined) out.push({ path, code: 'INVALID_DATE', text: { 'zh-CN': '不是有效日期(YYYY-MM-DD)', en: 'not a valid date (YYYY-MM-DD)' } });
  }
  const districts = new Set<string>();
  round.districts.forEach((d, i) => {
    if (districts.has(d.district)) out.push({ path: `districts[${i}].district`, code: 'DUPLICATE', text: { 'zh-CN': `区县 ${d.district} 重复`, en: `district ${d.district} listed twice` } });
    districts.add(d.district);
    if (d.minimumPoints !== undefined && !count(d.minimumPoints)) {
      out.push({ path: `districts[${i}].minimumPoints`, code: 'NOT_A_COUNT', text: { 'zh-CN': '最低积分须为非负整数百分分', en: 'the minimum must be a non-negative whole number of hundredths' } });
    }
    if (d.preRegistered !== undefined && !['compete', 'after', 'excluded'].includes(d.preRegistered)) {
      out.push({ path: `districts[${i}].preRegistered`, code: 'UNKNOWN_RULE', text: { 'zh-CN': '预登记规则须为 compete、after 或 excluded', en: 'preRegistered must be compete, after or excluded' } });
    }
  });
  const ids = new Set<number>();
  round.schools.forEach((s, i) => {
    if (ids.has(s.id)) out.push({ path: `schools[${i}].id`, code: 'DUPLICATE', text: { 'zh-CN': `学校 ${s.id} 重复`, en: `school ${s.id} listed twice` } });
    ids.add(s.id);
    if (!districts.has(s.district)) out.push({ path: `schools[${i}].district`, code: 'UNKNOWN_DISTRICT', text: { 'zh-CN': `区县 ${s.district} 没有规则`, en: `district ${s.district} has no rules` } });
    if (!count(s.seats)) out.push({ path: `schools[${i}].seats`, code: 'NOT_A_COUNT', text: { 'zh-CN': '学位数须为非负整数', en: 'seats must be a non-negative whole number' } });
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Eligibility

export type ChildIneligibility = 'CHILD_TOO_OLD' | 'DISTRICT_NOT_IN_ROUND' | 'NO_PARENT_POINTS' | 'BELOW_DISTRICT_MINIMUM' | 'PRE_REGISTRATION_EXCLUDED';

/** Why a child does not take part in the round (empty: the child takes part). */
export function childIneligibility(child: ChildApplication, round: SchoolRound, rules: DistrictRules | undefined): Array<Reason<ChildIneligibility>> {
  return reasonsAgainst(child, round.ageOn, toDay(round.ageOn), rules, childPoints(child.parents));
}

function reasonsAgainst(
  child: ChildApplication,
  ageOn: string,
  ageOnDay: number,
  rules: DistrictRules | undefined,
  used: { key: ChainKey } | null,
): Array<Reason<ChildIneligibility>> {
  const reasons: Array<Reason<ChildIneligibility>> = [];
  const age = fullYears(toDay(child.birthDate), ageOnDay);
  if (age >= MAX_CHILD_AGE) {
    reasons.push({ code: 'CHILD_TOO_OLD', text: { 'zh-CN': `截至${ageOn}已满${MAX_CHILD_AGE}周岁`, en: `${MAX_CHILD_AGE} or older on ${ageOn}` } });
  }
  if (rules === undefined) {
    reasons.push({ code: 'DISTRICT_NOT_IN_ROUND', text: { 'zh-CN': `区县 ${child.district} 不在本轮积分入学范围`, en: `district ${child.district} is not in this round` } });
  }
  if (used === null) {
    reasons.push({ code: 'NO_PARENT_POINTS', text: { 'zh-CN': '父母均无积分核定结果', en: 'neither parent has a points determination' } });
  } else if (rules?.minimumPoints !== undefined && used.key.total < rules.minimumPoints) {
    reasons.push({
      code: 'BELOW_DISTRICT_MINIMUM',
      text: { 'zh-CN': `积分${used.key.total / 100}分,低于本区最低${rules.minimumPoints / 100}分`, en: `${used.key.total / 100} points, below the district's minimum of ${rules.minimumPoints / 100}` },
    });
  }
  if (child.preRegistered && rules?.preRegistered === 'excluded') {
    reasons.push({ code: 'PRE_REGISTRATION_EXCLUDED', text: { 'zh-CN': '本区预登记的儿童不参加本次分配', en: 'this district leaves pre-registered children out of this allocation' } });
  }
  return reasons;
}

// ---------------------------------------------------------------------------------------------
// Allocation

export interface ChildPlacement {
  childId: number;
  district: string;
  /**
   * `noSeat`: every listed school of the district was full by the child's turn; `noPreferences`: the
   * child listed no school of the district; `ineligible`: not ranked (see `reasons`).
   */
  outcome: 'placed' | 'noSeat' | 'noPreferences' | 'ineligible';
  /** 1-based position in the district's ranking; null when not ranked. */
  position: number | null;
  /** Competition rank over the district's chain (pre-registration first when `after`, then the points chain). */
  rank: number | null;
  /** The total the child uses (hundredths), and which parent it comes from (index into `parents`). */
  points: Hundredths | null;
  parent: number | null;
  schoolId: number | null;
  /** Which preference was met, 0 = the first. */
  choice: number | null;
  /** Pre-registered and placed: the seat holds only with proof of the permit by `proofBy`. */
  conditional: boolean;
  /** Listed schools outside the child's district (or unknown): never considered. */
  ignoredPreferences: readonly number[];
  reasons: ReadonlyArray<Reason<ChildIneligibility>>;
}

/** Shared by every placement with nothing to list: 200,000 children need not mean 400,000 empty arrays. */
const NONE: readonly never[] = Object.freeze([]);

export interface SchoolFill {
  schoolId: number;
  district: string;
  seats: number;
  filled: number;
  /** The lowest total placed there (the school's line), null when nobody is. */
  lowestPoints: Hundredths | null;
}

export interface AllocationResult {
  /** District by district in the round's order, each in ranking order; then the children not ranked, in input order. */
  placements: ChildPlacement[];
  schools: SchoolFill[];
  /** The placements without a seat (noSeat, noPreferences, ineligible). */
  unplaced: ChildPlacement[];
}

/**
 * Allocates seats: per district, eligible children in rank order each take the first listed school of
 * the district with a free seat. Throws on a duplicate child id or a malformed key; the round should
 * have passed `validateSchoolRound`.
 */
export function allocate(round: SchoolRound, children: readonly ChildApplication[]): AllocationResult {
  const rulesOf = new Map<string, DistrictRules>();
  for (const d of round.districts) rulesOf.set(d.district, d);
  const slotOf = new Map<number, number>();
  const left = new Int32Array(round.schools.length);
  const lowest = new Float64Array(round.schools.length).fill(NaN);
  round.schools.forEach((s, i) => {
    slotOf.set(s.id, i);
    left[i] = s.seats;
  });

  const ageOnDay = toDay(round.ageOn);
  const seen = new Set<number>();
  const byDistrict = new Map<string, number[]>();
  const keys: Array<ChainKey | null> = new Array<ChainKey | null>(children.length).fill(null);
  const parents = new Int32Array(children.length).fill(-1);
  const placements: ChildPlacement[] = [];
  const notRanked: ChildPlacement[] = [];

  for (let i = 0; i < children.length; i++) {
    const c = children[i]!;
    if (seen.has(c.id)) throw new RangeError(`child application id: duplicate value ${c.id}`);
    seen.add(c.id);
    const used = childPoints(c.parents);
    const reasons = reasonsAgainst(c, round.ageOn, ageOnDay, rulesOf.get(c.district), used);
    if (used === null || reasons.length > 0) {
      notRanked.push({
        childId: c.id,
        district: c.district,
        outcome: 'ineligible',
        position: null,
        rank: null,
        points: used?.key.total ?? null,
        parent: used?.parent ?? null,
        schoolId: null,
        choice: null,
        conditional: false,
        ignoredPreferences: NONE,
        reasons,
      });
      continue;
    }
    keys[i] = used.key;
    parents[i] = used.parent;
    let list = byDistrict.get(c.district);
    if (list === undefined) byDistrict.set(c.district, (list = []));
    list.push(i);
  }

  for (const d of round.districts) {
    const members = byDistrict.get(d.district);
    if (members === undefined) continue;
    const n = members.length;
    const chain = chainKeys(n, (j) => keys[members[j]!]!);
    const ranked: SortKey[] = [...chain];
    if (d.preRegistered === 'after') {
      const flag = new Float64Array(n);
      for (let j = 0; j < n; j++) flag[j] = children[members[j]!]!.preRegistered ? 1 : 0;
      ranked.unshift({ name: 'preRegistered', values: flag, descending: false });
    }
    const final = finalKeys(n, (j) => children[members[j]!]!.acceptedOn, (j) => children[members[j]!]!.id);
    const order = orderByKeys(n, [...ranked, ...final]);
    const ranks = competitionRanks(order, ranked);
    for (let p = 0; p < n; p++) {
      const i = members[order[p]!]!;
      const c = children[i]!;
      const key = keys[i]!;
      let schoolId: number | null = null;
      let choice: number | null = null;
      let considered = 0;
      let ignored: readonly number[] = NONE;
      for (let k = 0; k < c.preferences.length; k++) {
        const id = c.preferences[k]!;
        const slot = slotOf.get(id);
        if (slot === undefined || round.schools[slot]!.district !== c.district) {
          ignored = [...ignored, id];
          continue;
        }
        considered++;
        if (schoolId === null && left[slot]! > 0) {
          left[slot]!--;
          if (Number.isNaN(lowest[slot]!) || key.total < lowest[slot]!) lowest[slot] = key.total;
          schoolId = id;
          choice = k;
        }
      }
      // Built in one go with its final values: objects whose fields change type after creation fall
      // off V8's fast path, and there are as many of them as children.
      placements.push({
        childId: c.id,
        district: c.district,
        outcome: schoolId !== null ? 'placed' : considered > 0 ? 'noSeat' : 'noPreferences',
        position: p + 1,
        rank: ranks[p]!,
        points: key.total,
        parent: parents[i]!,
        schoolId,
        choice,
        conditional: schoolId !== null && c.preRegistered,
        ignoredPreferences: ignored,
        reasons: NONE,
      });
    }
  }
  for (const p of notRanked) placements.push(p); // not a spread: it may hold more items than a call takes arguments

  const schools = round.schools.map((s, i): SchoolFill => ({
    schoolId: s.id,
    district: s.district,
    seats: s.seats,
    filled: s.seats - left[i]!,
    lowestPoints: Number.isNaN(lowest[i]!) ? null : lowest[i]!,
  }));
  return { placements, schools, unplaced: placements.filter((p) => p.outcome !== 'placed') };
}
