/**
 * The "done when": a synthetic city written as source-system files, imported (twice: the
 * second import changes nothing) into an empty database, holds the same people and records as the
 * city seeded directly. What the files do not carry (district, hukou, civil capacity, declared
 * indicators) is left out of the comparison.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runImport } from '../../src/services/import/index.ts';
import { seedCity, writeSourceFiles } from '../../src/services/seed.ts';
import type { PersonBundle } from '../../src/domain/records.ts';
import { PeopleRepository } from '../../src/storage/repositories/people.ts';
import { adapters } from '../support/stores.ts';
import { NOW, tempDir } from './support.ts';

const PEOPLE = 150;
const SEED = 11;
const AS_OF = '2026-06-01';

function comparable(b: PersonBundle) {
  return {
    idNumber: b.idNumber,
    name: b.name,
    phone: b.phone,
    birthDate: b.birthDate,
    sex: b.sex,
    permits: b.permits,
    residence: b.residence.map((r) => ({ ...r, verified: false })),
    insurance: b.insurance,
  };
}

async function all(repo: PeopleRepository): Promise<ReturnType<typeof comparable>[]> {
  const out = await repo.page(0, 10_000);
  return out.map(comparable).sort((a, b) => (a.idNumber < b.idNumber ? -1 : 1));
}

for (const adapter of adapters()) {
  for (const format of ['csv', 'jsonl'] as const) {
    describe(`source files round trip on ${adapter.name} (${format})`, () => {
      afterAll(() => adapter.cleanup());
      it('imports the files the seed wrote into the same city, and a second import changes nothing', async () => {
        const dir = tempDir('jifen-roundtrip-');
        const { files } = await writeSourceFiles(dir, { people: PEOPLE, seed: SEED, asOf: AS_OF, format });
        const seeded = await adapter.open();
        const imported = await adapter.open();
        try {
          await seedCity(seeded, { people: PEOPLE, seed: SEED, asOf: AS_OF });
          for (const kind of ['residence', 'permits', 'insurance'] as const) {
            const file = files.find((f) => path.basename(f).startsWith(kind))!;
            const first = await runImport(imported, kind, file, { now: NOW });
            expect(first.rejected, `${kind} rejects`).toBe(0);
            const again = await runImport(imported, kind, file, { now: NOW });
            expect(again).toMatchObject({ applied: 0, rejected: 0, unchanged: first.lines });
          }
          expect(await all(new PeopleRepository(imported.db))).toEqual(await all(new PeopleRepository(seeded.db)));
        } finally {
          await seeded.close();
          await imported.close();
        }
      }, 60_000);
    });
  }
}
