/** Publication day: determined results become visible and each applicant gets one SMS, on every adapter. */
import { afterAll, describe, expect, it } from 'vitest';
import { createCalendar } from '../src/domain/calendar.ts';
import { checkCharacter } from '../src/domain/id-number.ts';
import type { PersonBundle } from '../src/domain/records.ts';
import { ApplicationService, type Who } from '../src/services/applications.ts';
import { publishAndNotify } from '../src/services/notify.ts';
import { dispatchQueued, HttpGatewayTransport, OutboxTransport } from '../src/services/sms.ts';
import { ApplicationRepository } from '../src/storage/repositories/applications.ts';
import { PeopleRepository } from '../src/storage/repositories/people.ts';
import { enqueueSms, SmsRepository } from '../src/storage/repositories/sms.ts';
import { adapters } from './support/stores.ts';

const applicant: Who = { actor: 'applicant', actorId: 'person:1' };
const clerk: Who = { actor: 'clerk', actorId: 'staff:3' };
const district: Who = { actor: 'district', actorId: 'staff:5' };

function person(seq: number, phone: string | null): PersonBundle {
  const first17 = `33010619880401${String(seq).padStart(3, '0')}`;
  return {
    idNumber: first17 + checkCharacter(first17),
    name: `申请人${seq}`,
    phone,
    birthDate: '1988-04-01',
    sex: 'male',
    urbanHukou: false,
    fullCivilCapacity: true,
    district: '330106',
    permits: [{ permitNo: `N${seq}`, kind: 'ic', district: '330106', issuedOn: '2019-03-01', endorsements: ['2020-02-15', '2023-02-15', '2024-02-15'] }],
    residence: [{ from: '2016-01-01', to: null, status: 'registered', source: 'police', verified: false, sourceRef: `NR${seq}` }],
    insurance: [{ scheme: 'pension', fromMonth: 2016 * 12, toMonth: 2024 * 12 + 7, backPaid: false, transferredIn: false }],
    declared: { education: { level: 'bachelor' } },
  };
}

for (const adapter of adapters()) {
  describe(`publication and result SMS on ${adapter.name}`, () => {
    afterAll(() => adapter.cleanup());

    it('publishes on the visible day, texts the total and the objection deadline once, and skips people without a phone', async () => {
      const store = await adapter.open();
      try {
        let now = new Date('2024-09-20T02:00:00Z');
        const people = new PeopleRepository(store.db);
        const ids = await people.insertBundles([person(301, '13900001111'), person(302, null)], '2024-09-01T00:00:00Z');
        const calendar = createCalendar();
        const svc = new ApplicationService({ applications: new ApplicationRepository(store.db), people, calendar, now: () => now });
        const sms = new SmsRepository(store.db);
        const deps = { applications: svc, people, sms, transport: new OutboxTransport(sms, () => now), calendar: () => calendar, now: () => now };
        const totals: number[] = [];
        for (const id of ids) {
          const a = await svc.createDraft(applicant, { personId: id, channel: 'online', intendedUse: 'settlement', filedBy: 'self' });
          await svc.submit(applicant, a.id);
          now = new Date('2024-09-27T02:00:00Z');
          await svc.accept(clerk, a.id);
          totals.push((await svc.determine(district, a.id)).totalH! / 100);
        }

        now = new Date('2024-10-29T02:00:00Z');
        expect(await publishAndNotify(deps)).toMatchObject({ day: '2024-10-29', published: 0, notified: 0 });
        now = new Date('2024-10-30T02:00:00Z');
        expect(await publishAndNotify(deps)).toEqual({ day: '2024-10-30', published: 2, notified: 1, withoutPhone: 1 });
        expect(await publishAndNotify(deps)).toMatchObject({ published: 0, notified: 0 });

        const messages = await sms.latest(10);
        expect(messages).toHaveLength(1);
        // 7 working days after Wed 30 Oct 2024: 31 Oct, 1, 4, 5, 6, 7, 8 Nov.
        expect(messages[0]).toMatchObject({ to: '13900001111', kind: 'result' });
        expect(messages[0]!.text).toBe(`【杭州积分】您的居住证积分已核定,总分${totals[0]}分。如有异议,请于2024-11-08前向区流动人口办申请核查。`);
      } finally {
        await store.close();
      }
    });
  });
}

/** A transport that dies on its first delivery, as a process killed between commit and send would. */
class CrashOnce extends OutboxTransport {
  crashed = false;
  override async dispatch(m: Parameters<OutboxTransport['dispatch']>[0]): Promise<void> {
    if (!this.crashed) {
      this.crashed = true;
      throw new Error('killed after the publishing transaction');
    }
    await super.dispatch(m);
  }
}

for (const adapter of adapters()) {
  describe(`result SMS through the transactional outbox on ${adapter.name}`, () => {
    afterAll(() => adapter.cleanup());

    it('a crash after publishing loses no message: it stays queued and the next run sends it, once', async () => {
      const store = await adapter.open();
      try {
        let now = new Date('2024-09-20T02:00:00Z');
        const people = new PeopleRepository(store.db);
        const [id] = await people.insertBundles([person(311, '13900002222')], '2024-09-01T00:00:00Z');
        const calendar = createCalendar();
        const svc = new ApplicationService({ applications: new ApplicationRepository(store.db), people, calendar, now: () => now });
        const sms = new SmsRepository(store.db);
        const transport = new CrashOnce(sms, () => now);
        const deps = { applications: svc, people, sms, transport, calendar: () => calendar, now: () => now };
        const a = await svc.createDraft(applicant, { personId: id!, channel: 'online', intendedUse: 'settlement', filedBy: 'self' });
        await svc.submit(applicant, a.id);
        now = new Date('2024-09-27T02:00:00Z');
        await svc.accept(clerk, a.id);
        await svc.determine(district, a.id);

        now = new Date('2024-10-30T02:00:00Z');
        await expect(publishAndNotify(deps)).rejects.toThrow(/killed/);
        expect((await svc.get(a.id)).state).toBe('published');
        expect((await sms.latest(10)).map((m) => m.status)).toEqual(['queued']);

        const again = await publishAndNotify(deps);
        expect(again).toMatchObject({ published: 0, notified: 0 });
        const after = await sms.latest(10);
        expect(after).toHaveLength(1);
        expect(after[0]).toMatchObject({ status: 'outbox', kind: 'result', to: '13900002222' });
      } finally {
        await store.close();
      }
    });

    it('two dispatchers at once post each queued message to the gateway exactly once', async () => {
      const store = await adapter.open();
      try {
        const sms = new SmsRepository(store.db);
        for (let i = 0; i < 5; i++) await enqueueSms(store.db, { to: `1390000300${i}`, text: `第${i}条`, kind: 'result' }, '2024-10-30T02:00:00Z');
        const posted: string[] = [];
        const fetchImpl = (async (_url: string | URL | Request, init?: RequestInit) => {
          posted.push(typeof init?.body === 'string' ? init.body : '');
          await new Promise((r) => setTimeout(r, 5));
          return new Response('{}', { status: 200 });
        }) as typeof fetch;
        const settings = { url: 'http://gateway.invalid/send', key: 'k', timeoutMs: 1000 };
        const now = () => new Date('2024-10-30T02:00:00Z');
        const t1 = new HttpGatewayTransport(settings, sms, now, fetchImpl);
        const t2 = new HttpGatewayTransport(settings, sms, now, fetchImpl);
        await Promise.all([dispatchQueued(sms, t1), dispatchQueued(sms, t2)]);
        expect(posted).toHaveLength(5);
        expect(new Set(posted).size).toBe(5);
        expect((await sms.latest(10)).every((m) => m.status === 'sent')).toBe(true);
      } finally {
        await store.close();
      }
    });
  });
}
