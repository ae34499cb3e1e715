/**
 * Ranking a settlement round: 500,000 applicants through the full tie-break chain and a quota line
 * (`settleRound` of src/domain/settlement.ts), against a baseline in the same run: the same chain as an
 * `Array.prototype.sort` comparator over the objects, then the ranks and the line in one loop.
 *
 * Command: `npx tsx bench/ranking.ts [N] [ROUNDS]` (defaults 500000 and 7). Applicants come from the
 * seeded PRNG of bench/lib (seed 20260601), built like real determinations so that ties on every level
 * are common. Both contenders must give the same order, ranks and admissions before anything is timed;
 * then `interleaved` (bench/lib/measure.ts) runs the rounds A B C A B C … with a full collection
 * before each, and the table gives the median. The quota (about 45 % of the applicants) is moved onto
 * a complete tie, so the rule for ties at the line is part of what is timed. Goal (issue 6): ≤ 2 s for 500,000 on this machine.
 */
import { machine } from './lib/machine.ts';
import { interleaved } from './lib/measure.ts';
import { Rng } from './lib/prng.ts';
import { chainKeys, compareChain, finalKeys, orderByKeys, rank, settleRound, type SettlementCandidate, type SettlementRule } from '../src/domain/settlement.ts';

const N = Number(process.argv[2] ?? 500_000);
const ROUNDS = Number(process.argv[3] ?? 7);
/** Set in main: a quota near 45 % of the applicants, moved to fall inside a complete tie so that the tie rule is exercised. */
let RULE: SettlementRule = { kind: 'quota', quota: 1 };

function quotaThroughATie(applicants: readonly SettlementCandidate[]): number {
  const r = rank(applicants);
  for (let p = Math.round(applicants.length * 0.45); p + 1 < r.length; p++) if (r[p]!.rank === r[p + 1]!.rank) return p + 1;
  return Math.round(applicants.length * 0.45);
}

/** Applicants shaped like hangzhou-2024 determinations (points in hundredths). */
function generate(n: number, seed: number): SettlementCandidate[] {
  const rng = new Rng(seed);
  const ids = new Uint32Array(n);
  for (let i = 0; i < n; i++) ids[i] = i + 1;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(0, i);
    const t = ids[i]!;
    ids[i] = ids[j]!;
    ids[j] = t;
  }
  const out: SettlementCandidate[] = [];
  for (let i = 0; i < n; i++) {
    const years = rng.int(1, 22);
    const residenceMonths = years * 12 + rng.int(0, 11);
    const residence = Math.min(years, 20) * 500;
    const socialInsurance = Math.min(rng.int(12, 260), 240) * 50;
    const age = rng.pick([3000, 3000, 3000, 2800, 2400, 1600, 0]);
    const education = rng.pick([1000, 3000, 5000, 5000, 7000, 9000]);
    const housing = rng.chance(0.4) ? 8000 : rng.int(0, 5) * 600;
    const basic = age + education + residence + socialInsurance + housing;
    const bonus = rng.chance(0.3) ? rng.int(1, 40) * 50 : 0;
    const deductions = rng.chance(0.03) ? 6000 : 0;
    out.push({
      id: ids[i]!,
      total: Math.max(0, basic + bonus - deductions),
      residenceMonths,
      socialInsurance,
      basic,
      acceptedOn: `2024-06-${String(rng.int(1, 30)).padStart(2, '0')}`,
    });
  }
  return out;
}

/** The naive baseline: a comparator over objects, then ranks and the line by hand. */
function baseline(applicants: readonly SettlementCandidate[], rule: SettlementRule): { ids: number[]; ranks: number[]; admitted: number } {
  const sorted = [...applicants].sort(
    (a, b) => compareChain(a, b) || (a.acceptedOn < b.acceptedOn ? -1 : a.acceptedOn > b.acceptedOn ? 1 : 0) || a.id - b.id,
  );
  const ranks: number[] = [];
  for (let p = 0; p < sorted.length; p++) ranks.push(p > 0 && compareChain(sorted[p - 1]!, sorted[p]!) === 0 ? ranks[p - 1]! : p + 1);
  let admitted = sorted.length;
  if (rule.kind === 'quota' && sorted.length > rule.quota) {
    admitted = rule.quota;
    while (admitted < sorted.length && ranks[admitted] === ranks[rule.quota - 1]) admitted++;
  }
  return { ids: sorted.map((c) => c.id), ranks, admitted };
}

function gate(applicants: readonly SettlementCandidate[]): void {
  const a = settleRound(applicants, RULE);
  const b = baseline(applicants, RULE);
  if (a.line.admitted !== b.admitted) throw new Error(`admitted differ: ${a.line.admitted} vs ${b.admitted}`);
  for (let p = 0; p < applicants.length; p++) {
    const e = a.entries[p]!;
    if (e.candidate.id !== b.ids[p] || e.rank !== b.ranks[p]) {
      throw new Error(`position ${p + 1}: ${e.candidate.id}/${e.rank} vs ${b.ids[p]}/${b.ranks[p]}`);
    }
  }
  console.log(
    `gate: same order, ranks and admissions; admitted ${a.line.admitted} of ${applicants.length} (quota ${RULE.kind === 'quota' ? RULE.quota : '-'}), ` +
      `line ${a.line.total! / 100}, tie at the line: ${a.line.tie ? `positions ${a.line.tie.from}–${a.line.tie.to}` : 'none'}; ` +
      `${new Set(applicants.map((c) => c.total)).size} distinct totals`,
  );
}

const contenders: Array<{ name: string; run: (xs: readonly SettlementCandidate[]) => number }> = [
  { name: 'settleRound (rank + line, objects in and out)', run: (xs) => settleRound(xs, RULE).line.admitted },
  { name: 'baseline: Array.sort with a comparator', run: (xs) => baseline(xs, RULE).admitted },
  {
    name: 'index sort only (orderByKeys on prepared columns)',
    run: (() => {
      let cols: ReturnType<typeof chainKeys> | undefined;
      return (xs: readonly SettlementCandidate[]) => {
        cols ??= [...chainKeys(xs.length, (i) => xs[i]!), ...finalKeys(xs.length, (i) => xs[i]!.acceptedOn, (i) => xs[i]!.id)];
        return orderByKeys(xs.length, cols)[0]!;
      };
    })(),
  },
];

async function main(): Promise<void> {
  const m = machine('src/domain');
  console.log(`ranking: ${N} applicants, ${ROUNDS} interleaved rounds; ${m.date}; ${m.cpu} ×${m.cores}; ${m.node}; load ${m.load}; ${m.revision}`);
  const applicants = generate(N, 20260601);
  RULE = { kind: 'quota', quota: quotaThroughATie(applicants), tiesAtLine: 'admitAll' };
  gate(applicants);
  // One pass per round (a round is one whole settleRound); every contender warmed up with one pass first.
  const figures = await interleaved(
    contenders.map((c) => ({ name: c.name, pass: () => c.run(applicants) })),
    { itemsPerPass: N, warmupMs: 1, roundMs: 1, rounds: ROUNDS },
  );
  const ms = (rate: number): number => (N * 1000) / rate;
  const ours = ms(figures[0]!.median);
  console.log('\n| contender | median | min – max | GC time | × settleRound |\n| --- | ---: | ---: | ---: | ---: |');
  for (const f of figures) {
    console.log(`| ${f.name} | ${ms(f.median).toFixed(0)} ms | ${ms(f.max).toFixed(0)} – ${ms(f.min).toFixed(0)} ms | ${(f.gcShare * 100).toFixed(1)} % | ${(ms(f.median) / ours).toFixed(2)} |`);
  }
  console.log(`\ngoal ≤ 2000 ms for 500,000: ${ours <= 2000 ? 'met' : 'NOT met'} (${ours.toFixed(0)} ms for ${N}); load after ${machine('src/domain').load}`);
}

await main();
