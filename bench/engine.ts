/**
 * The engine benchmark: evaluations per second of `evaluate(facts, asOf, { policy })` on realistic
 * documents with the trace on, side by side in one run with two baselines over the same indicator
 * table (hangzhou-2024): the same table written for json-rules-engine, and a hand-written function
 * that hard-codes it; a total-only scorer runs alongside for scale. Before anything is timed they
 * must agree on every document: totals for all, eligibility for the three full scorers, and every
 * trace decision for the engine and the hand-written function. Figures and the machine go to
 * stdout and bench/out/engine.json; bench/README.md records them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { evaluate, factsSchema, type Facts, type Result } from '../src/rules/index.ts';
import { loadAverage, machine } from './lib/machine.ts';
import { collector, interleaved, retainedBytes, type BenchOptions, type Contender, type Figures } from './lib/measure.ts';
import { dayOfIso } from './engine/calendar.ts';
import { generateFacts } from './engine/generate.ts';
import { totalHangzhou2024 } from './engine/bare.ts';
import { scoreHangzhou2024 } from './engine/handwritten.ts';
import { jsonRulesScorer, type JsonRulesResult } from './engine/json-rules.ts';

const POLICY = 'hangzhou-2024';
const AS_OF = '2025-03-01';
const SEED = 20250301;
const DOCUMENTS = 2000;

const GOALS = { enginePerSecond: 200_000, timesJsonRules: 20, withinHandWritten: 2 };

/** The first path at which two JSON-like values differ, or undefined when they are equal. */
function firstDifference(a: unknown, b: unknown, path = '$'): string | undefined {
  if (isDeepStrictEqual(a, b)) return undefined;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return `${path}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`;
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
    if (d) return d;
  }
  return `${path}: differ`;
}

function pointsOf(r: Result): Record<string, number> {
  return Object.fromEntries(r.items.filter((i) => i.points !== 0).map((i) => [i.indicator, i.points]));
}

/** What a result decides, without its wording: points, eligibility, and which records each rule counted or excluded. */
function decisions(r: Result): unknown {
  return {
    total: r.total,
    eligible: r.eligible,
    ineligibleReasons: r.ineligibleReasons,
    warnings: r.warnings.map((w) => w.code),
    items: r.items.map((i) => ({
      indicator: i.indicator,
      points: i.points,
      trace: i.trace.map((t) => ({ rule: t.rule, effect: t.effect, record: t.record, points: t.points })),
    })),
  };
}

interface Agreement {
  ok: boolean;
  /** Documents where the hand-written scorer decides the same but words something differently. */
  wordingDiffers: number;
  firstWordingDifference?: string;
}

/**
 * Every document through all three. Totals (and eligibility) must agree for all three, and the
 * engine and the hand-written scorer must make the same decisions record by record; the first
 * disagreement is printed in full. Wording (details, reasons, clauses) only earns a warning, so
 * that rephrasing a message in src/rules does not stop the benchmark.
 */
async function agree(docs: readonly Facts[], jsonRules: (f: Facts, asOf: string) => Promise<JsonRulesResult>): Promise<Agreement> {
  const out: Agreement = { ok: true, wordingDiffers: 0 };
  for (let i = 0; i < docs.length; i++) {
    const f = docs[i]!;
    const engine = evaluate(f, AS_OF, { policy: POLICY });
    const hand = scoreHangzhou2024(f, AS_OF);
    const jre = await jsonRules(f, AS_OF);
    const bare = totalHangzhou2024(f, AS_OF);
    const diff = firstDifference(decisions(engine), decisions(hand));
    if (diff !== undefined || hand.total !== engine.total || jre.total !== engine.total || jre.eligible !== engine.eligible || bare !== engine.total) {
      console.error(`\nDISAGREEMENT on document ${i} (seed ${SEED}, asOf ${AS_OF}, policy ${POLICY})`);
      console.error(
        `  total     engine ${engine.total}   hand-written ${hand.total}   json-rules-engine ${jre.total}   total-only ${bare}`,
      );
      console.error(`  eligible  engine ${engine.eligible}   hand-written ${hand.eligible}   json-rules-engine ${jre.eligible}`);
      if (diff !== undefined) console.error(`  engine vs hand-written, first difference: ${diff}`);
      console.error(`  engine points:            ${JSON.stringify(pointsOf(engine))}`);
      console.error(`  json-rules-engine points: ${JSON.stringify(jre.points)}`);
      console.error(`  facts: ${JSON.stringify(f)}`);
      return { ...out, ok: false };
    }
    const wording = firstDifference(engine, hand);
    if (wording !== undefined) {
      out.wordingDiffers++;
      out.firstWordingDifference ??= `document ${i}, ${wording}`;
    }
  }
  return out;
}

function profile(docs: readonly Facts[]): Record<string, number> {
  const mean = (fn: (f: Facts) => number): number => Math.round((docs.reduce((a, f) => a + fn(f), 0) / docs.length) * 10) / 10;
  let traceEntries = 0;
  let total = 0;
  for (const f of docs) {
    const r = evaluate(f, AS_OF, { policy: POLICY });
    total += r.total;
    for (const it of r.items) traceEntries += it.trace.length;
  }
  return {
    residencePeriods: mean((f) => f.residence?.length ?? 0),
    insuranceRuns: mean((f) => f.socialInsurance?.length ?? 0),
    insuranceMonthsListed: mean((f) => (f.socialInsurance ?? []).reduce((a, r) => a + monthSpan(r.from, r.to), 0)),
    traceEntriesPerResult: Math.round((traceEntries / docs.length) * 10) / 10,
    meanTotal: Math.round((total / docs.length) * 10) / 10,
    jsonBytesPerDocument: mean((f) => JSON.stringify(f).length),
  };
}

function monthSpan(from: string, to: string): number {
  const m = (s: string): number => Number(s.slice(0, 4)) * 12 + Number(s.slice(5, 7));
  return m(to) - m(from) + 1;
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(1);

export async function engineBench(opts: BenchOptions): Promise<number> {
  const asOfDay = dayOfIso(AS_OF);
  const raw = generateFacts(DOCUMENTS, SEED, asOfDay);
  // Validated once, outside the timing; the engine is specified on schema-checked input.
  const docs = raw.map((d, i) => {
    const r = factsSchema.safeParse(d);
    if (!r.success) throw new Error(`generated document ${i} is not valid facts-v1: ${r.error.message}`);
    return r.data;
  });
  const jsonRules = jsonRulesScorer();
  const env = machine();
  console.log(`engine benchmark — ${DOCUMENTS} documents (seed ${SEED}), policy ${POLICY}, asOf ${AS_OF}, trace on`);
  console.log(
    `${env.cpu}, ${env.cores} cores (affinity ${env.affinity}), ${env.memoryGiB} GiB, node ${env.node}, ${env.date}, load ${env.load}`,
  );
  console.log(`code: ${env.revision}`);
  const corpus = profile(docs);
  console.log(`corpus: ${JSON.stringify(corpus)}`);

  const agreement = await agree(docs, jsonRules);
  if (!agreement.ok) return 1;
  console.log(
    `agreement on all ${DOCUMENTS} documents: totals (all four), eligibility (engine, hand-written, json-rules-engine), ` +
      'every trace decision (engine, hand-written)',
  );
  if (agreement.wordingDiffers > 0) {
    console.warn(
      `warning: on ${agreement.wordingDiffers} documents the hand-written scorer words something unlike the engine ` +
        `(first: ${agreement.firstWordingDifference}); update bench/engine/handwritten.ts so both produce the same text`,
    );
  } else console.log('the hand-written results are identical to the engine\'s, wording included');

  const contenders: Contender[] = [
    {
      name: 'engine',
      pass: () => {
        let s = 0;
        for (const f of docs) s += evaluate(f, AS_OF, { policy: POLICY }).total;
        return s;
      },
    },
    {
      name: 'hand-written',
      pass: () => {
        let s = 0;
        for (const f of docs) s += scoreHangzhou2024(f, AS_OF).total;
        return s;
      },
    },
    {
      name: 'total only (for scale)',
      pass: () => {
        let s = 0;
        for (const f of docs) s += totalHangzhou2024(f, AS_OF);
        return s;
      },
    },
    {
      name: 'json-rules-engine',
      pass: async () => {
        let s = 0;
        for (const f of docs) s += (await jsonRules(f, AS_OF)).total;
        return s;
      },
    },
  ];
  const plan = opts.quick
    ? { itemsPerPass: DOCUMENTS, warmupMs: 300, roundMs: 100, rounds: 3 }
    : { itemsPerPass: DOCUMENTS, warmupMs: 3000, roundMs: 400, rounds: 15 };
  const gc = collector();
  gc();
  const heapBase = process.memoryUsage().heapUsed;
  const figures = await interleaved(contenders, plan);
  const retained: Record<string, number> = {};
  retained.engine = await retainedBytes(() => docs.map((f) => evaluate(f, AS_OF, { policy: POLICY })));
  retained['hand-written'] = await retainedBytes(() => docs.map((f) => scoreHangzhou2024(f, AS_OF)));
  retained['total only (for scale)'] = await retainedBytes(() => docs.map((f) => totalHangzhou2024(f, AS_OF)));
  retained['json-rules-engine'] = await retainedBytes(async () => {
    const out: JsonRulesResult[] = [];
    for (const f of docs) out.push(await jsonRules(f, AS_OF));
    return out;
  });

  const loadAfter = loadAverage();
  const by = (name: string): Figures => figures.find((f) => f.name === name)!;
  const engine = by('engine');
  const hand = by('hand-written');
  const jre = by('json-rules-engine');
  const sums = new Set(figures.map((f) => f.checksum / f.rates.length / f.passesPerRound));
  const ratios = { engineOverJsonRules: engine.median / jre.median, handOverEngine: hand.median / engine.median };
  const goals = {
    enginePerSecond: engine.median >= GOALS.enginePerSecond,
    timesJsonRules: ratios.engineOverJsonRules >= GOALS.timesJsonRules,
    withinHandWritten: ratios.handOverEngine <= GOALS.withinHandWritten,
  };

  console.log(`\nload average (1 min): ${env.load} before, ${loadAfter} after (the benchmark itself accounts for about 1 of it, on ${env.cores} cores)`);
  console.log(`heap used before timing (corpus loaded, after gc): ${mib(heapBase)} MiB`);
  console.log(`${plan.rounds} interleaved rounds, warm-up ${plan.warmupMs} ms each, about ${plan.roundMs} ms a round, gc before each round\n`);
  console.log('| contender | evaluations/s (median) | min – max | passes/round | GC time | heap used, end of round (max) | retained per result |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const f of figures) {
    console.log(
      `| ${f.name} | ${fmt(f.median)} | ${fmt(f.min)} – ${fmt(f.max)} | ${f.passesPerRound} | ${(f.gcShare * 100).toFixed(1)} % | ${mib(f.heapAfterRoundMax)} MiB | ${fmt(retained[f.name]!)} B |`,
    );
  }
  console.log('');
  console.log(`engine / json-rules-engine: ${ratios.engineOverJsonRules.toFixed(1)}×   hand-written / engine: ${ratios.handOverEngine.toFixed(2)}×`);
  console.log(`goal ≥ ${fmt(GOALS.enginePerSecond)}/s on one core: ${goals.enginePerSecond ? 'met' : 'NOT met'}`);
  console.log(`goal ≥ ${GOALS.timesJsonRules}× json-rules-engine: ${goals.timesJsonRules ? 'met' : 'NOT met'}`);
  console.log(`goal within ${GOALS.withinHandWritten}× of hand-written: ${goals.withinHandWritten ? 'met' : 'NOT met'}`);
  if (sums.size !== 1) console.log(`note: checksums per pass differ between contenders: ${[...sums].join(', ')}`);

  mkdirSync(new URL('./out/', import.meta.url), { recursive: true });
  writeFileSync(
    new URL('./out/engine.json', import.meta.url),
    `${JSON.stringify({ machine: env, documents: DOCUMENTS, seed: SEED, policy: POLICY, asOf: AS_OF, corpus, plan, heapBase, loadAfter, figures, retained, ratios, goals }, null, 2)}\n`,
  );
  return 0;
}
