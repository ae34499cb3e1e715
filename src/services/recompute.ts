/**
 * Scores everyone under the version in force (or a named one) as of a date and writes one snapshot per
 * person, pinned to the version and to the digest of the facts scored. Pages of people are read in id
 * order; each page's snapshots and the run's progress commit together, so a run killed at any moment
 * resumes after its last whole page and never leaves a half-written page.
 */
import { createHash } from 'node:crypto';
import { assembleFacts } from '../domain/facts-assembly.ts';
import type { PersonBundle } from '../domain/records.ts';
import { evaluateCompiled } from '../rules/evaluate.ts';
import { policyById, policyInForce } from '../rules/registry.ts';
import type { Store } from '../storage/db.ts';
import { PeopleRepository } from '../storage/repositories/people.ts';
import { SnapshotRepository, type SnapshotRow } from '../storage/repositories/snapshots.ts';

export interface RecomputeOptions {
  asOf: string;
  policy?: string;
  pageSize?: number;
  now?: () => Date;
  onProgress?: (done: number, total: number) => void;
  /** Stop after this many pages (tests of resumption). */
  maxPages?: number;
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
  const r = evaluateCompiled(policy, facts, asOf);
  return {
    personId: b.id!,
    factsDigest: factsDigest(json),
    totalH: r.totalH,
    eligible: r.eligible,
    itemsH: r.items.map((i) => Math.round(i.points * 100)).join(','),
  };
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
  for (;;) {
    if (o.maxPages !== undefined && pages >= o.maxPages) {
      return { runId: run.id, asOf: o.asOf, policyVersion: policy.version.id, people: run.peopleDone, resumed, finished: false };
    }
    const page = await people.page(run.lastPersonId, pageSize);
    if (page.length === 0) break;
    const rows = page.map((b) => scoreBundle(b, o.asOf, policy));
    const n = pages + 1;
    await snapshots.writePage(run, rows, page[page.length - 1]!.id!, o.beforePageCommit && (() => o.beforePageCommit!(n)));
    pages++;
    o.onProgress?.(run.peopleDone, total);
  }
  await snapshots.finishRun(run, now().toISOString());
  return { runId: run.id, asOf: o.asOf, policyVersion: policy.version.id, people: run.peopleDone, resumed, finished: true };
}
