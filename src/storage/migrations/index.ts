/** The one migration set, applied in order on SQLite and PostgreSQL alike. */
import type { Migration, MigrationProvider } from 'kysely/migration';
import * as m0001 from './0001_calendar.ts';
import * as m0002 from './0002_audit.ts';
import * as m0003 from './0003_people.ts';
import * as m0004 from './0004_api_tokens.ts';
import * as m0005 from './0005_staff.ts';
import * as m0006 from './0006_audit_chain.ts';
import * as m0007 from './0007_sms.ts';
import * as m0008 from './0008_applications.ts';
import * as m0009 from './0009_evidence.ts';
import * as m0010 from './0010_agents.ts';
import * as m0011 from './0011_public_info.ts';
import * as m0012 from './0012_objections.ts';
import * as m0013 from './0013_settlement.ts';
import * as m0014 from './0014_declarations.ts';
import * as m0015 from './0015_withdrawal.ts';
import * as m0016 from './0016_school_results_sent.ts';
import * as m0017 from './0017_move_reminder.ts';

const MIGRATIONS: Record<string, Migration> = {
  '0001_calendar': m0001,
  '0002_audit': m0002,
  '0003_people': m0003,
  '0004_api_tokens': m0004,
  '0005_staff': m0005,
  '0006_audit_chain': m0006,
  '0007_sms': m0007,
  '0008_applications': m0008,
  '0009_evidence': m0009,
  '0010_agents': m0010,
  '0011_public_info': m0011,
  '0012_objections': m0012,
  '0013_settlement': m0013,
  '0014_declarations': m0014,
  '0015_withdrawal': m0015,
  '0016_school_results_sent': m0016,
  '0017_move_reminder': m0017,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(MIGRATIONS),
};
