/**
 * `runImport`: one source file into the store, in chunks of lines that each commit whole.
 *
 * A first streaming pass hashes the file; (kind, sha256) names its batch. Then the rows stream
 * through validation into chunks (default 5,000 rows); each chunk is applied in ONE transaction that
 * also stores its rejects and advances `import_batch.lines_done` and the counts, so a process killed
 * at any moment leaves whole chunks and a batch that says how far it got:
 *
 * - a batch still `running` (killed, or stopped by a database error) is resumed after `lines_done`;
 * - a batch `done` (or `failed` on a broken file) is run again from the start as a new batch. That
 *   re-applies idempotently — nothing changes, every row is `unchanged` or rejected again — and lets a
 *   clerk re-run an insurance file whose rows were rejected as "not registered" once the residence
 *   file has been imported.
 *
 * Only one chunk of rows is held at a time, so memory does not grow with the file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { Locale } from '../../rules/index.ts';
import type { Store } from '../../storage/db.ts';
import { AppError } from '../errors.ts';
import { PersonIdMemo, applierFor, type ChunkRow } from './apply.ts';
import { IMPORT_TEXT } from './messages.ts';
import { FileFormatError, inspectFile, readCsv, readJsonl, type Format, type RowSource } from './parse.ts';
import * as q from './store.ts';
import { COLUMNS, validator, type ImportKind, type RowOf } from './validate.ts';

export { KINDS, isImportKind, type ImportKind } from './validate.ts';
export type { Format } from './parse.ts';

export interface ImportSummary {
  batchId: number;
  kind: ImportKind;
  file: string;
  /** Data rows of the file (header and blank lines not counted) = applied + unchanged + rejected. */
  lines: number;
  /** Rows that created or changed something. */
  applied: number;
  /** Valid rows whose content was already stored. */
  unchanged: number;
  /** Rows refused (each listed, field by field, in the rejects). */
  rejected: number;
  /** `FILE.rejects.csv`, written when there are rejects. */
  rejectsFile?: string;
  /** When a killed run was resumed: the first line this run read (lines before it were committed). */
  resumedFromLine?: number;
}

export interface ImportOptions {
  /** Rows per chunk (one transaction each); default 5,000. */
  chunkLines?: number;
  /** After each committed chunk: bytes of the file read, its size, rows done. */
  onProgress?: (bytesRead: number, bytesTotal: number, rows: number) => void;
  now?: () => Date;
  /** Language of the rejects' reasons; Chinese by default. */
  locale?: Locale;
  /** CSV or JSON Lines; default by the extension, else by the first character (`{` is JSON Lines). */
  format?: Format;
  /** The name recorded in `import_batch.file_name`; default the file's base name. */
  fileName?: string;
  /** Whether to write `FILE.rejects.csv` (default true); the HTTP upload answers with the rejects instead. */
  writeRejectsFile?: boolean;
  /**
   * Called inside each chunk's transaction after its writes, before the commit; throwing rolls the
   * chunk back. Tests use it to stand in for a crash.
   */
  beforeCommit?: (chunk: { index: number; linesDone: number }) => void | Promise<void>;
}

export const DEFAULT_CHUNK_LINES = 5000;
const ROW = '(row)';
const PROGRESS_EVERY_SKIPPED = 50_000;

function fileError(shown: string, reason: { 'zh-CN': string; en: string }): AppError {
  return new AppError('INVALID_INPUT', { 'zh-CN': `无法导入 ${shown}:${reason['zh-CN']}`, en: `cannot import ${shown}: ${reason.en}` }, [
    { path: 'FILE', message: reason.en },
  ]);
}

function headerCheck(kind: ImportKind): (columns: string[]) => void {
  const { required, optional } = COLUMNS[kind];
  const known = new Set([...required, ...optional]);
  return (columns) => {
    const missing = required.filter((c) => !columns.includes(c));
    const unknown = columns.filter((c) => !known.has(c));
    const dup = columns.filter((c, i) => columns.indexOf(c) !== i);
    const zh: string[] = [];
    const en: string[] = [];
    if (missing.length > 0) {
      zh.push(`表头缺少列 ${missing.join(', ')}`);
      en.push(`the header lacks ${missing.join(', ')}`);
    }
    if (unknown.length > 0) {
      zh.push(`表头有未知的列 ${unknown.join(', ')}(可用的列:${[...known].join(', ')})`);
      en.push(`the header has unknown columns ${unknown.join(', ')} (known: ${[...known].join(', ')})`);
    }
    if (dup.length > 0) {
      zh.push(`表头有重复的列 ${unique(dup).join(', ')}`);
      en.push(`the header repeats ${unique(dup).join(', ')}`);
    }
    if (zh.length > 0) throw new FileFormatError('header', en.join('; '), 1, { 'zh-CN': zh.join(';'), en: en.join('; ') });
  };
}

const unique = <T>(xs: T[]): T[] => [...new Set(xs)];

function asAppError(shown: string, err: FileFormatError): AppError {
  switch (err.problem) {
    case 'header':
      return fileError(shown, err.text ?? { 'zh-CN': err.message, en: err.message });
    case 'syntax':
      return fileError(shown, {
        'zh-CN': `第 ${err.line ?? '?'} 行附近 CSV 格式错误(引号未闭合?),此前的整块已导入,修正文件后重新导入即可:${err.message}`,
        en: `CSV syntax error near line ${err.line ?? '?'} (an unclosed quote?); the chunks before it are imported, fix the file and import it again: ${err.message}`,
      });
    case 'unreadable':
      return fileError(shown, { 'zh-CN': `读取失败 (${err.message})`, en: `cannot read it (${err.message})` });
  }
}

async function inspect(file: string, shown: string): Promise<{ sha256: string; bytes: number; format: Format }> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(file);
  } catch (err) {
    const code = (err as { code?: string }).code ?? String(err);
    throw fileError(shown, { 'zh-CN': `文件不存在或无法访问 (${code})`, en: `no such file, or not accessible (${code})` });
  }
  if (!stat.isFile()) throw fileError(shown, { 'zh-CN': '不是文件', en: 'not a file' });
  try {
    return await inspectFile(file);
  } catch (err) {
    const code = (err as { code?: string }).code ?? String(err);
    throw fileError(shown, { 'zh-CN': `读取失败 (${code})`, en: `cannot read it (${code})` });
  }
}

export async function runImport(store: Store, kind: ImportKind, file: string, opts: ImportOptions = {}): Promise<ImportSummary> {
  const now = opts.now ?? (() => new Date());
  const locale = opts.locale ?? 'zh-CN';
  const t = IMPORT_TEXT[locale];
  const chunkLines = opts.chunkLines ?? DEFAULT_CHUNK_LINES;
  if (!Number.isInteger(chunkLines) || chunkLines < 1) throw new RangeError('chunkLines must be a positive integer');

  const shown = opts.fileName ?? path.basename(file);
  const facts = await inspect(file, shown);
  const format = opts.format ?? facts.format;
  const db = store.db;
  const previous = await q.latestBatch(db, kind, facts.sha256);
  const resume = previous?.status === 'running' ? previous : undefined;
  const batchId = resume?.id ?? (await q.createBatch(db, { kind, fileName: shown, sha256: facts.sha256, at: now().toISOString() }));
  const totals: q.BatchCounts = resume
    ? { linesDone: resume.linesDone, applied: resume.applied, unchanged: resume.unchanged, rejected: resume.rejected }
    : { linesDone: 0, applied: 0, unchanged: 0, rejected: 0 };
  const skipThrough = totals.linesDone;

  const source: RowSource = format === 'csv' ? readCsv(file, headerCheck(kind)) : readJsonl(file);
  const check = validator(kind, locale, now);
  const apply = applierFor<ImportKind>(kind);
  const personIds = new PersonIdMemo();

  let valid: Array<ChunkRow<RowOf[ImportKind]>> = [];
  let rejects: q.RejectRow[] = [];
  let rejectedRows = 0;
  let rowsInChunk = 0;
  let lastLine = skipThrough;
  let chunkIndex = 0;
  const progress = (): void => opts.onProgress?.(source.bytesRead(), facts.bytes, totals.applied + totals.unchanged + totals.rejected);

  const flush = async (): Promise<void> => {
    if (rowsInChunk === 0) return;
    const index = chunkIndex++;
    const linesDone = lastLine;
    const rows = valid;
    const chunkRejects = rejects;
    const validationRejected = rejectedRows;
    const next = await q.transaction(db, async (trx) => {
      const out = await apply(trx, rows, { t, at: now().toISOString(), personIds });
      const all = out.rejects.length > 0 ? chunkRejects.concat(out.rejects) : chunkRejects;
      await q.insertRejects(trx, batchId, all);
      const counts: q.BatchCounts = {
        linesDone,
        applied: totals.applied + out.applied,
        unchanged: totals.unchanged + out.unchanged,
        rejected: totals.rejected + validationRejected + out.rejectedRows,
      };
      await q.saveBatchCounts(trx, batchId, counts);
      await opts.beforeCommit?.({ index, linesDone });
      return counts;
    });
    Object.assign(totals, next);
    valid = [];
    rejects = [];
    rejectedRows = 0;
    rowsInChunk = 0;
    progress();
  };

  let skipped = 0;
  try {
    for await (const batch of source.batches) {
      for (const row of batch) {
        if (row.endLine <= skipThrough) {
          if (++skipped % PROGRESS_EVERY_SKIPPED === 0) progress();
          continue;
        }
        lastLine = row.endLine;
        rowsInChunk++;
        if (row.problem) {
          rejectedRows++;
          rejects.push({ line: row.line, field: ROW, reason: row.problem === 'json' ? t.notJson : row.problem === 'notObject' ? t.notObject : t.columns });
        } else {
          const r = check(row.record);
          if (r.ok) valid.push({ line: row.line, value: r.value });
          else {
            rejectedRows++;
            for (const p of r.problems) rejects.push({ line: row.line, field: p.field, reason: p.reason });
          }
        }
        if (rowsInChunk >= chunkLines) await flush();
      }
    }
    await flush();
  } catch (err) {
    if (err instanceof FileFormatError) {
      // The file itself is broken: what came before stands (whole chunks); rerunning it starts afresh.
      await q.finishBatch(db, batchId, 'failed', now().toISOString());
      throw asAppError(shown, err);
    }
    throw err;
  }
  await q.finishBatch(db, batchId, 'done', now().toISOString());

  const summary: ImportSummary = {
    batchId,
    kind,
    file,
    lines: totals.applied + totals.unchanged + totals.rejected,
    applied: totals.applied,
    unchanged: totals.unchanged,
    rejected: totals.rejected,
  };
  if (resume) summary.resumedFromLine = skipThrough + 1;
  if (opts.writeRejectsFile !== false) {
    const target = rejectsFileOf(file);
    if (totals.rejected > 0) {
      await writeRejectsFile(store, batchId, target);
      summary.rejectsFile = target;
    } else {
      // A report left by an earlier run of this file would be wrong now.
      await fs.promises.rm(target, { force: true });
    }
  }
  return summary;
}

export function rejectsFileOf(file: string): string {
  return `${file}.rejects.csv`;
}

const PAGE = 5000;

async function* rejectsOf(store: Store, batchId: number): AsyncGenerator<q.RejectRow> {
  let after: { line: number; field: string } | null = null;
  for (;;) {
    const page = await q.rejectsPage(store.db, batchId, after, PAGE);
    for (const r of page) yield r;
    if (page.length < PAGE) return;
    const last = page[page.length - 1]!;
    after = { line: last.line, field: last.field };
  }
}

/**
 * The rejects report a clerk opens in Excel or WPS: UTF-8 with a byte-order mark (without it they
 * read Chinese as GBK), one row per rejected field, in line order. Written aside and renamed, so a
 * reader never sees half a report.
 */
export async function writeRejectsFile(store: Store, batchId: number, target: string): Promise<void> {
  const tmp = `${target}.${process.pid}.tmp`;
  try {
    await pipeline(
      rejectsOf(store, batchId),
      stringify({
        bom: true,
        header: true,
        record_delimiter: 'windows',
        columns: [
          { key: 'line', header: '行号 line' },
          { key: 'field', header: '字段 field' },
          { key: 'reason', header: '原因 reason' },
        ],
      }),
      fs.createWriteStream(tmp),
    );
    await fs.promises.rename(tmp, target);
  } finally {
    await fs.promises.rm(tmp, { force: true });
  }
}

/** The first `limit` rejects of a batch, in line order (the HTTP upload's answer). */
export async function listRejects(store: Store, batchId: number, limit: number): Promise<q.RejectRow[]> {
  return q.rejectsPage(store.db, batchId, null, limit);
}
