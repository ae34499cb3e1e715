/**
 * Starts jifen's web server: opens (and migrates) the database, wires the services and listens.
 * Used by `jifen serve` / `npm start` and, in-process, by the end-to-end tests.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { CalendarService } from '../services/calendar.ts';
import { openStore, type Store } from '../storage/db.ts';
import { CalendarRepository } from '../storage/repositories/calendar.ts';
import { createApp } from './app.ts';
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
}

export interface RunningServer {
  url: string;
  store: Store;
  logger: Logger;
  close(): Promise<void>;
}

export const DEFAULT_WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/web');

export async function startServer(o: ServerOptions): Promise<RunningServer> {
  const logger = createLogger(o.logLevel ?? 'silent');
  const now = o.now ?? (() => new Date());
  const store = await openStore({ databaseUrl: o.databaseUrl, dataDir: o.dataDir, ...(o.pgSchema ? { pgSchema: o.pgSchema } : {}) });
  const calendar = new CalendarService(new CalendarRepository(store.db), now);
  await calendar.reload();
  const app = createApp({ logger, now, calendar, webDir: o.webDir ?? DEFAULT_WEB_DIR, dialect: store.dialect });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: o.port, hostname: o.host }, () => resolve(s));
    s.once('error', reject);
  });
  const addr = server.address() as AddressInfo;
  const host = o.host === '0.0.0.0' || o.host === '::' ? '127.0.0.1' : o.host;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${addr.port}`,
    store,
    logger,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}
