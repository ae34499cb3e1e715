/** The impact of a policy change, on every adapter: who goes up, by how much, who crosses 100. */
import { afterAll, describe, expect, it } from 'vitest';
import { checkCharacter } from '../src/domain/id-number.ts';
import type { PersonBundle } from '../src/domain/records.ts';
import { impact } from '../src/services/impact.ts';
import { PeopleRepository } from '../src/storage/repositories/people.ts';
import { adapters } from './support/stores.ts';

function owner(i: number, owned: boolean): PersonBundle {
  const first17 = `41010219850101${String(200 + i).padStart(3, '0')}`;
  return {
    idNumber: first17 + checkCharacter(first17),
    name: `业主${i}`,
    phone: null,
    birthDate: '1985-01-01',
    sex: 'male',
    urbanHukou: false,
    fullCivilCapacity: true,
    district: '330108',
    permits: [{ permitNo: `IMP${i}`, kind: 'ic', district: '330108', issuedOn: '2024-01-01', endorsements: [] }],
    residence: [],
    insurance: [],
    declared: owned ? { housing: { kind: 'owned', from: '2020-01-01', livesThere: true }, education: { level: i === 0 ? 'bachelor' : 'highSchool' } } : {},
  };
}

for (const adapter of adapters()) {
  describe(`impact on ${adapter.name}`, () => {
    afterAll(() => adapter.cleanup());
    it('counts the people whose points rise with the 2024 own-home rule, and who cross 100', async () => {
      const store = await adapter.open();
      try {
        await new PeopleRepository(store.db).insertBundles([owner(0, true), owner(1, true), owner(2, false)], '2024-09-01T00:00:00Z');
        const r = await impact(store, { from: 'hangzhou-2023', to: 'hangzhou-2024', asOf: '2024-09-01' });
        // The bachelor owner: age 30 + education 50 + home 30 = 110 → 160 (already above 100).
        // The high-school owner: 30 + 10 + 30 = 70 → 120, crossing 100. The non-owner does not move.
        expect(r).toMatchObject({ people: 3, up: 2, same: 1, down: 0, largestRise: 50, crossedUp: 1, crossedDown: 0 });
        expect(r.bands.find((b) => b.band === '+20 … +50')!.people).toBe(2);
        expect(r.examples).toHaveLength(1);
        expect(r.examples[0]!.idNumber).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
      } finally {
        await store.close();
      }
    });
  });
}
