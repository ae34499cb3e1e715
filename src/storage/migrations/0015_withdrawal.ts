/**
 * Withdrawal (撤回) of settlement and school applications, and the other parent's confirmation of a
 * school application (issue 6).
 *
 * Settlement: the state `withdrawn` is allowed, with the moment it was withdrawn, and the one-live-
 * application index leaves withdrawn rows out as it leaves out ineligible ones, so a withdrawn
 * application may be filed again. SQLite cannot alter a check constraint: the table is rebuilt (a new
 * table with the new check, every row copied with its id, the old one dropped, the new one renamed,
 * its indexes re-created, the AUTOINCREMENT counter kept) in one transaction; nothing references the
 * table by foreign key. PostgreSQL drops and re-adds the column's check (named by PostgreSQL's rule,
 * `<table>_<column>_check`, as 0013 left it unnamed).
 *
 * School: `withdrawn_at`, and the other parent's status with who decided, when and how (`portal`: the
 * other parent in their own session; `birth_certificate` / `hukou_book`: a district clerk or officer
 * who saw the document). Applications that named another parent before this migration wait for that
 * parent's confirmation like new ones: their points were used unchecked.
 *
 * down() reverses it; settlement applications that were withdrawn cannot be kept under the old check
 * and are deleted (their audit events stay).
 */
import { sql, type Kysely } from 'kysely';
import { idColumn, isPostgres } from '../dialects/columns.ts';

const OLD_STATES = ['filed', 'ineligible', 'police_review', 'ranked', 'admitted', 'not_admitted', 'notice_issued', 'moved', 'forfeited'];
const NEW_STATES = [...OLD_STATES, 'withdrawn'];

/** The columns of settlement_application as 0013 made them, in order. */
const COLUMNS = [
  'id', 'round_id', 'person_id', 'application_id', 'facts_digest', 'policy_version', 'points_h', 'residence_months', 'social_insurance_h', 'basic_h',
  'accepted_on', 'eligibility', 'state', 'family', 'police_review_by', 'police_review_at', 'police_review_outcome', 'police_review_note', 'rank', 'position',
  'notice_no', 'notice_issued_at', 'moved_on', 'forfeited_on', 'created_at', 'updated_at', 'version',
];

const stateList = (states: readonly string[]) => sql.raw(states.map((s) => `'${s}'`).join(', '));

/** settlement_application as in 0013, under `name`, with the given states and optionally `withdrawn_at`. */
async function createSettlementTable(db: Kysely<unknown>, name: string, states: readonly string[], withdrawnAt: boolean): Promise<void> {
  let t = idColumn(db.schema.createTable(name), db)
    .addColumn('round_id', 'bigint', (c) => c.notNull().references('settlement_round.id').onDelete('cascade'))
    .addColumn('person_id', 'bigint', (c) => c.notNull().references('person.id').onDelete('cascade'))
    .addColumn('application_id', 'bigint', (c) => c.references('application.id').onDelete('set null'))
    .addColumn('facts_digest', 'text')
    .addColumn('policy_version', 'text')
    .addColumn('points_h', 'integer')
    .addColumn('residence_months', 'integer')
    .addColumn('social_insurance_h', 'integer')
    .addColumn('basic_h', 'integer')
    .addColumn('accepted_on', 'text', (c) => c.notNull())
    .addColumn('eligibility', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in (${stateList(states)})`))
    .addColumn('family', 'text', (c) => c.notNull())
    .addColumn('police_review_by', 'text')
    .addColumn('police_review_at', 'text')
    .addColumn('police_review_outcome', 'text')
    .addColumn('police_review_note', 'text')
    .addColumn('rank', 'integer')
    .addColumn('position', 'integer')
    .addColumn('notice_no', 'text')
    .addColumn('notice_issued_at', 'text')
    .addColumn('moved_on', 'text')
    .addColumn('forfeited_on', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1));
  if (withdrawnAt) t = t.addColumn('withdrawn_at', 'text');
  await t.execute();
}

async function createSettlementIndexes(db: Kysely<unknown>, excluded: readonly string[]): Promise<void> {
  await db.schema.createIndex('settlement_application_round').on('settlement_application').columns(['round_id', 'state']).execute();
  await db.schema.createIndex('settlement_application_person').on('settlement_application').column('person_id').execute();
  await liveIndex(db, excluded);
}

/** One live application per person and round: rows in the `excluded` states do not count. */
async function liveIndex(db: Kysely<unknown>, excluded: readonly string[]): Promise<void> {
  await sql`CREATE UNIQUE INDEX settlement_application_one ON settlement_application (round_id, person_id) WHERE state NOT IN (${stateList(excluded)})`.execute(db);
}

/** SQLite: rebuilds settlement_application allowing `states` (rows in others are left out), in one transaction. */
async function rebuildSqlite(db: Kysely<unknown>, states: readonly string[], withdrawnAt: boolean, excluded: readonly string[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const seq = (await sql<{ seq: number }>`SELECT seq FROM sqlite_sequence WHERE name = 'settlement_application'`.execute(trx)).rows[0]?.seq ?? 0;
    await createSettlementTable(trx, 'settlement_application_rebuilt', states, withdrawnAt);
    const cols = sql.raw(COLUMNS.join(', '));
    const copied = withdrawnAt ? sql.raw(`${COLUMNS.join(', ')}, withdrawn_at`) : cols;
    const source = withdrawnAt ? sql.raw(`${COLUMNS.join(', ')}, NULL`) : cols;
    await sql`INSERT INTO settlement_application_rebuilt (${copied}) SELECT ${source} FROM settlement_application WHERE state IN (${stateList(states)})`.execute(trx);
    await sql`DROP TABLE settlement_application`.execute(trx);
    await sql`ALTER TABLE settlement_application_rebuilt RENAME TO settlement_application`.execute(trx);
    await sql`UPDATE sqlite_sequence SET seq = max(seq, ${seq}) WHERE name = 'settlement_application'`.execute(trx);
    await createSettlementIndexes(trx, excluded);
  });
}

export async function up(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) {
    await sql`ALTER TABLE settlement_application DROP CONSTRAINT settlement_application_state_check`.execute(db);
    await sql`ALTER TABLE settlement_application ADD CONSTRAINT settlement_application_state_check CHECK (state in (${stateList(NEW_STATES)}))`.execute(db);
    await db.schema.alterTable('settlement_application').addColumn('withdrawn_at', 'text').execute();
    await db.schema.dropIndex('settlement_application_one').execute();
    await liveIndex(db, ['ineligible', 'withdrawn']);
  } else {
    await rebuildSqlite(db, NEW_STATES, true, ['ineligible', 'withdrawn']);
  }

  await db.schema.alterTable('school_application').addColumn('withdrawn_at', 'text').execute();
  await db.schema
    .alterTable('school_application')
    .addColumn('other_parent_status', 'text', (c) => c.notNull().defaultTo('none').check(sql`other_parent_status in ('none', 'pending', 'confirmed', 'declined')`))
    .execute();
  /** `person:<id>` (the other parent) or `staff:<id>` (the clerk or officer who saw the document). */
  await db.schema.alterTable('school_application').addColumn('other_parent_decided_by', 'text').execute();
  await db.schema.alterTable('school_application').addColumn('other_parent_decided_at', 'text').execute();
  /** 'portal' | 'birth_certificate' | 'hukou_book' */
  await db.schema.alterTable('school_application').addColumn('other_parent_decided_via', 'text').execute();
  await db.schema.alterTable('school_application').addColumn('other_parent_note', 'text').execute();
  await sql`UPDATE school_application SET other_parent_status = 'pending' WHERE other_parent_person_id IS NOT NULL`.execute(db);
  await db.schema.createIndex('school_application_other_parent').on('school_application').columns(['other_parent_person_id', 'other_parent_status']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('school_application_other_parent').execute();
  for (const c of ['other_parent_note', 'other_parent_decided_via', 'other_parent_decided_at', 'other_parent_decided_by', 'other_parent_status', 'withdrawn_at']) {
    await db.schema.alterTable('school_application').dropColumn(c).execute();
  }

  if (isPostgres(db)) {
    await sql`DELETE FROM settlement_application WHERE state = 'withdrawn'`.execute(db);
    await db.schema.dropIndex('settlement_application_one').execute();
    await liveIndex(db, ['ineligible']);
    await db.schema.alterTable('settlement_application').dropColumn('withdrawn_at').execute();
    await sql`ALTER TABLE settlement_application DROP CONSTRAINT settlement_application_state_check`.execute(db);
    await sql`ALTER TABLE settlement_application ADD CONSTRAINT settlement_application_state_check CHECK (state in (${stateList(OLD_STATES)}))`.execute(db);
  } else {
    await rebuildSqlite(db, OLD_STATES, false, ['ineligible']);
  }
}
