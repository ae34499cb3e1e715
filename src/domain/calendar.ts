/**
 * The working-day calendar of the official mainland calendar, with its make-up working days (调休).
 *
 * Every deadline of the system (results 20 working days after acceptance, objections within 7 working
 * days, district verification within 15 working days) is counted here. The rule, stated once:
 *
 *   "N working days after D" is the N-th working day strictly after D. D itself never counts,
 *   whether or not it is a working day; 0 working days after D is D.
 *
 * Sources, in order of precedence for a date:
 *   1. override days an administrator entered from a State Council notice (a correction wins);
 *   2. the `chinese-days` data (`dist/chinese-days.json`) for the years it covers (2004–2026 today);
 *   3. for a year that neither covers, a provisional guess: Saturdays and Sundays rest, the holidays
 *      fixed by date rest (1 January; 1 May, and 2 May from 2025; 1–3 October), no make-up days.
 *      Every day of such a year is `provisional`, and so is every date computed through it.
 *
 * Pure: no I/O, no clock. A calendar precomputes, once, a table of day kinds with running counts, so
 * that counting and adding working days are a lookup and a binary search; dates outside the table
 * (far past or far future) are still answered correctly, one day at a time. See docs/working-days.md.
 */
import data from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { civil, daysInMonth, formatDay, parseDate, toDay } from '../rules/dates.ts';

/** `workday`: an ordinary Monday–Friday; `makeUpWorkday`: a Saturday or Sunday worked under a notice (调休上班). */
export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeUpWorkday';

export interface DayInfo {
  date: string;
  working: boolean;
  kind: DayKind;
  /** The holiday or make-up day's name in Chinese (e.g. 国庆节), when the source gives one. */
  name?: string;
  /** True when the day lies in a year whose notice is neither in chinese-days nor entered. */
  provisional: boolean;
}

export interface WorkingDayResult {
  date: string;
  /** True when any day from the start date + 1 through `date` lies in an uncovered year. */
  provisional: boolean;
}

/** One State Council notice on a year's holidays, e.g. `国办发明电〔2025〕7号`. */
export interface NoticeEntry {
  year: number;
  notice: string;
}

/** One day of a notice: a holiday (休) or a working day (班; on a weekend, a make-up working day). */
export interface OverrideDay {
  date: string;
  kind: 'holiday' | 'workday';
  name?: string;
}

/**
 * What an administrator enters. Entering a year's notice makes that year covered; its days are then
 * exactly chinese-days' days (if any) with the override days on top, and nothing else: enter every
 * holiday and every make-up working day of the notice. Every override day must be backed by a notice
 * entry for its own year or for the next year (a notice may name days at the end of the previous
 * December, e.g. Saturday 31 December 2011 worked under the 2012 notice).
 */
export interface CalendarOverrides {
  years: NoticeEntry[];
  days: OverrideDay[];
}

export interface WorkingCalendar {
  /** What kind of day `date` is. Throws on a malformed date. */
  dayInfo(date: string): DayInfo;
  /**
   * The n-th working day strictly after `date` (n a non-negative integer; n = 0 gives `date` itself,
   * not provisional). Throws on a malformed date or a negative or non-integer n.
   */
  addWorkingDays(date: string, n: number): WorkingDayResult;
  /** Working days in (from, to]: after `from`, up to and including `to`; 0 when to ≤ from. */
  workingDaysBetween(from: string, to: string): number;
  /** True when chinese-days has the year or its notice was entered. */
  isCovered(year: number): boolean;
  /** The covered years, ascending. */
  coveredYears(): number[];
}

// --- chinese-days, parsed once --------------------------------------------------------------------

interface Special {
  holiday: boolean;
  name: string | undefined;
}

const SOURCE = data as { holidays: Record<string, string>; workdays: Record<string, string> };

/** "National Day,国庆节,3" → "国庆节". */
function chineseName(value: string): string | undefined {
  const parts = value.split(',');
  const name = parts[1] ?? parts[0];
  return name === undefined || name === '' ? undefined : name;
}

function parseSource(map: Record<string, string>, holiday: boolean, into: Map<number, Special>): void {
  for (const [key, value] of Object.entries(map)) {
    into.set(toDay(key), { holiday, name: chineseName(value) });
  }
}

/** chinese-days' holidays and make-up working days (`workdays`; its `inLieuDays` are a subset of `holidays`). */
const SOURCE_DAYS: ReadonlyMap<number, Special> = (() => {
  const m = new Map<number, Special>();
  parseSource(SOURCE.holidays, true, m);
  parseSource(SOURCE.workdays, false, m);
  return m;
})();

/**
 * The years chinese-days covers: those whose 1 January it lists as a holiday. Every notice gives
 * 1 January off, and this keeps out a year that only holds a stray day of the next year's notice
 * (chinese-days lists 31 December 2022 under the 2023 notice, for instance).
 */
const SOURCE_YEARS: readonly number[] = Object.keys(SOURCE.holidays)
  .filter((k) => k.endsWith('-01-01'))
  .map((k) => Number(k.slice(0, 4)))
  .sort((a, b) => a - b);

// --- day kinds ------------------------------------------------------------------------------------

const WORKDAY = 0;
const WEEKEND = 1;
const HOLIDAY = 2;
const MAKE_UP = 3;
const KIND_MASK = 3;
const PROVISIONAL = 4;
const KINDS: readonly DayKind[] = ['workday', 'weekend', 'holiday', 'makeUpWorkday'];

/** 1970-01-01 (day 0) was a Thursday. */
function isWeekend(day: number): boolean {
  const dow = (((day + 4) % 7) + 7) % 7; // 0 = Sunday
  return dow === 0 || dow === 6;
}

/** The holidays fixed by date, assumed for a year with no notice (全国年节及纪念日放假办法). */
function fixedHoliday(y: number, m: number, d: number): string | undefined {
  if (m === 1 && d === 1) return '元旦';
  if (m === 5 && (d === 1 || (d === 2 && y >= 2025))) return '劳动节';
  if (m === 10 && d <= 3) return '国庆节';
  return undefined;
}

/** Years outside [first covered − this, last covered + that] are answered one day at a time. */
const TABLE_YEARS_BEFORE = 20;
const TABLE_YEARS_AFTER = 30;
const MIN_NOTICE_YEAR = 1950;
const MAX_NOTICE_YEAR = 2199;

// --- validation -----------------------------------------------------------------------------------

function fail(what: string, entry: unknown, why: string): never {
  throw new Error(`calendar overrides: ${what} ${JSON.stringify(entry)}: ${why}`);
}

function validate(overrides: CalendarOverrides): { years: Set<number>; days: Map<number, Special> } {
  if (!Array.isArray(overrides.years) || !Array.isArray(overrides.days)) {
    throw new Error('calendar overrides: `years` and `days` must both be arrays');
  }
  const years = new Set<number>();
  overrides.years.forEach((entry, i) => {
    const what = `years[${i}]`;
    if (!Number.isInteger(entry.year) || entry.year < MIN_NOTICE_YEAR || entry.year > MAX_NOTICE_YEAR) {
      fail(what, entry, `year must be an integer from ${MIN_NOTICE_YEAR} to ${MAX_NOTICE_YEAR}`);
    }
    if (typeof entry.notice !== 'string' || entry.notice.trim() === '') {
      fail(what, entry, 'notice must name the State Council notice');
    }
    if (years.has(entry.year)) fail(what, entry, `the notice for ${entry.year} is entered twice`);
    years.add(entry.year);
  });
  const days = new Map<number, Special & { index: number }>();
  overrides.days.forEach((entry, i) => {
    const what = `days[${i}]`;
    const day = typeof entry.date === 'string' ? parseDate(entry.date) : undefined;
    if (day === undefined) fail(what, entry, 'date is not a real date in the form YYYY-MM-DD');
    if (entry.kind !== 'holiday' && entry.kind !== 'workday') fail(what, entry, "kind must be 'holiday' or 'workday'");
    if (entry.name !== undefined && typeof entry.name !== 'string') fail(what, entry, 'name must be a string');
    const y = Number(entry.date.slice(0, 4));
    if (!years.has(y) && !years.has(y + 1)) {
      fail(what, entry, `no notice is entered for ${y}; enter the notice this day comes from in \`years\``);
    }
    const holiday = entry.kind === 'holiday';
    const before = days.get(day);
    if (before !== undefined) {
      if (before.holiday !== holiday) {
        fail(what, entry, `conflicts with days[${before.index}], which makes ${entry.date} a ${before.holiday ? 'holiday' : 'workday'}`);
      }
      return; // the same day twice, same kind: the first entry stands
    }
    const name = entry.name === undefined || entry.name.trim() === '' ? undefined : entry.name.trim();
    days.set(day, { holiday, name, index: i });
  });
  return { years, days };
}

// --- the calendar ---------------------------------------------------------------------------------

export function createCalendar(overrides: CalendarOverrides = { years: [], days: [] }): WorkingCalendar {
  const entered = validate(overrides);

  const covered = new Set<number>(SOURCE_YEARS);
  for (const y of entered.years) covered.add(y);
  const coveredList = [...covered].sort((a, b) => a - b);

  const specials = new Map<number, Special>(SOURCE_DAYS);
  for (const [day, s] of entered.days) specials.set(day, { holiday: s.holiday, name: s.name });

  /** Kind code of a day, with the PROVISIONAL bit. */
  const classify = (day: number, y: number, m: number, d: number): number => {
    const prov = covered.has(y) ? 0 : PROVISIONAL;
    const special = specials.get(day);
    if (special !== undefined) return (special.holiday ? HOLIDAY : isWeekend(day) ? MAKE_UP : WORKDAY) | prov;
    if (prov !== 0 && fixedHoliday(y, m, d) !== undefined) return HOLIDAY | prov;
    return (isWeekend(day) ? WEEKEND : WORKDAY) | prov;
  };

  // The table: one code per day from 1 January `lo` to 31 December `hi`, and running counts.
  const lo = (coveredList[0] ?? 2004) - TABLE_YEARS_BEFORE;
  const hi = (coveredList[coveredList.length - 1] ?? 2026) + TABLE_YEARS_AFTER;
  const t0 = toDay(`${lo}-01-01`);
  const t1 = toDay(`${hi + 1}-01-01`); // exclusive
  const size = t1 - t0;
  const codes = new Uint8Array(size);
  /** cumWork[k]: working days among table days 0..k-1; cumProv likewise for provisional days. */
  const cumWork = new Int32Array(size + 1);
  const cumProv = new Int32Array(size + 1);
  {
    let i = 0;
    for (let y = lo; y <= hi; y++) {
      for (let m = 1; m <= 12; m++) {
        const dim = daysInMonth(y, m);
        for (let d = 1; d <= dim; d++, i++) {
          const c = classify(t0 + i, y, m, d);
          codes[i] = c;
          const k = c & KIND_MASK;
          cumWork[i + 1] = cumWork[i]! + (k === WORKDAY || k === MAKE_UP ? 1 : 0);
          cumProv[i + 1] = cumProv[i]! + ((c & PROVISIONAL) !== 0 ? 1 : 0);
        }
      }
    }
  }

  const codeOf = (day: number): number => {
    if (day >= t0 && day < t1) return codes[day - t0]!;
    const { y, m, d } = civil(day);
    return classify(day, y, m, d);
  };
  const isWorking = (code: number): boolean => {
    const k = code & KIND_MASK;
    return k === WORKDAY || k === MAKE_UP;
  };

  /** Days in (from, to] whose code passes `test`; the table part by prefix difference. */
  const count = (from: number, to: number, prefix: Int32Array, test: (code: number) => boolean): number => {
    if (to <= from) return 0;
    const first = from + 1;
    let n = 0;
    const a = Math.max(first, t0);
    const b = Math.min(to, t1 - 1);
    if (a <= b) n += prefix[b - t0 + 1]! - prefix[a - t0]!;
    for (let x = first, end = Math.min(to, t0 - 1); x <= end; x++) if (test(codeOf(x))) n++;
    for (let x = Math.max(first, t1); x <= to; x++) if (test(codeOf(x))) n++;
    return n;
  };
  const isProvisional = (code: number): boolean => (code & PROVISIONAL) !== 0;

  const addDays = (start: number, n: number): { day: number; provisional: boolean } => {
    if (start >= t0 && start < t1) {
      const base = start - t0 + 1; // cumWork[base]: working days in the table up to and including start
      const target = cumWork[base]! + n;
      if (target <= cumWork[size]!) {
        // The smallest k with cumWork[k] >= target; day k - 1 is the n-th working day after start.
        let l = base + 1;
        let h = size;
        while (l < h) {
          const mid = (l + h) >>> 1;
          if (cumWork[mid]! >= target) h = mid;
          else l = mid + 1;
        }
        return { day: t0 + l - 1, provisional: cumProv[l]! - cumProv[base]! > 0 };
      }
    }
    let day = start;
    for (let left = n; left > 0; ) {
      day++;
      if (isWorking(codeOf(day))) left--;
    }
    return { day, provisional: count(start, day, cumProv, isProvisional) > 0 };
  };

  return {
    dayInfo(date) {
      const day = toDay(date);
      const { y, m, d } = civil(day);
      const code = codeOf(day);
      const kind = KINDS[code & KIND_MASK]!;
      const provisional = isProvisional(code);
      const name = specials.get(day)?.name ?? (provisional && kind === 'holiday' ? fixedHoliday(y, m, d) : undefined);
      const info: DayInfo = { date: formatDay(day), working: isWorking(code), kind, provisional };
      if (name !== undefined) info.name = name;
      return info;
    },

    addWorkingDays(date, n) {
      const start = toDay(date);
      if (!Number.isSafeInteger(n) || n < 0) {
        throw new RangeError(`working days to add must be a non-negative integer, got ${String(n)}`);
      }
      if (n === 0) return { date: formatDay(start), provisional: false };
      const r = addDays(start, n);
      return { date: formatDay(r.day), provisional: r.provisional };
    },

    workingDaysBetween(from, to) {
      return count(toDay(from), toDay(to), cumWork, isWorking);
    },

    isCovered(year) {
      return covered.has(year);
    },

    coveredYears() {
      return coveredList.slice();
    },
  };
}
