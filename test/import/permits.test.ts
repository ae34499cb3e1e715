/** Importing residence permits and their endorsements, on every storage adapter. */
import fs from 'node:fs';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runImport } from '../../src/services/import/index.ts';
import type { Store } from '../../src/storage/db.ts';
import { adapters } from '../support/stores.ts';
import { NOW, PERMIT_COLUMNS, csvText, dump, idn, jsonlText, readRejects, tempDir, writeFile } from './support.ts';

const dir = tempDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Permit {
  permit_no: string;
  id_number: string;
  name: string;
  kind: string;
  district: string;
  issued_on: string;
  endorsed_on?: string;
  terminated_on?: string;
  termination_reason?: string;
}

const permit = (n: number, over: Partial<Permit> = {}): Permit => ({
  permit_no: `ZJ3301${String(n).padStart(8, '0')}`,
  id_number: idn(n),
  name: `居民${n}`,
  kind: 'ic',
  district: '330106',
  issued_on: '2018-05-02',
  ...over,
});

for (const adapter of adapters()) {
  describe(`permit import on ${adapter.name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await adapter.open();
    });
    afterEach(async () => {
      await store.close();
    });
    afterAll(async () => {
      await adapter.cleanup();
    });

    const csv = (name: string, rows: readonly Permit[]): string => writeFile(dir, `${adapter.name}-${name}.csv`, csvText(PERMIT_COLUMNS, rows));
    const jsonl = (name: string, rows: readonly Permit[]): string => writeFile(dir, `${adapter.name}-${name}.jsonl`, jsonlText(rows));
    const permits = () =>
      store.db.selectFrom('permit').select(['permit_no', 'kind', 'district', 'issued_on', 'terminated_on', 'termination_reason']).orderBy('permit_no').execute();
    const endorsements = async () =>
      (
        await store.db
          .selectFrom('permit_endorsement')
          .innerJoin('permit', 'permit.id', 'permit_endorsement.permit_id')
          .select(['permit.permit_no', 'permit_endorsement.endorsed_on'])
          .orderBy('permit.permit_no')
          .orderBy('permit_endorsement.endorsed_on')
          .execute()
      ).map((e) => `${e.permit_no} ${e.endorsed_on}`);

    it('imports a CSV with one row per endorsement; unknown holders are created', async () => {
      const s = await runImport(
        store,
        'permits',
        csv('basic', [
          permit(1, { endorsed_on: '2019-05-01' }),
          permit(1, { endorsed_on: '2020-05-01' }),
          permit(2, { kind: 'paper9', district: '330108', issued_on: '2012-01-01', terminated_on: '2016-01-01', termination_reason: '离开杭州' }),
        ]),
        { now: NOW },
      );
      expect(s).toMatchObject({ lines: 3, applied: 3, unchanged: 0, rejected: 0 });
      expect(await permits()).toEqual([
        { permit_no: 'ZJ330100000001', kind: 'ic', district: '330106', issued_on: '2018-05-02', terminated_on: null, termination_reason: null },
        { permit_no: 'ZJ330100000002', kind: 'paper9', district: '330108', issued_on: '2012-01-01', terminated_on: '2016-01-01', termination_reason: '离开杭州' },
      ]);
      expect(await endorsements()).toEqual(['ZJ330100000001 2019-05-01', 'ZJ330100000001 2020-05-01']);
      expect((await store.db.selectFrom('person').select(['id_number', 'sex', 'phone']).orderBy('id').execute()).map((p) => [p.id_number, p.sex, p.phone])).toEqual([
        [idn(1), 'male', null],
        [idn(2), 'female', null],
      ]);
    });

    it('imports JSON Lines the same way, and the same content as CSV afterwards changes nothing', async () => {
      const rows = [permit(1, { endorsed_on: '2019-05-01' }), permit(3)];
      expect(await runImport(store, 'permits', jsonl('basic', rows), { now: NOW })).toMatchObject({ applied: 2, rejected: 0 });
      const before = await dump(store);
      expect(await runImport(store, 'permits', csv('as-csv', rows), { now: NOW })).toMatchObject({ applied: 0, unchanged: 2 });
      expect(await dump(store)).toEqual(before);
    });

    it('changes nothing when the same file is imported twice', async () => {
      const file = csv('twice', [permit(1, { endorsed_on: '2019-05-01' }), permit(1, { endorsed_on: '2020-05-01' }), permit(2, { terminated_on: '2020-01-01' })]);
      await runImport(store, 'permits', file, { now: NOW });
      const before = await dump(store);
      expect(await runImport(store, 'permits', file, { now: NOW })).toMatchObject({ lines: 3, applied: 0, unchanged: 3, rejected: 0 });
      expect(await dump(store)).toEqual(before);
    });

    it('adds only the new endorsements of an overlapping file', async () => {
      await runImport(store, 'permits', csv('e1', [permit(1, { endorsed_on: '2019-05-01' }), permit(1, { endorsed_on: '2020-05-01' })]), { now: NOW });
      const s = await runImport(store, 'permits', csv('e2', [permit(1, { endorsed_on: '2020-05-01' }), permit(1, { endorsed_on: '2021-05-01' }), permit(1)]), { now: NOW });
      expect(s).toMatchObject({ applied: 1, unchanged: 2 });
      expect(await endorsements()).toEqual(['ZJ330100000001 2019-05-01', 'ZJ330100000001 2020-05-01', 'ZJ330100000001 2021-05-01']);
    });

    it('replaces kind, district and issue date in place when a later export corrects them', async () => {
      await runImport(store, 'permits', csv('c1', [permit(1, { endorsed_on: '2019-05-01' })]), { now: NOW });
      const [id1] = await store.db.selectFrom('permit').select('id').execute();
      await runImport(store, 'permits', csv('c2', [permit(1, { district: '330110', issued_on: '2018-05-03' })]), { now: NOW });
      expect(await permits()).toMatchObject([{ district: '330110', issued_on: '2018-05-03' }]);
      expect(await store.db.selectFrom('permit').select('id').execute()).toEqual([id1]);
      expect(await endorsements()).toEqual(['ZJ330100000001 2019-05-01']);
    });

    it('records a termination once: a later row without it keeps it, another date or reason is rejected', async () => {
      await runImport(store, 'permits', csv('t0', [permit(1)]), { now: NOW });
      expect(await runImport(store, 'permits', csv('t1', [permit(1, { terminated_on: '2022-03-01' })]), { now: NOW })).toMatchObject({ applied: 1 });
      // The reason may come later for the same date.
      expect(await runImport(store, 'permits', csv('t2', [permit(1, { terminated_on: '2022-03-01', termination_reason: '迁出' })]), { now: NOW })).toMatchObject({ applied: 1 });
      const s = await runImport(
        store,
        'permits',
        csv('t3', [
          permit(1, { endorsed_on: '2021-05-01' }),
          permit(1, { terminated_on: '2023-01-01' }),
          permit(1, { terminated_on: '2022-03-01', termination_reason: '其他' }),
        ]),
        { now: NOW },
      );
      expect(s).toMatchObject({ applied: 1, unchanged: 0, rejected: 2 });
      expect(readRejects(s.rejectsFile!).rows).toEqual([
        ['3', 'terminated_on', '该居住证已登记终止于 2022-03-01;终止日期只登记一次,未修改'],
        ['4', 'termination_reason', '该居住证已登记了另一终止原因;只登记一次,未修改'],
      ]);
      expect(await permits()).toMatchObject([{ terminated_on: '2022-03-01', termination_reason: '迁出' }]);
      expect(await endorsements()).toEqual(['ZJ330100000001 2021-05-01']);
    });

    it('rejects a permit number held by another ID number, and a known ID number under another name', async () => {
      await runImport(store, 'permits', csv('o1', [permit(1)]), { now: NOW });
      const before = await dump(store);
      const s = await runImport(store, 'permits', csv('o2', [permit(2, { permit_no: permit(1).permit_no }), permit(1, { name: '王五', endorsed_on: '2020-01-01' })]), { now: NOW });
      expect(s).toMatchObject({ applied: 0, rejected: 2 });
      expect(readRejects(s.rejectsFile!).rows).toEqual([
        ['2', 'id_number', '该居住证号 (permit_no) 已属于另一身份证号'],
        ['3', 'name', '与该身份证号已登记的姓名 (居**) 不一致;未覆盖,如需更正请到窗口办理'],
      ]);
      expect(await dump(store)).toEqual(before);
    });
  });
}
