/**
 * The life of a Zhejiang residence permit (《浙江省居住证》) as of a date: endorsed (签注) once a year
 * within the month before each anniversary of its issue; an overdue endorsement suspends (中止) it; a late
 * endorsement restores it, but the time in between does not count as residence; a terminated (终止)
 * permit voids its points. During the epidemic the validity of endorsements was extended until three
 * months after the epidemic ended (2020 FAQ Q14) — a dated parameter here.
 *
 * Sources: 浙江省流动人口居住登记条例 Art. 19 (digest §6); 2020 FAQ Q14. Readings: docs/policy-interpretation.md#endorsement.
 */
import { addMonths, addYears, formatDay, toDay } from '../rules/dates.ts';

export interface EndorsementRules {
  /** Endorse within this many months before each anniversary. */
  windowMonths: number;
  /** An anniversary falling inside this window may be endorsed until `extendedUntil`. */
  epidemic: { from: string; to: string; extendedUntil: string } | null;
}

export const ENDORSEMENT_RULES: EndorsementRules = {
  windowMonths: 1,
  // The epidemic window of the points rules (src/rules/policies/hangzhou-2018.ts) plus 3 months.
  epidemic: { from: '2020-01-23', to: '2023-01-07', extendedUntil: '2023-04-07' },
};

export interface PermitInput {
  kind: 'ic' | 'paper9';
  district: string;
  issuedOn: string;
  endorsements: readonly string[];
  terminatedOn?: string;
}

export interface PermitState {
  status: 'valid' | 'suspended' | 'terminated' | 'notIssued';
  /** Spans (inclusive) during which the permit stood suspended, up to the date asked. */
  suspensions: Array<{ from: string; to: string }>;
  /** Endorsements made after their deadline. */
  lateEndorsements: number;
  /** The next endorsement deadline after the date asked, for a valid permit. */
  nextDeadline?: string;
}

/**
 * After an endorsement on `day`, the next one is due at the first anniversary whose window opens after
 * it: an endorsement made inside an anniversary's window (even one that also restores a lapsed year)
 * renews that anniversary too.
 */
function nextDue(issued: number, day: number, windowMonths: number): number {
  let k = 1;
  while (addMonths(addYears(issued, k), -windowMonths) <= day) k++;
  return k;
}

export function permitState(p: PermitInput, asOf: string, rules: EndorsementRules = ENDORSEMENT_RULES): PermitState {
  const day = toDay(asOf);
  const issued = toDay(p.issuedOn);
  if (issued > day) return { status: 'notIssued', suspensions: [], lateEndorsements: 0 };
  const endorsed = p.endorsements.map(toDay).filter((d) => d <= day).sort((a, b) => a - b);
  const epidemic = rules.epidemic ? { from: toDay(rules.epidemic.from), to: toDay(rules.epidemic.to), until: toDay(rules.epidemic.extendedUntil) } : null;
  const suspensions: Array<{ from: number; to: number }> = [];
  let late = 0;
  let used = 0; // endorsements consumed so far
  let k = 1;
  let suspended = false;
  let nextDeadline: number | undefined;
  for (;;) {
    const anniversary = addYears(issued, k);
    let deadline = anniversary;
    if (epidemic && anniversary >= epidemic.from && anniversary <= epidemic.to) deadline = Math.max(anniversary, epidemic.until);
    if (deadline >= day) {
      nextDeadline = deadline;
      break;
    }
    const opens = addMonths(anniversary, -rules.windowMonths);
    while (used < endorsed.length && endorsed[used]! < opens) used++; // too early to count for this year
    if (used < endorsed.length && endorsed[used]! <= deadline) {
      // An endorsement covers the year up to the first anniversary after it (during the epidemic one
      // act could renew several years at once).
      k = Math.max(k + 1, nextDue(issued, endorsed[used]!, rules.windowMonths));
      used++;
      continue;
    }
    // Overdue: suspended from the day after the deadline until a late endorsement, if any.
    if (used >= endorsed.length) {
      suspensions.push({ from: deadline + 1, to: day });
      suspended = true;
      break;
    }
    const lateOn = endorsed[used]!;
    used++;
    late++;
    suspensions.push({ from: deadline + 1, to: lateOn - 1 });
    k = nextDue(issued, lateOn, rules.windowMonths);
  }
  const terminated = p.terminatedOn !== undefined && toDay(p.terminatedOn) <= day;
  const out: PermitState = {
    status: terminated ? 'terminated' : suspended ? 'suspended' : 'valid',
    suspensions: suspensions.filter((s) => s.from <= s.to).map((s) => ({ from: formatDay(s.from), to: formatDay(s.to) })),
    lateEndorsements: late,
  };
  if (!terminated && !suspended && nextDeadline !== undefined) out.nextDeadline = formatDay(nextDeadline);
  return out;
}
