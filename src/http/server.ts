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
  const app = createApp(await appDeps(store, { logger, now, webDir: o.webDir ?? DEFAULT_WEB_DIR, uploadDir: path.join(o.dataDir, 'uploads'), smsGateway: o.smsGateway }));
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
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}
