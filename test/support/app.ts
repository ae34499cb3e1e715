/** Builds the real app, on an in-memory SQLite store unless one is given, for in-process HTTP tests (`app.request`). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Hono } from 'hono';
import { createApp } from '../../src/http/app.ts';
import { createLogger } from '../../src/http/logger.ts';
import { appDeps } from '../../src/http/deps.ts';
import { openStore, type Store } from '../../src/storage/db.ts';

export interface TestApp {
  app: Hono;
  store: Store;
  logs: string[];
  /** The temporary directory evidence files are kept in. */
  evidenceDir: string;
  close(): Promise<void>;
}

export async function testApp(now = new Date('2026-12-01T02:00:00Z'), given?: Store): Promise<TestApp> {
  const store = given ?? (await openStore({ sqliteFile: ':memory:' }));
  const logs: string[] = [];
  const evidenceDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jifen-evidence-'));
  const app = createApp(await appDeps(store, { logger: createLogger('debug', (l) => logs.push(l)), now: () => now, webDir: '/nonexistent', uploadDir: fs.mkdtempSync(path.join(os.tmpdir(), 'jifen-uploads-')), evidenceDir }));
  return {
    app,
    store,
    logs,
    evidenceDir,
    close: async () => {
      await store.close();
      fs.rmSync(evidenceDir, { recursive: true, force: true });
    },
  };
}

export function postJson(app: Hono, url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return Promise.resolve(
    app.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );
}
