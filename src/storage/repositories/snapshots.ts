/**
 * Recompute runs and the point snapshots they write. A page of snapshots and the run's progress are
 * written in one transaction, so a run killed at any moment resumes exactly after the last whole page.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface SnapshotRow {
  personId: number;
  factsDigest: string;
  totalH: number;
  eligible: boolean;
  itemsH: string;
}

export interface RecomputeRun {
  id: number;
  asOf: string;
  policyVersion: string;
  status: 'running' | 'done';
  lastPersonId: number;
  peopleDone: number;
  startedAt: string;
  finishedAt: string | null;
}

export interface StoredSnapshot {
  personId: number;
  asOf: string;
  policyVersion: string;
  runId: number;
  factsDigest: string;
  totalH: number;
  eligible: boolean;
  itemsH: number[];
}

export class SnapshotRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** The unfinished run for this date and version, or a new one. */
  async openRun(asOf: string, policyVersion: string, at: string): Promise<{ run: RecomputeRun; resumed: boolean }> {
    const existing = await this.db
      .selectFrom('recompute_run')
      .selectAll()
      .where('as_of', '=', asOf)
      .where('policy_version', '=', policyVersion)
      .where('status', '=', 'running')
      .orderBy('id', 'desc')
      .executeTakeFirst();
    if (existing) return { run: toRun(existing), resumed: true };
    const row = await this.db
      .insertInto('recompute_run')
      .values({ as_of: asOf, policy_version: policyVersion, started_at: at, status: 'running', last_person_id: 0, people_done: 0 })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { run: toRun(row), resumed: false };
  }

  /** Writes a page of snapshots and advances the run, atomically. */
  /** `beforeCommit` runs inside the transaction after every write (fault injection in tests). */
  async writePage(run: RecomputeRun, rows: readonly SnapshotRow[], lastPersonId: number, beforeCommit?: () => void): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const per = 3000;
      for (let i = 0; i < rows.length; i += per) {
        await trx
          .insertInto('points_snapshot')
          .values(
            rows.slice(i, i + per).map((r) => ({
              person_id: r.personId,
              as_of: run.asOf,
              policy_version: run.policyVersion,
              run_id: run.id,
              facts_digest: r.factsDigest,
              total_h: r.totalH,
              eligible: r.eligible ? 1 : 0,
              items_h: r.itemsH,
            })),
          )
          .onConflict((oc) =>
            oc.columns(['person_id', 'as_of', 'policy_version']).doUpdateSet((eb) => ({
              run_id: eb.ref('excluded.run_id'),
              facts_digest: eb.ref('excluded.facts_digest'),
              total_h: eb.ref('excluded.total_h'),
              eligible: eb.ref('excluded.eligible'),
              items_h: eb.ref('excluded.items_h'),
            })),
          )
          .execute();
      }
      await trx
        .updateTable('recompute_run')
        .set((eb) => ({ last_person_id: lastPersonId, people_done: eb('people_done', '+', rows.length) }))
        .where('id', '=', run.id)
        .execute();
      beforeCommit?.();
    });
    run.lastPersonId = lastPersonId;
    run.peopleDone += rows.length;
  }

  async finishRun(run: RecomputeRun, at: string): Promise<void> {
    await this.db.updateTable('recompute_run').set({ status: 'done', finished_at: at }).where('id', '=', run.id).execute();
    run.status = 'done';
    run.finishedAt = at;
  }

  async history(personId: number): Promise<StoredSnapshot[]> {
    const rows = await this.db.selectFrom('points_snapshot').selectAll().where('person_id', '=', personId).orderBy('as_of').orderBy('policy_version').execute();
    return rows.map((r) => ({
      personId: Number(r.person_id),
      asOf: r.as_of,
      policyVersion: r.policy_version,
      runId: Number(r.run_id),
      factsDigest: r.facts_digest,
      totalH: Number(r.total_h),
      eligible: Number(r.eligible) === 1,
      itemsH: r.items_h.split(',').map(Number),
    }));
  }

  async countFor(asOf: string, policyVersion: string): Promise<number> {
    const r = await this.db
      .selectFrom('points_snapshot')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('as_of', '=', asOf)
      .where('policy_version', '=', policyVersion)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
}

function toRun(r: {
  id: number;
  as_of: string;
  policy_version: string;
  status: string;
  last_person_id: number;
  people_done: number;
  started_at: string;
  finished_at: string | null;
}): RecomputeRun {
  return {
    id: Number(r.id),
    asOf: r.as_of,
    policyVersion: r.policy_version,
    status: r.status === 'done' ? 'done' : 'running',
    lastPersonId: Number(r.last_person_id),
    peopleDone: Number(r.people_done),
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  };
}
