/**
 * Settlement rounds and school admission on every storage adapter, from published determinations
 * made through the application service on a fixed clock (accepted Fri 1 Mar 2024, before the June
 * round's cut-off of 1 May): a quota round whose quota falls inside a complete tie, reproduced from
 * the stored rows (ranked twice: identical); refusals with every reason; the masked announcement;
 * notices, a move and the lapse of the others after the move window; statistics; and a school
 * allocation on a small seeded district where a child uses the higher of two parents' points.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCalendar } from '../src/domain/calendar.ts';
import type { PersonBundle } from '../src/domain/records.ts';
import type { RoundConfig } from '../src/domain/settlement.ts';
import { ApplicationService, type Who } from '../src/services/applications.ts';
import type { StaffIdentity } from '../src/services/auth.ts';
import { SchoolAdmissionService } from '../src/services/school-admission.ts';
import { chainKeyOfDetermination, maskPublicName, SettlementService } from '../src/services/settlement.ts';
import type { Store } from '../src/storage/db.ts';
import { ApplicationRepository } from '../src/storage/repositories/applications.ts';
import { verifyAudit } from '../src/storage/repositories/audit.ts';
import { PeopleRepository } from '../src/storage/repositories/people.ts';
import { SettlementRepository } from '../src/storage/repositories/settlement.ts';
import { childIdNumber as childId, eligiblePerson, testIdNumber, testPhone } from './support/people.ts';
import { publishedDeterminations } from './support/determinations.ts';
import { refusal } from './support/refusal.ts';
import { adapters } from './support/stores.ts';

const admin: StaffIdentity = { id: 1, username: 'admin', displayName: '管理员', role: 'admin', district: null };
const police: StaffIdentity = { id: 2, username: 'district', displayName: '西湖区', role: 'district', district: '330106' };
const clerkStaff: StaffIdentity = { id: 3, username: 'clerk', displayName: '窗口', role: 'clerk', district: '330106' };
const clerk: Who = { actor: 'clerk', actorId: 'staff:3' };
const districtWho: Who = { actor: 'district', actorId: 'staff:2' };

const master = { declared: { education: { level: 'master' as const } } };
/** 8 years of residence like the others, but from mid-February: the same points, 97 counted months instead of 99. */
const shorter = (seq: number): Partial<PersonBundle> => ({ residence: [{ from: '2016-02-15', to: null, status: 'registered', source: 'police', verified: false, sourceRef: `R${seq}` }] });
const below100: Partial<PersonBundle> = {
  residence: [{ from: '2020-01-01', to: null, status: 'registered', source: 'police', verified: false, sourceRef: 'R606' }],
  insurance: [{ scheme: 'pension', fromMonth: 2021 * 12, toMonth: 2026 * 12, backPaid: false, transferredIn: false }],
  declared: {},
};

/** seq → [name, overrides]: 601 ranks first (189), 602–604 tie completely (169), 605 has 169 with fewer months. */
const PEOPLE: ReadonlyArray<[number, string, Partial<PersonBundle>]> = [
  [601, '张三丰', master],
  [602, '李四', {}],
  [603, '王小明', {}],
  [604, '赵六', {}],
  [605, '钱七七', shorter(605)],
  [606, '孙八', below100],
  [607, '周九', { urbanHukou: true, fullCivilCapacity: false }],
  [608, '吴十', {}],
];

const CONFIG: RoundConfig = {
  window: { opens: '2024-06-01', closes: '2024-06-30' },
  rule: { kind: 'quota', quota: 3 },
  announcement: { workingDays: 5 },
  moveWindow: { from: '2024-07-15', to: '2024-09-30' },
};

for (const adapter of adapters()) {
  describe(`settlement and school admission on ${adapter.name}`, () => {
    let store: Store;
    const clock = new Date('2024-03-01T02:00:00Z');
    const setDay = (day: string): void => void clock.setTime(new Date(`${day}T02:00:00Z`).getTime());
    let svc: SettlementService;
    let schools: SchoolAdmissionService;
    let apps: ApplicationRepository;
    const person = new Map<number, number>();
    const filed = new Map<number, number>();
    let roundId = 0;

    beforeAll(async () => {
      store = await adapter.open();
      const people = new PeopleRepository(store.db);
      const ids = await people.insertBundles(
        PEOPLE.map(([seq, name, over]) => eligiblePerson(seq, { name, ...over })),
        '2024-01-01T00:00:00Z',
      );
      PEOPLE.forEach(([seq], i) => person.set(seq, ids[i]!));
      apps = new ApplicationRepository(store.db);
      const calendar = createCalendar();
      const applications = new ApplicationService({ applications: apps, people, calendar, now: () => clock });
      setDay('2024-03-01');
      // 608 never applies for points.
      await publishedDeterminations(applications, clock, PEOPLE.filter(([s]) => s !== 608).map(([seq]) => person.get(seq)!), { clerk, district: districtWho });
      const repo = new SettlementRepository(store.db);
      svc = new SettlementService({ settlement: repo, applications: apps, people, calendar, now: () => clock });
      schools = new SchoolAdmissionService({ settlement: repo, applications: apps, people, now: () => clock });
    });
    afterAll(async () => {
      await store.close();
      await adapter.cleanup();
    });

    it('refuses a round configuration naming every bad field, and only an administrator configures rounds', async () => {
      setDay('2024-04-20');
      const bad: RoundConfig = { ...CONFIG, window: { opens: '2024-06-30', closes: '2024-06-01' }, rule: { kind: 'line', line: 9000 } };
      const e = await refusal(svc.createRound(admin, { name: '2024年6月', config: bad }));
      expect(e.code).toBe('INVALID_INPUT');
      expect(e.fields?.map((f) => f.path)).toEqual(['config.window.closes', 'config.rule.line']);
      expect((await refusal(svc.createRound(police, { name: 'x', config: CONFIG }))).code).toBe('FORBIDDEN');
      const r = await svc.createRound(admin, { name: '2024年6月', config: CONFIG });
      expect(r).toMatchObject({ state: 'draft', cutOff: '2024-05-01', version: 1 });
      roundId = r.id;
      const renamed = await svc.updateRound(admin, roundId, { name: '2024年6月批次', expectedVersion: 1 });
      expect(renamed).toMatchObject({ name: '2024年6月批次', version: 2 });
      expect((await refusal(svc.updateRound(admin, roundId, { name: 'x', expectedVersion: 1 }))).code).toBe('CONFLICT');
      expect((await svc.openRound(admin, roundId)).state).toBe('open');
      expect((await refusal(svc.updateRound(admin, roundId, { config: CONFIG }))).code).toBe('INVALID_TRANSITION');
    });

    it('files during the window with the family moving along, and keeps ineligible filings with every reason', async () => {
      setDay('2024-05-31');
      expect((await refusal(svc.file(person.get(601)!, roundId, {}))).code).toBe('INVALID_TRANSITION');
      setDay('2024-06-03');
      const first = await svc.file(person.get(601)!, roundId, {
        family: [
          { relation: 'spouse', name: '林一', idNumber: childId('1990-01-01', 701) },
          { relation: 'child', name: '张小', idNumber: childId('2015-05-05', 702) },
        ],
      });
      expect(first.eligibility).toEqual({ eligible: true, reasons: [] });
      expect(first.application).toMatchObject({ state: 'filed', pointsH: 18900, residenceMonths: 99 });
      expect(first.application.family.map((m) => [m.relation, m.documents])).toEqual([
        ['spouse', ['居民身份证', '结婚证', '居民户口簿']],
        ['child', ['居民身份证或出生医学证明', '居民户口簿']],
      ]);
      filed.set(601, first.application.id);
      expect((await refusal(svc.file(person.get(601)!, roundId, {}))).code).toBe('CONFLICT');

      const adult = await refusal(svc.file(person.get(602)!, roundId, { family: [{ relation: 'child', name: '成年', idNumber: childId('2000-01-01', 703) }] }));
      expect(adult.fields).toEqual([{ path: 'family[0].idNumber', message: 'a child moving along must be under 18' }]);

      for (const seq of [602, 603, 604, 605, 606, 607, 608]) filed.set(seq, (await svc.file(person.get(seq)!, roundId, {})).application.id);
      const reasons = async (seq: number): Promise<string[]> => (await svc.application(filed.get(seq)!)).eligibility.reasons.map((r) => r.code);
      expect(await reasons(606)).toEqual(['POINTS_BELOW_MINIMUM']);
      expect(await reasons(607)).toEqual(['NO_FULL_CIVIL_CAPACITY', 'URBAN_HUKOU']);
      expect(await reasons(608)).toEqual(['NO_DETERMINATION']);
      const e606 = await svc.application(filed.get(606)!);
      expect(e606.state).toBe('ineligible');
      expect(e606.eligibility.reasons[0]!.text['zh-CN']).toBe('截至2024-05-01积分69分,未达到100分');
      expect((await svc.application(filed.get(605)!)).residenceMonths).toBe(97);
    });

    it('records the police review by city or district officers only, and will not rank while a review is open', async () => {
      expect((await refusal(svc.policeReview(clerkStaff, filed.get(601)!, { outcome: 'passed' }))).code).toBe('FORBIDDEN');
      expect((await refusal(svc.policeReview(police, filed.get(606)!, { outcome: 'passed' }))).code).toBe('INVALID_TRANSITION');
      expect((await refusal(svc.policeReview(police, filed.get(601)!, { outcome: 'failed' }))).fields?.[0]?.path).toBe('note');
      const otherDistrict: StaffIdentity = { id: 4, username: 'other', displayName: '上城区', role: 'district', district: '330102' };
      expect((await refusal(svc.policeReview(otherDistrict, filed.get(601)!, { outcome: 'passed' }))).code).toBe('FORBIDDEN');
      expect(await svc.listApplications(otherDistrict, roundId)).toEqual([]);
      expect((await svc.listApplications(police, roundId)).length).toBe(8);
      expect((await svc.referToPolice(police, filed.get(605)!)).state).toBe('police_review');
      for (const seq of [601, 602, 603, 604]) {
        const a = await svc.policeReview(police, filed.get(seq)!, { outcome: 'passed' });
        expect(a).toMatchObject({ policeReviewOutcome: 'passed', policeReviewBy: 'staff:2' });
      }
      setDay('2024-07-01');
      await svc.closeRound(admin, roundId);
      expect((await refusal(svc.rank(admin, roundId))).text['zh-CN']).toContain('还有 1 件申请未完成公安审核');
      await svc.policeReview(police, filed.get(605)!, { outcome: 'passed', note: '无违法犯罪记录' });
    });

    it('ranks a quota of 3 that falls inside a complete tie: the whole tie is admitted, and ranking again gives identical positions', async () => {
      const r = await svc.rank(admin, roundId);
      expect(r.state).toBe('ranked');
      expect(r.line).toEqual({
        kind: 'quota',
        total: 16900,
        last: { total: 16900, residenceMonths: 99, socialInsurance: 4900, basic: 16900 },
        admitted: 4,
        quota: 3,
        tie: { rank: 2, from: 2, to: 4, admitted: true },
      });
      const snapshot = async () => (await svc.ranking(roundId)).map((a) => [a.id, a.position, a.rank, a.state]);
      const first = await snapshot();
      const id = (seq: number): number => filed.get(seq)!;
      expect(first).toEqual([
        [id(601), 1, 1, 'admitted'],
        [id(602), 2, 2, 'admitted'],
        [id(603), 3, 2, 'admitted'],
        [id(604), 4, 2, 'admitted'],
        // The same 169 points, two counted months less: after the tie, outside the quota.
        [id(605), 5, 5, 'not_admitted'],
      ]);
      await svc.rank(admin, roundId);
      expect(await snapshot()).toEqual(first);

      // The stored chain keys are those of the published determinations, re-derived from their facts.
      for (const seq of [601, 605]) {
        const a = await svc.application(filed.get(seq)!);
        const key = chainKeyOfDetermination((await apps.byId(a.applicationId!))!);
        expect([a.pointsH, a.residenceMonths, a.socialInsuranceH, a.basicH]).toEqual([key.total, key.residenceMonths, key.socialInsurance, key.basic]);
      }
    });

    it('announces for 5 working days a public list with names and ID numbers masked, searchable by masked name or last four', async () => {
      setDay('2024-07-02');
      const r = await svc.announce(admin, roundId);
      expect(r).toMatchObject({ state: 'announced', announcedFrom: '2024-07-02', announcedTo: '2024-07-08' });
      const all = await svc.announcement(roundId);
      expect(all.rows.map((x) => x.name)).toEqual(['张*丰', '李*', '王*明', '赵*']);
      expect(all.rows[0]).toEqual({ position: 1, rank: 1, name: '张*丰', idNumber: `330106********${testIdNumber(601).slice(-4)}`, points: 189 });
      const text = JSON.stringify(all);
      for (const [seq, name] of PEOPLE) {
        expect(text).not.toContain(testIdNumber(seq));
        if ([...name].length > 2) expect(text).not.toContain(name);
      }
      expect((await svc.announcement(roundId, '王*明')).rows.map((x) => x.position)).toEqual([3]);
      expect((await svc.announcement(roundId, '王小明')).rows.map((x) => x.position)).toEqual([3]);
      expect((await svc.announcement(roundId, testIdNumber(604).slice(-4))).rows.map((x) => x.position)).toEqual([4]);
      expect(maskPublicName('欧阳小明')).toBe('欧**明');
      expect((await refusal(svc.issueNotices(admin, roundId))).code).toBe('INVALID_TRANSITION');
      setDay('2024-07-09');
      expect((await refusal(svc.announcement(roundId))).code).toBe('NOT_FOUND');
    });

    it('issues notices valid for the move window, records a move, and lapses the others the day after the window', async () => {
      const r = await svc.issueNotices(admin, roundId);
      expect(r.state).toBe('final');
      const n = await svc.notice(person.get(601)!, filed.get(601)!);
      expect(n).toMatchObject({ validFrom: '2024-07-15', validTo: '2024-09-30', status: 'valid', points: 189, position: 1 });
      expect(n.family.map((m) => m.idNumber)).toEqual([`330106********${childId('1990-01-01', 701).slice(-4)}`, `330106********${childId('2015-05-05', 702).slice(-4)}`]);
      expect((await refusal(svc.notice(person.get(602)!, filed.get(601)!))).code).toBe('NOT_FOUND');
      expect((await refusal(svc.notice(person.get(605)!, filed.get(605)!))).code).toBe('NOT_FOUND');
      // Each admitted person is texted the notice's number and the move window, queued with the notices.
      const sms = async (kind: string) => (await store.db.selectFrom('sms_outbox').select(['to_phone', 'text']).where('kind', '=', kind).orderBy('id').execute()).map((m) => [m.to_phone, m.text]);
      const noticed = await sms('settlement.notice');
      expect(noticed).toHaveLength(4);
      expect(noticed[0]).toEqual([testPhone(601), `【杭州积分】您已获准积分落户(2024年6月批次),准入通知书编号${n.noticeNo}。请于2024年7月15日至2024年9月30日持通知书到落户地公安派出所办理迁移落户,逾期视作放弃。通知书可登录积分系统查看、下载。`]);
      for (const [, text] of noticed) expect(text).not.toMatch(/\d{17}[\dX]/);

      setDay('2024-08-01');
      expect((await refusal(svc.recordMove(police, filed.get(602)!, { movedOn: '2024-07-01' }))).fields?.[0]?.path).toBe('movedOn');
      expect((await svc.recordMove(police, filed.get(602)!, { movedOn: '2024-08-01' })).state).toBe('moved');

      // In the move window's last 15 days, those not yet moved are reminded once.
      expect(await svc.lapse('2024-09-15')).toEqual({ asOf: '2024-09-15', forfeited: 0, reminded: 0, rounds: [] });
      expect(await svc.lapse('2024-09-16')).toEqual({ asOf: '2024-09-16', forfeited: 0, reminded: 3, rounds: [] });
      expect(await svc.lapse('2024-09-30')).toEqual({ asOf: '2024-09-30', forfeited: 0, reminded: 0, rounds: [] });
      const reminders = await sms('settlement.reminder');
      expect(reminders.map(([to]) => to)).not.toContain(testPhone(602));
      expect(reminders[0]![1]).toBe(`【杭州积分】提醒:您的积分落户准入通知书(2024年6月批次,编号${n.noticeNo})将于2024年9月30日到期,请在此前到落户地公安派出所办理迁移落户,逾期视作放弃。`);
      expect(await svc.lapse('2024-10-01')).toEqual({ asOf: '2024-10-01', forfeited: 3, reminded: 0, rounds: [roundId] });
      expect(await svc.lapse('2024-10-02')).toMatchObject({ forfeited: 0, reminded: 0 });
      const forfeits = await sms('settlement.forfeit');
      expect(forfeits.map(([to]) => to)).toHaveLength(3);
      expect(forfeits.map(([to]) => to)).not.toContain(testPhone(602));
      expect(forfeits[0]![1]).toBe(`【杭州积分】您的积分落户准入通知书(2024年6月批次,编号${n.noticeNo})已于2024年9月30日到期,未办理迁移落户,视作放弃。如有疑问请咨询受理窗口或拨打12345。`);
      expect((await svc.notice(person.get(601)!, filed.get(601)!)).status).toBe('forfeited');
      expect((await svc.notice(person.get(602)!, filed.get(602)!)).status).toBe('moved');
    });

    it('counts applications, admissions and 10-point bands per round and district', async () => {
      const s = await svc.statistics(roundId);
      expect(s).toMatchObject({ applications: 8, eligible: 5, admitted: 4, byState: { forfeited: 3, moved: 1, not_admitted: 1, ineligible: 3 } });
      expect(s.bands).toEqual([
        { from: 60, count: 1, admitted: 0 },
        { from: 160, count: 5, admitted: 3 },
        { from: 180, count: 1, admitted: 1 },
      ]);
      expect(s.byDistrict).toEqual([{ district: '330106', applications: 8, admitted: 4 }]);
      expect((await svc.statistics(roundId, '330102')).applications).toBe(0);
      expect(await verifyAudit(store.db)).toMatchObject({ ok: true });
    });

    it('writes a round-wide change of more rows than one statement takes, each row its own values', async () => {
      const repo = new SettlementRepository(store.db);
      const at = '2024-07-01T02:00:00.000Z';
      const audit = (subject: string) => ({ at, actor: 'test', action: 'test', subject, detail: {} });
      const r = await repo.createRound({ name: 'bulk', config: CONFIG, createdBy: 'test' }, at, () => audit('bulk'));
      const pid = person.get(601)!;
      const ids: number[] = [];
      // Ineligible rows: the one-live-application index does not stop them sharing a person.
      for (let i = 0; i < 1201; i++) {
        const a = await repo.createApplication(
          { roundId: r.id, personId: pid, applicationId: null, factsDigest: null, policyVersion: null, pointsH: i, residenceMonths: 0, socialInsuranceH: 0, basicH: 0, acceptedOn: '2024-06-03', eligibility: { eligible: false, reasons: [] }, state: 'ineligible', family: [] },
          at,
          (id) => audit(`settlement_application:${id}`),
        );
        ids.push(a.id);
      }
      await repo.writeRound(r.id, r.version, { state: 'ranked' }, ids.map((id, i) => ({ id, patch: { rank: 1201 - i, position: 1201 - i, ...(i % 2 === 0 ? { noticeNo: `N${i}` } : {}) } })), audit('bulk-write'));
      const back = await repo.applicationsOfRound(r.id);
      expect(back).toHaveLength(1201);
      expect(back.every((a) => a.position === 1201 - ids.indexOf(a.id) && a.rank === a.position && a.version === 2)).toBe(true);
      // A column only some rows set keeps its value in the others.
      expect(back.filter((a) => a.noticeNo !== null).map((a) => a.noticeNo)).toEqual(ids.map((_, i) => (i % 2 === 0 ? `N${i}` : null)).filter((x) => x !== null).reverse());
      expect(back.every((a) => a.state === 'ineligible')).toBe(true);
      expect((await repo.round(r.id))!.state).toBe('ranked');
    });

    it('allocates a seeded district: a child uses the higher parent, ties go by the chain, and refusals name the reason', async () => {
      setDay('2024-05-20');
      const r = await schools.createRound(admin, {
        name: '2024年秋季积分入学',
        config: { window: { opens: '2024-06-01', closes: '2024-06-30' }, ageOn: '2024-08-31', proofBy: '2024-08-31', districts: [{ district: '330106' }] },
      });
      const bad = await refusal(schools.addSchools(admin, r.id, [{ district: '330102', name: '上城一小', seats: 1 }]));
      expect(bad.fields).toEqual([{ path: 'schools[0].district', message: 'district 330102 has no rules' }]);
      const withSchools = await schools.addSchools(admin, r.id, [
        { district: '330106', name: '西湖一小', seats: 1 },
        { district: '330106', name: '西湖二小', seats: 1 },
      ]);
      const [s1, s2] = withSchools.schools.map((s) => s.id) as [number, number];
      await schools.openRound(admin, r.id);
      setDay('2024-06-03');
      const prefs = [s1, s2];
      // 606 has 69 points, the other parent 601 has 189: the child uses 189.
      const a = await schools.apply(person.get(606)!, r.id, { child: { name: '孙小一', idNumber: childId('2017-03-01', 801) }, otherParentIdNumber: testIdNumber(601), district: '330106', preferences: prefs });
      // Until 601 confirms, the child has 606's own points only.
      expect(a).toMatchObject({ pointsH: 6900, pointsParentPersonId: person.get(606), otherParentStatus: 'pending' });
      expect(await schools.decide(person.get(601)!, a.id, 'confirm')).toMatchObject({ pointsH: 18900, pointsParentPersonId: person.get(601), otherParentStatus: 'confirmed' });
      const b = await schools.apply(person.get(605)!, r.id, { child: { name: '钱小二', idNumber: childId('2017-04-01', 802) }, district: '330106', preferences: prefs });
      const c = await schools.apply(person.get(602)!, r.id, { child: { name: '李小三', idNumber: childId('2017-05-01', 803) }, district: '330106', preferences: prefs, preRegistered: true });
      const old = await refusal(schools.apply(person.get(603)!, r.id, { child: { name: '王大', idNumber: childId('2008-01-01', 804) }, district: '330106', preferences: prefs }));
      expect(old.fields?.map((f) => f.path)).toEqual(['child.idNumber']);
      expect(old.text['zh-CN']).toContain('截至2024-08-31已满16周岁');
      const away = await refusal(schools.apply(person.get(603)!, r.id, { child: { name: '王二', idNumber: childId('2017-01-01', 805) }, district: '330102', preferences: prefs }));
      expect(away.fields?.map((f) => f.path)).toEqual(['district']);
      const none = await refusal(schools.apply(person.get(608)!, r.id, { child: { name: '吴小', idNumber: childId('2017-01-01', 806) }, district: '330106', preferences: prefs }));
      expect(none.text.en).toContain('neither parent has a points determination');

      setDay('2024-07-01');
      expect((await refusal(schools.allocate(admin, r.id))).code).toBe('INVALID_TRANSITION');
      await schools.closeRound(admin, r.id);
      const done = await schools.allocate(admin, r.id);
      expect(done.state).toBe('allocated');
      const results = await schools.results(admin, r.id);
      // 189 first → 西湖一小; then 602's 169 with 99 months before 605's 169 with 97 → 西湖二小 (conditional: pre-registered).
      expect(results.schools.map((s) => [s.school.name, s.school.filled, s.children.map((x) => [x.applicationId, x.child, x.conditional])])).toEqual([
        ['西湖一小', 1, [[a.id, '孙*一', false]]],
        ['西湖二小', 1, [[c.id, '李*三', true]]],
      ]);
      expect(results.unplaced).toEqual([{ applicationId: b.id, district: '330106', child: '钱*二', state: 'no_seat', points: 169 }]);
      const stats = await schools.statistics(admin, r.id);
      expect(stats.districts).toEqual([
        {
          district: '330106',
          applications: 3,
          placed: 2,
          bands: [
            { from: 160, count: 2, placed: 1 },
            { from: 180, count: 1, placed: 1 },
          ],
          schools: [
            { id: s1, name: '西湖一小', seats: 1, filled: 1, line: 189 },
            { id: s2, name: '西湖二小', seats: 1, filled: 1, line: 169 },
          ],
        },
      ]);
      const again = await schools.allocate(admin, r.id);
      expect((await schools.results(admin, again.id)).schools).toEqual(results.schools);

      // The parents are texted the outcome once; from then the allocation is final.
      expect((await refusal(schools.sendResults(police, r.id))).code).toBe('FORBIDDEN');
      const sent = await schools.sendResults(admin, r.id);
      expect(sent.resultsSentAt).toBe('2024-07-01T02:00:00.000Z');
      const texts = await store.db.selectFrom('sms_outbox').select(['to_phone', 'text']).where('kind', '=', 'school.result').orderBy('id').execute();
      expect(new Map(texts.map((m) => [m.to_phone, m.text]))).toEqual(
        new Map([
          [testPhone(606), '【杭州积分】您为子女孙*一提出的积分入学申请(2024年秋季积分入学)已分配至西湖一小。详情请登录积分系统查看。'],
          [testPhone(605), '【杭州积分】您为子女钱*二提出的积分入学申请(2024年秋季积分入学):所填志愿学校学位已满,未分配到学位,请关注所在区教育部门的后续安排。详情请登录积分系统查看。'],
          [testPhone(602), '【杭州积分】您为子女李*三提出的积分入学申请(2024年秋季积分入学)已分配至西湖二小;须于2024年8月31日前向学校提交居住证明,逾期取消。详情请登录积分系统查看。'],
        ]),
      );
      expect((await refusal(schools.allocate(admin, r.id))).text['zh-CN']).toBe('分配结果已于 2024-07-01 通知家长,不能重新分配');
      expect((await refusal(schools.sendResults(admin, r.id))).code).toBe('INVALID_TRANSITION');
      expect(await verifyAudit(store.db)).toMatchObject({ ok: true });
    });
  });
}
