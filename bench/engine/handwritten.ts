/**
 * Baseline 1: hangzhou-2024 written out by hand — every number, cap and clause hard-coded in one
 * function, no policy object, no lookups beyond the record in hand. It returns exactly what
 * `evaluate(facts, asOf, { policy: 'hangzhou-2024' })` returns (items with points, detail and a
 * trace entry for every record counted or excluded, warnings, eligibility), and the benchmark
 * checks that it does, document for document, so the comparison with the engine is like for like.
 * Sentences come from src/rules/messages.ts and clause texts from src/rules/policies/sources.ts:
 * they are the output, not the table, and writing them out again would only invite typos.
 */
import type { Facts, Item, Result, TraceEntry, Warning, WarningCode } from '../../src/rules/index.ts';
import { MESSAGES } from '../../src/rules/index.ts';
import type { Source } from '../../src/rules/policy.ts';
import { S } from '../../src/rules/policies/sources.ts';
import {
  addYearsYmd,
  dayOfIso,
  fullYearsYmd,
  isoOfDay,
  isoOfMonth,
  lengthOf,
  mergeInPlace,
  monthOfIso,
  ymdOfIso,
  type Span,
} from './calendar.ts';

const m = MESSAGES['zh-CN'];

const HANDWRITTEN: Source = {
  id: 'faq2020.q5',
  document: '2020杭州居住证积分办理常见问题解答',
  clause: 'Q5 手工填写的《暂住证》无法自动计入居住年限,可窗口提供或异议核查',
  confidence: 'stated',
  interpretation: '#handwritten',
};
const OFF_PLAN: Source = {
  id: 'faq2020.q8',
  document: '2020杭州居住证积分办理常见问题解答',
  clause: 'Q8 期房不可以积分,不符合自购产权住房且实际居住的条件',
  confidence: 'stated',
};
const ENTERPRISE: Source = {
  id: 'faq2020.q9',
  document: '2020杭州居住证积分办理常见问题解答',
  clause: 'Q9 区级以上党委政府颁发的荣誉可积分;一般企事业单位发的荣誉证书不能积分',
  confidence: 'stated',
};

const URBAN = new Set(['330102', '330103', '330104', '330105', '330106', '330108', '330109', '330110', '330111', '330112', '330113', '330114']);
/** 2020-01-23 … 2023-01-07, as day numbers. */
const EPIDEMIC_FROM = dayOfIso('2020-01-23');
const EPIDEMIC_TO = dayOfIso('2023-01-07');
const UNCONFIRMED_FROM = dayOfIso('2025-07-01');
const EFFECTIVE_FROM = dayOfIso('2024-07-01');

type Trace = TraceEntry[];

/** One trace entry; points are given in hundredths, as everywhere below. */
function t(rule: string, src: Source, effect: TraceEntry['effect'], record?: string, reason?: string, h?: number): TraceEntry {
  const e: TraceEntry = { rule, source: src.id, clause: src.clause, effect };
  if (record !== undefined) e.record = record;
  if (reason !== undefined) e.reason = reason;
  if (h !== undefined) e.points = h / 100;
  if (src.interpretation !== undefined) e.interpretation = src.interpretation;
  return e;
}

function item(indicator: Item['indicator'], h: number, detail: string, trace: Trace): Item {
  return { indicator, name: m.indicator[indicator], points: h / 100, detail, trace };
}

function none(indicator: Item['indicator']): Item {
  return item(indicator, 0, m.none, []);
}

/** No housing points, and why. */
function nothing(kind: string, src: Source, reason: string): Item {
  return item('housing', 0, m.detail.housingNone(reason), [t(`housing.${kind}`, src, 'excluded', 'housing', reason)]);
}

/** Each warning once; a result has a handful at most. Functions at module level, not closures per call. */
function warn(warnings: Warning[], code: WarningCode, p: Record<string, string> = {}): void {
  for (const w of warnings) if (w.code === code) return;
  warnings.push({ code, message: m.warning[code](p) });
}

function ineligible(warnings: Warning[], reasons: WarningCode[], code: WarningCode, p?: Record<string, string>): void {
  reasons.push(code);
  warn(warnings, code, p);
}

/** "first `a` earns `p`, each further `b` earns `q`", in hundredths. */
function steps(amount: number, a: number, p: number, b: number, q: number): number {
  return amount < a ? 0 : p + Math.floor((amount - a) / b) * q;
}

function capped(rule: string, src: Source, h: number, cap: number, trace: Trace): number {
  if (h <= cap) return h;
  trace.push(t(rule, src, 'capped', undefined, m.capped(String(cap / 100)), cap - h));
  return cap;
}

const EDUCATION: Record<string, number> = { highSchool: 1000, juniorCollege: 3000, bachelor: 5000, master: 7000, doctorate: 9000 };
const QUALIFICATION: Record<string, number> = {
  senior: 10000,
  deputySenior: 8000,
  intermediate: 6000,
  seniorTechnician: 8000,
  technician: 6000,
  seniorWorker: 4000,
};
const HONOUR_POINTS = { national: 8000, provincial: 5000, city: 3000, district: 1000 } as const;
const HONOUR_CAP = { national: 24000, provincial: 15000, city: 9000, district: 3000 } as const;
const HONOUR_RANK = { national: 4, provincial: 3, city: 2, district: 1 } as const;
const OFFENCE = { crime: 15000, drugRehab: 10000, detention: 6000, dishonest: 2000 } as const;

export function scoreHangzhou2024(f: Facts, asOfText: string): Result {
  const asOfYmd = ymdOfIso(asOfText);
  const asOf = dayOfIso(asOfText);
  const warnings: Warning[] = [];

  // Eligibility.
  const reasons: WarningCode[] = [];
  if (f.veto) {
    for (const v of f.veto) {
      const on = dayOfIso(v.on);
      if (on > asOf) continue;
      if ((v.kind === 'fraudBan' || v.kind === 'fraud') && asOf >= addYearsYmd(ymdOfIso(v.on), 5)) continue;
      ineligible(warnings, reasons, 'VETO', { kind: m.veto[v.kind] ?? v.kind, on: v.on });
      break;
    }
  }
  const permit = f.permit;
  if (!permit) ineligible(warnings, reasons, 'PERMIT_MISSING');
  else {
    if (permit.status === 'suspended') ineligible(warnings, reasons, 'PERMIT_SUSPENDED');
    if (permit.status === 'terminated') ineligible(warnings, reasons, 'PERMIT_TERMINATED');
    if (permit.district !== undefined && !URBAN.has(permit.district)) ineligible(warnings, reasons, 'PERMIT_NOT_URBAN', { district: permit.district });
    if (permit.issuedOn !== undefined && dayOfIso(permit.issuedOn) > asOf) ineligible(warnings, reasons, 'PERMIT_NOT_YET_ISSUED', { issuedOn: permit.issuedOn });
    if (permit.kind === 'paper9') warn(warnings, 'PAPER_PERMIT_WINDOW_ONLY');
  }
  if (f.person.urbanHangzhouHukou === true) warn(warnings, 'HUKOU_ALREADY_URBAN');

  // Age: 30 up to 40, then 2 less a year, nothing from 56.
  const years = fullYearsYmd(ymdOfIso(f.person.birthDate), asOfYmd);
  const ageH = years <= 40 ? 3000 : years <= 55 ? 200 * (55 - years) : 0;
  let sum = ageH;
  const age = item('age', ageH, m.detail.age(years, asOfText), [t('age.bands', S.a2023Age, 'counted', 'person.birthDate', undefined, ageH)]);

  // Education and qualification; only the higher counts.
  let education: Item;
  let eduH = 0;
  const e = f.education;
  if (!e) education = none('education');
  else if (e.abroad === true && e.certified !== true) {
    warn(warnings, 'FOREIGN_DEGREE_UNCERTIFIED');
    education = item('education', 0, `${m.detail.education(m.level[e.level] ?? e.level)}; ${m.reason.uncertifiedDegree}`, [
      t('education.foreignCertificate', S.faqQ4, 'excluded', 'education', m.reason.uncertifiedDegree),
    ]);
  } else {
    eduH = EDUCATION[e.level]!;
    education = item('education', eduH, m.detail.education(m.level[e.level] ?? e.level), [
      t('education.points', S.trialEducation, 'counted', 'education', undefined, eduH),
    ]);
  }
  let qualification: Item;
  let qualH = 0;
  const q = f.qualification;
  if (!q) qualification = none('qualification');
  else {
    qualH = QUALIFICATION[q.level]!;
    qualification = item('qualification', qualH, m.detail.qualification(m.level[q.level] ?? q.level), [
      t('qualification.points', S.trialQualification, 'counted', 'qualification', undefined, qualH),
    ]);
  }
  if (eduH > 0 && qualH > 0) {
    const [low, high, lowH] = qualH > eduH ? [education, qualification, eduH] : [qualification, education, qualH];
    const why = m.detail.lowerOfTwo(m.indicator[high.indicator]);
    low.trace.push(t('highestOnly', S.trialQualification, 'excluded', undefined, why, -lowH));
    low.detail = `${low.detail}; ${why}`;
    low.points = 0;
    if (low === education) eduH = 0;
    else qualH = 0;
  }
  sum += eduH + qualH;

  // Residence: registered days, cancelled ones while a lease or contract ran, epidemic gaps bridged.
  let residence: Item;
  {
    const trace: Trace = [];
    const counted: Span[] = [];
    let listed = 0;
    let cover: Span[] | undefined;
    const periods = f.residence ?? [];
    for (let i = 0; i < periods.length; i++) {
      const p = periods[i]!;
      const record = `residence[${i}]`;
      const from = dayOfIso(p.from);
      if (from > asOf) {
        trace.push(t('residence.period', S.faqQ6, 'excluded', record, m.reason.futureRecord));
        continue;
      }
      const to = Math.min(dayOfIso(p.to), asOf);
      if (p.source === 'handwritten' && p.verified !== true) {
        warn(warnings, 'HANDWRITTEN_RESIDENCE_NOT_COUNTED');
        trace.push(t('residence.source', HANDWRITTEN, 'excluded', record, m.reason.handwritten));
        continue;
      }
      if (p.status === 'cancelled') {
        cover ??= mergeInPlace((f.continuity ?? []).map((c) => ({ from: dayOfIso(c.from), to: dayOfIso(c.to) })));
        let runTo = -1;
        for (const c of cover) {
          if (c.from <= from && c.to >= from) {
            runTo = Math.min(c.to, to);
            break;
          }
        }
        if (runTo < 0) {
          trace.push(t('residence.cancelled', S.faqQ6cancelled, 'excluded', record, m.reason.cancelledNoContinuity));
          continue;
        }
        counted.push({ from, to: runTo });
        listed += runTo - from + 1;
        trace.push(t('residence.cancelled', S.faqQ6cancelled, 'counted', record, m.reason.cancelledContinuity(isoOfDay(from), isoOfDay(runTo))));
        continue;
      }
      counted.push({ from, to });
      listed += to - from + 1;
      trace.push(
        p.source === 'handwritten'
          ? t('residence.period', HANDWRITTEN, 'counted', record, m.reason.handwrittenVerified)
          : t('residence.period', S.faqQ6, 'counted', record, m.reason.counted),
      );
    }
    const merged = mergeInPlace(counted);
    let days = lengthOf(merged);
    if (listed > days) trace.push(t('residence.overlap', S.faqQ6, 'applied', undefined, m.reason.overlap(listed - days)));
    let bridged = 0;
    for (let i = 1; i < merged.length; i++) {
      const from = Math.max(merged[i - 1]!.to + 1, EPIDEMIC_FROM);
      const to = Math.min(merged[i]!.from - 1, EPIDEMIC_TO);
      if (from <= to) {
        bridged += to - from + 1;
        trace.push(t('residence.epidemic', S.faqQ6epidemic, 'counted', undefined, m.reason.epidemicGap(isoOfDay(from), isoOfDay(to))));
      }
    }
    // A bridged part lies strictly inside a gap, so it overlaps nothing: the days simply add up.
    days += bridged;
    const months = Math.floor(days / 30);
    const fullYears = Math.floor(months / 12);
    let h = fullYears * 500;
    if (days > 0 && fullYears === 0) trace.push(t('residence.minimum', S.faqQ6, 'applied', undefined, m.reason.underOneYear));
    if (h > 0) trace.push(t('residence.perYear', S.r21Residence, 'applied', undefined, undefined, h));
    h = capped('residence.cap', S.r21Residence, h, 10000, trace);
    sum += h;
    residence = item('residence', h, m.detail.residence(days, months, fullYears), trace);
  }

  // Social insurance: 0.5 a month of pension or medical, up to the month before, cap 120.
  let socialInsurance: Item;
  {
    const trace: Trace = [];
    const lastMonth = asOfYmd.y * 12 + asOfYmd.m - 2;
    const counted: Span[] = [];
    let listed = 0;
    const runs = f.socialInsurance ?? [];
    for (let i = 0; i < runs.length; i++) {
      const run = runs[i]!;
      const record = `socialInsurance[${i}]`;
      if (run.backPaid === true) {
        trace.push(t('socialInsurance.backPaid', S.r21Insurance, 'excluded', record, m.reason.backPaid));
        continue;
      }
      if (run.transferredIn === true) {
        trace.push(t('socialInsurance.transferredIn', S.r21Insurance, 'excluded', record, m.reason.transferredIn));
        continue;
      }
      const from = monthOfIso(run.from);
      if (from > lastMonth) {
        trace.push(t('socialInsurance.cutoff', S.r21Insurance, 'excluded', record, m.reason.afterCutoff(isoOfMonth(lastMonth))));
        continue;
      }
      const listedTo = monthOfIso(run.to);
      const to = listedTo < lastMonth ? listedTo : lastMonth;
      counted.push({ from, to });
      listed += to - from + 1;
      trace.push(
        t(
          'socialInsurance.perMonth',
          S.r21Insurance,
          'counted',
          record,
          to < listedTo ? m.reason.afterCutoff(isoOfMonth(lastMonth)) : m.reason.counted,
          (to - from + 1) * 50,
        ),
      );
    }
    const months = lengthOf(mergeInPlace(counted));
    if (listed > months) {
      trace.push(t('socialInsurance.duplicate', S.r21Insurance, 'excluded', undefined, m.reason.duplicateMonths(listed - months), -(listed - months) * 50));
    }
    const h = capped('socialInsurance.cap', S.r21Insurance, months * 50, 12000, trace);
    sum += h;
    socialInsurance = item('socialInsurance', h, m.detail.socialInsurance(months), trace);
  }

  // Housing: own home lived in 80; legal rental 6 a year up to 30; off-plan nothing.
  let housing: Item;
  const hs = f.housing;
  if (!hs) housing = none('housing');
  else {
    const src = hs.kind === 'rented' ? S.trialHousingRented : S.a2024Housing;
    if (dayOfIso(hs.from) > asOf) housing = nothing(hs.kind, src, m.reason.futureRecord);
    else if (hs.kind === 'offPlan') housing = nothing(hs.kind, OFF_PLAN, m.reason.offPlan);
    else if (!hs.livesThere) housing = nothing(hs.kind, src, m.reason.notLivingThere);
    else if (hs.kind === 'owned') {
      sum += 8000;
      housing = item('housing', 8000, m.detail.housingOwned, [t('housing.owned', src, 'counted', 'housing', undefined, 8000)]);
    } else if (hs.legalRental !== true) {
      warn(warnings, 'RENTAL_LEGALITY_UNCONFIRMED');
      housing = nothing(hs.kind, src, m.reason.illegalRental);
    } else {
      const n = fullYearsYmd(ymdOfIso(hs.from), asOfYmd);
      const trace = [t('housing.rentedPerYear', src, 'counted', 'housing', undefined, n * 600)];
      const h = capped('housing.rentedCap', src, n * 600, 3000, trace);
      sum += h;
      housing = item('housing', h, m.detail.housingRented(n), trace);
    }
  }

  // Honours within five years from party and government; one deed counts once, at its highest level.
  let honours: Item;
  const hl = f.honours;
  if (!hl || hl.length === 0) honours = none('honours');
  else {
    const trace: Trace = [];
    const windowStart = addYearsYmd(asOfYmd, -5);
    const inScope: number[] = [];
    const deedBest = new Map<string, number>();
    for (let i = 0; i < hl.length; i++) {
      const a = hl[i]!;
      const record = `honours[${i}]`;
      if (a.issuer !== 'partyGovernment') {
        warn(warnings, 'ENTERPRISE_HONOUR_NOT_COUNTED');
        trace.push(t('honours.issuer', ENTERPRISE, 'excluded', record, m.reason.enterpriseHonour));
        continue;
      }
      const on = dayOfIso(a.awardedOn);
      if (on > asOf) {
        trace.push(t('honours.window', S.trialHonours, 'excluded', record, m.reason.futureRecord));
        continue;
      }
      if (on < windowStart) {
        trace.push(t('honours.window', S.trialHonours, 'excluded', record, m.reason.outsideWindow(5)));
        continue;
      }
      if (a.deedId !== undefined) {
        const prev = deedBest.get(a.deedId);
        if (prev === undefined) deedBest.set(a.deedId, i);
        else if (HONOUR_RANK[a.level] > HONOUR_RANK[hl[prev]!.level]) {
          trace.push(t('honours.sameDeed', S.trialHonours, 'excluded', `honours[${prev}]`, m.reason.sameDeed));
          deedBest.set(a.deedId, i);
        } else {
          trace.push(t('honours.sameDeed', S.trialHonours, 'excluded', record, m.reason.sameDeed));
          continue;
        }
      }
      inScope.push(i);
    }
    const perLevel = { national: 0, provincial: 0, city: 0, district: 0 };
    let n = 0;
    for (const i of inScope) {
      const a = hl[i]!;
      if (a.deedId !== undefined && deedBest.get(a.deedId) !== i) continue;
      n++;
      perLevel[a.level] += HONOUR_POINTS[a.level];
      trace.push(t('honours.perAward', S.trialHonours, 'counted', `honours[${i}]`, undefined, HONOUR_POINTS[a.level]));
    }
    let h = 0;
    for (const level of ['national', 'provincial', 'city', 'district'] as const) {
      const v = perLevel[level];
      const cap = HONOUR_CAP[level];
      if (v > cap) {
        trace.push(t('honours.capPerLevel', S.trialHonours, 'capped', undefined, m.reason.levelCap(m.honourLevel[level], String(cap / 100)), cap - v));
        h += cap;
      } else h += v;
    }
    sum += h;
    honours = item('honours', h, m.detail.honours(n), trace);
  }

  if (f.boneMarrowDonated === true) sum += 8000;
  const boneMarrow =
    f.boneMarrowDonated === true
      ? item('boneMarrow', 8000, m.detail.boneMarrow, [t('boneMarrow.points', S.trialBoneMarrow, 'counted', 'boneMarrowDonated', undefined, 8000)])
      : none('boneMarrow');

  // Blood: 1 for the first 200 ml, 0.5 per further 100, cap 20. Volunteering: 2 per 20 hours, cap 20.
  // Donations: 2 per 1,000 yuan, cap 10.
  let bloodDonation: Item;
  const ml = f.bloodDonationMl;
  if (ml === undefined || ml === 0) bloodDonation = none('bloodDonation');
  else {
    const raw = steps(ml, 200, 100, 100, 50);
    const trace = [t('bloodDonation.steps', S.trialBlood, 'counted', 'bloodDonationMl', undefined, raw)];
    const h = capped('bloodDonation.cap', S.trialBlood, raw, 2000, trace);
    sum += h;
    bloodDonation = item('bloodDonation', h, m.detail.amount(ml, 'ml'), trace);
  }
  let volunteering: Item;
  const hours = f.volunteerHours;
  if (hours === undefined || hours === 0) volunteering = none('volunteering');
  else {
    const raw = steps(hours, 20, 200, 20, 200);
    const trace = [t('volunteering.steps', S.trialVolunteer, 'counted', 'volunteerHours', undefined, raw)];
    const h = capped('volunteering.cap', S.trialVolunteer, raw, 2000, trace);
    sum += h;
    volunteering = item('volunteering', h, m.detail.amount(hours, '小时'), trace);
  }
  let donation: Item;
  const yuan = f.donationYuan;
  if (yuan === undefined || yuan === 0) donation = none('donation');
  else {
    const raw = steps(yuan, 1000, 200, 1000, 200);
    const trace = [t('donation.steps', S.trialDonation, 'counted', 'donationYuan', undefined, raw)];
    const h = capped('donation.cap', S.trialDonation, raw, 1000, trace);
    sum += h;
    donation = item('donation', h, m.detail.amount(yuan, '元'), trace);
  }

  // Income tax: wages 1 for 10,000 yuan, +1 per 5,000; business 1 for 50,000, +1 per 30,000; cap 80.
  let incomeTax: Item;
  const tax = f.incomeTax;
  if (!tax || (!tax.wageYuan && !tax.businessYuan)) incomeTax = none('incomeTax');
  else {
    const trace: Trace = [];
    let raw = 0;
    if (tax.wageYuan) {
      const w = steps(tax.wageYuan, 10000, 100, 5000, 100);
      raw += w;
      trace.push(t('incomeTax.wage', S.trialIncomeTax, 'counted', 'incomeTax.wageYuan', undefined, w));
    }
    if (tax.businessYuan) {
      const b = steps(tax.businessYuan, 50000, 100, 30000, 100);
      raw += b;
      trace.push(t('incomeTax.business', S.trialIncomeTax, 'counted', 'incomeTax.businessYuan', undefined, b));
    }
    const h = capped('incomeTax.cap', S.trialIncomeTax, raw, 8000, trace);
    sum += h;
    incomeTax = item('incomeTax', h, m.detail.amount((tax.wageYuan ?? 0) + (tax.businessYuan ?? 0), '元'), trace);
  }

  // Patents: 20 each, half for a co-inventor, none when bought; no cap.
  let patents: Item;
  const pl = f.patents;
  if (!pl || pl.length === 0) patents = none('patents');
  else {
    const trace: Trace = [];
    let h = 0;
    let n = 0;
    for (let i = 0; i < pl.length; i++) {
      const p = pl[i]!;
      const record = `patents[${i}]`;
      if (dayOfIso(p.grantedOn) > asOf) trace.push(t('patents.granted', S.trialPatents, 'excluded', record, m.reason.futureRecord));
      else if (p.transferredIn === true) trace.push(t('patents.transferred', S.trialPatents, 'excluded', record, m.reason.transferredPatent));
      else {
        const v = p.firstInventor ? 2000 : 1000;
        h += v;
        n++;
        trace.push(t('patents.perPatent', S.trialPatents, 'counted', record, p.firstInventor ? m.reason.counted : m.reason.otherInventor, v));
      }
    }
    sum += h;
    patents = item('patents', h, m.detail.patents(n), trace);
  }

  // Deductions within five years; one act counts once, at its heaviest.
  let deductions: Item;
  const ol = f.offences;
  if (!ol || ol.length === 0) deductions = none('deductions');
  else {
    const trace: Trace = [];
    const windowStart = addYearsYmd(asOfYmd, -5);
    const take: boolean[] = [];
    const actBest = new Map<string, number>();
    for (let i = 0; i < ol.length; i++) {
      const o = ol[i]!;
      const record = `offences[${i}]`;
      const on = dayOfIso(o.on);
      take.push(false);
      if (on > asOf) {
        trace.push(t('deductions.window', S.r21Deductions, 'excluded', record, m.reason.futureRecord));
        continue;
      }
      if (on < windowStart) {
        trace.push(t('deductions.window', S.r21Deductions, 'excluded', record, m.reason.outsideWindow(5)));
        continue;
      }
      if (o.actId === undefined) {
        take[i] = true;
        continue;
      }
      const prev = actBest.get(o.actId);
      if (prev === undefined) {
        actBest.set(o.actId, i);
        take[i] = true;
      } else if (OFFENCE[o.kind] > OFFENCE[ol[prev]!.kind]) {
        trace.push(t('deductions.sameAct', S.r21Deductions, 'excluded', `offences[${prev}]`, m.reason.sameAct));
        actBest.set(o.actId, i);
        take[prev] = false;
        take[i] = true;
      } else {
        trace.push(t('deductions.sameAct', S.r21Deductions, 'excluded', record, m.reason.sameAct));
      }
    }
    let h = 0;
    let n = 0;
    for (let i = 0; i < ol.length; i++) {
      if (!take[i]) continue;
      const kind = ol[i]!.kind;
      if (kind === 'dishonest') warn(warnings, 'DEDUCTION_VALUE_UNCONFIRMED', { kind: m.offence[kind] });
      h -= OFFENCE[kind];
      n++;
      trace.push(t('deductions.perCase', S.r21Deductions, 'counted', `offences[${i}]`, m.offence[kind], -OFFENCE[kind]));
    }
    sum += h;
    deductions = item('deductions', h, m.detail.deductions(n), trace);
  }

  const totalH = sum < 0 ? 0 : sum;

  if (asOf < EFFECTIVE_FROM) warn(warnings, 'POLICY_NOT_IN_FORCE', { policy: 'hangzhou-2024', asOf: asOfText });
  if (asOf >= UNCONFIRMED_FROM) {
    warn(warnings, 'POLICY_VALUES_UNCONFIRMED', { from: '2025-07-01', indicators: '社会保险、住所、居住年限、志愿服务' });
  }

  return {
    policyVersion: 'hangzhou-2024',
    asOf: asOfText,
    total: totalH / 100,
    eligible: reasons.length === 0,
    items: [age, education, qualification, residence, socialInsurance, housing, honours, boneMarrow, bloodDonation, volunteering, donation, incomeTax, patents, deductions],
    warnings,
    ineligibleReasons: reasons,
  };
}
