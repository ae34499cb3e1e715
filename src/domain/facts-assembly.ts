/**
 * Builds a person's facts-v1 document from their stored records as of a date — the one path by which
 * the simulator (for a known person), determinations and the city-wide recompute get their facts.
 *
 * - The permit is the latest one issued on or before the date; its status comes from its endorsements
 *   (src/domain/permit.ts).
 * - Police residence periods are cut where the permit stood suspended: after a late endorsement,
 *   residence counts again only from the endorsement (digest §6).
 * - A registration still open is counted up to the date; records that start after it are left out.
 * - Insurance runs become month ranges; the flags appear only when set.
 * Output is deterministic (same records, same date ⇒ same JSON), so its digest pins what was scored.
 */
import { formatMonth, monthOfDay, toDay, formatDay } from '../rules/dates.ts';
import type { Facts, ResidencePeriod, SocialInsuranceRun } from '../rules/facts.ts';
import { permitState, type EndorsementRules, ENDORSEMENT_RULES } from './permit.ts';
import type { PersonBundle } from './records.ts';

function subtract(span: { from: number; to: number }, cuts: ReadonlyArray<{ from: number; to: number }>): Array<{ from: number; to: number }> {
  let parts = [span];
  for (const c of cuts) {
    const next: Array<{ from: number; to: number }> = [];
    for (const p of parts) {
      if (c.to < p.from || c.from > p.to) next.push(p);
      else {
        if (c.from > p.from) next.push({ from: p.from, to: c.from - 1 });
        if (c.to < p.to) next.push({ from: c.to + 1, to: p.to });
      }
    }
    parts = next;
  }
  return parts;
}

export function assembleFacts(b: PersonBundle, asOf: string, rules: EndorsementRules = ENDORSEMENT_RULES): Facts {
  const day = toDay(asOf);
  const facts: Facts = {
    ...b.declared,
    person: {
      birthDate: b.birthDate,
      ...(b.urbanHukou ? { urbanHangzhouHukou: true } : {}),
      ...(!b.fullCivilCapacity ? { fullCivilCapacity: false } : {}),
    },
  };

  let cuts: Array<{ from: number; to: number }> = [];
  const current = b.permits
    .filter((p) => toDay(p.issuedOn) <= day)
    .sort((x, y) => (x.issuedOn < y.issuedOn ? -1 : x.issuedOn > y.issuedOn ? 1 : 0))
    .at(-1);
  if (current) {
    const st = permitState(current, asOf, rules);
    facts.permit = {
      kind: current.kind,
      issuedOn: current.issuedOn,
      status: st.status === 'notIssued' ? 'valid' : st.status,
      district: current.district,
    };
    cuts = st.suspensions.map((s) => ({ from: toDay(s.from), to: toDay(s.to) }));
  }

  const residence: ResidencePeriod[] = [];
  for (const r of b.residence) {
    const from = toDay(r.from);
    if (from > day) continue;
    const to = Math.min(r.to === null ? day : toDay(r.to), day);
    const pieces = r.source === 'police' ? subtract({ from, to }, cuts) : [{ from, to }];
    for (const p of pieces) {
      residence.push({
        from: formatDay(p.from),
        to: formatDay(p.to),
        status: r.status,
        source: r.source,
        ...(r.verified ? { verified: true } : {}),
      });
    }
  }
  if (residence.length > 0) facts.residence = residence;

  const lastMonth = monthOfDay(day);
  const insurance: SocialInsuranceRun[] = [];
  for (const s of b.insurance) {
    if (s.fromMonth > lastMonth) continue;
    insurance.push({
      from: formatMonth(s.fromMonth),
      to: formatMonth(Math.min(s.toMonth, lastMonth)),
      scheme: s.scheme,
      ...(s.backPaid ? { backPaid: true } : {}),
      ...(s.transferredIn ? { transferredIn: true } : {}),
    });
  }
  if (insurance.length > 0) facts.socialInsurance = insurance;
  return facts;
}
