/**
 * `jifen settlement lapse`, the daily job, as cron runs it: in the move window's last days an admission
 * not moved is reminded once, after the window it is recorded as forfeited, and the person's text is handed to the transport before the command
 * exits (not left queued for a server that may not be running). A round is run to its notices through
 * the services on a SQLite file first; the command then runs as a separate process on that file.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCalendar } from '../../src/domain/calendar.ts';
import type { StaffIdentity } from '../../src/services/auth.ts';
import { ApplicationService } from '../../src/services/applications.ts';
import { SettlementService } from '../../src/services/settlement.ts';
import { openStore } from '../../src/storage/db.ts';
import { ApplicationRepository } from '../../src/storage/repositories/applications.ts';
import { PeopleRepository } from '../../src/storage/repositories/people.ts';
import { SettlementRepository } from '../../src/storage/repositories/settlement.ts';
import { publishedDeterminations } from '../support/determinations.ts';
import { eligiblePerson, testPhone } from '../support/people.ts';

const root = path.resolve(import.meta.dirname, '../..');
const admin: StaffIdentity = { id: 1, username: 'admin', displayName: '管理员', role: 'admin', district: null };
const city: StaffIdentity = { id: 2, username: 'city', displayName: '市公安', role: 'city', district: null };

describe('jifen settlement lapse', () => {
  it('records the un-moved admission as forfeited and sends its text before exiting', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jifen-lapse-'));
    const dataDir = path.join(dir, 'data');
    const store = await openStore({ dataDir });
    const clock = new Date('2024-03-01T02:00:00Z');
    const setDay = (d: string): void => void clock.setTime(new Date(`${d}T02:00:00Z`).getTime());
    let applicationId: number;
    try {
      const people = new PeopleRepository(store.db);
      const [personId] = await people.insertBundles([eligiblePerson(691)], '2024-01-01T00:00:00Z');
      const apps = new ApplicationRepository(store.db);
      const calendar = createCalendar();
      await publishedDeterminations(new ApplicationService({ applications: apps, people, calendar, now: () => clock }), clock, [personId!]);
      const svc = new SettlementService({ settlement: new SettlementRepository(store.db), applications: apps, people, calendar, now: () => clock });
      setDay('2024-05-20');
      const r = await svc.createRound(admin, {
        name: '2024年6月',
        config: { window: { opens: '2024-06-01', closes: '2024-06-30' }, rule: { kind: 'line', line: 10000 }, announcement: { workingDays: 3 }, moveWindow: { from: '2024-07-15', to: '2024-09-30' } },
      });
      await svc.openRound(admin, r.id);
      setDay('2024-06-03');
      applicationId = (await svc.file(personId!, r.id, {})).application.id;
      await svc.referToPolice(city, applicationId);
      await svc.policeReview(city, applicationId, { outcome: 'passed' });
      setDay('2024-07-01');
      await svc.closeRound(admin, r.id);
      await svc.rank(admin, r.id);
      await svc.announce(admin, r.id);
      setDay('2024-07-10');
      await svc.issueNotices(admin, r.id);
    } finally {
      await store.close();
    }

    const env = { ...process.env, DATA_DIR: dataDir, SMS_GATEWAY_URL: '', SMS_GATEWAY_KEY: '' };
    const run = (...args: string[]) => spawnSync(process.execPath, [path.join(root, 'bin/jifen.js'), ...args], { encoding: 'utf8', env });
    const early = run('settlement', 'lapse', '--as-of', '2024-09-30');
    expect(early.status, early.stderr).toBe(0);
    expect(early.stdout).toContain('forfeited: 0, 到期提醒 / reminded: 1');
    const late = run('settlement', 'lapse', '--as-of', '2024-10-01');
    expect(late.status, late.stderr).toBe(0);
    expect(late.stdout).toContain('forfeited: 1');

    const after = await openStore({ dataDir });
    try {
      const a = await new SettlementRepository(after.db).application(applicationId);
      expect(a).toMatchObject({ state: 'forfeited', forfeitedOn: '2024-10-01' });
      const texts = await after.db.selectFrom('sms_outbox').select(['to_phone', 'kind', 'status']).where('kind', 'like', 'settlement.%').orderBy('id').execute();
      // Both texts left the queue through this command's dispatch (no server ran): the notice's too.
      expect(texts.map((m) => [m.to_phone, m.kind, m.status === 'queued' ? 'queued' : 'handed over'])).toEqual([
        [testPhone(691), 'settlement.notice', 'handed over'],
        [testPhone(691), 'settlement.reminder', 'handed over'],
        [testPhone(691), 'settlement.forfeit', 'handed over'],
      ]);
    } finally {
      await after.close();
    }
  }, 60_000);
});
