/**
 * Calendar arithmetic on plain dates, with no time zone and no Date objects on the hot path.
 *
 * A date is held as a day number (days since 1970-01-01) and a month as a month index
 * (year * 12 + month - 1). Every range in the facts contract is inclusive at both ends.
 */


export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Day number of a civil date (proleptic Gregorian), after Howard Hinnant's days_from_civil. */
export function dayNumber(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export interface Civil {
  y: number;
  m: number;
  d: number;
}

export function civil(day: number): Civil {
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

/** The digit at position i of s (0–9), or -1 for anything else. */
function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

/**
 * Parses `YYYY-MM-DD`; returns undefined for anything that is not a real calendar date. Hand-rolled
 * (no regular expression, no allocation): the engine and the facts assembly parse millions of dates.
 */
export function parseDate(s: string): number | undefined {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return undefined;
  const y0 = digit(s, 0);
  const y1 = digit(s, 1);
  const y2 = digit(s, 2);
  const y3 = digit(s, 3);
  const m0 = digit(s, 5);
  const m1 = digit(s, 6);
  const d0 = digit(s, 8);
  const d1 = digit(s, 9);
  if ((y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1) < 0) return undefined;
  const y = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const m = m0 * 10 + m1;
  const d = d0 * 10 + d1;
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return undefined;
  return dayNumber(y, m, d);
}

/** Parses a date already known to be valid (schema-checked input); throws otherwise. */
export function toDay(s: string): number {
  const v = parseDate(s);
  if (v === undefined) throw new RangeError(`not a date: ${s}`);
  return v;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** "2024年10月14日" — how the messages, notices and SMS to applicants write a date. */
export function chineseDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "14 October 2024": the same in the English messages. */
export function englishDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${Number(d)} ${MONTHS[Number(m) - 1] ?? m} ${y}`;
}

export function formatDay(day: number): string {
  const { y, m, d } = civil(day);
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

/** Parses `YYYY-MM` to a month index; undefined when malformed. Hand-rolled like `parseDate`. */
export function parseMonth(s: string): number | undefined {
  if (s.length !== 7 || s.charCodeAt(4) !== 45) return undefined;
  const y0 = digit(s, 0);
  const y1 = digit(s, 1);
  const y2 = digit(s, 2);
  const y3 = digit(s, 3);
  const m0 = digit(s, 5);
  const m1 = digit(s, 6);
  if ((y0 | y1 | y2 | y3 | m0 | m1) < 0) return undefined;
  const m = m0 * 10 + m1;
  if (m < 1 || m > 12) return undefined;
  return (y0 * 1000 + y1 * 100 + y2 * 10 + y3) * 12 + (m - 1);
}

export function toMonth(s: string): number {
  const v = parseMonth(s);
  if (v === undefined) throw new RangeError(`not a month: ${s}`);
  return v;
}

export function formatMonth(index: number): string {
  const y = Math.floor(index / 12);
  return `${y}-${pad2(index - y * 12 + 1)}`;
}

/** Month index of the month that contains a day. */
export function monthOfDay(day: number): number {
  const { y, m } = civil(day);
  return y * 12 + (m - 1);
}

/** The same calendar date `years` later; 29 February falls back to 28 February. */
export function addYears(day: number, years: number): number {
  const { y, m, d } = civil(day);
  const ny = y + years;
  return dayNumber(ny, m, Math.min(d, daysInMonth(ny, m)));
}

/** The same calendar date `months` later, clamped to the end of a shorter month. */
export function addMonths(day: number, months: number): number {
  const { y, m, d } = civil(day);
  const idx = y * 12 + (m - 1) + months;
  const ny = Math.floor(idx / 12);
  const nm = idx - ny * 12 + 1;
  return dayNumber(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}

/** Full years of age (周岁) on `on` for someone born on `birth`. */
export function fullYears(birth: number, on: number): number {
  const b = civil(birth);
  const o = civil(on);
  let age = o.y - b.y;
  if (o.m < b.m || (o.m === b.m && o.d < b.d)) age -= 1;
  return age;
}

/** Today's date in China Standard Time (UTC+8, no daylight saving), as `YYYY-MM-DD`. */
export function todayInChina(now: Date = new Date()): string {
  return formatDay(Math.floor((now.getTime() + 8 * 3600_000) / 86_400_000));
}
