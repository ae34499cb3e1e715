/**
 * The points engine: `evaluate(facts, asOf)` under the policy version in force on `asOf`.
 *
 * Pure and synchronous: no I/O, no clock, no randomness. The same module runs in the browser (the
 * simulator) and on the server (determinations, batch recompute). Every item explains itself: a
 * human-readable detail and a trace naming the rule, its source, and each record it counted or
 * excluded with the reason. Readings of ambiguous clauses are listed in
 * docs/policy-interpretation.md; the trace of each such rule carries its anchor there.
 */
import type { CompiledPolicy, CompiledSteps } from './compile.ts';
import { addYears, formatDay, formatMonth, fullYears, monthOfDay, toDay, toMonth } from './dates.ts';
import type { Facts } from './facts.ts';
import { coveredRunFromStart, gaps, intersect, totalLength, union, type Interval } from './intervals.ts';
import { messagesFor, type Locale, type Messages, type WarningCode } from './messages.ts';
import { INDICATOR_ORDER, type HonourLevel, type IndicatorCode, type OffenceKind, type Source } from './policy.ts';
import { formatPoints, toPoints, type Hundredths } from './points.ts';
import { policyById, policyInForce } from './registry.ts';

export type TraceEffect = 'counted' | 'excluded' | 'capped' | 'applied';

export interface TraceEntry {
  /** The rule, e.g. `socialInsurance.perMonth`. */
  rule: string;
  /** The source id (see src/rules/policies/sources.ts) and the clause it is taken from. */
  source: string;
  clause: string;
  effect: TraceEffect;
  /** The record concerned, as a path into the facts: `socialInsurance[2]`. */
  record?: string;
  reason?: string;
  /** Points this entry adds (or takes away); absent where it adds none by itself. */
  points?: number;
  /** Anchor in docs/policy-interpretation.md where a reading of this clause was chosen. */
  interpretation?: string;
}

export interface Item {
  indicator: IndicatorCode;
  /** Indicator name in the result's language. */
  name: string;
  points: number;
  detail: string;
  trace: TraceEntry[];
  /**
   * Added field (facts-v1 allows additions): the counted measure behind the residence item — days,
   * full 30-day months and full years, uncapped — which the settlement tie-break "longer residence"
   * compares (docs/policy-interpretation.md#tie-break-chain). Absent on every other item.
   */
  measure?: ResidenceMeasure;
}

export interface ResidenceMeasure {
  days: number;
  months: number;
  years: number;
}

export interface Warning {
  code: WarningCode;
  message: string;
}

export interface Result {
  policyVersion: string;
  asOf: string;
  total: number;
  eligible: boolean;
  items: Item[];
  warnings: Warning[];
  /** Added field: the warning codes that make `eligible` false (empty when eligible). */
  ineligibleReasons: WarningCode[];
}

export interface EvaluateOptions {
  /** A policy version id; default: the version in force on `asOf`. */
  policy?: string;
  locale?: Locale;
}

export class FactsError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'FactsError';
  }
}

interface Ctx {
  p: CompiledPolicy;
  m: Messages;
  asOf: number;
  asOfText: string;
  warnings: Warning[];
}

interface Scored {
  indicator: IndicatorCode;
  h: Hundredths;
  detail: string;
  trace: TraceEntry[];
  measure?: ResidenceMeasure;
}

function warn(ctx: Ctx, code: WarningCode, params: Record<string, string> = {}): void {
  // A result carries a handful of warnings at most: a scan beats allocating a Set per evaluation.
  for (const w of ctx.warnings) if (w.code === code) return;
  ctx.warnings.push({ code, message: ctx.m.warning[code](params) });
}

/**
 * False while an evaluation runs without its trace (the recompute, which stores totals only).
 * Evaluations are synchronous, so a module variable set around one cannot leak into another.
 */
let tracing = true;
const UNTRACED: TraceEntry = { rule: '', source: '', clause: '', effect: 'applied' };

function entry(
  rule: string,
  src: Source,
  effect: TraceEffect,
  extra?: { record?: string; reason?: string; h?: Hundredths },
): TraceEntry {
  if (!tracing) return UNTRACED;
  // Every entry has the same shape (absent fields are undefined, which JSON leaves out), so the
  // engine's hot path sees one hidden class.
  return {
    rule,
    source: src.id,
    clause: src.clause,
    effect,
    record: extra?.record,
    reason: extra?.reason,
    points: extra?.h === undefined ? undefined : toPoints(extra.h),
    interpretation: src.interpretation,
  };
}

function capAt(ctx: Ctx, rule: string, src: Source, h: Hundredths, cap: Hundredths | null, trace: TraceEntry[]): Hundredths {
  if (cap === null || h <= cap) return h;
  trace.push(entry(rule, src, 'capped', { reason: ctx.m.capped(formatPoints(cap)), h: cap - h }));
  return cap;
}

// ---------------------------------------------------------------------------------------------
// Basic indicators

function age(ctx: Ctx, f: Facts): Scored {
  const r = ctx.p.age;
  const years = fullYears(toDay(f.person.birthDate), ctx.asOf);
  let h = 0;
  for (const b of r.bands) {
    if ((b.fromAge === null || years >= b.fromAge) && (b.toAge === null || years <= b.toAge)) {
      h = b.pointsH + (b.toAge === null ? 0 : b.perYearH * (b.toAge - years));
      break;
    }
  }
  const trace = [entry('age.bands', r.source, 'counted', { record: 'person.birthDate', h })];
  h = capAt(ctx, 'age.cap', r.source, h, r.cap, trace);
  return { indicator: 'age', h, detail: ctx.m.detail.age(years, ctx.asOfText), trace };
}

function education(ctx: Ctx, f: Facts): Scored {
  const r = ctx.p.education;
  const e = f.education;
  if (!e) return { indicator: 'education', h: 0, detail: ctx.m.none, trace: [] };
  const name = ctx.m.level[e.level] ?? e.level;
  if (e.abroad === true && e.certified !== true && r.foreignNeedsCertificate) {
    warn(ctx, 'FOREIGN_DEGREE_UNCERTIFIED');
    return {
      indicator: 'education',
      h: 0,
      detail: `${ctx.m.detail.education(name)}; ${ctx.m.reason.uncertifiedDegree}`,
      trace: [entry('education.foreignCertificate', r.certSource, 'excluded', { record: 'education', reason: ctx.m.reason.uncertifiedDegree })],
    };
  }
  const h = r.points[e.level] ?? 0;
  return {
    indicator: 'education',
    h,
    detail: ctx.m.detail.education(name),
    trace: [entry('education.points', r.source, 'counted', { record: 'education', h })],
  };
}

function qualification(ctx: Ctx, f: Facts): Scored {
  const r = ctx.p.qualification;
  const q = f.qualification;
  if (!q) return { indicator: 'qualification', h: 0, detail: ctx.m.none, trace: [] };
  const h = r.points[q.level] ?? 0;
  return {
    indicator: 'qualification',
    h,
    detail: ctx.m.detail.qualification(ctx.m.level[q.level] ?? q.level),
    trace: [entry('qualification.points', r.source, 'counted', { record: 'qualification', h })],
  };
}

/** Only the higher of two indicators counts; on a tie the first of the pair is kept. */
function highestOnly(ctx: Ctx, a: Scored, b: Scored): void {
  const [low, high] = b.h > a.h ? [a, b] : [b, a];
  if (low.h === 0) return;
  const src = ctx.p.highestOnly.source;
  low.trace.push(
    entry('highestOnly', src, 'excluded', {
      reason: ctx.m.detail.lowerOfTwo(ctx.m.indicator[high.indicator]),
      h: -low.h,
    }),
  );
  low.detail = `${low.detail}; ${ctx.m.detail.lowerOfTwo(ctx.m.indicator[high.indicator])}`;
  low.h = 0;
}

function residence(ctx: Ctx, f: Facts): Scored {
  const r = ctx.p.residence;
  const m = ctx.m;
  const trace: TraceEntry[] = [];
  const periods = f.residence ?? [];
  const counted: Interval[] = [];
  let continuity: Interval[] | undefined;
  let listed = 0;

  for (let i = 0; i < periods.length; i++) {
    const rp = periods[i]!;
    const record = `residence[${i}]`;
    const from = toDay(rp.from);
    if (from > ctx.asOf) {
      trace.push(entry('residence.period', r.countingSource, 'excluded', { record, reason: m.reason.futureRecord }));
      continue;
    }
    const span = { from, to: Math.min(toDay(rp.to), ctx.asOf) };
    if (rp.source === 'handwritten' && rp.verified !== true) {
      warn(ctx, 'HANDWRITTEN_RESIDENCE_NOT_COUNTED');
      trace.push(entry('residence.source', HANDWRITTEN, 'excluded', { record, reason: m.reason.handwritten }));
      continue;
    }
    if (rp.status === 'cancelled') {
      if (!r.cancelledCounts) {
        trace.push(entry('residence.cancelled', r.cancelledSource, 'excluded', { record, reason: m.reason.cancelledNoContinuity }));
        continue;
      }
      continuity ??= continuitySpans(f);
      const run = coveredRunFromStart(span, continuity);
      if (!run) {
        trace.push(entry('residence.cancelled', r.cancelledSource, 'excluded', { record, reason: m.reason.cancelledNoContinuity }));
        continue;
      }
      counted.push(run);
      listed += run.to - run.from + 1;
      trace.push(
        entry('residence.cancelled', r.cancelledSource, 'counted', {
          record,
          reason: m.reason.cancelledContinuity(formatDay(run.from), formatDay(run.to)),
        }),
      );
      continue;
    }
    counted.push(span);
    listed += span.to - span.from + 1;
    trace.push(
      entry('residence.period', rp.source === 'handwritten' ? HANDWRITTEN : r.countingSource, 'counted', {
        record,
        reason: rp.source === 'handwritten' ? m.reason.handwrittenVerified : m.reason.counted,
      }),
    );
  }

  const merged = union(counted);
  let days = totalLength(merged);
  const overlap = listed - days;
  if (overlap > 0) trace.push(entry('residence.overlap', r.countingSource, 'applied', { reason: m.reason.overlap(overlap) }));

  if (r.epidemic && merged.length > 1) {
    for (const g of gaps(merged)) {
      const part = intersect(g, r.epidemic);
      if (part) {
        // A bridged part lies inside a gap between merged periods, so its days simply add up.
        days += part.to - part.from + 1;
        trace.push(
          entry('residence.epidemic', r.epidemicSource, 'counted', {
            reason: m.reason.epidemicGap(formatDay(part.from), formatDay(part.to)),
          }),
        );
      }
    }
  }

  const months = Math.floor(days / r.daysPerMonth);
  const years = Math.floor(months / r.monthsPerYear);
  let h = years * r.perYear;
  if (days > 0 && years === 0) trace.push(entry('residence.minimum', r.countingSource, 'applied', { reason: m.reason.underOneYear }));
  if (h > 0) trace.push(entry('residence.perYear', r.source, 'applied', { h }));
  h = capAt(ctx, 'residence.cap', r.source, h, r.cap, trace);
  return { indicator: 'residence', h, detail: m.detail.residence(days, months, years), trace, measure: { days, months, years } };
}

function continuitySpans(f: Facts): Interval[] {
  const spans: Interval[] = [];
  for (const c of f.continuity ?? []) spans.push({ from: toDay(c.from), to: toDay(c.to) });
  return union(spans);
}

const HANDWRITTEN: Source = {
  id: 'faq2020.q5',
  document: '2020杭州居住证积分办理常见问题解答',
  clause: 'Q5 手工填写的《暂住证》无法自动计入居住年限,可窗口提供或异议核查',
  confidence: 'stated',
  interpretation: '#handwritten',
};

function socialInsurance(ctx: Ctx, f: Facts): Scored {
  const r = ctx.p.socialInsurance;
  const m = ctx.m;
  const trace: TraceEntry[] = [];
  const lastMonth = monthOfDay(ctx.asOf) - 1;
  const counted: Interval[] = [];
  let listed = 0;
  const runs = f.socialInsurance ?? [];
  for (let i = 0; i < runs.length; i++) {
    const run = runs[i]!;
    const record = `socialInsurance[${i}]`;
    if (run.backPaid === true) {
      trace.push(entry('socialInsurance.backPaid', r.source, 'excluded', { record, reason: m.reason.backPaid }));
      continue;
    }
    if (run.transferredIn === true) {
      trace.push(entry('socialInsurance.transferredIn', r.source, 'excluded', { record, reason: m.reason.transferredIn }));
      continue;
    }
    if (!r.schemes.has(run.scheme)) {
      trace.push(
        entry('socialInsurance.scheme', r.source, 'excluded', { record, reason: m.reason.schemeNotCounted(m.scheme[run.scheme]) }),
      );
      continue;
    }
    const from = toMonth(run.from);
    if (from > lastMonth) {
      trace.push(entry('socialInsurance.cutoff', r.source, 'excluded', { record, reason: m.reason.afterCutoff(formatMonth(lastMonth)) }));
      continue;
    }
    const listedTo = toMonth(run.to);
    const to = Math.min(listedTo, lastMonth);
    counted.push({ from, to });
    listed += to - from + 1;
    trace.push(
      entry('socialInsurance.perMonth', r.source, 'counted', {
        record,
        reason: to < listedTo ? m.reason.afterCutoff(formatMonth(lastMonth)) : m.reason.counted,
        h: (to - from + 1) * r.perMonth,
      }),
    );
  }
  const merged = union(counted);
  const months = totalLength(merged);
  const dup = listed - months;
  if (dup > 0) {
    trace.push(entry('socialInsurance.duplicate', r.source, 'excluded', { reason: m.reason.duplicateMonths(dup), h: -dup * r.perMonth }));
  }
  let h = months * r.perMonth;
  h = capAt(ctx, 'socialInsurance.cap', r.source, h, r.cap, trace);
  return { indicator: 'socialInsurance', h, detail: m.detail.socialInsurance(months), trace };
}

function housing(ctx: Ctx, f: Facts): Scored {
  const r = ctx.p.housing;
  const m = ctx.m;
  const hs = f.housing;
  if (!hs) return { indicator: 'housing', h: 0, detail: m.none, trace: [] };
  const record = 'housing';
  const from = toDay(hs.from);
  const src = hs.kind === 'rented' ? r.rentedSource : r.ownedSource;
  if (from > ctx.asOf) return noHousing(m, hs.kind, src, m.reason.futureRecord);
  if (hs.kind === 'offPlan') return noHousing(m, hs.kind, OFF_PLAN, m.reason.offPlan);
  if (!hs.livesThere) return noHousing(m, hs.kind, src, m.reason.notLivingThere);
  if (hs.kind === 'owned') {
    return {
      indicator: 'housing',
      h: r.owned,
      detail: m.detail.housingOwned,
      trace: [entry('housing.owned', src, 'counted', { record, h: r.owned })],
    };
  }
  if (hs.legalRental !== true) {
    warn(ctx, 'RENTAL_LEGALITY_UNCONFIRMED');
    return noHousing(m, hs.kind, src, m.reason.illegalRental);
  }
  const years = fullYears(from, ctx.asOf);
  const trace = [entry('housing.rentedPerYear', src, 'counted', { record, h: years * r.rentedPerYear })];
  const h = capAt(ctx, 'housing.rentedCap', src, years * r.rentedPerYear, r.rentedCap, trace);
  return { indicator: 'housing', h, detail: m.detail.housingRented(years), trace };
}

function noHousing(m: Messages, kind: string, src: Source, reason: string): Scored {
  return {
    indicator: 'housing',
    h: 0,
    detail: m.detail.housingNone(reason),
    trace: [entry(`housing.${kind}`, src, 'excluded', { record: 'housing', reason })],
  };
}

const OFF_PLAN: Source = {
  id: 'faq2020.q8',
  document: '2020杭州居住证积分办理常见问题解答',
  clause: 'Q8 期房不可以积分,不符合自购产权住房且实际居住的条件',
  confidence: 'stated',
};

// ---------------------------------------------------------------------------------------------
// Bonus indicators

const LEVEL_RANK: Record<HonourLevel, number> = { national: 4, provincial: 3, city: 2, district: 1 };

function honours(ctx: Ctx, f: Facts): Scored {
  const r = ctx.p.honours;
  const m = ctx.m;
  const list = f.honours ?? [];
  const trace: TraceEntry[] = [];
  const windowStart = addYears(ctx.asOf, -r.windowYears);
  // First pass: which awards are in scope; per deed, the index of the highest level.
  const inScope: number[] = [];
  const bestOfDeed = new Map<string, number>();
  for (let i = 0; i < list.length; i++) {
    const a = list[i]!;
    const record = `honours[${i}]`;
    if (a.issuer !== 'partyGovernment') {
      warn(ctx, 'ENTERPRISE_HONOUR_NOT_COUNTED');
      trace.push(entry('honours.issuer', ENTERPRISE, 'excluded', { record, reason: m.reason.enterpriseHonour }));
      continue;
    }
    const on = toDay(a.awardedOn);
    if (on > ctx.asOf) {
      trace.push(entry('honours.window', r.source, 'excluded', { record, reason: m.reason.futureRecord }));
      continue;
    }
    if (on < windowStart) {
      trace.push(entry('honours.window', r.source, 'excluded', { record, reason: m.reason.outsideWindow(r.windowYears) }));
      continue;
    }
    if (a.deedId !== undefined) {
      const prev = bestOfDeed.get(a.deedId);
      if (prev === undefined) bestOfDeed.set(a.deedId, i);
      else if (LEVEL_RANK[a.level] > LEVEL_RANK[list[prev]!.level]) {
        trace.push(entry('honours.sameDeed', r.source, 'excluded', { record: `honours[${prev}]`, reason: m.reason.sameDeed }));
        bestOfDeed.set(a.deedId, i);
      } else {
        trace.push(entry('honours.sameDeed', r.source, 'excluded', { record, reason: m.reason.sameDeed }));
        continue;
      }
    }
    inScope.push(i);
  }
  const perLevel: Record<HonourLevel, Hundredths> = { national: 0, provincial: 0, city: 0, district: 0 };
  let n = 0;
  for (const i of inScope) {
    const a = list[i]!;
    if (a.deedId !== undefined && bestOfDeed.get(a.deedId) !== i) continue;
    n++;
    perLevel[a.level] += r.perAward[a.level];
    trace.push(entry('honours.perAward', r.source, 'counted', { record: `honours[${i}]`, h: r.perAward[a.level] }));
  }
  let h = 0;
  for (const level of ['national', 'provincial', 'city', 'district'] as const) {
    let v = perLevel[level];
    const cap = r.capPerLevel[level];
    if (v > cap) {
      trace.push(entry('honours.capPerLevel', r.source, 'capped', { reason: m.reason.levelCap(m.honourLevel[level], formatPoints(cap)), h: cap - v }));
      v = cap;
    }
    h += v;
  }
  return { indicator: 'honours', h, detail: n === 0 && list.length === 0 ? m.none : m.detail.honours(n), trace };
}

const ENTERPRISE: Source = {
  id: 'faq2020.q9',
  document: '2020杭州居住证积分办理常见问题解答',
  clause: 'Q9 区级以上党委政府颁发的荣誉可积分;一般企事业单位发的荣誉证书不能积分',
  confidence: 'stated',
};

function boneMarrow(ctx: Ctx, f: Facts): Scored {
  const r = ctx.p.boneMarrow;
  if (f.boneMarrowDonated !== true) return { indicator: 'boneMarrow', h: 0, detail: ctx.m.none, trace: [] };
  return {
    indicator: 'boneMarrow',
    h: r.points,
    detail: ctx.m.detail.boneMarrow,
    trace: [entry('boneMarrow.points', r.source, 'counted', { record: 'boneMarrowDonated', h: r.points })],
  };
}

function stepPoints(s: CompiledSteps, amount: number): Hundredths {
  if (amount < s.firstAmount) return 0;
  return s.first + Math.floor((amount - s.firstAmount) / s.stepAmount) * s.step;
}

function stepped(
  ctx: Ctx,
  indicator: 'bloodDonation' | 'volunteering' | 'donation',
  amount: number | undefined,
  unit: string,
): Scored {
  const r = ctx.p[indicator];
  if (amount === undefined || amount === 0) return { indicator, h: 0, detail: ctx.m.none, trace: [] };
  const raw = stepPoints(r.steps, amount);
  const trace = [entry(`${indicator}.steps`, r.source, 'counted', { record: indicator === 'bloodDonation' ? 'bloodDonationMl' : indicator === 'volunteering' ? 'volunteerHours' : 'donationYuan', h: raw })];
  const h = capAt(ctx, `${indicator}.cap`, r.capSource, raw, r.cap, trace);
  return { indicator, h, detail: ctx.m.detail.amount(amount, unit), trace };
}

function incomeTax(ctx: Ctx, f: Facts): Scored {
  const r = ctx.p.incomeTax;
  const t = f.incomeTax;
  if (!t || (!t.wageYuan && !t.businessYuan)) return { indicator: 'incomeTax', h: 0, detail: ctx.m.none, trace: [] };
  const trace: TraceEntry[] = [];
  let raw = 0;
  if (t.wageYuan) {
    const w = stepPoints(r.wage, t.wageYuan);
    raw += w;
    trace.push(entry('incomeTax.wage', r.source, 'counted', { record: 'incomeTax.wageYuan', h: w }));
  }
  if (t.businessYuan) {
    const b = stepPoints(r.business, t.businessYuan);
    raw += b;
    trace.push(entry('incomeTax.business', r.source, 'counted', { record: 'incomeTax.businessYuan', h: b }));
  }
  const h = capAt(ctx, 'incomeTax.cap', r.capSource, raw, r.cap, trace);
  const total = (t.wageYuan ?? 0) + (t.businessYuan ?? 0);
  return { indicator: 'incomeTax', h, detail: ctx.m.detail.amount(total, ctx.m === messagesFor('en') ? 'yuan' : '元'), trace };
}

function patents(ctx: Ctx, f: Facts): Scored {
  const r = ctx.p.patents;
  const list = f.patents ?? [];
  if (list.length === 0) return { indicator: 'patents', h: 0, detail: ctx.m.none, trace: [] };
  const trace: TraceEntry[] = [];
  let raw = 0;
  let n = 0;
  for (let i = 0; i < list.length; i++) {
    const pt = list[i]!;
    const record = `patents[${i}]`;
    if (toDay(pt.grantedOn) > ctx.asOf) {
      trace.push(entry('patents.granted', r.source, 'excluded', { record, reason: ctx.m.reason.futureRecord }));
      continue;
    }
    if (pt.transferredIn === true) {
      trace.push(entry('patents.transferred', r.source, 'excluded', { record, reason: ctx.m.reason.transferredPatent }));
      continue;
    }
    const v = pt.firstInventor ? r.perPatent : r.other;
    raw += v;
    n++;
    trace.push(
      entry('patents.perPatent', r.source, 'counted', {
        record,
        reason: pt.firstInventor ? ctx.m.reason.counted : ctx.m.reason.otherInventor,
        h: v,
      }),
    );
  }
  const h = capAt(ctx, 'patents.cap', r.source, raw, r.cap, trace);
  return { indicator: 'patents', h, detail: ctx.m.detail.patents(n), trace };
}

// ---------------------------------------------------------------------------------------------
// Deductions

const byRecordIndex = (a: { i: number }, b: { i: number }): number => a.i - b.i;

function deductions(ctx: Ctx, f: Facts): Scored {
  const r = ctx.p.deductions;
  const m = ctx.m;
  const list = f.offences ?? [];
  if (list.length === 0) return { indicator: 'deductions', h: 0, detail: m.none, trace: [] };
  const trace: TraceEntry[] = [];
  const windowStart = addYears(ctx.asOf, -r.windowYears);
  // One act caught by several indicators is deducted once, at the highest value.
  const bestOfAct = new Map<string, { i: number; v: Hundredths }>();
  const chosen: Array<{ i: number; v: Hundredths }> = [];
  for (let i = 0; i < list.length; i++) {
    const o = list[i]!;
    const record = `offences[${i}]`;
    const on = toDay(o.on);
    if (on > ctx.asOf) {
      trace.push(entry('deductions.window', r.source, 'excluded', { record, reason: m.reason.futureRecord }));
      continue;
    }
    if (on < windowStart) {
      trace.push(entry('deductions.window', r.source, 'excluded', { record, reason: m.reason.outsideWindow(r.windowYears) }));
      continue;
    }
    const v = r.perCase[o.kind];
    if (o.actId === undefined) {
      chosen.push({ i, v });
      continue;
    }
    const prev = bestOfAct.get(o.actId);
    if (!prev) bestOfAct.set(o.actId, { i, v });
    else if (v > prev.v) {
      trace.push(entry('deductions.sameAct', r.source, 'excluded', { record: `offences[${prev.i}]`, reason: m.reason.sameAct }));
      bestOfAct.set(o.actId, { i, v });
    } else {
      trace.push(entry('deductions.sameAct', r.source, 'excluded', { record, reason: m.reason.sameAct }));
    }
  }
  for (const c of bestOfAct.values()) chosen.push(c);
  chosen.sort(byRecordIndex);
  let h = 0;
  for (const c of chosen) {
    const kind: OffenceKind = list[c.i]!.kind;
    if (r.unconfirmed.has(kind)) warn(ctx, 'DEDUCTION_VALUE_UNCONFIRMED', { kind: m.offence[kind] });
    h -= c.v;
    trace.push(entry('deductions.perCase', r.source, 'counted', { record: `offences[${c.i}]`, reason: m.offence[kind], h: -c.v }));
  }
  return { indicator: 'deductions', h, detail: m.detail.deductions(chosen.length), trace };
}

// ---------------------------------------------------------------------------------------------
// Eligibility

function ineligible(ctx: Ctx, reasons: WarningCode[], code: WarningCode, params?: Record<string, string>): void {
  reasons.push(code);
  warn(ctx, code, params);
}

function eligibility(ctx: Ctx, f: Facts): WarningCode[] {
  const reasons: WarningCode[] = [];
  for (const v of f.veto ?? []) {
    const on = toDay(v.on);
    if (on > ctx.asOf) continue;
    const isBan = v.kind === 'fraudBan' || v.kind === 'fraud';
    if (isBan && ctx.asOf >= addYears(on, ctx.p.fraudBanYears)) continue;
    ineligible(ctx, reasons, 'VETO', { kind: ctx.m.veto[v.kind] ?? v.kind, on: v.on });
    break;
  }
  const permit = f.permit;
  if (!permit) ineligible(ctx, reasons, 'PERMIT_MISSING');
  else {
    if (permit.status === 'suspended') ineligible(ctx, reasons, 'PERMIT_SUSPENDED');
    if (permit.status === 'terminated') ineligible(ctx, reasons, 'PERMIT_TERMINATED');
    if (permit.district !== undefined && ctx.p.urbanDistricts[permit.district] === undefined) {
      ineligible(ctx, reasons, 'PERMIT_NOT_URBAN', { district: permit.district });
    }
    if (permit.issuedOn !== undefined && toDay(permit.issuedOn) > ctx.asOf) ineligible(ctx, reasons, 'PERMIT_NOT_YET_ISSUED', { issuedOn: permit.issuedOn });
    if (permit.kind === 'paper9') warn(ctx, 'PAPER_PERMIT_WINDOW_ONLY');
  }
  if (f.person.urbanHangzhouHukou === true) warn(ctx, 'HUKOU_ALREADY_URBAN');
  return reasons;
}

// ---------------------------------------------------------------------------------------------

const SCORERS: Record<IndicatorCode, (ctx: Ctx, f: Facts) => Scored> = {
  age,
  education,
  qualification,
  residence,
  socialInsurance,
  housing,
  honours,
  boneMarrow: boneMarrow,
  bloodDonation: (ctx, f) => stepped(ctx, 'bloodDonation', f.bloodDonationMl, 'ml'),
  volunteering: (ctx, f) => stepped(ctx, 'volunteering', f.volunteerHours, ctx.m === messagesFor('en') ? 'hours' : '小时'),
  donation: (ctx, f) => stepped(ctx, 'donation', f.donationYuan, ctx.m === messagesFor('en') ? 'yuan' : '元'),
  incomeTax,
  patents,
  deductions,
};

/** A result with its total in hundredths, for callers that compare totals exactly. */
export interface Scoring {
  result: Result;
  totalH: Hundredths;
}

/** The evaluation under an already chosen, compiled version: shared by `evaluate`, the projection and the recompute. */
export function evaluateCompiled(p: CompiledPolicy, facts: Facts, asOf: string, locale?: Locale, trace = true): Scoring {
  const previous = tracing;
  tracing = trace;
  try {
    return score(p, facts, asOf, locale);
  } finally {
    tracing = previous;
  }
}

function score(p: CompiledPolicy, facts: Facts, asOf: string, locale: Locale | undefined): Scoring {
  if (!facts.person?.birthDate) throw new FactsError('facts.person.birthDate', 'is required');
  const asOfDay = toDay(asOf);
  const ctx: Ctx = { p, m: messagesFor(locale), asOf: asOfDay, asOfText: asOf, warnings: [] };
  const ineligibleReasons = eligibility(ctx, facts);

  const scored = {} as Record<IndicatorCode, Scored>;
  for (const code of INDICATOR_ORDER) scored[code] = SCORERS[code](ctx, facts);
  const [a, b] = p.highestOnly.pair as [IndicatorCode, IndicatorCode];
  highestOnly(ctx, scored[a], scored[b]);

  let sum = 0;
  const items: Item[] = [];
  for (const code of INDICATOR_ORDER) {
    const s = scored[code];
    sum += s.h;
    const item: Item = { indicator: code, name: ctx.m.indicator[code], points: toPoints(s.h), detail: s.detail, trace: tracing ? s.trace : [] };
    if (s.measure !== undefined) item.measure = s.measure;
    items.push(item);
  }
  const totalH = p.floorAtZero && sum < 0 ? 0 : sum;

  if (asOfDay < p.effectiveFrom || asOfDay > p.effectiveTo) warn(ctx, 'POLICY_NOT_IN_FORCE', { policy: p.version.id, asOf });
  if (p.unconfirmed && asOfDay >= p.unconfirmed.from) {
    warn(ctx, 'POLICY_VALUES_UNCONFIRMED', {
      from: formatDay(p.unconfirmed.from),
      indicators: p.unconfirmed.indicators.map((c) => ctx.m.indicator[c as IndicatorCode]).join(ctx.m === messagesFor('en') ? ', ' : '、'),
    });
  }

  return {
    result: {
      policyVersion: p.version.id,
      asOf,
      total: toPoints(totalH),
      eligible: ineligibleReasons.length === 0,
      items,
      warnings: ctx.warnings,
      ineligibleReasons,
    },
    totalH,
  };
}

/**
 * Scores `facts` (already validated against the facts-v1 schema) as of `asOf` (YYYY-MM-DD) under the
 * version in force that day, or under `options.policy` when named.
 */
export function evaluate(facts: Facts, asOf: string, options: EvaluateOptions = {}): Result {
  const p = options.policy ? policyById(options.policy) : policyInForce(asOf);
  return evaluateCompiled(p, facts, asOf, options.locale).result;
}
