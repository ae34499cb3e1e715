/** Importing police residence registrations, on every storage adapter. */
import fs from 'node:fs';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runImport } from '../../src/services/import/index.ts';
import type { Store } from '../../src/storage/db.ts';
import { adapters } from '../support/stores.ts';
import { NOW, RESIDENCE_COLUMNS, csvText, dump, idn, jsonlText, readRejects, residence, tempDir, writeFile } from './support.ts';

const dir = tempDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

for (const adapter of adapters()) {
  describe(`residence import on ${adapter.name}`, () => {
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

    const csv = (name: string, rows: readonly object[]): string => writeFile(dir, `${adapter.name}-${name}.csv`, csvText(RESIDENCE_COLUMNS, rows, true));
    const jsonl = (name: string, rows: readonly object[]): string => writeFile(dir, `${adapter.name}-${name}.jsonl`, jsonlText(rows));
    const periods = () => store.db.selectFrom('residence_period').selectAll().orderBy('source_ref').execute();

    it('imports a CSV: one period per record, people created with the birth date and sex of their ID numbers', async () => {
      const file = csv('basic', [
        residence(1, { phone: '138 0013 8000' }),
        residence(2, { to: '2019-12-31', source: 'handwritten' }),
        residence(3, { record_id: 'GA-extra', id_number: idn(1), name: '居民1', from: '2020-01-01', status: 'cancelled' }),
      ]);
      const s = await runImport(store, 'residence', file, { now: NOW });
      expect(s).toMatchObject({ kind: 'residence', lines: 3, applied: 3, unchanged: 0, rejected: 0 });
      expect(s.rejectsFile).toBeUndefined();
      expect(fs.existsSync(`${file}.rejects.csv`)).toBe(false);

      const people = await store.db.selectFrom('person').select(['id_number', 'name', 'phone', 'birth_date', 'sex', 'created_at']).orderBy('id').execute();
      expect(people).toEqual([
        { id_number: idn(1), name: '居民1', phone: '13800138000', birth_date: '1970-01-02', sex: 'male', created_at: NOW().toISOString() },
        { id_number: idn(2), name: '居民2', phone: null, birth_date: '1970-01-03', sex: 'female', created_at: NOW().toISOString() },
      ]);
      expect((await periods()).map((p) => [p.source_ref, p.from_date, p.to_date, p.status, p.source, Number(p.verified)])).toEqual([
        ['GA-extra', '2020-01-01', null, 'cancelled', 'police', 0],
        ['GA00000001', '2016-03-01', null, 'registered', 'police', 0],
        ['GA00000002', '2016-03-01', '2019-12-31', 'registered', 'handwritten', 0],
      ]);
    });

    it('imports the same rows from JSON Lines to the same records', async () => {
      const rows = [residence(1, { phone: '13800138000' }), residence(2, { to: '2019-12-31' })];
      const s = await runImport(store, 'residence', jsonl('basic', rows), { now: NOW });
      expect(s).toMatchObject({ lines: 2, applied: 2, rejected: 0 });
      const viaJson = await dump(store);
      // The same content as CSV is the same records: importing it changes nothing.
      const again = await runImport(store, 'residence', csv('same-as-json', rows), { now: NOW });
      expect(again).toMatchObject({ applied: 0, unchanged: 2 });
      expect(await dump(store)).toEqual(viaJson);
    });

    it('changes nothing when the same file is imported twice: every row unchanged, every table identical', async () => {
      const file = csv('twice', [residence(1, { phone: '13800138000' }), residence(2), residence(3, { to: '2020-01-31', status: 'cancelled' })]);
      const first = await runImport(store, 'residence', file, { now: NOW });
      const before = await dump(store);
      const second = await runImport(store, 'residence', file, { now: () => new Date('2027-01-01T00:00:00Z') });
      expect(second).toMatchObject({ lines: 3, applied: 0, unchanged: 3, rejected: 0 });
      expect(second.batchId).not.toBe(first.batchId);
      expect(await dump(store)).toEqual(before);
    });

    it('changes nothing with overlapping files: only the new rows of the second are applied', async () => {
      await runImport(store, 'residence', csv('jan', [residence(1), residence(2), residence(3)]), { now: NOW });
      const s = await runImport(store, 'residence', csv('feb', [residence(2), residence(3), residence(4)]), { now: NOW });
      expect(s).toMatchObject({ applied: 1, unchanged: 2 });
      const before = await dump(store);
      expect(await runImport(store, 'residence', csv('feb2', [residence(4), residence(1)]), { now: NOW })).toMatchObject({ applied: 0, unchanged: 2 });
      expect(await dump(store)).toEqual(before);
      expect(before.residence_period).toHaveLength(4);
      expect(before.person).toHaveLength(4);
    });

    it('replaces a record in place when a later export gives it other values (to filled in, status changed)', async () => {
      await runImport(store, 'residence', csv('v1', [residence(1), residence(2)]), { now: NOW });
      const [a1, b1] = await periods();
      const s = await runImport(store, 'residence', csv('v2', [residence(1, { to: '2021-06-30' }), residence(2, { status: 'cancelled' })]), { now: NOW });
      expect(s).toMatchObject({ applied: 2, unchanged: 0 });
      const [a2, b2] = await periods();
      expect(a2).toEqual({ ...a1, to_date: '2021-06-30' });
      expect(b2).toEqual({ ...b1, status: 'cancelled' });
      expect(await store.db.selectFrom('residence_period').select('id').execute()).toHaveLength(2);
    });

    it('splits a chunk bigger than a statement allows into statements under the parameter limits', async () => {
      const many = Array.from({ length: 16_000 }, (_, i) => residence(i + 1));
      const first = await runImport(store, 'residence', csv('many', many), { now: NOW, chunkLines: 16_000 });
      expect(first).toMatchObject({ applied: 16_000, rejected: 0 });
      const changed = await runImport(store, 'residence', csv('many2', many.map((r) => ({ ...r, to: '2020-12-31' }))), { now: NOW, chunkLines: 16_000 });
      expect(changed).toMatchObject({ applied: 16_000 });
      const d = await dump(store);
      expect(d.person).toHaveLength(16_000);
      expect(d.residence_period!.every((p) => (p as { to_date: string }).to_date === '2020-12-31')).toBe(true);
    });

    it('takes the last of two rows of one record in one file, in file order', async () => {
      const s = await runImport(store, 'residence', csv('dup', [residence(1), residence(1, { to: '2018-01-01' })]), { now: NOW });
      expect(s).toMatchObject({ applied: 2, unchanged: 0 });
      expect((await periods()).map((p) => p.to_date)).toEqual(['2018-01-01']);
    });

    it('clears the verified mark of a hand-written record whose values change, and keeps it when they do not', async () => {
      await runImport(store, 'residence', csv('hw1', [residence(1, { source: 'handwritten' }), residence(2, { source: 'handwritten' })]), { now: NOW });
      await store.db.updateTable('residence_period').set({ verified: 1 }).execute();
      await runImport(store, 'residence', csv('hw2', [residence(1, { source: 'handwritten', to: '2017-01-01' }), residence(2, { source: 'handwritten' })]), { now: NOW });
      expect((await periods()).map((p) => [p.source_ref, Number(p.verified)])).toEqual([
        ['GA00000001', 0],
        ['GA00000002', 1],
      ]);
    });

    it('never overwrites the name of a known ID number: the row is rejected on name, and nothing of it is applied', async () => {
      await runImport(store, 'residence', csv('name1', [residence(1, { name: '张三丰' })]), { now: NOW });
      const before = await dump(store);
      const file = csv('name2', [residence(1, { record_id: 'GA-new', name: '张三' })]);
      const s = await runImport(store, 'residence', file, { now: NOW });
      expect(s).toMatchObject({ applied: 0, unchanged: 0, rejected: 1, rejectsFile: `${file}.rejects.csv` });
      expect(readRejects(s.rejectsFile!).rows).toEqual([['2', 'name', '与该身份证号已登记的姓名 (张**) 不一致;未覆盖,如需更正请到窗口办理']]);
      expect(await dump(store)).toEqual(before);
    });

    it('rejects a second name for an ID number first seen earlier in the same file', async () => {
      const s = await runImport(store, 'residence', csv('name3', [residence(1), residence(2, { id_number: idn(1), name: '别人' })]), { now: NOW });
      expect(s).toMatchObject({ applied: 1, rejected: 1 });
      expect(readRejects(s.rejectsFile!).rows.map((r) => [r[0], r[1]])).toEqual([['3', 'name']]);
    });

    it('rejects a record id already held by another ID number', async () => {
      await runImport(store, 'residence', csv('own1', [residence(1)]), { now: NOW });
      const s = await runImport(store, 'residence', csv('own2', [residence(2, { record_id: residence(1).record_id })]), { now: NOW });
      expect(s).toMatchObject({ applied: 0, rejected: 1 });
      expect(readRejects(s.rejectsFile!).rows).toEqual([['2', 'id_number', '该登记记录号 (record_id) 已属于另一身份证号']]);
      expect(await store.db.selectFrom('person').select('id').execute()).toHaveLength(1);
    });

    it('takes a phone from a row that changes something or when none is stored, so a re-import leaves it alone', async () => {
      await runImport(store, 'residence', csv('ph1', [residence(1), residence(2, { phone: '13900000002' })]), { now: NOW });
      // Person 1 had no phone: an unchanged record still gives one. Person 2's stays, as the record did not change.
      await runImport(store, 'residence', csv('ph2', [residence(1, { phone: '13900000001' }), residence(2, { phone: '13700000002' })]), { now: NOW });
      const phones = async () => (await store.db.selectFrom('person').select(['id_number', 'phone']).orderBy('id').execute()).map((p) => p.phone);
      expect(await phones()).toEqual(['13900000001', '13900000002']);
      // A later export that changes person 2's record brings the new phone along.
      await runImport(store, 'residence', csv('ph3', [residence(2, { phone: '13700000002', to: '2020-01-01' })]), { now: NOW });
      expect(await phones()).toEqual(['13900000001', '13700000002']);
    });
  });
}
