/**
 * The counting that a generic rules library leaves to code: residence years, insurance months,
 * honours and offences inside their windows, for hangzhou-2024. Shared by the json-rules-engine
 * fact callbacks and the total-only scorer; no trace, just numbers.
 */
import type { Facts } from '../../src/rules/index.ts';
import { addYearsYmd, dayOfIso, lengthOf, mergeInPlace, monthOfIso, type Span, type Ymd } from './calendar.ts';

export const URBAN = ['330102', '330103', '330104', '330105', '330106', '330108', '330109', '330110', '330111', '330112', '330113', '330114'];
const EPIDEMIC_FROM = dayOfIso('2020-01-23');
const EPIDEMIC_TO = dayOfIso('2023-01-07');
/** Deduction per case in points: which of one act's offences is the heaviest. */
const OFFENCE_WEIGHT = { crime: 150, drugRehab: 100, detention: 60, dishonest: 20 } as const;

/** Full years of counted residence: registered days, cancelled ones while continuity ran, epidemic gaps. */
export function residenceYears(f: Facts, asOf: number): number {
  const counted: Span[] = [];
  let cover: Span[] | undefined;
  for (const p of f.residence ?? []) {
    const from = dayOfIso(p.from);
    if (from > asOf) continue;
    if (p.source === 'handwritten' && p.verified !== true) continue;
    const to = Math.min(dayOfIso(p.to), asOf);
    if (p.status === 'cancelled') {
      cover ??= mergeInPlace((f.continuity ?? []).map((c) => ({ from: dayOfIso(c.from), to: dayOfIso(c.to) })));
      const c = cover.find((s) => s.from <= from && s.to >= from);
      if (c) counted.push({ from, to: Math.min(c.to, to) });
    } else counted.push({ from, to });
  }
  const merged = mergeInPlace(counted);
  let days = lengthOf(merged);
  for (let i = 1; i < merged.length; i++) {
    const from = Math.max(merged[i - 1]!.to + 1, EPIDEMIC_FROM);
    const to = Math.min(merged[i]!.from - 1, EPIDEMIC_TO);
    if (from <= to) days += to - from + 1;
  }
  return Math.floor(Math.floor(days / 30) / 12);
}

/** Months of pension or medical insurance, once each, up to the month before `asOf`; not back-paid or transferred in. */
export function insuranceMonths(f: Facts, _asOf: number, asOfYmd: Ymd): number {
  const last = asOfYmd.y * 12 + asOfYmd.m - 2;
  const counted: Span[] = [];
  for (const r of f.socialInsurance ?? []) {
    if (r.backPaid === true || r.transferredIn === true) continue;
    const from = monthOfIso(r.from);
    if (from <= last) counted.push({ from, to: Math.min(monthOfIso(r.to), last) });
  }
  return lengthOf(mergeInPlace(counted));
}

const RANK = { national: 4, provincial: 3, city: 2, district: 1 } as const;

/** Awards counted per level: party or government, within five years, one per deed (the highest). */
export function honourCounts(f: Facts, asOf: number, asOfYmd: Ymd): Record<string, number> {
  const counts: Record<string, number> = { national: 0, provincial: 0, city: 0, district: 0 };
  const start = addYearsYmd(asOfYmd, -5);
  const deeds = new Map<string, keyof typeof RANK>();
  for (const a of f.honours ?? []) {
    const on = dayOfIso(a.awardedOn);
    if (a.issuer !== 'partyGovernment' || on > asOf || on < start) continue;
    if (a.deedId === undefined) counts[a.level]!++;
    else {
      const prev = deeds.get(a.deedId);
      if (prev === undefined || RANK[a.level] > RANK[prev]) deeds.set(a.deedId, a.level);
    }
  }
  for (const level of deeds.values()) counts[level]!++;
  return counts;
}

/** Offences counted per kind: within five years, one act once at its heaviest. */
export function offenceCounts(f: Facts, asOf: number, asOfYmd: Ymd): Record<string, number> {
  const counts: Record<string, number> = { crime: 0, drugRehab: 0, detention: 0, dishonest: 0 };
  const start = addYearsYmd(asOfYmd, -5);
  const acts = new Map<string, keyof typeof OFFENCE_WEIGHT>();
  for (const o of f.offences ?? []) {
    const on = dayOfIso(o.on);
    if (on > asOf || on < start) continue;
    if (o.actId === undefined) counts[o.kind]!++;
    else {
      const prev = acts.get(o.actId);
      if (prev === undefined || OFFENCE_WEIGHT[o.kind] > OFFENCE_WEIGHT[prev]) acts.set(o.actId, o.kind);
    }
  }
  for (const kind of acts.values()) counts[kind]!++;
  return counts;
}
