/**
 * Settings, read once from the environment at start-up, validated completely and frozen.
 * Start-up fails listing every bad variable. Nothing here is sent to browsers.
 */
import path from 'node:path';
import { z } from 'zod';

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL (leave unset for the embedded SQLite)')
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  EVIDENCE_DIR: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  DEMO_DATA: z.enum(['true', 'false']).default('true'),
  SMS_GATEWAY_URL: z.string().url().regex(/^https?:\/\//, 'must be an http:// or https:// URL').optional(),
  SMS_GATEWAY_KEY: z.string().min(1).optional(),
  SMS_GATEWAY_TIMEOUT_MS: z.coerce.number().int().min(100).max(60000).default(5000),
});

export interface Config {
  port: number;
  host: string;
  /** PostgreSQL connection URL; undefined = SQLite file in dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Where evidence files (photos, PDFs) are kept, by content hash; default `<dataDir>/evidence`. */
  evidenceDir: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** On a first start with an empty database: seed a small city and demo staff accounts. */
  demoData: boolean;
  /** The HTTP SMS gateway; undefined = messages only go to the outbox (the demo). */
  smsGateway: { url: string; key: string; timeoutMs: number } | undefined;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid settings:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = schema.safeParse(given);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  if (given.SMS_GATEWAY_URL !== undefined && given.SMS_GATEWAY_KEY === undefined) problems.push('SMS_GATEWAY_KEY: required when SMS_GATEWAY_URL is set');
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.DATA_DIR),
    evidenceDir: path.resolve(e.EVIDENCE_DIR ?? path.join(e.DATA_DIR, 'evidence')),
    logLevel: e.LOG_LEVEL,
    demoData: e.DEMO_DATA === 'true',
    smsGateway: e.SMS_GATEWAY_URL && e.SMS_GATEWAY_KEY ? { url: e.SMS_GATEWAY_URL, key: e.SMS_GATEWAY_KEY, timeoutMs: e.SMS_GATEWAY_TIMEOUT_MS } : undefined,
  });
}

