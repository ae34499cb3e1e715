/**
 * Plain-date arithmetic for the benchmark's generator and its two baselines, written apart from
 * src/rules/dates.ts on purpose: the hand-written scorer must not inherit the engine's costs.
 * A day is a day number since 1970-01-01, a month is year * 12 + month - 1; input is known valid.
 */

/** Day number of a civil date, after Howard Hinnant's days_from_civil. */
export function dayOf(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * ((m + 9) % 12) + 2) / 5) + d - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

export interface Ymd {
  y: number;
  m: number;
  d: number;
}

export function ymdOf(day: number): Ymd {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

const digit = (s: string, i: number): number => s.charCodeAt(i) - 48;

/** `YYYY-MM-DD` → year, month, day, reading characters (no regex, no Number()). */
export function ymdOfIso(s: string): Ymd {
  return {
    y: digit(s, 0) * 1000 + digit(s, 1) * 100 + digit(s, 2) * 10 + digit(s, 3),
    m: digit(s, 5) * 10 + digit(s, 6),
    d: digit(s, 8) * 10 + digit(s, 9),
  };
}

export function dayOfIso(s: string): number {
  const y = digit(s, 0) * 1000 + digit(s, 1) * 100 + digit(s, 2) * 10 + digit(s, 3);
  return dayOf(y, digit(s, 5) * 10 + digit(s, 6), digit(s, 8) * 10 + digit(s, 9));
}

/** `YYYY-MM` → month index. */
export function monthOfIso(s: string): number {
  return (digit(s, 0) * 1000 + digit(s, 1) * 100 + digit(s, 2) * 10 + digit(s, 3)) * 12 + digit(s, 5) * 10 + digit(s, 6) - 1;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

export function isoOfDay(day: number): string {
  const { y, m, d } = ymdOf(day);
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

export function isoOfMonth(index: number): string {
  const y = Math.floor(index / 12);
  return `${y}-${pad2(index - y * 12 + 1)}`;
}

export function monthOfDay(day: number): number {
  const { y, m } = ymdOf(day);
  return y * 12 + m - 1;
}

export function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysIn(y: number, m: number): number {
  if (m === 2) return isLeap(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** The same date `years` later (or earlier); 29 February becomes 28 February. */
export function addYearsYmd(t: Ymd, years: number): number {
  const y = t.y + years;
  return dayOf(y, t.m, Math.min(t.d, daysIn(y, t.m)));
}

/** Full years (周岁) from `from` to `on`. */
export function fullYearsYmd(from: Ymd, on: Ymd): number {
  let n = on.y - from.y;
  if (on.m < from.m || (on.m === from.m && on.d < from.d)) n -= 1;
  return n;
}

export interface Span {
  from: number;
  to: number;
}

/** Sorts `list` in place (when it is not in order already) and merges it into disjoint, non-adjacent spans. */
export function mergeInPlace(list: Span[]): Span[] {
  if (list.length < 2) return list.length === 0 ? list : [{ from: list[0]!.from, to: list[0]!.to }];
  let inOrder = true;
  for (let i = 1; i < list.length && inOrder; i++) inOrder = list[i]!.from >= list[i - 1]!.from;
  if (!inOrder) list.sort((a, b) => a.from - b.from);
  const out: Span[] = [];
  let from = list[0]!.from;
  let to = list[0]!.to;
  for (let i = 1; i < list.length; i++) {
    const s = list[i]!;
    if (s.from <= to + 1) {
      if (s.to > to) to = s.to;
    } else {
      out.push({ from, to });
      from = s.from;
      to = s.to;
    }
  }
  out.push({ from, to });
  return out;
}

export function lengthOf(merged: readonly Span[]): number {
  let n = 0;
  for (const s of merged) n += s.to - s.from + 1;
  return n;
}
