/** Importing social-insurance months into runs, on every storage adapter. */
import fs from 'node:fs';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runImport } from '../../src/services/import/index.ts';
import type { Store } from '../../src/storage/db.ts';
import { adapters } from '../support/stores.ts';
import { INSURANCE_COLUMNS, NOW, RESIDENCE_COLUMNS, csvText, dump, idn, jsonlText, readRejects, residence, runsOf, tempDir, writeFile } from './support.ts';

const dir = tempDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Month {
  id_number: string;
  month: string;
  scheme: string;
  back_paid?: string | boolean;
  transferred_in?: string | boolean;
}

const months = (n: number, list: string[], over: Partial<Month> = {}): Month[] => list.map((month) => ({ id_number: idn(n), month, scheme: 'pension', ...over }));

/** 'YYYY-MM' for every month from a to b inclusive. */
function span(a: string, b: string): string[] {
  const out: string[] = [];
  let [y, m] = a.split('-').map(Number) as [number, number];
  const [by, bm] = b.split('-').map(Number) as [number, number];
  while (y < by || (y === by && m <= bm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

for (const adapter of adapters()) {
  describe(`insurance import on ${adapter.name}`, () => {
    let store: Store;
    let seq = 0;
    beforeEach(async () => {
      store = await adapter.open();
      const people = writeFile(dir, `${adapter.name}-people-${seq++}.csv`, csvText(RESIDENCE_COLUMNS, [residence(1), residence(2), residence(3)]));
      await runImport(store, 'residence', people, { now: NOW });
    });
    afterEach(async () => {
      await store.close();
    });
    afterAll(async () => {
      await adapter.cleanup();
    });

    const csv = (name: string, rows: readonly Month[]): string => writeFile(dir, `${adapter.name}-${name}.csv`, csvText(INSURANCE_COLUMNS, rows));
    const jsonl = (name: string, rows: readonly Month[]): string => writeFile(dir, `${adapter.name}-${name}.jsonl`, jsonlText(rows));
    const runCount = async () => (await store.db.selectFrom('insurance_run').select('id').execute()).length;

    it('stores consecutive months as one run, and a gap starts another', async () => {
      const s = await runImport(store, 'insurance', csv('basic', months(1, [...span('2019-01', '2019-12'), ...span('2020-03', '2020-05')])), { now: NOW });
      expect(s).toMatchObject({ lines: 15, applied: 15, unchanged: 0, rejected: 0 });
      expect(await runsOf(store, idn(1))).toEqual(['pension 2019-01…2019-12', 'pension 2020-03…2020-05']);
    });

    it('keeps schemes and the back-paid and transferred-in flags in runs of their own (JSON booleans or CSV 0/1)', async () => {
      const rows = [
        ...months(2, ['2020-01', '2020-02']),
        ...months(2, ['2020-03'], { back_paid: true }),
        ...months(2, ['2020-04'], { transferred_in: true }),
        ...months(2, ['2020-05'], { back_paid: true, transferred_in: true }),
        ...months(2, ['2020-01', '2020-02'], { scheme: 'medical', back_paid: false }),
      ];
      expect(await runImport(store, 'insurance', jsonl('flags', rows), { now: NOW })).toMatchObject({ applied: 7, rejected: 0 });
      expect(await runsOf(store, idn(2))).toEqual([
        'medical 2020-01…2020-02',
        'pension 2020-01…2020-02',
        'pension 2020-04…2020-04 转入',
        'pension 2020-03…2020-03 补缴',
        'pension 2020-05…2020-05 补缴 转入',
      ]);
      const flagsAsCsv = rows.map((r) => ({ ...r, back_paid: r.back_paid === true ? '1' : '', transferred_in: r.transferred_in === true ? '1' : '0' }));
      const before = await dump(store);
      expect(await runImport(store, 'insurance', csv('flags', flagsAsCsv), { now: NOW })).toMatchObject({ applied: 0, unchanged: 7 });
      expect(await dump(store)).toEqual(before);
    });

    it('changes nothing for a month inside a run, extends a run by an adjacent month, and merges two runs a month bridges', async () => {
      await runImport(store, 'insurance', csv('m1', months(1, [...span('2019-01', '2019-06'), ...span('2019-08', '2019-12')])), { now: NOW });
      const [first] = await store.db.selectFrom('insurance_run').select('id').orderBy('from_month').execute();
      expect(await runsOf(store, idn(1))).toEqual(['pension 2019-01…2019-06', 'pension 2019-08…2019-12']);

      expect(await runImport(store, 'insurance', csv('inside', months(1, ['2019-03', '2019-10'])), { now: NOW })).toMatchObject({ applied: 0, unchanged: 2 });
      expect(await runImport(store, 'insurance', csv('adjacent', months(1, ['2018-12', '2020-01'])), { now: NOW })).toMatchObject({ applied: 2 });
      expect(await runsOf(store, idn(1))).toEqual(['pension 2018-12…2019-06', 'pension 2019-08…2020-01']);

      expect(await runImport(store, 'insurance', csv('bridge', months(1, ['2019-07'])), { now: NOW })).toMatchObject({ applied: 1 });
      expect(await runsOf(store, idn(1))).toEqual(['pension 2018-12…2020-01']);
      // The stored run survives the merge (its id stays); the other is gone.
      expect(await store.db.selectFrom('insurance_run').select('id').execute()).toEqual([first]);
    });

    it('merges runs bridged inside one chunk, and across chunks of one row each', async () => {
      const list = ['2020-01', '2020-03', '2020-05', '2020-02', '2020-04'];
      await runImport(store, 'insurance', csv('one-chunk', months(1, list)), { now: NOW });
      await runImport(store, 'insurance', csv('many-chunks', months(2, list)), { now: NOW, chunkLines: 1 });
      expect(await runsOf(store, idn(1))).toEqual(['pension 2020-01…2020-05']);
      expect(await runsOf(store, idn(2))).toEqual(['pension 2020-01…2020-05']);
      expect(await runCount()).toBe(2);
    });

    it('changes nothing when the same file is imported twice, nor with an overlapping file', async () => {
      const file = csv('twice', [...months(1, span('2015-01', '2016-12')), ...months(2, span('2018-06', '2019-06'), { scheme: 'medical' })]);
      await runImport(store, 'insurance', file, { now: NOW });
      const before = await dump(store);
      expect(await runImport(store, 'insurance', file, { now: NOW })).toMatchObject({ lines: 37, applied: 0, unchanged: 37 });
      expect(await dump(store)).toEqual(before);
      const overlap = csv('overlap', [...months(1, span('2016-06', '2017-02')), ...months(2, span('2019-01', '2019-06'), { scheme: 'medical' })]);
      expect(await runImport(store, 'insurance', overlap, { now: NOW })).toMatchObject({ applied: 2, unchanged: 13 });
      expect(await runsOf(store, idn(1))).toEqual(['pension 2015-01…2017-02']);
      const after = await dump(store);
      expect(await runImport(store, 'insurance', overlap, { now: NOW })).toMatchObject({ applied: 0, unchanged: 15 });
      expect(await dump(store)).toEqual(after);
    });

    it('rejects the months of a person not registered (import residence first), and applies them once registered', async () => {
      const file = csv('unknown', [...months(1, ['2020-01']), ...months(9, ['2020-01', '2020-02'])]);
      const s = await runImport(store, 'insurance', file, { now: NOW });
      expect(s).toMatchObject({ applied: 1, rejected: 2 });
      expect(readRejects(s.rejectsFile!).rows).toEqual([
        ['3', 'id_number', '该身份证号在本系统中没有登记:请先导入居住登记'],
        ['4', 'id_number', '该身份证号在本系统中没有登记:请先导入居住登记'],
      ]);
      await runImport(store, 'residence', writeFile(dir, `${adapter.name}-p9.csv`, csvText(RESIDENCE_COLUMNS, [residence(9)])), { now: NOW });
      // The same file again: a done batch is re-applied, so the rows refused before go in now.
      const again = await runImport(store, 'insurance', file, { now: NOW });
      expect(again).toMatchObject({ applied: 2, unchanged: 1, rejected: 0 });
      // …and the rejects report of the earlier run, now wrong, is gone.
      expect(again.rejectsFile).toBeUndefined();
      expect(fs.existsSync(s.rejectsFile!)).toBe(false);
      expect(await runsOf(store, idn(9))).toEqual(['pension 2020-01…2020-02']);
    });
  });
}
