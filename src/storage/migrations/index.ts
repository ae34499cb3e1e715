/** The one migration set, applied in order on SQLite and PostgreSQL alike. */
import type { Migration, MigrationProvider } from 'kysely/migration';
import * as m0001 from './0001_calendar.ts';
import * as m0002 from './0002_audit.ts';
import * as m0003 from './0003_people.ts';

const MIGRATIONS: Record<string, Migration> = {
  '0001_calendar': m0001,
  '0002_audit': m0002,
  '0003_people': m0003,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(MIGRATIONS),
};
