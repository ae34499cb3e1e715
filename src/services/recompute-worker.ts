/**
 * The second core of the recompute: a worker thread with its own connection to the same database
 * reads and scores the id ranges it is given and returns the (small) snapshot rows; the main thread
 * alone writes, in id order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { policyById } from '../rules/registry.ts';
import { openStore, type OpenOptions } from '../storage/db.ts';
import { PeopleRepository } from '../storage/repositories/people.ts';
import { scoreBundle } from './recompute.ts';

export interface ScoreRequest {
  id: number;
  lo: number;
  hi: number;
}

const data = workerData as { open: OpenOptions; asOf: string; policy: string };
const store = await openStore(data.open);
const people = new PeopleRepository(store.db);
const policy = policyById(data.policy);

parentPort!.on('message', (req: ScoreRequest | 'close') => {
  if (req === 'close') {
    void store.close().then(() => parentPort!.close());
    return;
  }
  people.range(req.lo, req.hi).then(
    (bundles) => parentPort!.postMessage({ id: req.id, rows: bundles.map((b) => scoreBundle(b, data.asOf, policy)), last: bundles.at(-1)?.id ?? null }),
    (err: unknown) => parentPort!.postMessage({ id: req.id, error: err instanceof Error ? err.message : String(err) }),
  );
});
