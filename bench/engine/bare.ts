/**
 * For scale only, not a baseline of the goals: hangzhou-2024 by hand with no trace, no details and
 * no warnings — just the total. It is what "a bare hand-written scorer" measures, and the distance
 * between it and the traced hand-written scorer is the cost of explaining every point.
 */
import type { Facts } from '../../src/rules/index.ts';
import { dayOfIso, fullYearsYmd, ymdOfIso } from './calendar.ts';
import { honourCounts, insuranceMonths, offenceCounts, residenceYears } from './counts.ts';

const EDUCATION: Record<string, number> = { highSchool: 1000, juniorCollege: 3000, bachelor: 5000, master: 7000, doctorate: 9000 };
const QUALIFICATION: Record<string, number> = {
  senior: 10000,
  deputySenior: 8000,
  intermediate: 6000,
  seniorTechnician: 8000,
  technician: 6000,
  seniorWorker: 4000,
};

const steps = (amount: number, a: number, p: number, b: number, q: number): number => (amount < a ? 0 : p + Math.floor((amount - a) / b) * q);

/** The total in points. */
export function totalHangzhou2024(f: Facts, asOfText: string): number {
  const asOf = dayOfIso(asOfText);
  const y = ymdOfIso(asOfText);
  const age = fullYearsYmd(ymdOfIso(f.person.birthDate), y);
  let h = age <= 40 ? 3000 : age <= 55 ? 200 * (55 - age) : 0;
  const e = f.education;
  const edu = e && !(e.abroad === true && e.certified !== true) ? EDUCATION[e.level]! : 0;
  const qual = f.qualification ? QUALIFICATION[f.qualification.level]! : 0;
  h += Math.max(edu, qual);
  h += Math.min(10000, residenceYears(f, asOf) * 500);
  h += Math.min(12000, insuranceMonths(f, asOf, y) * 50);
  const hs = f.housing;
  if (hs && hs.livesThere && dayOfIso(hs.from) <= asOf) {
    if (hs.kind === 'owned') h += 8000;
    else if (hs.kind === 'rented' && hs.legalRental === true) h += Math.min(3000, fullYearsYmd(ymdOfIso(hs.from), y) * 600);
  }
  if (f.honours) {
    const n = honourCounts(f, asOf, y);
    h += Math.min(24000, n.national! * 8000) + Math.min(15000, n.provincial! * 5000) + Math.min(9000, n.city! * 3000) + Math.min(3000, n.district! * 1000);
  }
  if (f.boneMarrowDonated === true) h += 8000;
  h += Math.min(2000, steps(f.bloodDonationMl ?? 0, 200, 100, 100, 50));
  h += Math.min(2000, steps(f.volunteerHours ?? 0, 20, 200, 20, 200));
  h += Math.min(1000, steps(f.donationYuan ?? 0, 1000, 200, 1000, 200));
  if (f.incomeTax) h += Math.min(8000, steps(f.incomeTax.wageYuan ?? 0, 10000, 100, 5000, 100) + steps(f.incomeTax.businessYuan ?? 0, 50000, 100, 30000, 100));
  for (const p of f.patents ?? []) if (dayOfIso(p.grantedOn) <= asOf && p.transferredIn !== true) h += p.firstInventor ? 2000 : 1000;
  if (f.offences) {
    const n = offenceCounts(f, asOf, y);
    h -= n.crime! * 15000 + n.drugRehab! * 10000 + n.detention! * 6000 + n.dishonest! * 2000;
  }
  return Math.max(0, h) / 100;
}
