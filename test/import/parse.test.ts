/** The streaming readers: physical line numbers as an editor shows them, row problems yielded, broken files thrown. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { FileFormatError, inspectFile, readCsv, readJsonl, type RowSource, type SourceRow } from '../../src/services/import/parse.ts';
import { tempDir, writeFile } from './support.ts';

const dir = tempDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function all(source: RowSource): Promise<SourceRow[]> {
  const out: SourceRow[] = [];
  for await (const batch of source.batches) out.push(...batch);
  return out;
}

describe('readCsv', () => {
  it('numbers rows by the physical line they start on: BOM, CRLF, a quoted cell over two lines, blank lines and empty-cell rows', async () => {
    const file = writeFile(
      dir,
      'lines.csv',
      '\uFEFFa,b,c\r\n' + // 1
        '1,2,3\r\n' + // 2
        '\r\n' + // 3 blank
        '4,"two\r\nlines",6\r\n' + // 4-5
        ',,\r\n' + // 6 empty cells: a blank line
        '"7","say ""hi""",9\r\n', // 7
    );
    const headers: string[][] = [];
    const rows = await all(readCsv(file, (h) => headers.push(h)));
    expect(headers).toEqual([['a', 'b', 'c']]);
    expect(rows).toEqual([
      { line: 2, endLine: 2, record: { a: '1', b: '2', c: '3' } },
      { line: 4, endLine: 5, record: { a: '4', b: 'two\r\nlines', c: '6' } },
      { line: 7, endLine: 7, record: { a: '7', b: 'say "hi"', c: '9' } },
    ]);
  });

  it('yields a row with too few or too many cells as a problem of that row, and reads on', async () => {
    const file = writeFile(dir, 'cols.csv', 'a,b,c\n1,2\n1,2,3,4\n5,6,7\n');
    const rows = await all(readCsv(file, () => undefined));
    expect(rows.map((r) => [r.line, r.problem ?? 'ok'])).toEqual([
      [2, 'columns'],
      [3, 'columns'],
      [4, 'ok'],
    ]);
  });

  it('drops empty header names (the trailing comma spreadsheets write) and lets the header check refuse the file', async () => {
    const file = writeFile(dir, 'trailing.csv', 'a,b,\n1,2,\n');
    const seen: string[][] = [];
    expect(await all(readCsv(file, (h) => seen.push(h)))).toEqual([{ line: 2, endLine: 2, record: { a: '1', b: '2' } }]);
    expect(seen).toEqual([['a', 'b']]);
    const refusing = readCsv(file, () => {
      throw new FileFormatError('header', 'no', 1);
    });
    await expect(all(refusing)).rejects.toBeInstanceOf(FileFormatError);
  });

  it('keeps a stray quote inside an unquoted cell as text, for validation to judge', async () => {
    const file = writeFile(dir, 'stray.csv', 'a,b\nx"y,2\n');
    expect((await all(readCsv(file, () => undefined)))[0]!.record).toEqual({ a: 'x"y', b: '2' });
  });

  it('throws a syntax error with the line for a quote never closed', async () => {
    const file = writeFile(dir, 'unclosed.csv', 'a,b\n1,2\n"3,4\n5,6\n');
    const err = await all(readCsv(file, () => undefined)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FileFormatError);
    expect((err as FileFormatError).problem).toBe('syntax');
  });

  it('throws unreadable for a missing file', async () => {
    const err = await all(readCsv(`${dir}/nope.csv`, () => undefined)).catch((e: unknown) => e);
    expect(err).toMatchObject({ problem: 'unreadable', message: 'ENOENT' });
  });
});

describe('readJsonl', () => {
  it('reads one object a line after a BOM, skips blank lines and yields bad lines as problems', async () => {
    const file = writeFile(dir, 'rows.jsonl', '\uFEFF{"a":1}\n\n{"a":\n[1,2]\n"x"\r\n{"b":true}');
    expect(await all(readJsonl(file))).toEqual([
      { line: 1, endLine: 1, record: { a: 1 } },
      { line: 3, endLine: 3, record: {}, problem: 'json' },
      { line: 4, endLine: 4, record: {}, problem: 'notObject' },
      { line: 5, endLine: 5, record: {}, problem: 'notObject' },
      { line: 6, endLine: 6, record: { b: true } },
    ]);
  });
});

describe('inspectFile', () => {
  it('gives the SHA-256 and size of the bytes, and the format by extension or else by the first character', async () => {
    const text = '\uFEFF  {"a":1}\n';
    const a = writeFile(dir, 'upload-1', text);
    const facts = await inspectFile(a);
    expect(facts).toEqual({ sha256: createHash('sha256').update(text).digest('hex'), bytes: Buffer.byteLength(text), format: 'jsonl' });
    expect((await inspectFile(writeFile(dir, 'upload-2', 'a,b\n'))).format).toBe('csv');
    expect((await inspectFile(writeFile(dir, 'x.jsonl', 'a,b\n'))).format).toBe('jsonl');
    expect((await inspectFile(writeFile(dir, 'x.csv', '{"a":1}\n'))).format).toBe('csv');
    fs.rmSync(a);
  });
});
