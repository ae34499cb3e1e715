/**
 * Deterministic, realistic facts-v1 documents for the engine benchmark: a migrant worker's file
 * as the city would assemble it — an IC permit from an urban district, five residence-registration
 * periods with gaps (some cancelled, with or without a lease or contract to bridge them, now and
 * then an old hand-written 暂住证), about ten years of pension and medical insurance in 10–20 runs
 * (a few back-paid or transferred in), education, housing and the occasional honour, donation,
 * patent or offence. Every document is validated against the schema by the caller before timing.
 */
import type { Facts } from '../../src/rules/index.ts';
import { Rng } from '../lib/prng.ts';
import { addYearsYmd, dayOf, daysIn, isoOfDay, isoOfMonth, monthOfDay, ymdOf } from './calendar.ts';

type ResidencePeriod = NonNullable<Facts['residence']>[number];
type Continuity = NonNullable<Facts['continuity']>[number];
type InsuranceRun = NonNullable<Facts['socialInsurance']>[number];
type Honour = NonNullable<Facts['honours']>[number];
type Offence = NonNullable<Facts['offences']>[number];
type Patent = NonNullable<Facts['patents']>[number];

/** Urban districts after the 2021 re-division (上城 拱墅 西湖 滨江 萧山 余杭 富阳 临安 临平 钱塘). */
const URBAN = ['330102', '330105', '330106', '330108', '330109', '330110', '330111', '330112', '330113', '330114'] as const;

function randomDay(r: Rng, from: number, to: number): number {
  return r.int(from, Math.max(from, to));
}

/** Five periods laid out from `start` to `asOf`; the latest one usually runs past `asOf`. */
function residence(r: Rng, start: number, asOf: number): { periods: ResidencePeriod[]; continuity: Continuity[] } {
  // Four gaps between five periods: back to back, overlapping re-registrations, or weeks to months apart.
  const gaps: number[] = [];
  for (let i = 0; i < 4; i++) {
    const kind = r.weighted({ adjacent: 3, overlap: 1, gap: 6 });
    gaps.push(kind === 'adjacent' ? 0 : kind === 'overlap' ? -r.int(5, 60) : r.int(3, 240));
  }
  const span = asOf - start;
  const gapTotal = gaps.reduce((a, b) => a + b, 0);
  const avail = Math.max(5 * 40, span - gapTotal);
  const weights = [0, 0, 0, 0, 0].map(() => 0.5 + r.float());
  const wsum = weights.reduce((a, b) => a + b, 0);
  const periods: ResidencePeriod[] = [];
  const continuity: Continuity[] = [];
  let cursor = start;
  for (let i = 0; i < 5; i++) {
    const len = Math.max(40, Math.floor((avail * weights[i]!) / wsum));
    const last = i === 4;
    const from = cursor;
    const to = last ? Math.max(from + 39, asOf + r.int(-20, 700)) : from + len - 1;
    const cancelled = !last && r.chance(0.15);
    const handwritten = i === 0 && r.chance(0.08);
    const p: ResidencePeriod = {
      from: isoOfDay(from),
      to: isoOfDay(to),
      status: cancelled ? 'cancelled' : 'registered',
      source: handwritten ? 'handwritten' : 'police',
    };
    if (handwritten && r.chance(0.25)) p.verified = true;
    periods.push(p);
    if (cancelled && r.chance(0.75)) {
      // Evidence that residence went on: usually from before the cancellation, sometimes ending early.
      const late = r.chance(0.1);
      const cFrom = late ? from + r.int(1, 30) : from - r.int(0, 90);
      const cTo = Math.max(cFrom, to + r.int(-60, 120));
      continuity.push({ kind: r.pick(['lease', 'labourContract', 'socialInsurance'] as const), from: isoOfDay(cFrom), to: isoOfDay(cTo) });
    }
    if (!cancelled && r.chance(0.1)) {
      const cFrom = from + r.int(0, 60);
      continuity.push({ kind: 'lease', from: isoOfDay(cFrom), to: isoOfDay(cFrom + r.int(300, 730)) });
    }
    cursor = to + 1 + (gaps[i] ?? 0);
  }
  return { periods, continuity };
}

function insurance(r: Rng, startDay: number, asOfDay: number): InsuranceRun[] {
  const cutoff = monthOfDay(asOfDay) - 1;
  const first = monthOfDay(startDay) + r.int(0, 6);
  const endKind = r.weighted({ upToDate: 6, thisMonth: 2.5, stopped: 1.5 });
  const last = endKind === 'upToDate' ? cutoff : endKind === 'thisMonth' ? cutoff + 1 : cutoff - r.int(1, 10);
  const runs: InsuranceRun[] = [];
  if (r.chance(0.1)) {
    // Months paid elsewhere in Zhejiang, transferred in when the worker moved to the city.
    const n = r.int(6, 36);
    runs.push({ from: isoOfMonth(first - n), to: isoOfMonth(first - 1), scheme: 'pension', transferredIn: true });
    if (r.chance(0.5)) runs.push({ from: isoOfMonth(first - n), to: isoOfMonth(first - 1), scheme: 'medical', transferredIn: true });
  }
  const months = Math.max(1, last - first + 1);
  const stints = Math.max(1, Math.min(r.int(5, 9), Math.floor(months / 3)));
  let cursor = first;
  for (let s = 0; s < stints && cursor <= last; s++) {
    const remaining = last - cursor + 1;
    const len = s === stints - 1 ? remaining : Math.max(1, Math.min(remaining, Math.floor(remaining / (stints - s)) + r.int(-4, 4)));
    const from = cursor;
    const to = from + len - 1;
    runs.push({ from: isoOfMonth(from), to: isoOfMonth(to), scheme: 'pension' });
    if (r.chance(0.9)) {
      const mFrom = Math.min(to, from + (r.chance(0.2) ? r.int(1, 2) : 0));
      runs.push({ from: isoOfMonth(mFrom), to: isoOfMonth(to), scheme: 'medical' });
    }
    const gap = r.chance(0.4) ? 0 : r.int(1, 3);
    if (gap > 0 && r.chance(0.1)) {
      runs.push({ from: isoOfMonth(to + 1), to: isoOfMonth(to + gap), scheme: 'pension', backPaid: true });
    }
    cursor = to + 1 + gap;
  }
  if (r.chance(0.03)) runs.push({ from: isoOfMonth(cutoff + 1), to: isoOfMonth(cutoff + 1), scheme: 'medical' });
  return runs;
}

function honours(r: Rng, asOfDay: number): Honour[] {
  const n = r.int(1, 3);
  const out: Honour[] = [];
  for (let i = 0; i < n; i++) {
    const h: Honour = {
      level: r.weighted({ district: 50, city: 30, provincial: 15, national: 5 }),
      issuer: r.chance(0.2) ? 'enterprise' : 'partyGovernment',
      awardedOn: isoOfDay(asOfDay - r.int(30, 8 * 365)),
    };
    if (r.chance(0.5)) h.deedId = `D${r.int(1000, 9999)}`;
    out.push(h);
  }
  const h0 = out[0]!;
  const h1 = out[1];
  if (h1 && r.chance(0.4)) {
    // The same deed honoured again at another level.
    h0.deedId ??= `D${r.int(1000, 9999)}`;
    h1.deedId = h0.deedId;
    h1.issuer = 'partyGovernment';
    h1.awardedOn = h0.awardedOn;
  }
  return out;
}

function offences(r: Rng, asOfDay: number): Offence[] {
  const n = r.chance(0.3) ? 2 : 1;
  const out: Offence[] = [];
  for (let i = 0; i < n; i++) {
    out.push({ kind: r.weighted({ detention: 45, dishonest: 35, crime: 10, drugRehab: 10 }), on: isoOfDay(asOfDay - r.int(100, 9 * 365)) });
  }
  if (n === 2 && r.chance(0.4)) {
    out[0]!.actId = 'A1';
    out[1]!.actId = 'A1';
    out[1]!.on = out[0]!.on;
  }
  return out;
}

function patents(r: Rng, asOfDay: number): Patent[] {
  const out: Patent[] = [];
  for (let i = r.int(1, 2); i > 0; i--) {
    const p: Patent = { grantedOn: isoOfDay(asOfDay - r.int(60, 8 * 365)), firstInventor: r.chance(0.6) };
    if (r.chance(0.15)) p.transferredIn = true;
    out.push(p);
  }
  return out;
}

function applicant(r: Rng, asOfDay: number): Facts {
  const by = r.int(1960, 2004);
  const bm = r.int(1, 12);
  const birth = dayOf(by, bm, r.int(1, daysIn(by, bm)));
  const adult = addYearsYmd(ymdOf(birth), 18);
  // About ten years in the city, less for the young.
  const start = Math.max(adult, asOfDay - Math.round((8.5 + 4 * r.float()) * 365.25));
  const res = residence(r, start, asOfDay);
  const f: Facts = {
    person: { birthDate: isoOfDay(birth) },
    permit: {
      kind: 'ic',
      issuedOn: isoOfDay(randomDay(r, start + 30, Math.min(asOfDay - 1, start + 400))),
      status: r.chance(0.98) ? 'valid' : r.pick(['suspended', 'terminated'] as const),
      district: r.chance(0.995) ? r.pick(URBAN) : '330122',
    },
    residence: res.periods,
    socialInsurance: insurance(r, start, asOfDay),
    education: { level: r.weighted({ highSchool: 15, juniorCollege: 30, bachelor: 35, master: 15, doctorate: 5 }) },
  };
  if (res.continuity.length > 0) f.continuity = res.continuity;
  const e = f.education!;
  if (e.level !== 'highSchool' && e.level !== 'juniorCollege' && r.chance(0.06)) {
    e.abroad = true;
    if (r.chance(0.7)) e.certified = true;
  }
  if (r.chance(0.3)) {
    f.qualification = r.chance(0.6)
      ? { kind: 'title', level: r.weighted({ intermediate: 60, deputySenior: 30, senior: 10 }) }
      : { kind: 'skill', level: r.weighted({ seniorWorker: 50, technician: 35, seniorTechnician: 15 }) };
  }
  if (r.chance(0.9)) {
    const kind = r.weighted({ owned: 35, rented: 55, offPlan: 10 });
    f.housing = { kind, from: isoOfDay(randomDay(r, start, asOfDay + 30)), livesThere: kind !== 'offPlan' && r.chance(0.9) };
    if (kind === 'rented') {
      const legal = r.float();
      if (legal < 0.85) f.housing.legalRental = true;
      else if (legal < 0.9) f.housing.legalRental = false;
    }
  }
  if (r.chance(0.15)) f.honours = honours(r, asOfDay);
  if (r.chance(0.2)) f.bloodDonationMl = r.int(1, 10) * 200;
  if (r.chance(0.25)) f.volunteerHours = r.int(10, 300);
  if (r.chance(0.15)) f.donationYuan = r.int(1, 80) * 100;
  if (r.chance(0.005)) f.boneMarrowDonated = true;
  if (r.chance(0.7)) {
    f.incomeTax = { wageYuan: r.int(2_000, 150_000) };
    if (r.chance(0.07)) f.incomeTax.businessYuan = r.int(10_000, 300_000);
  }
  if (r.chance(0.03)) f.patents = patents(r, asOfDay);
  if (r.chance(0.03)) f.offences = offences(r, asOfDay);
  if (r.chance(0.003)) f.veto = [{ kind: 'fraudBan', on: isoOfDay(asOfDay - r.int(365, 8 * 365)) }];
  return f;
}

/** `n` documents, the same for the same seed and date of assessment. */
export function generateFacts(n: number, seed: number, asOfDay: number): Facts[] {
  const r = new Rng(seed);
  const out: Facts[] = [];
  for (let i = 0; i < n; i++) out.push(applicant(r, asOfDay));
  return out;
}
