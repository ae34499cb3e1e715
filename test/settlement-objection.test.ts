/**
 * An objection to points on an announced settlement list (issue 6: "objections during it go through
 * the objections flow"), on every adapter. A quota round of two: 张三丰 (189) and 李四 (169) are
 * admitted, 钱七七 (169, fewer months) is not. 钱七七's objection, filed within 7 working days of her
 * result, is still open when the list is announced: notices are refused while it is open; upheld
 * during the announcement (a hand-written 暂住证 adds 20 points), they are refused because the list
 * changed; the round is re-ranked from the new determination (钱七七 first on the residence
 * tie-break, 李四 out), announced again for the full period, and only then are notices issued.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCalendar } from '../src/domain/calendar.ts';
import type { PersonBundle } from '../src/domain/records.ts';
import type { RoundConfig } from '../src/domain/settlement.ts';
import { ApplicationService, type Who } from '../src/services/applications.ts';
import type { StaffIdentity } from '../src/services/auth.ts';
import { ObjectionService } from '../src/services/objections.ts';
import { SettlementService } from '../src/services/settlement.ts';
import type { Store } from '../src/storage/db.ts';
import { ApplicationRepository } from '../src/storage/repositories/applications.ts';
import { verifyAudit } from '../src/storage/repositories/audit.ts';
import { ObjectionRepository } from '../src/storage/repositories/objections.ts';
import { PeopleRepository } from '../src/storage/repositories/people.ts';
import { SettlementRepository } from '../src/storage/repositories/settlement.ts';
import { StaffRepository } from '../src/storage/repositories/staff.ts';
import { eligiblePerson } from './support/people.ts';
import { publishedDeterminations } from './support/determinations.ts';
import { refusal } from './support/refusal.ts';
import { adapters } from './support/stores.ts';

const admin: StaffIdentity = { id: 1, username: 'admin', displayName: '管理员', role: 'admin', district: null };
const master = { declared: { education: { level: 'master' as const } } };
const shorter: Partial<PersonBundle> = { residence: [{ from: '2016-02-15', to: null, status: 'registered', source: 'police', verified: false, sourceRef: 'R633' }] };
const PEOPLE: ReadonlyArray<[number, string, Partial<PersonBundle>]> = [
  [631, '张三丰', master],
  [632, '李四', {}],
  [633, '钱七七', shorter],
];
const CONFIG: RoundConfig = {
  window: { opens: '2024-06-01', closes: '2024-06-30' },
  rule: { kind: 'quota', quota: 2 },
  announcement: { workingDays: 5 },
  moveWindow: { from: '2024-07-15', to: '2024-09-30' },
};

for (const adapter of adapters()) {
  describe(`an objection during a settlement announcement on ${adapter.name}`, () => {
    let store: Store;
    const clock = new Date('2024-03-01T02:00:00Z');
    const setDay = (day: string): void => void clock.setTime(new Date(`${day}T02:00:00Z`).getTime());
    let svc: SettlementService;
    let objections: ObjectionService;
    let district: StaffIdentity;
    let officer: Who;
    const person = new Map<number, number>();
    const application = new Map<number, number>();
    const filed = new Map<number, number>();
    let roundId = 0;
    let objectionId = 0;

    beforeAll(async () => {
      store = await adapter.open();
      const people = new PeopleRepository(store.db);
      const ids = await people.insertBundles(
        PEOPLE.map(([seq, name, over]) => eligiblePerson(seq, { name, ...over })),
        '2024-01-01T00:00:00Z',
      );
      PEOPLE.forEach(([seq], i) => person.set(seq, ids[i]!));
      const staff = new StaffRepository(store.db);
      const officerId = await staff.create({ username: 'xihu', displayName: '西湖区', passwordHash: 'x', role: 'district', district: '330106' }, '2024-01-01T00:00:00Z');
      district = { id: officerId, username: 'xihu', displayName: '西湖区', role: 'district', district: '330106' };
      officer = { actor: 'district', actorId: `staff:${officerId}` };
      const apps = new ApplicationRepository(store.db);
      const calendar = createCalendar();
      const applications = new ApplicationService({ applications: apps, people, calendar, now: () => clock });
      setDay('2024-03-01');
      const published = await publishedDeterminations(applications, clock, PEOPLE.map(([seq]) => person.get(seq)!), { clerk: { actor: 'clerk', actorId: `staff:${officerId}` }, district: officer });
      PEOPLE.forEach(([seq], i) => application.set(seq, published.applicationIds[i]!));
      svc = new SettlementService({ settlement: new SettlementRepository(store.db), applications: apps, people, calendar, now: () => clock });
      objections = new ObjectionService({ objections: new ObjectionRepository(store.db), applications: apps, people, staff, calendar, now: () => clock });
      // 钱七七 objects the day after her result: residence before 2016 on a hand-written 暂住证.
      const o = await objections.file({ actor: 'applicant', actorId: `person:${person.get(633)}` }, application.get(633)!, { indicators: ['residence'], reason: '2008年起持手工填写的《暂住证》在杭居住,系统未计入' }, 'online');
      objectionId = (await objections.assign(officer, o.id, officerId)).id;
    });
    afterAll(async () => {
      await store.close();
      await adapter.cleanup();
    });

    it('ranks and announces the round while the objection is open', async () => {
      setDay('2024-05-20');
      roundId = (await svc.createRound(admin, { name: '2024年6月', config: CONFIG })).id;
      await svc.openRound(admin, roundId);
      setDay('2024-06-03');
      for (const [seq] of PEOPLE) {
        const { application: a } = await svc.file(person.get(seq)!, roundId, {});
        filed.set(seq, a.id);
        await svc.referToPolice(district, a.id);
        await svc.policeReview(district, a.id, { outcome: 'passed' });
      }
      setDay('2024-07-01');
      await svc.closeRound(admin, roundId);
      await svc.rank(admin, roundId);
      setDay('2024-07-02');
      expect(await svc.announce(admin, roundId)).toMatchObject({ state: 'announced', announcedTo: '2024-07-08' });
      const ranking = await svc.ranking(roundId);
      expect(ranking.map((a) => [a.id, a.position, a.state])).toEqual([
        [filed.get(631), 1, 'admitted'],
        [filed.get(632), 2, 'admitted'],
        [filed.get(633), 3, 'not_admitted'],
      ]);
      expect(await svc.announcementIssues(roundId)).toEqual({ openObjections: [{ id: filed.get(633), objectionId, state: 'verifying' }], changed: [] });
      // Nothing changed yet: there is nothing to re-rank.
      expect((await refusal(svc.rank(admin, roundId))).text['zh-CN']).toContain('无须重新排名');
    });

    it('refuses the notices while the objection is open, naming it', async () => {
      setDay('2024-07-09');
      const e = await refusal(svc.issueNotices(admin, roundId));
      expect(e.code).toBe('INVALID_TRANSITION');
      expect(e.text['zh-CN']).toBe(`公示名单上有 1 件积分异议尚未办结(异议 ${objectionId}),办结后才能发放准入通知书`);
    });

    it('upheld, the points change: notices are refused until the round is re-ranked and announced again', async () => {
      await objections.enterResidencePeriod(officer, person.get(633)!, { from: '2008-03-01', to: '2012-02-29', source: 'handwritten_permit', note: '原件已核', objectionId });
      await objections.uphold(officer, objectionId, '公安答复属实,补计手工暂住证居住年限');
      const issues = await svc.announcementIssues(roundId);
      expect(issues).toEqual({ openObjections: [], changed: [{ id: filed.get(633), fromH: 16900, toH: 18900 }] });
      expect((await refusal(svc.issueNotices(admin, roundId))).text['zh-CN']).toBe('公示名单上有 1 人的积分已因异议变更,须重新排名并重新公示');

      const re = await svc.rank(admin, roundId);
      expect(re.state).toBe('ranked');
      // 189 each: 钱七七 now has the longer counted residence, so she ranks first; 李四 falls under the quota.
      expect((await svc.ranking(roundId)).map((a) => [a.id, a.position, a.state, a.pointsH])).toEqual([
        [filed.get(633), 1, 'admitted', 18900],
        [filed.get(631), 2, 'admitted', 18900],
        [filed.get(632), 3, 'not_admitted', 16900],
      ]);
      expect(await svc.announcementIssues(roundId)).toEqual({ openObjections: [], changed: [] });
      const stored = await svc.forStaff(admin, filed.get(633)!);
      const det = await new ApplicationRepository(store.db).byId(application.get(633)!);
      expect(stored.factsDigest).toBe(det!.factsDigest);

      // Announced again for the full period, from today.
      expect(await svc.announce(admin, roundId)).toMatchObject({ state: 'announced', announcedFrom: '2024-07-09', announcedTo: '2024-07-15' });
      setDay('2024-07-16');
      expect((await svc.issueNotices(admin, roundId)).state).toBe('final');
      const noticed = (await svc.listApplications(admin, roundId, 'notice_issued')).map((a) => a.id).sort((x, y) => x - y);
      expect(noticed).toEqual([filed.get(631), filed.get(633)].sort((x, y) => x! - y!));
      expect((await svc.forStaff(admin, filed.get(632)!)).state).toBe('not_admitted');
    });

    it('writes the re-ranking and each new key to the audit chain', async () => {
      const events = await store.db.selectFrom('audit_event').select(['action', 'subject']).where('action', 'in', ['settlement.round.rerank', 'settlement.rekey']).orderBy('id').execute();
      expect(events).toEqual([
        { action: 'settlement.rekey', subject: `settlement_application:${filed.get(633)}` },
        { action: 'settlement.round.rerank', subject: `settlement_round:${roundId}` },
      ]);
      expect((await verifyAudit(store.db)).ok).toBe(true);
    });
  });
}
