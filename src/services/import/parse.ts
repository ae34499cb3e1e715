/**
 * Streaming readers of the source files: CSV through csv-parse, JSON Lines split by hand. Both yield
 * `{ line, endLine, record }` rows, a batch per read of the file (1 MB), and hold nothing else, so a
 * file of any size is read in constant memory. Line numbers are the file's physical lines (the CSV header is line 1), which is
 * what a clerk sees in an editor; a quoted CSV cell may span lines, so a record has a first and a
 * last line. Syntax problems of one row (bad JSON, a wrong number of cells) are yielded as that row's
 * problem; only what makes the rest of the file unreadable (an unclosed quote) is thrown.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { parse } from 'csv-parse';

export type Format = 'csv' | 'jsonl';

export type RowProblem = 'json' | 'notObject' | 'columns';

export interface SourceRow {
  /** The physical line the record starts on. */
  line: number;
  /** The physical line it ends on. */
  endLine: number;
  /** Keys as in the file; empty when `problem` is set. */
  record: Record<string, unknown>;
  problem?: RowProblem;
}

export interface RowSource {
  /**
   * The rows, a batch at a time (the rows of one read of the file, about a megabyte): a promise per
   * batch rather than per row keeps the reader off the profile.
   */
  batches: AsyncIterable<SourceRow[]>;
  /** Bytes of the file read so far (for progress). */
  bytesRead(): number;
}

/** Thrown when the file as a whole cannot be read (not a row's fault). */
export class FileFormatError extends Error {
  constructor(
    readonly problem: 'header' | 'syntax' | 'unreadable',
    message: string,
    readonly line?: number,
    /** The problem in words, when the thrower has them in both languages. */
    readonly text?: { 'zh-CN': string; en: string },
  ) {
    super(message);
    this.name = 'FileFormatError';
  }
}

const READ_CHUNK = 1 << 20;

export interface FileFacts {
  sha256: string;
  bytes: number;
  /** By extension, else by the first character: `{` is JSON Lines. */
  format: Format;
}

/** One streaming pass: the digest that identifies the file's batch, its size, and its format. */
export async function inspectFile(file: string): Promise<FileFacts> {
  const hash = createHash('sha256');
  let bytes = 0;
  let first: string | undefined;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: READ_CHUNK })) {
    const buf = chunk as Buffer;
    hash.update(buf);
    if (first === undefined) {
      const head = buf.subarray(0, 64).toString('utf8').replace(/^\uFEFF/, '').trimStart();
      if (head !== '') first = head[0];
    }
    bytes += buf.length;
  }
  const ext = path.extname(file).toLowerCase();
  const format: Format = ext === '.csv' ? 'csv' : ext === '.jsonl' || ext === '.ndjson' ? 'jsonl' : first === '{' ? 'jsonl' : 'csv';
  return { sha256: hash.digest('hex'), bytes, format };
}

/** Line breaks inside a cell: LF, CRLF or a lone CR, each one line. */
function lineBreaks(s: string): number {
  let breaks = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 10) breaks++;
    else if (c === 13) {
      breaks++;
      if (s.charCodeAt(i + 1) === 10) i++;
    }
  }
  return breaks;
}

/**
 * Reads a CSV file. `checkHeader` sees the header's column names (empty names, as a trailing comma
 * in Excel gives, are dropped) and throws a FileFormatError when the file cannot be imported.
 *
 * csv-parse gives arrays here, not objects keyed by the header and without its `info`: building
 * those per record costs more than the parse itself (1M rows: 1.1 s as arrays, 4.9 s with
 * `columns` and `info`). Lines are counted from the records instead: each takes one line plus the
 * line breaks inside its quoted cells, and empty lines come through as records of one empty cell.
 */
export function readCsv(file: string, checkHeader: (columns: string[]) => void): RowSource {
  const input = fs.createReadStream(file, { highWaterMark: READ_CHUNK });

  async function* batches(): AsyncGenerator<SourceRow[]> {
    const parser = parse({ bom: true, record_delimiter: ['\r\n', '\n', '\r'], relax_column_count: true, relax_quotes: true });
    let out: string[][] = [];
    let failure: Error | undefined;
    parser.on('data', (r: string[]) => out.push(r));
    parser.on('error', (err: Error) => {
      failure = err;
    });
    const ended = new Promise<void>((resolve) => {
      parser.once('end', resolve);
      parser.once('error', () => resolve());
    });

    let columns: Array<string | null> | undefined;
    let next = 1;
    const take = (): SourceRow[] => {
      const rows: SourceRow[] = [];
      for (const cells of out) {
        const line = next;
        let breaks = 0;
        let blank = true;
        for (const v of cells) {
          if (blank && v.trim() !== '') blank = false;
          if (v.length > 0 && (v.includes('\n') || v.includes('\r'))) breaks += lineBreaks(v);
        }
        next = line + 1 + breaks;
        const endLine = line + breaks;
        if (!columns) {
          const names = cells.map((h) => h.trim());
          checkHeader(names.filter((n) => n !== ''));
          columns = names.map((n) => (n === '' ? null : n));
          continue;
        }
        // Blank lines, and rows of empty cells (",,,," as spreadsheets leave at the end).
        if (blank) continue;
        if (cells.length !== columns.length) {
          rows.push({ line, endLine, record: {}, problem: 'columns' });
          continue;
        }
        const record: Record<string, string> = {};
        for (let i = 0; i < columns.length; i++) {
          const c = columns[i];
          if (c) record[c] = cells[i]!;
        }
        rows.push({ line, endLine, record });
      }
      out = [];
      return rows;
    };

    try {
      for await (const chunk of input) {
        parser.write(chunk as Buffer);
        if (failure) throw failure;
        const rows = take();
        if (rows.length > 0) yield rows;
      }
      parser.end();
      await ended;
      if (failure) throw failure;
      const rows = take();
      if (rows.length > 0) yield rows;
      // A file of nothing but a header (or nothing at all) has no rows, but its header is checked.
      if (!columns) checkHeader([]);
    } catch (err) {
      if (err instanceof FileFormatError) throw err;
      const e = err as { code?: string; message?: string };
      if (typeof e.code === 'string' && e.code.startsWith('CSV_')) {
        // csv-parse's own line count is off after CRLFs inside quotes; ours is not.
        throw new FileFormatError('syntax', e.message ?? e.code, next);
      }
      if (typeof e.code === 'string') throw new FileFormatError('unreadable', e.code);
      throw err;
    } finally {
      input.destroy();
      parser.destroy();
    }
  }
  return { batches: batches(), bytesRead: () => input.bytesRead };
}

/** Reads a JSON Lines file: one object a line (LF or CRLF); blank lines are skipped. */
export function readJsonl(file: string): RowSource {
  const input = fs.createReadStream(file, { highWaterMark: READ_CHUNK });
  async function* batches(): AsyncGenerator<SourceRow[]> {
    const decoder = new StringDecoder('utf8');
    let rest = '';
    let n = 0;
    const lines = (text: string, last: boolean): SourceRow[] => {
      const rows: SourceRow[] = [];
      let from = 0;
      for (;;) {
        let to = text.indexOf('\n', from);
        if (to === -1) {
          if (!last) {
            rest = text.slice(from);
            break;
          }
          to = text.length;
          if (from >= to) break;
        }
        n++;
        let raw = text.slice(from, to);
        if (raw.endsWith('\r')) raw = raw.slice(0, -1);
        if (n === 1 && raw.startsWith('\uFEFF')) raw = raw.slice(1);
        from = to + 1;
        if (raw.trim() !== '') rows.push(jsonRow(raw, n));
        if (from > text.length) break;
      }
      return rows;
    };
    try {
      for await (const chunk of input) {
        const rows = lines(rest + decoder.write(chunk as Buffer), false);
        if (rows.length > 0) yield rows;
      }
      const rows = lines(rest + decoder.end(), true);
      if (rows.length > 0) yield rows;
    } catch (err) {
      const e = err as { code?: string };
      if (typeof e.code === 'string') throw new FileFormatError('unreadable', e.code);
      throw err;
    } finally {
      input.destroy();
    }
  }
  return { batches: batches(), bytesRead: () => input.bytesRead };
}

function jsonRow(text: string, line: number): SourceRow {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { line, endLine: line, record: {}, problem: 'json' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { line, endLine: line, record: {}, problem: 'notObject' };
  return { line, endLine: line, record: value as Record<string, unknown> };
}
