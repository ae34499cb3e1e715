/** The city-wide recompute on every storage adapter: complete, pinned, idempotent and resumable. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkCharacter } from '../src/domain/id-number.ts';
import { assembleFacts } from '../src/domain/facts-assembly.ts';
import type { PersonBundle } from '../src/domain/records.ts';
import { evaluate } from '../src/rules/index.ts';
import { recompute, factsDigest } from '../src/services/recompute.ts';
import { openStore, type Store } from '../src/storage/db.ts';
import { PeopleRepository } from '../src/storage/repositories/people.ts';
import { SnapshotRepository } from '../src/storage/repositories/snapshots.ts';
import { adapters } from './support/stores.ts';

function person(i: number): PersonBundle {
  const first17 = `34010419${80 + (i % 20)}0101${String(100 + i).padStart(3, '0')}`;
  return {
    idNumber: first17 + checkCharacter(first17),
    name: `测试${i}`,
    phone: null,
    birthDate: `19${80 + (i % 20)}-01-01`,
    sex: i % 2 ? 'male' : 'female',
    urbanHukou: false,
    fullCivilCapacity: true,
    district: '330106',
    permits: [{ permitNo: `P${i}`, kind: 'ic', district: '330106', issuedOn: '2023-03-01', endorsements: ['2024-02-20'] }],
    residence: [{ from: `${2010 + (i % 10)}-01-01`, to: null, status: 'registered', source: 'police', verified: false, sourceRef: `R${i}` }],
    insurance: [{ scheme: 'pension', fromMonth: (2012 + (i % 8)) * 12, toMonth: 2024 * 12 + 5, backPaid: false, transferredIn: false }],
    declared: i % 3 === 0 ? { education: { level: 'bachelor' } } : {},
  };
}

const people = Array.from({ length: 23 }, (_, i) => person(i));
const asOf = '2024-09-01';

for (const adapter of adapters()) {
  describe(`recompute on ${adapter.name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await adapter.open();
      await new PeopleRepository(store.db).insertBundles(people, '2024-09-01T00:00:00Z');
    });
    afterEach(async () => {
      await store.close();
    });
    afterAll(async () => {
      await adapter.cleanup();
    });

    it('writes one snapshot per person, pinned to the version and the digest of the facts scored', async () => {
      const s = await recompute(store, { asOf, pageSize: 5 });
      expect(s).toMatchObject({ people: 23, finished: true, resumed: false, policyVersion: 'hangzhou-2024' });
      const repo = new SnapshotRepository(store.db);
      expect(await repo.countFor(asOf, 'hangzhou-2024')).toBe(23);
      const stored = await new PeopleRepository(store.db).page(0, 100);
      for (const b of stored) {
        const [snap] = await repo.history(b.id!);
        const facts = assembleFacts(b, asOf);
        expect(snap!.totalH).toBe(Math.round(evaluate(facts, asOf).total * 100));
        expect(snap!.factsDigest).toBe(factsDigest(JSON.stringify(facts)));
        expect(snap!.itemsH).toHaveLength(14);
      }
    });

    it('resumes a run stopped part-way and ends with the same snapshots as a clean run', async () => {
      const part = await recompute(store, { asOf, pageSize: 4, maxPages: 2 });
      expect(part).toMatchObject({ people: 8, finished: false });
      const rest = await recompute(store, { asOf, pageSize: 4 });
      expect(rest).toMatchObject({ runId: part.runId, people: 23, finished: true, resumed: true });
      const all = await store.db.selectFrom('points_snapshot').select(['person_id', 'total_h', 'facts_digest']).orderBy('person_id').execute();
      expect(all).toHaveLength(23);
      await recompute(store, { asOf, pageSize: 100 });
      const again = await store.db.selectFrom('points_snapshot').select(['person_id', 'total_h', 'facts_digest']).orderBy('person_id').execute();
      expect(again).toEqual(all);
    });

    it('keeps snapshots of other dates and versions apart', async () => {
      await recompute(store, { asOf });
      await recompute(store, { asOf, policy: 'hangzhou-2023' });
      const [b] = await new PeopleRepository(store.db).page(0, 1);
      const h = await new SnapshotRepository(store.db).history(b!.id!);
      expect(h.map((x) => x.policyVersion)).toEqual(['hangzhou-2023', 'hangzhou-2024']);
    });
  });
}

describe('recompute with a second core', () => {
  it('gives the same snapshots scoring in a worker thread as inline, on a SQLite file', async () => {
    const results: unknown[] = [];
    for (const parallel of [false, true]) {
      const store = await openStore({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'jifen-par-')) });
      try {
        await new PeopleRepository(store.db).insertBundles(people, '2024-09-01T00:00:00Z');
        const s = await recompute(store, { asOf, pageSize: 3, parallel });
        expect(s).toMatchObject({ people: 23, finished: true });
        results.push(await store.db.selectFrom('points_snapshot').select(['person_id', 'total_h', 'facts_digest', 'items_h']).orderBy('person_id').execute());
      } finally {
        await store.close();
      }
    }
    expect(results[1]).toEqual(results[0]);
  });
});
