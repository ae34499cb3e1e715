/**
 * "What would this new table do to our city?" Scores everyone under two versions on the same date and
 * counts who goes up or down, by how much, and who crosses the 100-point line either way.
 */
import { assembleFacts } from '../domain/facts-assembly.ts';
import { maskIdNumber, maskName } from '../domain/id-number.ts';
import { evaluateCompiled } from '../rules/evaluate.ts';
import { policyById } from '../rules/registry.ts';
import type { Store } from '../storage/db.ts';
import { PeopleRepository } from '../storage/repositories/people.ts';

export interface ImpactOptions {
  from: string;
  to: string;
  asOf: string;
  line?: number;
  pageSize?: number;
  examples?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface ImpactReport {
  from: string;
  to: string;
  asOf: string;
  line: number;
  people: number;
  up: number;
  down: number;
  same: number;
  meanChange: number;
  largestRise: number;
  largestFall: number;
  /** Counts of changes by band of points, e.g. "+10 … +20". */
  bands: Array<{ band: string; people: number }>;
  crossedUp: number;
  crossedDown: number;
  /** A few of those who cross the line, masked. */
  examples: Array<{ idNumber: string; name: string; before: number; after: number }>;
}

const BANDS: Array<[number, number, string]> = [
  [-Infinity, -5000, '≤ −50'],
  [-5000, -2000, '−50 … −20'],
  [-2000, -1000, '−20 … −10'],
  [-1000, 0, '−10 … 0'],
  [0, 1, '0'],
  [1, 1001, '0 … +10'],
  [1001, 2001, '+10 … +20'],
  [2001, 5001, '+20 … +50'],
  [5001, Infinity, '≥ +50'],
];

export async function impact(store: Store, o: ImpactOptions): Promise<ImpactReport> {
  const a = policyById(o.from);
  const b = policyById(o.to);
  const lineH = Math.round((o.line ?? 100) * 100);
  const repo = new PeopleRepository(store.db);
  const total = await repo.count();
  const counts = new Array<number>(BANDS.length).fill(0);
  const rep: ImpactReport = {
    from: o.from,
    to: o.to,
    asOf: o.asOf,
    line: o.line ?? 100,
    people: 0,
    up: 0,
    down: 0,
    same: 0,
    meanChange: 0,
    largestRise: 0,
    largestFall: 0,
    bands: [],
    crossedUp: 0,
    crossedDown: 0,
    examples: [],
  };
  let sum = 0;
  let rise = 0;
  let fall = 0;
  let after = 0;
  for (;;) {
    const page = await repo.page(after, o.pageSize ?? 2000);
    if (page.length === 0) break;
    for (const p of page) {
      const facts = assembleFacts(p, o.asOf);
      const before = evaluateCompiled(a, facts, o.asOf, undefined, false).totalH;
      const now = evaluateCompiled(b, facts, o.asOf, undefined, false).totalH;
      const d = now - before;
      rep.people++;
      sum += d;
      if (d > 0) rep.up++;
      else if (d < 0) rep.down++;
      else rep.same++;
      rise = Math.max(rise, d);
      fall = Math.min(fall, d);
      const band = BANDS.findIndex(([lo, hi]) => d >= lo && d < hi);
      counts[band] = (counts[band] ?? 0) + 1;
      const crossed = before < lineH && now >= lineH ? 'up' : before >= lineH && now < lineH ? 'down' : null;
      if (crossed === 'up') rep.crossedUp++;
      if (crossed === 'down') rep.crossedDown++;
      if (crossed && rep.examples.length < (o.examples ?? 10)) {
        rep.examples.push({ idNumber: maskIdNumber(p.idNumber), name: maskName(p.name), before: before / 100, after: now / 100 });
      }
    }
    after = page[page.length - 1]!.id!;
    o.onProgress?.(rep.people, total);
  }
  rep.meanChange = rep.people === 0 ? 0 : Math.round(sum / rep.people) / 100;
  rep.largestRise = rise / 100;
  rep.largestFall = fall / 100;
  rep.bands = BANDS.map(([, , band], i) => ({ band, people: counts[i] ?? 0 }));
  return rep;
}
