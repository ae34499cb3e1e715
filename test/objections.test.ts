/**
 * Objections on every storage adapter, on fixed dates across National Day 2024 (1–7 Oct off; Sun 29 Sep
 * and Sat 12 Oct worked) and the Spring Festival 2025 (28 Jan – 4 Feb off; Sun 26 Jan and Sat 8 Feb
 * worked): the filing window, the stored deadlines, the city review window, an upheld objection that
 * re-determines the points from a clerk-entered hand-written 暂住证, the SMS, the daily flags and the
 * dashboards, and the audit chain.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCalendar } from '../src/domain/calendar.ts';
import type { PersonBundle } from '../src/domain/records.ts';
import { evaluate, INDICATOR_ORDER, type Facts } from '../src/rules/index.ts';
import { ApplicationService, type Who } from '../src/services/applications.ts';
import { AppError } from '../src/services/errors.ts';
import { formatDeadlines } from '../src/cli/deadlines.ts';
import { ObjectionService } from '../src/services/objections.ts';
import type { Store } from '../src/storage/db.ts';
import { ApplicationRepository } from '../src/storage/repositories/applications.ts';
import { verifyAudit } from '../src/storage/repositories/audit.ts';
import { ObjectionRepository } from '../src/storage/repositories/objections.ts';
import { PeopleRepository } from '../src/storage/repositories/people.ts';
import { SmsRepository } from '../src/storage/repositories/sms.ts';
import { StaffRepository } from '../src/storage/repositories/staff.ts';
import { eligiblePerson, testPhone } from './support/people.ts';
import { refusal } from './support/refusal.ts';
import { adapters } from './support/stores.ts';

const clerk: Who = { actor: 'clerk', actorId: 'staff:1' };
const RESIDENCE = INDICATOR_ORDER.indexOf('residence');

/** A person of 西湖区 with an IC permit endorsed every year to 2024 (valid to March 2025), police residence since 2016, pension to August 2024, a degree. */
function person(seq: number, over: Partial<PersonBundle> = {}): PersonBundle {
  const district = over.district ?? '330106';
  return eligiblePerson(seq, {
    permits: [{ permitNo: `P${seq}`, kind: 'ic', district, issuedOn: '2019-03-01', endorsements: ['2020-02-15', '2023-02-15', '2024-02-15'] }],
    insurance: [{ scheme: 'pension', fromMonth: 2016 * 12, toMonth: 2024 * 12 + 7, backPaid: false, transferredIn: false }],
    ...over,
  });
}

/** 10:00 in China on the given day. */
const chinaMorning = (day: string): Date => new Date(`${day}T02:00:00Z`);

for (const adapter of adapters()) {
  describe(`objections on ${adapter.name}`, () => {
    let store: Store;
    let now: Date;
    let apps: ApplicationService;
    let svc: ObjectionService;
    let sms: SmsRepository;
    let people: PeopleRepository;
    /** District officers of 西湖区 (330106), a city officer. */
    let officer: { a: number; b: number; city: number; other: number };
    let district: Who;
    let city: Who;

    const applicant = (personId: number): Who => ({ actor: 'applicant', actorId: `person:${personId}` });

    beforeEach(async () => {
      store = await adapter.open();
      now = chinaMorning('2024-08-01');
      people = new PeopleRepository(store.db);
      const staff = new StaffRepository(store.db);
      const at = '2024-01-01T00:00:00Z';
      officer = {
        a: await staff.create({ username: 'xihu-a', displayName: '西湖区甲', passwordHash: 'x', role: 'district', district: '330106' }, at),
        b: await staff.create({ username: 'xihu-b', displayName: '西湖区乙', passwordHash: 'x', role: 'district', district: '330106' }, at),
        city: await staff.create({ username: 'city', displayName: '市流动人口办', passwordHash: 'x', role: 'city', district: null }, at),
        other: await staff.create({ username: 'shangcheng', displayName: '上城区', passwordHash: 'x', role: 'district', district: '330102' }, at),
      };
      district = { actor: 'district', actorId: `staff:${officer.a}` };
      city = { actor: 'city', actorId: `staff:${officer.city}` };
      const applications = new ApplicationRepository(store.db);
      const calendar = createCalendar();
      apps = new ApplicationService({ applications, people, calendar, now: () => now });
      svc = new ObjectionService({ objections: new ObjectionRepository(store.db), applications, people, staff, calendar, now: () => now });
      sms = new SmsRepository(store.db);
    });
    afterEach(() => store.close());
    afterAll(() => adapter.cleanup());

    /** A person's application accepted on `acceptOn`, determined, and published on its visible day. */
    async function published(p: PersonBundle, acceptOn: string, visibleOn: string): Promise<{ personId: number; applicationId: number }> {
      const [personId] = await people.insertBundles([p], '2024-01-01T00:00:00Z');
      now = chinaMorning(acceptOn);
      const a = await apps.createDraft(applicant(personId!), { personId: personId!, channel: 'online', intendedUse: 'settlement', filedBy: 'self' });
      await apps.submit(applicant(personId!), a.id);
      const acc = await apps.accept(clerk, a.id);
      expect(acc.resultVisibleOn).toBe(visibleOn);
      await apps.determine(district, a.id);
      now = chinaMorning(visibleOn);
      expect((await apps.publishDue(visibleOn)).map((x) => x.id)).toContain(a.id);
      return { personId: personId!, applicationId: a.id };
    }

    const residenceClaim = { indicators: ['residence'], reason: '1990年代起持手工填写的《暂住证》在杭居住,系统未计入' };

    it('accepts an objection on the 7th working day after a publication on Sunday 29 September 2024 (a make-up day) and stores the district deadline', async () => {
      // Accepted Fri 30 Aug: 20 working days later is Sun 29 Sep, worked before National Day.
      const { personId, applicationId } = await published(person(101), '2024-08-30', '2024-09-29');
      // Working days after 29 Sep: 30 Sep, 8, 9, 10, 11, 12 (Sat, worked), 14 Oct = the 7th.
      now = chinaMorning('2024-10-14');
      const o = await svc.file(applicant(personId), applicationId, residenceClaim, 'online');
      // 15 working days after Mon 14 Oct: 15–18, 21–25, 28–31 Oct, 1 and 4 Nov.
      expect(o).toMatchObject({ state: 'filed', publishedOn: '2024-09-29', filedOn: '2024-10-14', districtDeadline: '2024-11-04', districtDeadlineProvisional: false, version: 1 });
      expect(o.indicators).toEqual(['residence']);
      const ev = await store.db.selectFrom('audit_event').selectAll().where('subject', '=', `objection:${o.id}`).execute();
      expect(ev.map((e) => e.action)).toEqual(['objection.file']);
      expect(JSON.parse(ev[0]!.detail)).toMatchObject({ workingDay: 7, districtDeadline: '2024-11-04' });
    });

    it('refuses an objection filed on the 8th working day after publication, naming the last day in Chinese and English', async () => {
      const { personId, applicationId } = await published(person(102), '2024-08-30', '2024-09-29');
      now = chinaMorning('2024-10-15');
      const e = await refusal(svc.file(applicant(personId), applicationId, residenceClaim, 'online'));
      expect(e.code).toBe('INVALID_INPUT');
      expect(e.text['zh-CN']).toBe('异议申请期限已过:最后一天是 2024年10月14日(公布后第 7 个工作日)');
      expect(e.text.en).toBe('the time to object has passed: the last day was 14 October 2024 (the 7th working day after publication)');
      expect(await svc.byApplication(applicationId)).toEqual([]);
    });

    it('refuses an objection to an unpublished result, one without a reason or indicator, and a second one for the same result', async () => {
      const [pid] = await people.insertBundles([person(103)], '2024-01-01T00:00:00Z');
      now = chinaMorning('2024-08-30');
      const draft = await apps.createDraft(applicant(pid!), { personId: pid!, channel: 'online', intendedUse: 'settlement', filedBy: 'self' });
      expect((await refusal(svc.file(applicant(pid!), draft.id, residenceClaim, 'online'))).code).toBe('INVALID_TRANSITION');

      const { personId, applicationId } = await published(person(104), '2024-12-20', '2025-01-20');
      expect((await refusal(svc.file(clerk, applicationId, { indicators: ['residence'], reason: ' ' }, 'window'))).fields).toEqual([{ path: 'reason', message: 'required' }]);
      expect((await refusal(svc.file(clerk, applicationId, { indicators: ['nonsense'], reason: 'x' }, 'window'))).fields?.[0]?.path).toBe('indicators.0');
      const ok = await svc.file(applicant(personId), applicationId, residenceClaim, 'online');
      expect((await refusal(svc.file(clerk, applicationId, residenceClaim, 'window'))).code).toBe('CONFLICT');
      await svc.withdraw(applicant(personId), ok.id);
      // The withdrawn one can be filed again within its window (Fri 24 Jan is the 4th working day after 20 Jan).
      now = chinaMorning('2025-01-24');
      expect(await svc.file(clerk, applicationId, residenceClaim, 'window')).toMatchObject({ channel: 'window', filedBy: clerk.actorId, state: 'filed' });
    });

    it('answers filings for one result made at the same moment with one case and conflicts for the rest, not a server error', async () => {
      const { personId, applicationId } = await published(person(109), '2024-12-20', '2025-01-20');
      now = chinaMorning('2025-01-21');
      const outcomes = await Promise.allSettled([
        svc.file(applicant(personId), applicationId, residenceClaim, 'online'),
        svc.file(clerk, applicationId, residenceClaim, 'window'),
        svc.file(applicant(personId), applicationId, residenceClaim, 'online'),
      ]);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
      expect(refused.map((e) => (e instanceof AppError ? e.code : String(e)))).toEqual(['CONFLICT', 'CONFLICT']);
      expect(await store.db.selectFrom('objection').select('id').where('application_id', '=', applicationId).execute()).toHaveLength(1);
    });

    it('refuses a filing when the permit was terminated or suspended between publication and the objection', async () => {
      // Accepted Mon 16 Dec 2024, visible Tue 14 Jan 2025; the permit is terminated the next day.
      const { personId, applicationId } = await published(person(106), '2024-12-16', '2025-01-14');
      await store.db.updateTable('permit').set({ terminated_on: '2025-01-15', termination_reason: '迁出' }).where('permit_no', '=', 'P106').execute();
      now = chinaMorning('2025-01-16');
      const e = await refusal(svc.file(applicant(personId), applicationId, residenceClaim, 'online'));
      expect(e.code).toBe('INVALID_INPUT');
      expect(e.fields).toEqual([{ path: 'permit', message: 'terminated' }]);
      expect(e.text['zh-CN']).toBe('居住证 P106 已终止,不能申请核查');

      // Accepted Tue 21 Jan 2025, published Mon 24 Feb; the 2025 anniversary (1 March) passes without an
      // endorsement, so on Mon 3 March (the 5th working day) the permit stands suspended.
      const late = await published(person(115), '2025-01-21', '2025-02-24');
      now = chinaMorning('2025-03-03');
      const s = await refusal(svc.file(applicant(late.personId), late.applicationId, residenceClaim, 'online'));
      expect(s.fields).toEqual([{ path: 'permit', message: 'suspended' }]);
      expect(s.text['zh-CN']).toContain('请先办理签注后再申请核查');
    });

    it("upholds an objection with the police's answer and a clerk-entered hand-written 暂住证: the points change, the old determination stays linked, the applicant is texted", async () => {
      const { personId, applicationId } = await published(person(107), '2024-08-30', '2024-09-29');
      const before = await apps.get(applicationId);
      now = chinaMorning('2024-10-08');
      const o = await svc.file(applicant(personId), applicationId, residenceClaim, 'online');

      now = chinaMorning('2024-10-09');
      const assigned = await svc.assign(district, o.id, officer.a);
      expect(assigned).toMatchObject({ state: 'verifying', assignedTo: officer.a, version: 2 });
      expect((await refusal(svc.assign(district, o.id, officer.other))).fields?.[0]?.path).toBe('staffId');
      const sent = await svc.sendTask(district, o.id, { department: 'police', question: '请核实申请人2008–2012年手工《暂住证》登记情况' });
      // Due 5 working days after Wed 9 Oct: 10, 11, 12 (Sat, worked), 14, 15 Oct.
      expect(sent.tasks).toMatchObject([{ department: 'police', sentOn: '2024-10-09', dueOn: '2024-10-15', answer: null }]);
      now = chinaMorning('2024-10-14');
      const answered = await svc.answerTask(district, o.id, sent.tasks[0]!.id, { answer: '经查,2008年3月至2012年2月有手工登记《暂住证》,属实' });
      expect(answered.tasks[0]).toMatchObject({ answeredOn: '2024-10-14', answeredBy: district.actorId });

      const entered = await svc.enterResidencePeriod(clerk, personId, {
        from: '2008-03-01',
        to: '2012-02-29',
        source: 'handwritten_permit',
        note: '杭公暂字第2008-001号,原件已核',
        objectionId: o.id,
      });
      expect(entered).toMatchObject({ source: 'handwritten_permit', objectionId: o.id });

      // A stale version is refused, and writes nothing.
      expect((await refusal(svc.uphold(district, o.id, '居住年限更正', { expectedVersion: 1 }))).code).toBe('CONFLICT');
      now = chinaMorning('2024-10-21');
      const up = await svc.uphold(district, o.id, '公安答复属实,补计手工暂住证居住年限');
      expect(up).toMatchObject({ state: 'upheld', decidedOn: '2024-10-21', decidedBy: district.actorId });

      const after = await apps.get(applicationId);
      expect(after.itemsH![RESIDENCE]! - before.itemsH![RESIDENCE]!).toBe(2000); // 8 years → 12 years, 5 a year
      expect(after.totalH! - before.totalH!).toBe(2000);
      expect(after.state).toBe('published');
      expect(after.policyVersion).toBe(before.policyVersion);

      const history = await svc.determinations(applicationId);
      expect(history.map((d) => [d.reason, d.totalH, d.objectionId])).toEqual([
        ['initial', before.totalH, null],
        ['objection', after.totalH, o.id],
      ]);
      expect(history[1]!.supersedesId).toBe(history[0]!.id);
      expect(history[0]!.factsDigest).toBe(before.factsDigest);
      expect(history[1]!.factsDigest).toBe(after.factsDigest);
      expect(history[1]!.asOf).toBe('2024-08-30');
      // The re-scored facts carry the period as a verified hand-written one; its trace names FAQ Q5.
      const facts = JSON.parse(history[1]!.factsJson) as Facts;
      expect(facts.residence).toContainEqual({ from: '2008-03-01', to: '2012-02-29', status: 'registered', source: 'handwritten', verified: true });
      const trace = evaluate(facts, '2024-08-30', { policy: history[1]!.policyVersion }).items.find((i) => i.indicator === 'residence')!.trace;
      expect(trace).toContainEqual(expect.objectContaining({ source: 'faq2020.q5', effect: 'counted' }));

      const texts = (await sms.latest(20)).filter((m) => m.to === testPhone(107) && m.kind === 'objection.uphold');
      expect(texts).toHaveLength(1);
      // Seven working days after Mon 21 Oct: 22–25, 28–30 Oct.
      expect(texts[0]!.text).toContain(`积分已更正为${after.totalH! / 100}分(原${before.totalH! / 100}分)`);
      expect(texts[0]!.text).toContain('请于2024-10-30前向市流动人口办申请复核');
      expect(texts[0]!.status).toBe('queued');

      const actions = (await store.db.selectFrom('audit_event').select(['action', 'subject']).orderBy('id').execute()).map((e) => e.action);
      expect(actions.filter((a) => a.startsWith('objection.') || a === 'application.redetermine' || a === 'person.residenceEvidence')).toEqual([
        'objection.file',
        'objection.assign',
        'objection.sendTask',
        'objection.answerTask',
        'person.residenceEvidence',
        'objection.uphold',
        'application.redetermine',
      ]);
      expect((await verifyAudit(store.db)).ok).toBe(true);
    });

    it('takes a city review asked on the 7th working day after a district result across the Spring Festival 2025, and refuses one a day later', async () => {
      // Accepted Fri 20 Dec 2024, published Mon 20 Jan 2025.
      const one = await published(person(108), '2024-12-20', '2025-01-20');
      const two = await published(person(109), '2024-12-20', '2025-01-20');
      const decide = async (applicationId: number, personId: number): Promise<number> => {
        now = chinaMorning('2025-01-24');
        const o = await svc.file(applicant(personId), applicationId, residenceClaim, 'online');
        // 15 working days after Fri 24 Jan: 26 (Sun, worked), 27 Jan; 5–8 Feb (8 a worked Saturday); 10–14; 17–20 Feb.
        expect(o.districtDeadline).toBe('2025-02-20');
        now = chinaMorning('2025-01-27');
        await svc.assign(district, o.id, officer.a);
        await svc.reject(district, o.id, '公安系统及档案均无手工登记记录');
        return o.id;
      };
      const a = await decide(one.applicationId, one.personId);
      const b = await decide(two.applicationId, two.personId);
      const rejectText = (await sms.latest(20)).find((m) => m.to === testPhone(108) && m.kind === 'objection.reject')!;
      // Seven working days after Mon 27 Jan: 5, 6, 7, 8 (Sat), 10, 11, 12 Feb.
      expect(rejectText.text).toContain('异议不成立');
      expect(rejectText.text).toContain('请于2025-02-12前向市流动人口办申请复核');

      now = chinaMorning('2025-02-13');
      const e = await refusal(svc.requestReview(applicant(two.personId), b, '有新的证明材料'));
      expect(e.text['zh-CN']).toBe('复核申请期限已过:最后一天是 2025年2月12日(区级核查结果出具后第 7 个工作日)');
      expect((await svc.get(b)).state).toBe('rejected');

      now = chinaMorning('2025-02-12');
      const r = await svc.requestReview(applicant(one.personId), a, '有新的证明材料');
      // The city's own 15 working days (our reading): 13, 14, 17–21, 24–28 Feb, 3, 4, 5 Mar.
      expect(r).toMatchObject({ state: 'review_requested', reviewRequestedOn: '2025-02-12', reviewDeadline: '2025-03-05', assignedTo: null });
      expect((await refusal(svc.reviewUphold(district, a, '核实'))).code).toBe('FORBIDDEN');
      await svc.assign(city, a, officer.city);
      now = chinaMorning('2025-02-14');
      await svc.enterResidencePeriod({ actor: 'district', actorId: district.actorId }, one.personId, {
        from: '2009-01-01',
        to: '2011-12-31',
        source: 'other_proof',
        note: '原单位出具并经派出所盖章的居住证明',
        objectionId: a,
      });
      const before = await apps.get(one.applicationId);
      const done = await svc.reviewUphold(city, a, '复核:居住证明属实');
      expect(done).toMatchObject({ state: 'review_upheld', reviewDecidedOn: '2025-02-14' });
      const after = await apps.get(one.applicationId);
      expect(after.totalH! - before.totalH!).toBe(1500); // 3 more years
      const history = await svc.determinations(one.applicationId);
      expect(history.map((d) => d.reason)).toEqual(['initial', 'review']);
      expect(history[1]!.supersedesId).toBe(history[0]!.id);
      expect((await sms.latest(30)).filter((m) => m.kind === 'objection.reviewUphold').map((m) => m.to)).toEqual([testPhone(108)]);
      expect((await verifyAudit(store.db)).ok).toBe(true);
    });

    it('flags open cases on time, near and overdue on the official calendar, keeps a missed one open, and shows them on the dashboards', async () => {
      // Five people of 西湖区 and one of 上城区, all published Mon 20 Jan 2025.
      const cases: Array<{ personId: number; applicationId: number }> = [];
      for (const seq of [110, 111, 112, 113]) cases.push(await published(person(seq), '2024-12-20', '2025-01-20'));
      const shangcheng = await published(person(114, { district: '330102' }), '2024-12-20', '2025-01-20');
      const fileOn = async (c: { personId: number; applicationId: number }, day: string): Promise<number> => {
        now = chinaMorning(day);
        return (await svc.file(applicant(c.personId), c.applicationId, residenceClaim, 'online')).id;
      };
      const overdue = await fileOn(cases[0]!, '2025-01-21'); // deadline Mon 17 Feb
      const near = await fileOn(cases[1]!, '2025-01-24'); // deadline Thu 20 Feb
      const onTime = await fileOn(cases[2]!, '2025-02-05'); // the 7th working day; deadline Tue 25 Feb
      const decided = await fileOn(cases[3]!, '2025-01-22');
      const elsewhere = await fileOn(shangcheng, '2025-01-22');
      now = chinaMorning('2025-02-05');
      await svc.assign(district, overdue, officer.a);
      await svc.assign(district, near, officer.a);
      await svc.assign(district, decided, officer.b);
      await svc.reject(district, decided, '无记录');
      expect((await svc.get(onTime)).districtDeadline).toBe('2025-02-25');

      now = chinaMorning('2025-02-18');
      const report = await svc.flagDeadlines('2025-02-18');
      const byId = new Map(report.items.map((i) => [i.objectionId, i]));
      expect(byId.get(overdue)).toMatchObject({ deadline: '2025-02-17', daysRemaining: -1, flag: 'overdue', state: 'verifying' });
      expect(byId.get(near)).toMatchObject({ deadline: '2025-02-20', daysRemaining: 2, flag: 'near' });
      expect(byId.get(onTime)).toMatchObject({ deadline: '2025-02-25', daysRemaining: 5, flag: 'on_time', state: 'filed' });
      expect(byId.has(decided)).toBe(false);
      // Filed Wed 22 Jan: its 15th working day is Tue 18 Feb, today.
      expect(byId.get(elsewhere)).toMatchObject({ district: '330102', deadline: '2025-02-18', daysRemaining: 0, flag: 'near' });
      expect(report.counts).toEqual({ on_time: 1, near: 2, overdue: 1 });
      expect(report.changed).toBe(4);
      // Idempotent: a second run the same day changes nothing; a week later the missed case is still open.
      expect((await svc.flagDeadlines('2025-02-18')).changed).toBe(0);
      // The CLI's summary names each missed and near case.
      const printed = formatDeadlines(await svc.flagDeadlines('2025-02-18'));
      expect(printed).toContain('逾期 / overdue 1');
      expect(printed).toContain(`逾期 objection ${overdue} (district, 330106) 期限 / due 2025-02-17: 逾期 1 个工作日`);
      expect(printed).not.toContain(`objection ${onTime} `);
      const later = await svc.flagDeadlines('2025-02-27');
      expect(later.items.find((i) => i.objectionId === overdue)).toMatchObject({ daysRemaining: -8, flag: 'overdue' });
      expect((await svc.get(overdue)).state).toBe('verifying');
      expect((await svc.get(overdue)).deadlineFlag).toBe('overdue');

      const xihu = await svc.dashboard('330106', '2025-02-18');
      expect(xihu.bands).toEqual({ overdue: 1, today: 0, '1-3': 1, '4-7': 1, '8+': 0 });
      expect(xihu.items.map((i) => i.objectionId)).toEqual([overdue, near, onTime]);
      expect(xihu.officers).toEqual([
        { staffId: officer.a, name: '西湖区甲', open: 2, near: 1, overdue: 1 },
        { staffId: null, name: null, open: 1, near: 0, overdue: 0 },
      ]);
      const cityWide = await svc.dashboard(null, '2025-02-18');
      expect(cityWide.bands).toEqual({ overdue: 1, today: 1, '1-3': 1, '4-7': 1, '8+': 0 });
      expect(cityWide.items.map((i) => i.objectionId)).toEqual([overdue, elsewhere, near, onTime]);
      expect((await verifyAudit(store.db)).ok).toBe(true);
    });
  });
}
