/**
 * Starts jifen's web server: opens (and migrates) the database, wires the services and listens.
 * Used by `jifen serve` / `npm start` and, in-process, by the end-to-end tests.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { loadDemoData } from '../services/demo.ts';
import type { HttpGatewaySettings } from '../services/sms.ts';
import { openStore, type Store } from '../storage/db.ts';
import { createApp } from './app.ts';
import { appDeps } from './deps.ts';
import { createLogger, type LogLevel, type Logger } from './logger.ts';

export interface ServerOptions {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  logLevel?: LogLevel;
  /** PostgreSQL schema (tests). */
  pgSchema?: string;
  webDir?: string;
  now?: () => Date;
  /** Load the demo city and demo staff accounts when the database is empty. */
  demoData?: boolean;
  /** The HTTP SMS gateway; unset = the outbox only. */
  smsGateway?: HttpGatewaySettings | undefined;
  /** Where evidence files are kept (EVIDENCE_DIR); default `<dataDir>/evidence`. */
  evidenceDir?: string | undefined;
  /** How often queued SMS are handed to the transport (default 3 s). */
  smsDispatchMs?: number;
}

export interface RunningServer {
  url: string;
  /** What the demo loader wants shown once (accounts and passwords); empty otherwise. */
  demoNotes: string[];
  store: Store;
  logger: Logger;
  close(): Promise<void>;
}

export const DEFAULT_WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/web');

export async function startServer(o: ServerOptions): Promise<RunningServer> {
  const logger = createLogger(o.logLevel ?? 'silent');
  const now = o.now ?? (() => new Date());
  const store = await openStore({ databaseUrl: o.databaseUrl, dataDir: o.dataDir, ...(o.pgSchema ? { pgSchema: o.pgSchema } : {}) });
  const demoNotes = o.demoData ? await loadDemoData(store, now) : [];
  const deps = await appDeps(store, { logger, now, webDir: o.webDir ?? DEFAULT_WEB_DIR, uploadDir: path.join(o.dataDir, 'uploads'), evidenceDir: o.evidenceDir ?? path.join(o.dataDir, 'evidence'), smsGateway: o.smsGateway });
  const app = createApp(deps);
  // SMS queued in the transactions of changes (results, objection outcomes) leave every few seconds;
  // several server processes may do this at once, each message is claimed by one.
  let running: Promise<void> | null = null;
  const dispatcher = setInterval(() => {
    if (running) return;
    running = deps
      .dispatchSms()
      .then(() => undefined)
      .catch((e: unknown) => logger.error('sms dispatch failed', { error: e instanceof Error ? e.message : String(e) }))
      .finally(() => {
        running = null;
      });
  }, o.smsDispatchMs ?? 3000);
  dispatcher.unref();
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: o.port, hostname: o.host }, () => resolve(s));
    s.once('error', reject);
  });
  const addr = server.address() as AddressInfo;
  const host = o.host === '0.0.0.0' || o.host === '::' ? '127.0.0.1' : o.host;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${addr.port}`,
    demoNotes,
    store,
    logger,
    close: async () => {
      clearInterval(dispatcher);
      await running;
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}
