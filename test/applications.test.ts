/** Points applications on every storage adapter: the whole path, its refusals, its pins and its locks. */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCalendar } from '../src/domain/calendar.ts';
import { assembleFacts } from '../src/domain/facts-assembly.ts';
import { checkCharacter } from '../src/domain/id-number.ts';
import type { PersonBundle } from '../src/domain/records.ts';
import { evaluate, INDICATOR_ORDER, policyInForce, type Facts } from '../src/rules/index.ts';
import { ApplicationService, type Who } from '../src/services/applications.ts';
import { AppError } from '../src/services/errors.ts';
import { factsDigest } from '../src/services/recompute.ts';
import type { Store } from '../src/storage/db.ts';
import { ApplicationRepository, VersionConflictError } from '../src/storage/repositories/applications.ts';
import { verifyAudit } from '../src/storage/repositories/audit.ts';
import { PeopleRepository } from '../src/storage/repositories/people.ts';
import { refusal } from './support/refusal.ts';
import { adapters } from './support/stores.ts';

const applicant: Who = { actor: 'applicant', actorId: 'person:1' };
const employer: Who = { actor: 'agent', actorId: 'employer:91330106MA2XXXX' };
const clerk: Who = { actor: 'clerk', actorId: 'staff:3' };
const district: Who = { actor: 'district', actorId: 'staff:5' };

function idNumber(birth: string, seq: number): string {
  const first17 = `330106${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
}

const AGENT_ID = idNumber('1975-05-05', 211);

/** A person of 西湖区 with an IC permit endorsed every year, police residence, pension and a declared degree. */
function person(seq: number, over: Partial<PersonBundle> = {}): PersonBundle {
  return {
    idNumber: idNumber('1988-04-01', seq),
    name: `申请人${seq}`,
    phone: '13800000000',
    birthDate: '1988-04-01',
    sex: 'male',
    urbanHukou: false,
    fullCivilCapacity: true,
    district: '330106',
    permits: [
      { permitNo: `P${seq}`, kind: 'ic', district: '330106', issuedOn: '2019-03-01', endorsements: ['2020-02-15', '2023-02-15', '2024-02-15'] },
    ],
    residence: [{ from: '2016-01-01', to: null, status: 'registered', source: 'police', verified: false, sourceRef: `R${seq}` }],
    insurance: [{ scheme: 'pension', fromMonth: 2016 * 12, toMonth: 2024 * 12 + 7, backPaid: false, transferredIn: false }],
    declared: { education: { level: 'bachelor' }, volunteerHours: 120 },
    ...over,
  };
}

/** 10:00 in China on the given day. */
const chinaMorning = (day: string): Date => new Date(`${day}T02:00:00Z`);

for (const adapter of adapters()) {
  describe(`points applications on ${adapter.name}`, () => {
    let store: Store;
    let now: Date;
    let repo: ApplicationRepository;
    let svc: ApplicationService;
    let ids: number[];

    const auditCount = async (subject: string): Promise<number> =>
      (await store.db.selectFrom('audit_event').select('id').where('subject', '=', subject).execute()).length;

    beforeEach(async () => {
      store = await adapter.open();
      now = chinaMorning('2024-09-20');
      repo = new ApplicationRepository(store.db);
      const people = new PeopleRepository(store.db);
      ids = await people.insertBundles(
        [
          person(101),
          person(102, { permits: [{ permitNo: 'P102', kind: 'paper9', district: '330106', issuedOn: '2019-03-01', endorsements: ['2020-02-15', '2023-02-15', '2024-02-15'] }] }),
          // Endorsed in 2020 only: overdue since the epidemic extension ran out on 2023-04-07.
          person(103, { permits: [{ permitNo: 'P103', kind: 'ic', district: '330106', issuedOn: '2019-03-01', endorsements: ['2020-02-15'] }] }),
        ],
        '2024-09-01T00:00:00Z',
      );
      svc = new ApplicationService({ applications: repo, people, calendar: createCalendar(), now: () => now });
    });
    afterEach(() => store.close());
    afterAll(() => adapter.cleanup());

    const draft = (personId: number, over: Partial<Parameters<ApplicationService['createDraft']>[1]> = {}) =>
      svc.createDraft(applicant, { personId, channel: 'online', intendedUse: 'settlement', filedBy: 'self', ...over });

    it('goes draft → submitted → accepted → determined → published, results visible 20 working days after acceptance across National Day', async () => {
      const a = await draft(ids[0]!);
      expect(a).toMatchObject({ state: 'draft', version: 1 });
      const s = await svc.submit(applicant, a.id);
      expect(s).toMatchObject({ state: 'submitted', version: 2 });
      now = chinaMorning('2024-09-27');
      const acc = await svc.accept(clerk, a.id);
      expect(acc).toMatchObject({ state: 'accepted', acceptedOn: '2024-09-27', resultVisibleOn: '2024-10-30', resultProvisional: false });
      const det = await svc.determine(district, a.id);
      expect(det.state).toBe('determined');
      expect(det.totalH).toBeGreaterThan(0);

      expect(await svc.publishDue('2024-10-29')).toEqual([]);
      now = chinaMorning('2024-10-30');
      const published = await svc.publishDue('2024-10-30');
      expect(published.map((p) => [p.id, p.state])).toEqual([[a.id, 'published']]);
      expect(await svc.publishDue('2024-10-31')).toEqual([]);
      expect((await svc.get(a.id)).publishedAt).toBe(now.toISOString());
    });

    it('marks the visible date provisional when it runs into a year with no holiday notice', async () => {
      now = chinaMorning('2026-12-15');
      // The permit must still be endorsed then: give this run its own person.
      const [pid] = await new PeopleRepository(store.db).insertBundles(
        [person(104, { permits: [{ permitNo: 'P104', kind: 'ic', district: '330106', issuedOn: '2022-03-01', endorsements: ['2023-02-15', '2024-02-15', '2025-02-15', '2026-02-15'] }] })],
        '2026-01-01T00:00:00Z',
      );
      const b = await draft(pid!);
      await svc.submit(applicant, b.id);
      const acc = await svc.accept(clerk, b.id);
      expect(acc.resultVisibleOn! > '2027-01-01').toBe(true);
      expect(acc.resultProvisional).toBe(true);
    });

    it('refuses a nine-year paper permit online ("请到线下窗口办理") and takes it at a window', async () => {
      const a = await draft(ids[1]!);
      const e = await refusal(svc.submit(applicant, a.id));
      expect(e.code).toBe('INVALID_INPUT');
      expect(e.text['zh-CN']).toContain('请到线下窗口办理');
      expect(e.fields?.map((f) => f.path)).toEqual(['channel']);
      expect((await svc.get(a.id)).state).toBe('draft');

      const s = await svc.submit(clerk, a.id, { channel: 'window' });
      expect(s).toMatchObject({ state: 'submitted', channel: 'window' });
      expect((await svc.accept(clerk, a.id)).state).toBe('accepted');

      const w = await draft(ids[1]!, { channel: 'window' });
      // A second application while the first is running is refused.
      expect((await refusal(svc.submit(clerk, w.id))).fields?.map((f) => f.path)).toEqual(['personId']);
    });

    it('refuses a suspended permit, saying why', async () => {
      const a = await draft(ids[2]!);
      const e = await refusal(svc.submit(applicant, a.id));
      expect(e.code).toBe('INVALID_INPUT');
      expect(e.fields).toEqual([{ path: 'permit', message: 'residence permit P103 is suspended since 2023-04-08: its endorsement is overdue' }]);
      expect(e.text['zh-CN']).toContain('未按期签注');
    });

    it("refuses an employer's filing without the agent's ID number, and one with a bad number", async () => {
      const a = await svc.createDraft(employer, { personId: ids[0]!, channel: 'online', intendedUse: 'settlement', filedBy: 'employer' });
      const e = await refusal(svc.submit(employer, a.id));
      expect(e.fields?.map((f) => f.path)).toEqual(['agentIdNumber']);
      expect(e.text['zh-CN']).toContain('代办人');

      const bad = await svc.createDraft(employer, { personId: ids[0]!, channel: 'online', intendedUse: 'settlement', filedBy: 'employer', agentIdNumber: '330106197505052110' });
      expect((await refusal(svc.submit(employer, bad.id))).fields?.[0]?.message).toContain('checkDigit');

      const ok = await svc.createDraft(employer, { personId: ids[0]!, channel: 'online', intendedUse: 'settlement', filedBy: 'employer', agentIdNumber: AGENT_ID });
      expect((await svc.submit(employer, ok.id)).state).toBe('submitted');
    });

    it('lets a guardian file only on a declared ground, and a school application only with the child', async () => {
      const g = await svc.createDraft(employer, { personId: ids[0]!, channel: 'online', intendedUse: 'settlement', filedBy: 'guardian', agentIdNumber: AGENT_ID });
      expect((await refusal(svc.submit(employer, g.id))).fields?.map((f) => f.path)).toEqual(['guardianGround']);
      const minor = await svc.createDraft(employer, { personId: ids[0]!, channel: 'online', intendedUse: 'settlement', filedBy: 'guardian', agentIdNumber: AGENT_ID, guardianGround: 'minor' });
      expect((await refusal(svc.submit(employer, minor.id))).fields?.[0]?.message).toContain('not a minor');
      const school = await draft(ids[0]!, { intendedUse: 'school' });
      expect((await refusal(svc.submit(applicant, school.id))).fields?.map((f) => f.path)).toEqual(['child']);
      const withChild = await draft(ids[0]!, { intendedUse: 'school', child: { name: '小明', birthDate: '2018-06-01' } });
      expect((await svc.submit(applicant, withChild.id)).child).toEqual({ name: '小明', birthDate: '2018-06-01' });
      expect((await refusal(draft(ids[0]!, { child: { name: '', birthDate: '2018-02-30' } }))).fields?.map((f) => f.path)).toEqual(['child.name', 'child.birthDate']);
    });

    it('scores a rejected indicator 0 and pins the determination to its version and facts', async () => {
      const a = await draft(ids[0]!);
      await svc.submit(applicant, a.id);
      now = chinaMorning('2024-09-27');
      await svc.accept(clerk, a.id);
      await svc.reviewIndicator(district, a.id, { indicator: 'volunteering', decision: 'accepted' });
      expect((await refusal(svc.reviewIndicator(district, a.id, { indicator: 'education', decision: 'rejected' }))).fields?.map((f) => f.path)).toEqual(['reason']);
      expect((await refusal(svc.reviewIndicator(district, a.id, { indicator: 'residence', decision: 'rejected', reason: 'x' }))).fields?.map((f) => f.path)).toEqual([
        'indicator',
      ]);
      await svc.reviewIndicator(district, a.id, { indicator: 'education', decision: 'rejected', reason: '学历证书无法核验' });
      now = chinaMorning('2024-10-08');
      const det = await svc.determine(district, a.id);

      const edu = INDICATOR_ORDER.indexOf('education');
      const vol = INDICATOR_ORDER.indexOf('volunteering');
      expect(det.itemsH![edu]).toBe(0);
      expect(det.itemsH![vol]).toBeGreaterThan(0);
      // With the degree the same person would have scored for it.
      const [b] = await new PeopleRepository(store.db).byIds([ids[0]!]);
      const full = evaluate(assembleFacts(b!, '2024-09-27'), '2024-09-27');
      expect(full.items[edu]!.points).toBeGreaterThan(0);
      expect(det.totalH).toBe(Math.round(full.total * 100) - Math.round(full.items[edu]!.points * 100));

      // Pinned: the version in force on the acceptance day, the digest of the very facts stored.
      expect(det.policyVersion).toBe(policyInForce('2024-09-27').version.id);
      expect(det.factsDigest).toBe(factsDigest(det.factsJson!));
      const stored = JSON.parse(det.factsJson!) as Record<string, unknown>;
      expect(stored.education).toBeUndefined();
      expect(stored.volunteerHours).toBe(120);
      const again = evaluate(JSON.parse(det.factsJson!) as Facts, '2024-09-27', { policy: det.policyVersion! });
      expect(Math.round(again.total * 100)).toBe(det.totalH);
      expect((await svc.reviews(a.id)).map((r) => [r.indicator, r.decision])).toEqual([
        ['education', 'rejected'],
        ['volunteering', 'accepted'],
      ]);
    });

    it('returns for supplement with a reason and determines after the supplement', async () => {
      const a = await draft(ids[0]!);
      await svc.submit(applicant, a.id);
      await svc.accept(clerk, a.id);
      expect((await refusal(svc.returnForSupplement(district, a.id, '  '))).fields?.map((f) => f.path)).toEqual(['reason']);
      const r = await svc.returnForSupplement(district, a.id, '请补充房产证明');
      expect(r).toMatchObject({ state: 'returned', returnReason: '请补充房产证明' });
      const s = await svc.supplement(applicant, a.id, { note: '已上传' });
      expect(s).toMatchObject({ state: 'accepted', returnReason: null });
      expect((await svc.determine(district, a.id)).state).toBe('determined');
    });

    it('refuses a change made on a stale version, in the repository and in the service', async () => {
      const a = await draft(ids[0]!);
      await svc.submit(applicant, a.id);
      const audit = { at: '2024-09-20T02:00:00Z', actor: 'staff:3', action: 'application.accept', subject: `application:${a.id}`, detail: {} };
      await expect(repo.applyTransition(a.id, 1, { state: 'accepted' }, audit)).rejects.toBeInstanceOf(VersionConflictError);
      expect(await svc.get(a.id)).toMatchObject({ state: 'submitted', version: 2 });
      expect(await auditCount(`application:${a.id}`)).toBe(2);
      expect((await refusal(svc.accept(clerk, a.id, { expectedVersion: 1 }))).code).toBe('CONFLICT');

      // Two clerks accepting at once: one wins, the other is told of the conflict.
      const results = await Promise.allSettled([svc.accept(clerk, a.id), svc.accept({ actor: 'clerk', actorId: 'staff:4' }, a.id)]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const lost = results.find((r) => r.status === 'rejected');
      expect(lost?.status === 'rejected' && lost.reason instanceof AppError && ['CONFLICT', 'INVALID_TRANSITION'].includes(lost.reason.code)).toBe(true);
      expect(await svc.get(a.id)).toMatchObject({ state: 'accepted', version: 3 });
      expect(await auditCount(`application:${a.id}`)).toBe(3);
    });

    it('leaves one audit event per transition and keeps the chain intact', async () => {
      const a = await draft(ids[0]!);
      const subject = `application:${a.id}`;
      expect(await auditCount(subject)).toBe(1); // the creation
      await svc.submit(applicant, a.id);
      expect(await auditCount(subject)).toBe(2);
      now = chinaMorning('2024-09-27');
      await svc.accept(clerk, a.id);
      expect(await auditCount(subject)).toBe(3);
      await svc.reviewIndicator(district, a.id, { indicator: 'education', decision: 'rejected', reason: '无法核验' });
      expect(await auditCount(subject)).toBe(4);
      await svc.returnForSupplement(district, a.id, '请补充');
      await svc.supplement(applicant, a.id);
      await svc.determine(district, a.id);
      await svc.publishDue('2024-10-30');
      expect(await auditCount(subject)).toBe(8);
      // A refused move writes nothing.
      await refusal(svc.accept(clerk, a.id));
      expect(await auditCount(subject)).toBe(8);

      const events = await store.db.selectFrom('audit_event').select(['action', 'actor', 'detail']).where('subject', '=', subject).orderBy('id').execute();
      expect(events.map((e) => e.action)).toEqual([
        'application.create',
        'application.submit',
        'application.accept',
        'application.reviewIndicator',
        'application.return',
        'application.supplement',
        'application.determine',
        'application.publish',
      ]);
      expect(JSON.parse(events[2]!.detail)).toMatchObject({ actor: 'clerk', from: 'submitted', to: 'accepted', resultVisibleOn: '2024-10-30' });
      expect(JSON.parse(events[4]!.detail)).toMatchObject({ from: 'accepted', to: 'returned', reason: '请补充' });
      expect(events[7]!.actor).toBe('system:publish');
      expect(await verifyAudit(store.db)).toMatchObject({ ok: true, events: 8 });
    });

    it('refuses a transition the machine does not allow, naming the state', async () => {
      const a = await draft(ids[0]!);
      const e = await refusal(svc.determine(district, a.id));
      expect(e.code).toBe('INVALID_TRANSITION');
      expect(e.text.en).toContain('(draft)');
      expect(e.text['zh-CN']).toContain('填写中');
      await svc.submit(applicant, a.id);
      expect((await refusal(svc.accept(applicant, a.id))).code).toBe('FORBIDDEN');
      expect((await refusal(svc.submit(applicant, a.id))).text.en).toContain('(submitted)');
      expect((await refusal(svc.reviewIndicator(district, a.id, { indicator: 'education', decision: 'accepted' }))).code).toBe('INVALID_TRANSITION');
      expect((await refusal(svc.get(999_999))).code).toBe('NOT_FOUND');
    });

    it('lists queues by state and district, oldest first', async () => {
      const people = new PeopleRepository(store.db);
      const [other] = await people.insertBundles([person(105, { district: '330108' })], '2024-09-01T00:00:00Z');
      const a = await draft(ids[0]!);
      const b = await draft(other!);
      now = chinaMorning('2024-09-21');
      await svc.submit(applicant, b.id);
      now = chinaMorning('2024-09-22');
      await svc.submit(applicant, a.id);
      expect((await svc.queue('submitted')).map((x) => x.id)).toEqual([b.id, a.id]);
      expect((await svc.queue('submitted', '330106')).map((x) => x.id)).toEqual([a.id]);
      expect((await svc.queue('draft')).map((x) => x.id)).toEqual([]);
      expect((await svc.byPerson(ids[0]!)).map((x) => x.id)).toEqual([a.id]);
    });
  });
}
