/**
 * Scores everyone under the version in force (or a named one) as of a date and writes one snapshot per
 * person, pinned to the version and to the digest of the facts scored. Pages of people are read in id
 * order; each page's snapshots and the run's progress commit together, so a run killed at any moment
 * resumes after its last whole page and never leaves a half-written page.
 */
import { createHash } from 'node:crypto';
import { cpus } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { CompiledPolicy } from '../rules/compile.ts';
import { assembleFacts } from '../domain/facts-assembly.ts';
import type { PersonBundle } from '../domain/records.ts';
import { evaluateCompiled } from '../rules/evaluate.ts';
import { policyById, policyInForce } from '../rules/registry.ts';
import type { Store } from '../storage/db.ts';
import { PeopleRepository } from '../storage/repositories/people.ts';
import { SnapshotRepository, type SnapshotRow } from '../storage/repositories/snapshots.ts';
import type { OpenOptions } from '../storage/db.ts';

export interface RecomputeOptions {
  asOf: string;
  policy?: string;
  pageSize?: number;
  now?: () => Date;
  onProgress?: (done: number, total: number) => void;
  /** Stop after this many pages (tests of resumption). */
  maxPages?: number;
  /** Score in a worker thread while reading and writing (default: when the machine has 2+ cores). */
  parallel?: boolean;
  /**
   * Fault injection for crash tests: called inside the transaction of each page, after its writes and
   * before its commit, with the page number (1-based).
   */
  beforePageCommit?: (page: number) => void;
}

export interface RecomputeSummary {
  runId: number;
  asOf: string;
  policyVersion: string;
  people: number;
  resumed: boolean;
  finished: boolean;
}

export function factsDigest(json: string): string {
  return createHash('sha256').update(json).digest('base64url');
}

/** Scores one person's bundle: the snapshot row and the facts it was computed from. */
export function scoreBundle(b: PersonBundle, asOf: string, policy: ReturnType<typeof policyById>): SnapshotRow {
  const facts = assembleFacts(b, asOf);
  const json = JSON.stringify(facts);
  // Snapshots keep totals and item points only: score without building the trace.
  const { result, totalH } = evaluateCompiled(policy, facts, asOf, undefined, false);
  return {
    personId: b.id!,
    factsDigest: factsDigest(json),
    totalH,
    eligible: result.eligible,
    itemsH: result.items.map((i) => Math.round(i.points * 100)).join(','),
  };
}

interface Scored {
  rows: SnapshotRow[];
}

/**
 * Reads and scores id ranges: in a worker thread with its own connection when one can be started
 * (a file or server database, a machine with two or more cores), otherwise inline.
 */
class RangeScorer {
  private worker: Worker | undefined;
  private next = 0;
  private readonly waiting = new Map<number, { resolve: (s: Scored) => void; reject: (e: Error) => void }>();

  constructor(
    private readonly people: PeopleRepository,
    private readonly asOf: string,
    private readonly policy: CompiledPolicy,
    open: OpenOptions | undefined,
  ) {
    if (!open) return;
    // The worker is TypeScript too; its .mjs entry registers the tsx loader in the new thread.
    this.worker = new Worker(new URL('./recompute-worker.mjs', import.meta.url), {
      workerData: { open, asOf, policy: policy.version.id },
    });
    this.worker.on('message', (m: { id: number; rows?: SnapshotRow[]; error?: string }) => {
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (m.error !== undefined) w?.reject(new Error(m.error));
      else w?.resolve({ rows: m.rows ?? [] });
    });
    this.worker.on('error', (err) => {
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
      this.worker = undefined;
    });
  }

  inline(lo: number, hi: number): Promise<Scored> {
    return this.people.range(lo, hi).then((bundles) => ({ rows: bundles.map((b) => scoreBundle(b, this.asOf, this.policy)) }));
  }

  /** Scores the range in the worker when there is one. */
  offload(lo: number, hi: number): Promise<Scored> {
    const w = this.worker;
    if (!w) return this.inline(lo, hi);
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      w.postMessage({ id, lo, hi });
    });
  }

  get parallel(): boolean {
    return this.worker !== undefined;
  }

  async close(): Promise<void> {
    if (!this.worker) return;
    const w = this.worker;
    this.worker = undefined;
    await new Promise<void>((resolve) => {
      w.once('exit', () => resolve());
      w.postMessage('close');
    });
  }
}

export async function recompute(store: Store, o: RecomputeOptions): Promise<RecomputeSummary> {
  const now = o.now ?? (() => new Date());
  const policy = o.policy ? policyById(o.policy) : policyInForce(o.asOf);
  const people = new PeopleRepository(store.db);
  const snapshots = new SnapshotRepository(store.db);
  const { run, resumed } = await snapshots.openRun(o.asOf, policy.version.id, now().toISOString());
  const total = await people.count();
  const pageSize = o.pageSize ?? 2000;
  let pages = 0;
  o.onProgress?.(run.peopleDone, total);
  const maxId = await people.maxId();
  // A second reader helps SQLite, which runs inside this process; PostgreSQL already works in its own
  // processes, and a second pool there only adds connections (bench/README.md has the figures).
  const parallel = o.parallel ?? (store.dialect === 'sqlite' && cpus().length > 1);
  const scorer = new RangeScorer(people, o.asOf, policy, parallel ? store.reopen : undefined);
  try {
    // Pages are id ranges of `pageSize` ids, written strictly in id order, so progress stays a prefix.
    const start = run.lastPersonId + 1;
    const count = maxId >= start ? Math.ceil((maxId - start + 1) / pageSize) : 0;
    const hiOf = (i: number): number => Math.min(start + (i + 1) * pageSize - 1, maxId);
    const loOf = (i: number): number => start + i * pageSize;
    // The worker scores the odd pages, always one ahead, so it is busy while this thread scores the
    // even page and writes both.
    let ahead = scorer.parallel && count > 1 ? scorer.offload(loOf(1), hiOf(1)) : undefined;
    for (let i = 0; i < count; i++) {
      if (o.maxPages !== undefined && pages >= o.maxPages) {
        return { runId: run.id, asOf: o.asOf, policyVersion: policy.version.id, people: run.peopleDone, resumed, finished: false };
      }
      let scored: Scored;
      if (ahead && i % 2 === 1) {
        scored = await ahead;
        ahead = i + 2 < count ? scorer.offload(loOf(i + 2), hiOf(i + 2)) : undefined;
      } else {
        scored = await scorer.inline(loOf(i), hiOf(i));
      }
      const n = pages + 1;
      await snapshots.writePage(run, scored.rows, hiOf(i), o.beforePageCommit && (() => o.beforePageCommit!(n)));
      pages++;
      o.onProgress?.(run.peopleDone, total);
    }
  } finally {
    await scorer.close();
  }
  await snapshots.finishRun(run, now().toISOString());
  return { runId: run.id, asOf: o.asOf, policyVersion: policy.version.id, people: run.peopleDone, resumed, finished: true };
}
