/** The partner-system upload, in-process (`app.request`), on every storage adapter. */
import fs from 'node:fs';
import { Hono } from 'hono';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/http/logger.ts';
import { importRoutes } from '../../src/http/routes/imports.ts';
import { ImportTokens, tokenDigest } from '../../src/services/import/tokens.ts';
import type { Store } from '../../src/storage/db.ts';
import { TokenRepository } from '../../src/storage/repositories/tokens.ts';
import { adapters } from '../support/stores.ts';
import { NOW, RESIDENCE_COLUMNS, csvText, dump, idn, jsonlText, residence, tempDir } from './support.ts';

const MAX = 64 * 1024;

for (const adapter of adapters()) {
  describe(`POST /api/v1/imports/:kind on ${adapter.name}`, () => {
    let store: Store;
    let app: Hono;
    let logs: string[];
    let uploadDir: string;
    let tokens: ImportTokens;
    let token: string;
    beforeEach(async () => {
      store = await adapter.open();
      logs = [];
      uploadDir = tempDir('jifen-uploads-');
      app = new Hono();
      app.route('/', importRoutes({ store, logger: createLogger('debug', (l) => logs.push(l)), uploadDir, maxBytes: MAX, now: NOW }));
      tokens = new ImportTokens(new TokenRepository(store.db), NOW);
      token = (await tokens.create('公安居住登记系统', ['import:residence'])).token;
    });
    afterEach(async () => {
      await store.close();
      fs.rmSync(uploadDir, { recursive: true, force: true });
    });
    afterAll(async () => {
      await adapter.cleanup();
    });

    const upload = (kind: string, body: BodyInit, headers: Record<string, string> = {}, query = ''): Promise<Response> =>
      Promise.resolve(app.request(`/api/v1/imports/${kind}${query}`, { method: 'POST', body, headers: { authorization: `Bearer ${token}`, ...headers } }));

    const rows = [residence(1), residence(2), residence(3, { status: 'moved' })];

    it('imports an uploaded CSV and answers with the summary and the rejects', async () => {
      const res = await upload('residence', csvText(RESIDENCE_COLUMNS, rows, true), { 'content-type': 'text/csv' }, '?name=police-2026-06.csv');
      expect(res.status).toBe(200);
      const body = (await res.json()) as Record<string, unknown>;
      expect(body).toEqual({
        batchId: expect.any(Number) as number,
        kind: 'residence',
        lines: 3,
        applied: 2,
        unchanged: 0,
        rejected: 1,
        rejects: [{ line: 4, field: 'status', reason: '须为 registered、cancelled 之一' }],
        rejectsTruncated: false,
      });
      expect((await dump(store)).residence_period).toHaveLength(2);
      const batch = await store.db.selectFrom('import_batch').select(['file_name', 'status']).executeTakeFirstOrThrow();
      expect(batch).toEqual({ file_name: 'police-2026-06.csv', status: 'done' });
      // The spooled upload is gone, and the log has counts, never ID numbers.
      expect(fs.readdirSync(uploadDir)).toEqual([]);
      expect(logs.join('\n')).not.toContain(idn(1));
      expect(logs.some((l) => l.includes('"msg":"import uploaded"') && l.includes('"applied":2'))).toBe(true);
    });

    it('imports JSON Lines (told by Content-Type, or by the first character), idempotently, with reasons in English on request', async () => {
      const first = await upload('residence', jsonlText(rows), { 'content-type': 'application/x-ndjson', 'accept-language': 'en' });
      expect(first.status).toBe(200);
      expect(await first.json()).toMatchObject({ applied: 2, rejected: 1, rejects: [{ line: 3, field: 'status', reason: 'must be one of registered, cancelled' }] });
      const before = await dump(store);
      const again = await upload('residence', jsonlText(rows), { 'content-type': 'application/octet-stream' });
      expect(await again.json()).toMatchObject({ applied: 0, unchanged: 2, rejected: 1 });
      expect(await dump(store)).toEqual(before);
    });

    it('streams a body sent without Content-Length', async () => {
      const text = csvText(RESIDENCE_COLUMNS, rows);
      const stream = new ReadableStream<Uint8Array>({
        start(c) {
          const bytes = new TextEncoder().encode(text);
          for (let i = 0; i < bytes.length; i += 50) c.enqueue(bytes.slice(i, i + 50));
          c.close();
        },
      });
      const res = await app.request('/api/v1/imports/residence', { method: 'POST', body: stream, headers: { authorization: `Bearer ${token}` }, duplex: 'half' } as RequestInit);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ lines: 3, applied: 2 });
    });

    it('answers 401 without a token, with an unknown one, and with a revoked one; nothing is imported', async () => {
      const body = csvText(RESIDENCE_COLUMNS, rows);
      const none = await app.request('/api/v1/imports/residence', { method: 'POST', body });
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(await none.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
      expect((await upload('residence', body, { authorization: 'Bearer not-a-token-at-all-0000000000' })).status).toBe(401);
      expect((await upload('residence', body, { authorization: `Basic ${token}` })).status).toBe(401);
      const [record] = await tokens.list();
      await tokens.revoke(record!.id);
      expect((await upload('residence', body)).status).toBe(401);
      expect((await dump(store)).person).toEqual([]);
    });

    it('stores only the SHA-256 of a token', async () => {
      const stored = await store.db.$extendTables<{ api_token: { token_sha256: string } }>().selectFrom('api_token').select('token_sha256').execute();
      expect(stored).toEqual([{ token_sha256: tokenDigest(token) }]);
      expect(JSON.stringify(stored)).not.toContain(token);
    });

    it('answers 403 when the token lacks the scope of the kind, 404 for an unknown kind', async () => {
      const res = await upload('insurance', 'id_number,month,scheme\n');
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ error: { code: 'FORBIDDEN', message: '该令牌没有 import:insurance 权限' } });
      expect((await upload('pets', 'a\n')).status).toBe(404);
    });

    it('answers 413 above the size limit, by Content-Length or while streaming, and keeps nothing', async () => {
      const big = csvText(RESIDENCE_COLUMNS, Array.from({ length: 2000 }, (_, i) => residence(i + 1)));
      expect(big.length).toBeGreaterThan(MAX);
      const declared = await upload('residence', big, { 'content-length': String(Buffer.byteLength(big)) });
      expect(declared.status).toBe(413);
      expect(await declared.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
      const stream = new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(new TextEncoder().encode(big));
          c.close();
        },
      });
      const streamed = await app.request('/api/v1/imports/residence', { method: 'POST', body: stream, headers: { authorization: `Bearer ${token}` }, duplex: 'half' } as RequestInit);
      expect(streamed.status).toBe(413);
      expect(fs.readdirSync(uploadDir)).toEqual([]);
      expect((await dump(store)).person).toEqual([]);
    });

    it('answers 400 for a file that cannot be imported, naming the problem but not the spool file', async () => {
      const res = await upload('residence', 'record_id,id_number\nR1,x\n', {}, '?name=police.csv');
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('INVALID_INPUT');
      expect(body.error.message).toMatch(/^无法导入 police\.csv:表头缺少列 name, from, status/);
      expect(fs.readdirSync(uploadDir)).toEqual([]);
    });
  });
}
