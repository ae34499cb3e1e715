/**
 * "On which date will I reach 100 points if my residence and insurance continue?"
 *
 * The projection extends every residence registration and insurance run that is still running on
 * `asOf` (it ends on or after `asOf`, or in the month before it for insurance) into the future,
 * keeps every other fact as it is, and scores candidate dates under the version in force on each
 * (the latest version is assumed to stay in force). Age points can fall and honours leave their
 * window, so the total is not monotonic: the answer is the first date on which it reaches the target.
 */
import { addMonths, formatDay, monthOfDay, toDay, toMonth } from './dates.ts';
import { evaluateCompiled } from './evaluate.ts';
import type { Facts } from './facts.ts';
import type { Locale } from './messages.ts';
import { toPoints } from './points.ts';
import { policyById, policyInForceOn } from './registry.ts';

export interface Projection {
  target: number;
  /** First date the total reaches the target, or null if not within `horizonYears`. */
  reachedOn: string | null;
  /** The total on `reachedOn` (or on `asOf` when not reached). */
  totalThen: number;
  policyVersion: string | null;
  horizonYears: number;
  /** What was assumed, in the result's language. */
  assumption: string;
}

const FAR = '9999-12-31';

/** The facts with running residence and insurance extended far into the future. */
export function continueFacts(facts: Facts, asOf: string): Facts {
  const day = toDay(asOf);
  const lastMonth = monthOfDay(day) - 1;
  return {
    ...facts,
    residence: facts.residence?.map((r) =>
      r.status === 'registered' && r.source === 'police' && toDay(r.to) >= day ? { ...r, to: FAR } : r,
    ),
    socialInsurance: facts.socialInsurance?.map((s) =>
      s.backPaid !== true && s.transferredIn !== true && toMonth(s.to) >= lastMonth ? { ...s, to: '9999-12' } : s,
    ),
  };
}

export function project(
  facts: Facts,
  asOf: string,
  options: { target?: number; horizonYears?: number; locale?: Locale; policy?: string } = {},
): Projection {
  const target = options.target ?? 100;
  const targetH = Math.round(target * 100);
  const horizonYears = options.horizonYears ?? 40;
  const en = options.locale === 'en';
  const assumption = en
    ? 'assuming your current residence registration and social insurance continue without a break, and nothing else changes'
    : '假设当前居住登记和社会保险持续不间断,其他情况不变';
  const start = toDay(asOf);
  const extended = continueFacts(facts, asOf);
  // A named version is held fixed; otherwise each future date is scored under the version in force then.
  const fixed = options.policy ? policyById(options.policy) : undefined;
  const scoreOn = (day: number): { h: number; version: string } | undefined => {
    const p = fixed ?? policyInForceOn(day);
    if (!p) return undefined;
    return { h: evaluateCompiled(p, extended, formatDay(day), options.locale, false).totalH, version: p.version.id };
  };

  const first = scoreOn(start);
  if (first && first.h >= targetH) {
    return { target, reachedOn: asOf, totalThen: toPoints(first.h), policyVersion: first.version, horizonYears, assumption };
  }
  // Points change at most daily; step a week at a time, then walk back day by day within the week.
  const end = addMonths(start, horizonYears * 12);
  for (let d = start + 7; d <= end + 6; d += 7) {
    const s = scoreOn(Math.min(d, end));
    if (s && s.h >= targetH) {
      let hit = Math.min(d, end);
      let hitScore = s;
      for (let back = hit - 1; back > d - 7; back--) {
        const b = scoreOn(back);
        if (!b || b.h < targetH) break;
        hit = back;
        hitScore = b;
      }
      return {
        target,
        reachedOn: formatDay(hit),
        totalThen: toPoints(hitScore.h),
        policyVersion: hitScore.version,
        horizonYears,
        assumption,
      };
    }
  }
  return { target, reachedOn: null, totalThen: toPoints(first?.h ?? 0), policyVersion: first?.version ?? null, horizonYears, assumption };
}

