/**
 * `POST /api/v1/imports/:kind` — a partner system uploads a source file (the raw body, CSV or JSON
 * Lines) with its bearer token. The body is streamed to a temporary file under `uploadDir`, never
 * held in memory, then imported like `jifen import` does; the answer is the summary and the first
 * rejects. Uploading the same content again is harmless (imports are idempotent), and re-uploading
 * after an interrupted import resumes it.
 *
 * 401 without a valid token, 403 when its scopes lack `import:<kind>`, 404 for an unknown kind, 413
 * above `maxBytes`, 400 for a file that cannot be imported (its header, say); rows with errors are
 * not errors of the request: they are listed in the answer.
 *
 * Mount it before the app's 1 MB body limit on /api/*: this route reads its own body.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Hono, type Context } from 'hono';
import type { Locale } from '../../rules/index.ts';
import { AppError, type ErrorCode } from '../../services/errors.ts';
import { isImportKind, listRejects, runImport, type Format } from '../../services/import/index.ts';
import { ImportTokens, importScope } from '../../services/import/tokens.ts';
import type { Store } from '../../storage/db.ts';
import { TokenRepository } from '../../storage/repositories/tokens.ts';
import { requestLocale } from '../locale.ts';
import type { Logger } from '../logger.ts';

export interface ImportRouteDeps {
  store: Store;
  logger: Logger;
  /** Where uploads are spooled while they are imported (created if missing). */
  uploadDir: string;
  /** Largest body accepted, in bytes; default 2 GiB. */
  maxBytes?: number;
  now?: () => Date;
}

export const DEFAULT_MAX_UPLOAD_BYTES = 2 * 1024 ** 3;
/** Rejects listed in the answer; the rest are counted (and kept in import_reject). */
export const REJECTS_IN_ANSWER = 1000;

const STATUS: Partial<Record<ErrorCode, 400 | 404 | 413>> = { INVALID_INPUT: 400, INVALID_JSON: 400, NOT_FOUND: 404, PAYLOAD_TOO_LARGE: 413 };

const TEXT = {
  unauthorized: { 'zh-CN': '需要有效的令牌 (Authorization: Bearer …)', en: 'a valid token is required (Authorization: Bearer …)' },
  forbidden: { 'zh-CN': (scope: string) => `该令牌没有 ${scope} 权限`, en: (scope: string) => `this token lacks the scope ${scope}` },
  noKind: { 'zh-CN': '没有这种导入 (residence、permits、insurance)', en: 'no such import (residence, permits, insurance)' },
  tooLarge: { 'zh-CN': (n: number) => `文件超过 ${n} 字节的上限`, en: (n: number) => `the file is larger than the limit of ${n} bytes` },
  empty: { 'zh-CN': '请求体为空:请把文件作为请求体上传', en: 'the request body is empty: send the file as the body' },
  format: { 'zh-CN': 'format 须为 csv 或 jsonl', en: 'format must be csv or jsonl' },
};

function deny(c: Context, status: 401 | 403, code: 'UNAUTHORIZED' | 'FORBIDDEN', message: string): Response {
  if (status === 401) c.header('WWW-Authenticate', 'Bearer realm="jifen"');
  return c.json({ error: { code, message } }, status);
}

/** CSV or JSON Lines from `?format=`, else the Content-Type; undefined = let the import tell by the first character. */
function formatOf(c: Context, locale: Locale): Format | undefined {
  const q = c.req.query('format');
  if (q === 'csv' || q === 'jsonl') return q;
  if (q !== undefined) throw new AppError('INVALID_INPUT', { 'zh-CN': TEXT.format['zh-CN'], en: TEXT.format.en }, [{ path: 'format', message: TEXT.format[locale] }]);
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'text/csv') return 'csv';
  if (['application/x-ndjson', 'application/jsonl', 'application/x-jsonlines', 'application/json-lines'].includes(type)) return 'jsonl';
  return undefined;
}

/** Streams the body to `target`; throws PAYLOAD_TOO_LARGE as soon as it passes `max`. */
async function spool(body: ReadableStream<Uint8Array>, target: string, max: number): Promise<number> {
  const out = await fs.promises.open(target, 'wx', 0o600);
  const reader = body.getReader();
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > max) {
        await reader.cancel();
        throw new AppError('PAYLOAD_TOO_LARGE', { 'zh-CN': TEXT.tooLarge['zh-CN'](max), en: TEXT.tooLarge.en(max) });
      }
      await out.write(value);
    }
  } finally {
    await out.close();
  }
  return size;
}

export function importRoutes(deps: ImportRouteDeps): Hono {
  const app = new Hono();
  const tokens = new ImportTokens(new TokenRepository(deps.store.db), deps.now);
  const maxBytes = deps.maxBytes ?? DEFAULT_MAX_UPLOAD_BYTES;

  app.onError((err, c) => {
    const locale = requestLocale(c);
    if (err instanceof AppError) {
      const status = STATUS[err.code];
      if (status) return c.json(err.body(locale), status);
    }
    deps.logger.error('import upload failed', { path: c.req.path, error: err instanceof Error ? err.stack : String(err) });
    const internal = new AppError('INTERNAL', { 'zh-CN': '服务器内部错误,请稍后再试', en: 'internal error, please try again later' });
    return c.json(internal.body(locale), 500);
  });

  app.post('/api/v1/imports/:kind', async (c) => {
    const locale = requestLocale(c);
    const auth = c.req.header('authorization') ?? '';
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    const principal = m ? await tokens.authenticate(m[1]!) : undefined;
    if (!principal) return deny(c, 401, 'UNAUTHORIZED', TEXT.unauthorized[locale]);

    const kind = c.req.param('kind');
    if (!isImportKind(kind)) throw new AppError('NOT_FOUND', TEXT.noKind);
    const scope = importScope(kind);
    if (!principal.scopes.includes(scope)) return deny(c, 403, 'FORBIDDEN', TEXT.forbidden[locale](scope));

    const declared = Number(c.req.header('content-length') ?? NaN);
    if (Number.isFinite(declared) && declared > maxBytes) {
      throw new AppError('PAYLOAD_TOO_LARGE', { 'zh-CN': TEXT.tooLarge['zh-CN'](maxBytes), en: TEXT.tooLarge.en(maxBytes) });
    }
    const format = formatOf(c, locale);
    const body = c.req.raw.body;
    if (!body) throw new AppError('INVALID_INPUT', TEXT.empty, [{ path: 'body', message: TEXT.empty[locale] }]);

    await fs.promises.mkdir(deps.uploadDir, { recursive: true });
    const spooled = path.join(deps.uploadDir, `upload-${randomUUID()}${format ? `.${format}` : ''}`);
    try {
      const bytes = await spool(body, spooled, maxBytes);
      if (bytes === 0) throw new AppError('INVALID_INPUT', TEXT.empty, [{ path: 'body', message: TEXT.empty[locale] }]);
      const name = (c.req.query('name') ?? '').trim().slice(0, 200);
      const summary = await runImport(deps.store, kind, spooled, {
        locale,
        writeRejectsFile: false,
        fileName: name || `upload${format ? `.${format}` : ''}`,
        ...(format ? { format } : {}),
        ...(deps.now ? { now: deps.now } : {}),
      });
      const rejects = summary.rejected > 0 ? await listRejects(deps.store, summary.batchId, REJECTS_IN_ANSWER + 1) : [];
      // Counts only: never row contents, which carry ID numbers.
      deps.logger.info('import uploaded', {
        token: principal.id,
        kind,
        bytes,
        batchId: summary.batchId,
        lines: summary.lines,
        applied: summary.applied,
        unchanged: summary.unchanged,
        rejected: summary.rejected,
      });
      return c.json({
        batchId: summary.batchId,
        kind: summary.kind,
        lines: summary.lines,
        applied: summary.applied,
        unchanged: summary.unchanged,
        rejected: summary.rejected,
        ...(summary.resumedFromLine !== undefined ? { resumedFromLine: summary.resumedFromLine } : {}),
        rejects: rejects.slice(0, REJECTS_IN_ANSWER),
        rejectsTruncated: rejects.length > REJECTS_IN_ANSWER,
      });
    } finally {
      await fs.promises.rm(spooled, { force: true });
    }
  });

  return app;
}
