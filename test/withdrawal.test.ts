/**
 * Withdrawal (撤回) of settlement and school applications on every storage adapter (issue 6), from
 * published determinations made through the application service on a fixed clock: a settlement
 * application may be withdrawn while filed, ineligible or in the police review of an open or closed
 * round, and filed again while the round is open; a withdrawn one is left out of the staff lists, the
 * statistics and the ranking; once ranked a withdrawal is refused, saying why. A school application
 * may be withdrawn until the allocation, which leaves it out. Migration 0015 goes down and up again
 * with the data kept (withdrawn settlement applications cannot be kept under the old check).
 */
import { Migrator } from 'kysely/migration';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCalendar } from '../src/domain/calendar.ts';
import type { RoundConfig } from '../src/domain/settlement.ts';
import { ApplicationService, type Who } from '../src/services/applications.ts';
import type { StaffIdentity } from '../src/services/auth.ts';
import { SchoolAdmissionService } from '../src/services/school-admission.ts';
import { SettlementService } from '../src/services/settlement.ts';
import type { Store } from '../src/storage/db.ts';
import { migrationProvider } from '../src/storage/migrations/index.ts';
import { ApplicationRepository } from '../src/storage/repositories/applications.ts';
import { verifyAudit } from '../src/storage/repositories/audit.ts';
import { PeopleRepository } from '../src/storage/repositories/people.ts';
import { SettlementRepository } from '../src/storage/repositories/settlement.ts';
import { childIdNumber as childId, eligiblePerson } from './support/people.ts';
import { publishedDeterminations } from './support/determinations.ts';
import { refusal } from './support/refusal.ts';
import { adapters } from './support/stores.ts';

const admin: StaffIdentity = { id: 1, username: 'admin', displayName: '管理员', role: 'admin', district: null };
const officer: StaffIdentity = { id: 2, username: 'district', displayName: '西湖区', role: 'district', district: '330106' };
const clerk: Who = { actor: 'clerk', actorId: 'staff:3' };
const districtWho: Who = { actor: 'district', actorId: 'staff:2' };

/** 751–755 have published determinations (169 points); 756 has none (ineligible for settlement). */
const SEQS = [751, 752, 753, 754, 755, 756];

const CONFIG: RoundConfig = {
  window: { opens: '2024-06-01', closes: '2024-06-30' },
  rule: { kind: 'line', line: 10000 },
  announcement: { workingDays: 5 },
  moveWindow: { from: '2024-07-15', to: '2024-09-30' },
};

for (const adapter of adapters()) {
  describe(`withdrawal on ${adapter.name}`, () => {
    let store: Store;
    const clock = new Date('2024-03-01T02:00:00Z');
    const setDay = (day: string): void => void clock.setTime(new Date(`${day}T02:00:00Z`).getTime());
    let svc: SettlementService;
    let schools: SchoolAdmissionService;
    const person = new Map<number, number>();
    const filed = new Map<number, number>();
    let roundId = 0;

    beforeAll(async () => {
      store = await adapter.open();
      const people = new PeopleRepository(store.db);
      const ids = await people.insertBundles(SEQS.map((seq) => eligiblePerson(seq, { name: `撤回${seq}号` })), '2024-01-01T00:00:00Z');
      SEQS.forEach((seq, i) => person.set(seq, ids[i]!));
      const apps = new ApplicationRepository(store.db);
      const calendar = createCalendar();
      const applications = new ApplicationService({ applications: apps, people, calendar, now: () => clock });
      setDay('2024-03-01');
      await publishedDeterminations(applications, clock, SEQS.filter((s) => s !== 756).map((seq) => person.get(seq)!), { clerk, district: districtWho });
      const repo = new SettlementRepository(store.db);
      svc = new SettlementService({ settlement: repo, applications: apps, people, calendar, now: () => clock });
      schools = new SchoolAdmissionService({ settlement: repo, applications: apps, people, now: () => clock });
    });
    afterAll(async () => {
      await store.close();
      await adapter.cleanup();
    });

    it('withdraws a filed, an ineligible and a police-review application of an open round, only one’s own, under the version check', async () => {
      setDay('2024-05-20');
      roundId = (await svc.createRound(admin, { name: '2024年6月', config: CONFIG })).id;
      await svc.openRound(admin, roundId);
      setDay('2024-06-03');
      for (const seq of SEQS) filed.set(seq, (await svc.file(person.get(seq)!, roundId, {})).application.id);
      expect((await svc.application(filed.get(756)!)).state).toBe('ineligible');
      await svc.referToPolice(officer, filed.get(753)!);

      const a = await svc.application(filed.get(751)!);
      expect((await refusal(svc.withdraw(person.get(752)!, a.id))).code).toBe('NOT_FOUND');
      expect((await refusal(svc.withdraw(person.get(751)!, a.id, a.version + 1))).code).toBe('CONFLICT');
      const w = await svc.withdraw(person.get(751)!, a.id, a.version);
      expect(w).toMatchObject({ state: 'withdrawn', withdrawnAt: '2024-06-03T02:00:00.000Z', version: a.version + 1 });
      const again = await refusal(svc.withdraw(person.get(751)!, a.id));
      expect(again.code).toBe('INVALID_TRANSITION');
      expect(again.text['zh-CN']).toBe('此落户申请已撤回');
      expect((await svc.withdraw(person.get(756)!, filed.get(756)!)).state).toBe('withdrawn');
      expect((await svc.withdraw(person.get(753)!, filed.get(753)!)).state).toBe('withdrawn');
      // The police cannot review a withdrawn application.
      expect((await refusal(svc.policeReview(officer, filed.get(753)!, { outcome: 'passed' }))).code).toBe('INVALID_TRANSITION');
    });

    it('files again after a withdrawal while the round is open, and leaves withdrawn ones out of staff lists and statistics', async () => {
      const again = await svc.file(person.get(751)!, roundId, {});
      expect(again.application.state).toBe('filed');
      expect(again.application.id).not.toBe(filed.get(751));
      // Still one live application per person: a second filing is refused.
      expect((await refusal(svc.file(person.get(751)!, roundId, {}))).code).toBe('CONFLICT');
      const mine = await svc.mine(person.get(751)!);
      expect(mine.map((a) => [a.id, a.state])).toEqual([
        [again.application.id, 'filed'],
        [filed.get(751), 'withdrawn'],
      ]);
      filed.set(751, again.application.id);

      const listed = (await svc.listApplications(officer, roundId)).map((a) => a.id).sort((x, y) => x - y);
      expect(listed).toEqual([filed.get(751), filed.get(752), filed.get(754), filed.get(755)].sort((x, y) => x! - y!));
      const s = await svc.statistics(roundId);
      expect(s).toMatchObject({ applications: 4, eligible: 4, byState: { filed: 4 } });
      expect(s.byState.withdrawn).toBeUndefined();
    });

    it('withdraws from a closed round (a ranking read before it fails), leaves the withdrawn out of the ranking, and refuses once ranked, saying why', async () => {
      for (const seq of [751, 752, 754, 755]) await svc.policeReview(officer, filed.get(seq)!, { outcome: 'passed' });
      setDay('2024-07-01');
      const closed = await svc.closeRound(admin, roundId);
      expect((await refusal(svc.file(person.get(753)!, roundId, {}))).code).toBe('INVALID_TRANSITION');
      expect((await svc.withdraw(person.get(755)!, filed.get(755)!)).state).toBe('withdrawn');
      // The withdrawal moved the round on: a ranking at the version read before it is refused.
      expect((await refusal(svc.rank(admin, roundId, closed.version))).code).toBe('CONFLICT');
      const ranked = await svc.rank(admin, roundId);
      expect(ranked.line).toMatchObject({ admitted: 3 });
      const ranking = await svc.ranking(roundId);
      expect(ranking.map((a) => a.id).sort((x, y) => x - y)).toEqual([filed.get(751), filed.get(752), filed.get(754)].sort((x, y) => x! - y!));
      expect(ranking.every((a) => a.state === 'admitted')).toBe(true);
      expect((await svc.application(filed.get(755)!)).state).toBe('withdrawn');

      const late = await refusal(svc.withdraw(person.get(751)!, filed.get(751)!));
      expect(late.code).toBe('INVALID_TRANSITION');
      expect(late.text['zh-CN']).toContain('排名结果已确定');
      expect(late.text.en).toContain('its ranking is fixed');
      expect((await svc.application(filed.get(751)!)).state).toBe('admitted');
      const s = await svc.statistics(roundId);
      expect(s).toMatchObject({ applications: 3, admitted: 3 });
      expect(await verifyAudit(store.db)).toMatchObject({ ok: true });
    });

    it('withdraws a school application until the allocation, applies again for the child, and allocates without the withdrawn', async () => {
      setDay('2024-07-10');
      const r = await schools.createRound(admin, {
        name: '2024年秋季',
        config: { window: { opens: '2024-07-10', closes: '2024-07-31' }, ageOn: '2024-08-31', proofBy: '2024-08-31', districts: [{ district: '330106' }] },
      });
      const withSchools = await schools.addSchools(admin, r.id, [{ district: '330106', name: '西湖一小', seats: 1 }]);
      const school = withSchools.schools[0]!.id;
      await schools.openRound(admin, r.id);
      const child = { name: '撤小一', idNumber: childId('2017-03-01', 851) };
      const a = await schools.apply(person.get(752)!, r.id, { child, district: '330106', preferences: [school] });
      expect((await refusal(schools.withdraw(person.get(754)!, a.id))).code).toBe('NOT_FOUND');
      expect((await refusal(schools.withdraw(person.get(752)!, a.id, a.version + 1))).code).toBe('CONFLICT');
      expect(await schools.withdraw(person.get(752)!, a.id, a.version)).toMatchObject({ state: 'withdrawn', withdrawnAt: '2024-07-10T02:00:00.000Z' });
      expect((await refusal(schools.withdraw(person.get(752)!, a.id))).code).toBe('INVALID_TRANSITION');
      const b = await schools.apply(person.get(752)!, r.id, { child, district: '330106', preferences: [school] });
      const c = await schools.apply(person.get(754)!, r.id, { child: { name: '撤小二', idNumber: childId('2017-04-01', 852) }, district: '330106', preferences: [school] });

      setDay('2024-08-01');
      const closed = await schools.closeRound(admin, r.id);
      expect((await schools.withdraw(person.get(754)!, c.id)).state).toBe('withdrawn');
      expect((await refusal(schools.allocate(admin, r.id, closed.version))).code).toBe('CONFLICT');
      await schools.allocate(admin, r.id);
      const results = await schools.results(admin, r.id);
      expect(results.schools[0]!.children.map((x) => x.applicationId)).toEqual([b.id]);
      expect(results.unplaced).toEqual([]);
      expect((await schools.statistics(admin, r.id)).districts[0]).toMatchObject({ applications: 1, placed: 1 });
      // The staff list still shows what was withdrawn, as withdrawn.
      expect((await schools.staffApplications(admin, r.id)).map((x) => [x.id, x.state]).sort((x, y) => Number(x[0]) - Number(y[0]))).toEqual([
        [a.id, 'withdrawn'],
        [b.id, 'placed'],
        [c.id, 'withdrawn'],
      ]);
      const late = await refusal(schools.withdraw(person.get(752)!, b.id));
      expect(late.code).toBe('INVALID_TRANSITION');
      expect(late.text.en).toContain('allocated');
    });

    it('migrates 0015 down and up again, keeping every application but the withdrawn settlement ones', async () => {
      const migrator = new Migrator({ db: store.db, provider: migrationProvider, ...(store.reopen?.pgSchema ? { migrationTableSchema: store.reopen.pgSchema } : {}) });
      const repo = new SettlementRepository(store.db);
      const at = '2024-08-02T00:00:00.000Z';
      const audit = (subject: string) => ({ at, actor: 'test', action: 'test', subject, detail: {} });
      const extra = await repo.createRound({ name: 'extra', config: CONFIG, createdBy: 'test' }, at, (id) => audit(`settlement_round:${id}`));
      const row = (personId: number) =>
        repo.createApplication(
          { roundId: extra.id, personId, applicationId: null, factsDigest: null, policyVersion: null, pointsH: null, residenceMonths: null, socialInsuranceH: null, basicH: null, acceptedOn: '2024-08-02', eligibility: { eligible: true, reasons: [] }, state: 'filed', family: [] },
          at,
          (id) => audit(`settlement_application:${id}`),
        );
      // The newest row is withdrawn: down() drops it, and the ids handed out after up() must still be new.
      const last = await row(person.get(753)!);
      await repo.updateApplication(last.id, last.version, { state: 'withdrawn', withdrawnAt: at }, audit(`settlement_application:${last.id}`));

      expect((await migrator.migrateTo('0014_declarations')).error).toBeUndefined();
      const rows = await store.db.selectFrom('settlement_application').select(['id', 'state']).where('round_id', '=', roundId).orderBy('id').execute();
      expect(rows.map((x) => [Number(x.id), x.state])).toEqual([filed.get(752), filed.get(754), filed.get(751)].map((id) => [id, 'admitted']));
      expect(await store.db.selectFrom('settlement_application').select('id').where('id', '=', last.id).executeTakeFirst()).toBeUndefined();
      // The school applications keep their rows, without the 0015 columns.
      expect((await store.db.selectFrom('school_application').select('state').orderBy('id').execute()).map((x) => x.state)).toEqual(['withdrawn', 'placed', 'withdrawn']);

      const up = await migrator.migrateToLatest();
      expect(up.error).toBeUndefined();
      expect(up.results?.map((x) => [x.migrationName, x.status])).toEqual([
        ['0015_withdrawal', 'Success'],
        ['0016_school_results_sent', 'Success'],
        ['0017_move_reminder', 'Success'],
      ]);
      expect((await repo.applicationsOfPerson(person.get(751)!)).map((a) => [a.id, a.state, a.withdrawnAt])).toEqual([[filed.get(751), 'admitted', null]]);
      expect((await svc.ranking(roundId)).map((a) => a.position)).toEqual([1, 2, 3]);

      // The check and the one-live-application index hold again: a withdrawn row may be filed again, a live one not twice.
      const fresh = await row(person.get(753)!);
      expect(fresh.id).toBeGreaterThan(last.id);
      await repo.updateApplication(fresh.id, fresh.version, { state: 'withdrawn', withdrawnAt: at }, audit(`settlement_application:${fresh.id}`));
      await row(person.get(753)!);
      await expect(row(person.get(753)!)).rejects.toThrow(/unique|UNIQUE|duplicate/);
      await expect(store.db.updateTable('settlement_application').set({ state: 'lost' }).where('id', '=', fresh.id).execute()).rejects.toThrow(/check|CHECK/);
      expect(await verifyAudit(store.db)).toMatchObject({ ok: true });
    });
  });
}
