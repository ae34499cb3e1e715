/**
 * PeopleRepository.contacts on every adapter: who many people are (name, ID number, phone, district)
 * without their records, across more ids than one query takes (500), duplicates once, unknown ids left
 * out — and the same answer byIds gives for those fields.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/storage/db.ts';
import { PeopleRepository } from '../../src/storage/repositories/people.ts';
import { eligiblePerson, testIdNumber, testPhone } from '../support/people.ts';
import { adapters } from '../support/stores.ts';

for (const adapter of adapters()) {
  describe(`people's contacts on ${adapter.name}`, () => {
    let store: Store;
    let ids: number[];
    beforeAll(async () => {
      store = await adapter.open();
      const seqs = Array.from({ length: 620 }, (_, i) => i + 1);
      ids = await new PeopleRepository(store.db).insertBundles(
        seqs.map((seq) => eligiblePerson(seq, { district: seq % 2 ? '330106' : '330108', phone: seq % 5 ? testPhone(seq) : null })),
        '2024-01-01T00:00:00Z',
      );
    });
    afterAll(async () => {
      await store.close();
      await adapter.cleanup();
    });

    it('answers for every id asked, in chunks, once each, and skips unknown ones', async () => {
      const people = new PeopleRepository(store.db);
      const asked = [...ids.slice(10, 600), ids[10]!, 99_999_999];
      const got = await people.contacts(asked);
      expect(got).toHaveLength(590);
      const byId = new Map(got.map((c) => [c.id, c]));
      expect(byId.get(ids[10]!)).toEqual({ id: ids[10], name: '申请人11', idNumber: testIdNumber(11), phone: testPhone(11), district: '330106' });
      expect(byId.get(ids[14]!)?.phone).toBeNull();
      const [bundle] = await people.byIds([ids[599]!]);
      expect(byId.get(ids[599]!)).toEqual({ id: bundle!.id, name: bundle!.name, idNumber: bundle!.idNumber, phone: bundle!.phone, district: bundle!.district });
      expect(await people.contacts([])).toEqual([]);
    });
  });
}
