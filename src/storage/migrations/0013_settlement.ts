/**
 * Using points (issue 6): settlement rounds (积分落户) with their applications, and school rounds
 * (积分入学) with their schools and children. A round's configuration is the domain's JSON
 * (RoundConfig, SchoolRound without its schools), validated by the service; each application keeps
 * the chain keys it was ranked on (points, counted residence months, social-insurance and basic
 * points, acceptance day) and the determination they came from, so a ranking can be re-run from
 * stored data alone and gives the same positions. ID numbers are stored only where the move or the
 * school needs them (family members, the child); responses mask them. Dates are ISO text, flags 0/1.
 */
import { sql, type Kysely } from 'kysely';
import { idColumn } from '../dialects/columns.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await idColumn(db.schema.createTable('settlement_round'), db)
    .addColumn('name', 'text', (c) => c.notNull())
    /** JSON: the domain RoundConfig. */
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('draft', 'open', 'closed', 'ranked', 'announced', 'final')`))
    /** JSON: the line the last ranking drew (LineDrawn). */
    .addColumn('line', 'text')
    .addColumn('ranked_at', 'text')
    .addColumn('announced_from', 'text')
    .addColumn('announced_to', 'text')
    .addColumn('announced_provisional', 'integer')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  await idColumn(db.schema.createTable('settlement_application'), db)
    .addColumn('round_id', 'bigint', (c) => c.notNull().references('settlement_round.id').onDelete('cascade'))
    .addColumn('person_id', 'bigint', (c) => c.notNull().references('person.id').onDelete('cascade'))
    /** The points application whose published determination is used; null when there was none. */
    .addColumn('application_id', 'bigint', (c) => c.references('application.id').onDelete('set null'))
    .addColumn('facts_digest', 'text')
    .addColumn('policy_version', 'text')
    /** The chain keys (hundredths, months), null when there is no determination. */
    .addColumn('points_h', 'integer')
    .addColumn('residence_months', 'integer')
    .addColumn('social_insurance_h', 'integer')
    .addColumn('basic_h', 'integer')
    /** The day the settlement application was filed and accepted: the tie-break after the published chain. */
    .addColumn('accepted_on', 'text', (c) => c.notNull())
    /** JSON: { eligible, reasons: [{ code, text }] } as of filing. */
    .addColumn('eligibility', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) =>
      c.notNull().check(sql`state in ('filed', 'ineligible', 'police_review', 'ranked', 'admitted', 'not_admitted', 'notice_issued', 'moved', 'forfeited')`),
    )
    /** JSON: [{ relation: 'spouse' | 'child', name, idNumber, birthDate, documents: [...] }]. */
    .addColumn('family', 'text', (c) => c.notNull())
    .addColumn('police_review_by', 'text')
    .addColumn('police_review_at', 'text')
    /** 'passed' | 'failed' */
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
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('settlement_application_round').on('settlement_application').columns(['round_id', 'state']).execute();
  await db.schema.createIndex('settlement_application_person').on('settlement_application').column('person_id').execute();
  // One live application per person and round; an ineligible one may be filed again once the reason is gone.
  await db.schema
    .createIndex('settlement_application_one')
    .on('settlement_application')
    .columns(['round_id', 'person_id'])
    .unique()
    .where(sql.ref('state'), '<>', 'ineligible')
    .execute();

  await idColumn(db.schema.createTable('school_round'), db)
    .addColumn('name', 'text', (c) => c.notNull())
    /** JSON: { window: { opens, closes }, ageOn, proofBy, districts: DistrictRules[] }. */
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('draft', 'open', 'closed', 'allocated')`))
    .addColumn('allocated_at', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  await idColumn(db.schema.createTable('school'), db)
    .addColumn('round_id', 'bigint', (c) => c.notNull().references('school_round.id').onDelete('cascade'))
    .addColumn('district', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('seats', 'integer', (c) => c.notNull())
    .addColumn('filled', 'integer')
    .addColumn('lowest_points_h', 'integer')
    .execute();
  await db.schema.createIndex('school_round_district').on('school').columns(['round_id', 'district']).execute();

  await idColumn(db.schema.createTable('school_application'), db)
    .addColumn('round_id', 'bigint', (c) => c.notNull().references('school_round.id').onDelete('cascade'))
    /** The parent who filed (signed in) and the other parent, when given. */
    .addColumn('parent_person_id', 'bigint', (c) => c.notNull().references('person.id').onDelete('cascade'))
    .addColumn('other_parent_person_id', 'bigint', (c) => c.references('person.id').onDelete('set null'))
    .addColumn('child_name', 'text', (c) => c.notNull())
    .addColumn('child_birth_date', 'text', (c) => c.notNull())
    .addColumn('child_id_number', 'text', (c) => c.notNull())
    .addColumn('district', 'text', (c) => c.notNull())
    /** JSON: school ids in order of preference. */
    .addColumn('preferences', 'text', (c) => c.notNull())
    .addColumn('pre_registered', 'integer', (c) => c.notNull())
    /** JSON: per parent, the determination used ({ personId, applicationId, key: ChainKey } or null), for reproducibility. */
    .addColumn('parents', 'text', (c) => c.notNull())
    /** The points the child uses and whose they are. */
    .addColumn('points_h', 'integer')
    .addColumn('points_parent_person_id', 'bigint')
    .addColumn('accepted_on', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('filed', 'placed', 'no_seat', 'no_preferences', 'ineligible', 'withdrawn')`))
    .addColumn('school_id', 'bigint', (c) => c.references('school.id').onDelete('set null'))
    .addColumn('choice', 'integer')
    .addColumn('position', 'integer')
    .addColumn('rank', 'integer')
    .addColumn('conditional', 'integer')
    /** JSON: reasons a child was not ranked. */
    .addColumn('reasons', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('school_application_round').on('school_application').columns(['round_id', 'district']).execute();
  await db.schema.createIndex('school_application_parent').on('school_application').column('parent_person_id').execute();
  // One live application per child and round.
  await db.schema
    .createIndex('school_application_one')
    .on('school_application')
    .columns(['round_id', 'child_id_number'])
    .unique()
    .where(sql.ref('state'), '<>', 'withdrawn')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['school_application', 'school', 'school_round', 'settlement_application', 'settlement_round']) await db.schema.dropTable(t).execute();
}
