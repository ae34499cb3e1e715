/**
 * Every field of every kind is checked, and every bad one is named in the rejects report a clerk
 * opens: UTF-8 with a BOM, one row per (line, field), Chinese reasons, no ID numbers.
 */
import fs from 'node:fs';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/services/errors.ts';
import { runImport } from '../../src/services/import/index.ts';
import { IMPORT_TEXT } from '../../src/services/import/messages.ts';
import type { Store } from '../../src/storage/db.ts';
import { adapters } from '../support/stores.ts';
import { INSURANCE_COLUMNS, NOW, PERMIT_COLUMNS, RESIDENCE_COLUMNS, csvText, dump, idn, readRejects, residence, tempDir, writeFile } from './support.ts';

const dir = tempDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const T = IMPORT_TEXT['zh-CN'];
/** idn(1) with its check digit changed. */
const badCheck = idn(1).slice(0, 17) + (idn(1)[17] === '0' ? '1' : '0');

for (const adapter of adapters()) {
  describe(`row validation on ${adapter.name}`, () => {
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

    const file = (name: string, text: string): string => writeFile(dir, `${adapter.name}-${name}`, text);

    it('names every bad field of residence rows, one reject per field, in a report Excel opens', async () => {
      const f = file(
        'residence-bad.csv',
        csvText(RESIDENCE_COLUMNS, [
          { record_id: '', id_number: '12345', name: '', from: '2020-02-30', to: 'x', status: 'active', source: 'paper', phone: '123' },
          residence(2, { id_number: '330106199002301234' }),
          residence(3, { id_number: badCheck }),
          residence(4, { from: '1960-01-01', to: '1959-01-01' }),
          residence(5, { record_id: 'R'.repeat(101), name: '\uFFFD\uFFFD' }),
          residence(6, { name: '居民\u0007' }),
          residence(7),
        ]),
      );
      const s = await runImport(store, 'residence', f, { now: NOW });
      expect(s).toMatchObject({ lines: 7, applied: 1, unchanged: 0, rejected: 6, rejectsFile: `${f}.rejects.csv` });
      const report = readRejects(s.rejectsFile!);
      expect(report.bom).toBe(true);
      expect(report.header).toEqual(['行号 line', '字段 field', '原因 reason']);
      expect(report.rows).toEqual([
        ['2', 'from', '须为真实日期,格式 YYYY-MM-DD'],
        ['2', 'id_number', '身份证号格式不对:应为 18 位,前 17 位为数字,末位为数字或 X'],
        ['2', 'name', '必填,不能为空'],
        ['2', 'phone', '不是手机号:应为 11 位数字,以 1 开头'],
        ['2', 'record_id', '必填,不能为空'],
        ['2', 'source', '须为 police、handwritten 之一'],
        ['2', 'status', '须为 registered、cancelled 之一'],
        ['2', 'to', '须为真实日期,格式 YYYY-MM-DD'],
        ['3', 'id_number', '身份证号中的出生日期不存在'],
        ['4', 'id_number', '身份证号校验位不对,请核对是否抄错'],
        ['5', 'from', '早于身份证号中的出生日期'],
        ['5', 'to', '早于开始日期 from (1960-01-01)'],
        ['6', 'name', '含无法识别的字符:文件须为 UTF-8 编码(Excel 请"另存为 CSV UTF-8")'],
        ['6', 'record_id', '超过 100 个字符'],
        ['7', 'name', '含控制字符'],
      ]);
      const text = fs.readFileSync(s.rejectsFile!, 'utf8');
      for (const n of [2, 3, 4, 5, 6, 7]) expect(text).not.toContain(idn(n));
      // Rejected rows leave nothing behind: only row 8's person and record exist.
      const d = await dump(store);
      expect(d.person).toHaveLength(1);
      expect(d.residence_period).toHaveLength(1);
      // The report is also kept in the database, per batch.
      expect(await store.db.selectFrom('import_reject').select(['line', 'field']).where('batch_id', '=', s.batchId).execute()).toHaveLength(15);
      const batch = await store.db.selectFrom('import_batch').selectAll().where('id', '=', s.batchId).executeTakeFirstOrThrow();
      expect(batch).toMatchObject({ kind: 'residence', status: 'done', rows_applied: 1, rows_unchanged: 0, rows_rejected: 6, file_name: `${adapter.name}-residence-bad.csv` });
    });

    it('names every bad field of permit rows', async () => {
      const ok = { permit_no: 'P1', id_number: idn(1), name: '居民1', kind: 'ic', district: '330106', issued_on: '2018-01-01' };
      const f = file(
        'permits-bad.csv',
        csvText(PERMIT_COLUMNS, [
          { permit_no: '', id_number: '', name: '', kind: 'card', district: '3301', issued_on: '2018-13-01', endorsed_on: '2018/05/01', terminated_on: 'no', termination_reason: 'a\u0001b' },
          { ...ok, issued_on: '1969-01-01', endorsed_on: '1968-01-01', terminated_on: '1968-06-01', termination_reason: '迁出\n杭州' },
          { ...ok, termination_reason: '迁出' },
          { ...ok, endorsed_on: '2019-01-01' },
        ]),
      );
      const s = await runImport(store, 'permits', f, { now: NOW });
      expect(s).toMatchObject({ lines: 4, applied: 1, rejected: 3 });
      expect(readRejects(s.rejectsFile!).rows).toEqual([
        ['2', 'district', T.district],
        ['2', 'endorsed_on', T.date],
        ['2', 'id_number', T.required],
        ['2', 'issued_on', T.date],
        ['2', 'kind', '须为 ic、paper9 之一'],
        ['2', 'name', T.required],
        ['2', 'permit_no', T.required],
        ['2', 'terminated_on', T.date],
        ['2', 'termination_reason', T.control],
        ['3', 'endorsed_on', T.beforeIssued],
        ['3', 'issued_on', T.beforeBirth],
        ['3', 'terminated_on', T.beforeIssued],
        ['5', 'termination_reason', T.reasonWithoutDate],
      ]);
    });

    it('names every bad field of insurance rows, including months not yet come or before birth', async () => {
      await runImport(store, 'residence', file('people.csv', csvText(RESIDENCE_COLUMNS, [residence(1)])), { now: NOW });
      const f = file(
        'insurance-bad.csv',
        csvText(INSURANCE_COLUMNS, [
          { id_number: '', month: '2020-13', scheme: 'unemployment', back_paid: 'yes', transferred_in: '2' },
          { id_number: idn(1), month: '2026-07', scheme: 'pension' },
          { id_number: idn(1), month: '1969-12', scheme: 'pension' },
          { id_number: idn(1), month: '2026-06', scheme: 'pension', back_paid: '1' },
        ]),
      );
      const s = await runImport(store, 'insurance', f, { now: NOW });
      expect(s).toMatchObject({ lines: 4, applied: 1, rejected: 3 });
      expect(readRejects(s.rejectsFile!).rows).toEqual([
        ['2', 'back_paid', T.flag],
        ['2', 'id_number', T.required],
        ['2', 'month', T.month],
        ['2', 'scheme', '须为 pension、medical 之一'],
        ['2', 'transferred_in', T.flag],
        ['3', 'month', T.futureMonth],
        ['4', 'month', T.beforeBirth],
      ]);
    });

    it('rejects JSON Lines problems by line: not JSON, not an object, unknown keys, an ID number as a number, a value that is not text', async () => {
      const good = { id_number: idn(1), month: '2020-01', scheme: 'pension', back_paid: null, transferred_in: false };
      await runImport(store, 'residence', file('people2.csv', csvText(RESIDENCE_COLUMNS, [residence(1)])), { now: NOW });
      const f = file(
        'insurance-bad.jsonl',
        [
          JSON.stringify(good),
          '{"id_number": "x", ',
          '',
          '["a"]',
          JSON.stringify({ ...good, memo: 'x', month: '2020-02' }),
          `{"id_number": ${idn(1).slice(0, 17)}1, "month": "2020-03", "scheme": "pension"}`,
          JSON.stringify({ ...good, scheme: { name: 'pension' } }),
          JSON.stringify({ ...good, month: '2020-02', back_paid: 1 }),
        ].join('\n'),
      );
      const s = await runImport(store, 'insurance', f, { now: NOW });
      expect(s).toMatchObject({ lines: 7, applied: 2, rejected: 5 });
      expect(readRejects(s.rejectsFile!).rows).toEqual([
        ['2', '(row)', T.notJson],
        ['4', '(row)', T.notObject],
        ['5', 'memo', T.unknownField],
        ['6', 'id_number', T.id.jsonNumber],
        ['7', 'scheme', T.notText],
      ]);
    });

    it('rejects a CSV row whose cells do not match the header, by line', async () => {
      const f = file('cols.csv', 'id_number,month,scheme\r\n' + `${idn(1)},2020-01\r\n${idn(1)},2020-01,pension,extra\r\n`);
      const s = await runImport(store, 'insurance', f, { now: NOW });
      expect(readRejects(s.rejectsFile!).rows).toEqual([
        ['2', '(row)', T.columns],
        ['3', '(row)', T.columns],
      ]);
    });

    it('gives the reasons in English when asked', async () => {
      const f = file('en.csv', csvText(INSURANCE_COLUMNS, [{ id_number: idn(1), month: '2020-1', scheme: 'pension' }]));
      const s = await runImport(store, 'insurance', f, { now: NOW, locale: 'en' });
      expect(readRejects(s.rejectsFile!).rows).toEqual([['2', 'month', 'must be a month written YYYY-MM']]);
    });

    it('refuses a file whose header lacks a required column or has an unknown or repeated one, before importing any row', async () => {
      const cases: Array<[string, RegExp]> = [
        ['id_number,month\r\n', /表头缺少列 scheme/],
        ['id_number,month,scheme,back_payed\r\n', /表头有未知的列 back_payed/],
        ['id_number,month,scheme,month\r\n', /表头有重复的列 month/],
      ];
      for (const [i, [header, message]] of cases.entries()) {
        const f = file(`header-${i}.csv`, `${header}${idn(1)},2020-01,pension\r\n`);
        const err = await runImport(store, 'insurance', f, { now: NOW }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(AppError);
        expect((err as AppError).code).toBe('INVALID_INPUT');
        expect((err as AppError).text['zh-CN']).toMatch(message);
      }
      const batches = await store.db.selectFrom('import_batch').select('status').execute();
      expect(batches.map((b) => b.status)).toEqual(['failed', 'failed', 'failed']);
    });

    it('refuses a missing file with INVALID_INPUT, and stops at an unclosed quote keeping the chunks before it', async () => {
      await expect(runImport(store, 'residence', `${dir}/missing.csv`, { now: NOW })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      const rows = [residence(1), residence(2), residence(3)];
      const f = file('unclosed.csv', csvText(RESIDENCE_COLUMNS, rows) + 'GA9,"unclosed\r\n');
      const err = await runImport(store, 'residence', f, { now: NOW, chunkLines: 2 }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'INVALID_INPUT' });
      expect((err as AppError).text.en).toMatch(/CSV syntax error/);
      expect((await dump(store)).residence_period).toHaveLength(2);
    });
  });
}
