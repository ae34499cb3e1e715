/**
 * Side-by-side timing for benchmarks: every contender is warmed up, then measured in interleaved
 * rounds (A B C A B C …) so that noise from the machine, the JIT and the collector falls on all of
 * them alike, with a full collection before each round. Reports the median rate over the rounds.
 */
import { PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export interface BenchOptions {
  /** Fewer, shorter rounds: a smoke test, not figures to publish. */
  quick: boolean;
}

export interface Contender {
  name: string;
  /** One pass over the corpus; returns a checksum so that no work can be optimised away. */
  pass: () => number | Promise<number>;
}

export interface RoundPlan {
  /** Items (evaluations) in one pass. */
  itemsPerPass: number;
  /** Warm-up time per contender before any round is timed. */
  warmupMs: number;
  /** Target duration of one round; the number of passes per round is set from the warm-up rate. */
  roundMs: number;
  rounds: number;
}

export interface Figures {
  name: string;
  /** Items per second in each timed round. */
  rates: number[];
  median: number;
  min: number;
  max: number;
  passesPerRound: number;
  /** Share of timed round time spent in the garbage collector. */
  gcShare: number;
  /** Largest heapUsed seen at the end of a round, before the next collection. */
  heapAfterRoundMax: number;
  checksum: number;
}

type Gc = () => void;

/** `global.gc`, exposing it at run time when node was started without --expose-gc. */
export function collector(): Gc {
  const g = (globalThis as { gc?: Gc }).gc;
  if (g) return g;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as Gc;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

async function passes(c: Contender, n: number): Promise<number> {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const r = c.pass();
    sum += typeof r === 'number' ? r : await r;
  }
  return sum;
}

export async function interleaved(contenders: readonly Contender[], plan: RoundPlan): Promise<Figures[]> {
  const gc = collector();
  const gcEntries: PerformanceEntry[] = [];
  const observer = new PerformanceObserver((list) => gcEntries.push(...list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });

  // Warm-up, also round-robin, until each contender has run for warmupMs; its last pass sets the
  // number of passes that makes a round last about roundMs.
  const perRound = new Map<string, number>();
  const spent = new Map<string, number>(contenders.map((c) => [c.name, 0]));
  while (contenders.some((c) => spent.get(c.name)! < plan.warmupMs)) {
    for (const c of contenders) {
      if (spent.get(c.name)! >= plan.warmupMs) continue;
      const t0 = performance.now();
      await passes(c, 1);
      const ms = performance.now() - t0;
      spent.set(c.name, spent.get(c.name)! + ms);
      perRound.set(c.name, Math.max(1, Math.round(plan.roundMs / ms)));
    }
  }

  const windows = new Map<string, Array<[number, number]>>(contenders.map((c) => [c.name, []]));
  const rates = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  const heapMax = new Map<string, number>(contenders.map((c) => [c.name, 0]));
  const sums = new Map<string, number>(contenders.map((c) => [c.name, 0]));
  for (let r = 0; r < plan.rounds; r++) {
    for (const c of contenders) {
      const n = perRound.get(c.name)!;
      gc();
      const t0 = performance.now();
      const sum = await passes(c, n);
      const t1 = performance.now();
      sums.set(c.name, sums.get(c.name)! + sum);
      heapMax.set(c.name, Math.max(heapMax.get(c.name)!, process.memoryUsage().heapUsed));
      windows.get(c.name)!.push([t0, t1]);
      rates.get(c.name)!.push((n * plan.itemsPerPass * 1000) / (t1 - t0));
    }
  }
  // Let the observer deliver the last entries.
  await new Promise((resolve) => setTimeout(resolve, 50));
  observer.disconnect();

  return contenders.map((c) => {
    const w = windows.get(c.name)!;
    let inGc = 0;
    let total = 0;
    for (const [a, b] of w) {
      total += b - a;
      for (const e of gcEntries) {
        const from = Math.max(a, e.startTime);
        const to = Math.min(b, e.startTime + e.duration);
        if (to > from) inGc += to - from;
      }
    }
    const rs = rates.get(c.name)!;
    return {
      name: c.name,
      rates: rs,
      median: median(rs),
      min: Math.min(...rs),
      max: Math.max(...rs),
      passesPerRound: perRound.get(c.name)!,
      gcShare: total > 0 ? inGc / total : 0,
      heapAfterRoundMax: heapMax.get(c.name)!,
      checksum: sums.get(c.name)!,
    };
  });
}

async function retainedOnce(make: () => unknown[] | Promise<unknown[]>, gc: Gc): Promise<number> {
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  const kept = await make();
  gc();
  gc();
  const after = process.memoryUsage().heapUsed;
  // Read after the measurement, so that `kept` is certainly alive during it.
  return kept.length === 0 ? 0 : Math.max(0, after - before) / kept.length;
}

/**
 * Bytes of heap still held by what `make` returns, per item, after full collections; the median of
 * three tries, since heapUsed also moves with code and feedback the JIT allocates on the side. Each
 * try runs in a call of its own: a suspended async frame keeps its temporaries alive, and a result
 * left in one would be counted in the next try's baseline and then freed during it.
 */
export async function retainedBytes(make: () => unknown[] | Promise<unknown[]>): Promise<number> {
  const gc = collector();
  const tries: number[] = [];
  for (let i = 0; i < 3; i++) tries.push(await retainedOnce(make, gc));
  return median(tries);
}
