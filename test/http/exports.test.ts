/**
 * The Excel exports over in-process HTTP on every adapter: the workbook read back with exceljs has the
 * Chinese headers, a frozen header row, the rows of the screen's work list with the applicant masked,
 * none of another district's; the SMS outbox export is for city and admin only with masked phones;
 * the people-search export takes its query in the body; every export is in the audit log.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskIdNumber, maskName, maskPhone } from '../../src/domain/id-number.ts';
import type { PersonBundle } from '../../src/domain/records.ts';
import { contentDisposition } from '../../src/http/routes/exports.ts';
import { AuthService } from '../../src/services/auth.ts';
import { workbook } from '../../src/services/exports.ts';
import { PeopleRepository } from '../../src/storage/repositories/people.ts';
import { enqueueSms } from '../../src/storage/repositories/sms.ts';
import { StaffRepository } from '../../src/storage/repositories/staff.ts';
import { testApp, type TestApp } from '../support/app.ts';
import { eligiblePerson } from '../support/people.ts';
import { sessions, type Session, type Sessions } from '../support/sessions.ts';
import { adapters } from '../support/stores.ts';

const PASSWORD = 'correct horse battery';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Two people of 西湖区 and one of 滨江区, with names the masks can be checked on. */
const people: PersonBundle[] = [
  eligiblePerson(401, { name: '王小明', declared: {} }),
  eligiblePerson(402, { name: '李红', declared: {} }),
  eligiblePerson(403, { name: '赵滨江', district: '330108', declared: {} }),
];

async function readBack(res: Response): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await res.arrayBuffer());
  const ws = wb.worksheets[0];
  if (!ws) throw new Error('no worksheet');
  return ws;
}

function rowValues(ws: ExcelJS.Worksheet): string[][] {
  const out: string[][] = [];
  ws.eachRow((row) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell) => cells.push(typeof cell.value === 'string' || typeof cell.value === 'number' ? String(cell.value) : ''));
    out.push(cells);
  });
  return out;
}

it('writes a workbook whose dates stay text and whose header row is frozen', async () => {
  const buf = await workbook('测试', [{ header: '日期', key: 'd' }, { header: '数', key: 'n' }], [{ d: '2026-12-01', n: 3 }, { d: null, n: null }]);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(new Uint8Array(buf).buffer);
  const ws = wb.getWorksheet('测试')!;
  expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  expect(ws.getCell('A2').value).toBe('2026-12-01');
  expect(ws.getCell('A2').numFmt).toBe('@');
  expect(ws.getCell('B2').value).toBe(3);
  expect(ws.rowCount).toBe(3);
});

it('names the file in UTF-8 with an ASCII fallback', () => {
  const h = contentDisposition('积分申请-待受理-西湖区-20261201.xlsx');
  expect(h).toMatch(/^attachment; filename="[\x20-\x7e]+\.xlsx"; filename\*=UTF-8''/);
  expect(decodeURIComponent(h.split("UTF-8''")[1]!)).toBe('积分申请-待受理-西湖区-20261201.xlsx');
});

for (const adapter of adapters()) {
  describe(`Excel exports over HTTP on ${adapter.name}`, () => {
    let t: TestApp;
    const clock = new Date('2026-12-01T02:00:00Z');
    let xihu: number[];
    let binjiang: number[];

    beforeAll(async () => {
      t = await testApp(clock, await adapter.open());
      const ids = await new PeopleRepository(t.store.db).insertBundles(people, '2026-11-01T00:00:00Z');
      xihu = ids.slice(0, 2);
      binjiang = ids.slice(2);
      const auth = new AuthService({ staff: new StaffRepository(t.store.db), now: () => clock });
      await auth.createStaff({ username: 'clerk', displayName: '西湖窗口', password: PASSWORD, role: 'clerk', district: '330106' });
      await auth.createStaff({ username: 'bjclerk', displayName: '滨江窗口', password: PASSWORD, role: 'clerk', district: '330108' });
      await auth.createStaff({ username: 'city', displayName: '市办', password: PASSWORD, role: 'city', district: null });
      ({ call, staff } = sessions(t, PASSWORD));
      await enqueueSms(t.store.db, { to: '13912345678', text: '您的积分申请已受理', kind: 'application.accepted' }, clock.toISOString());
    });
    afterAll(async () => {
      await t.close();
      await adapter.cleanup();
    });

    let call: Sessions['call'];
    let staff: Sessions['staff'];
    const windowApplication = async (s: Session, personId: number): Promise<number> => {
      const res = await call('POST', '/api/v1/staff/applications', { session: s, body: { personId, intendedUse: 'settlement', channel: 'window' } });
      expect(res.status, await res.clone().text()).toBe(201);
      const { id } = (await res.json()) as { id: number };
      expect((await call('POST', `/api/v1/staff/applications/${id}/submit`, { session: s })).status).toBe(200);
      return id;
    };
    const exportsInAudit = async (): Promise<Array<{ actor: string; subject: string; detail: Record<string, unknown> }>> => {
      const rows = await t.store.db.selectFrom('audit_event').select(['actor', 'subject', 'detail']).where('action', '=', 'export.list').orderBy('id').execute();
      return rows.map((r) => ({ actor: r.actor, subject: r.subject, detail: JSON.parse(r.detail) as Record<string, unknown> }));
    };

    it('exports the district work list as the screen shows it: masked, oldest first, no other district', async () => {
      const clerk = await staff('clerk');
      const a1 = await windowApplication(clerk, xihu[0]!);
      const a2 = await windowApplication(clerk, xihu[1]!);
      const bjCase = await windowApplication(await staff('bjclerk'), binjiang[0]!);

      // The JSON list of the screen.
      const list = await call('GET', '/api/v1/staff/worklist?state=submitted', { session: clerk });
      expect(list.status).toBe(200);
      const { rows } = (await list.json()) as { rows: Array<{ id: number; applicant: string; idNumber: string; district: string }> };
      expect(rows.map((r) => r.id)).toEqual([a1, a2]);
      expect(rows[0]).toMatchObject({ applicant: maskName('王小明'), idNumber: maskIdNumber(people[0]!.idNumber), district: '330106' });

      // The same list as a workbook.
      const res = await call('GET', '/api/v1/staff/exports/applications.xlsx?state=submitted', { session: clerk });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(XLSX);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const cd = res.headers.get('content-disposition')!;
      expect(cd).toMatch(/^attachment; /);
      expect(decodeURIComponent(cd.split("UTF-8''")[1]!)).toBe('积分申请-待受理-西湖区-20261201.xlsx');
      const ws = await readBack(res);
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      const values = rowValues(ws);
      expect(values[0]).toEqual(['申请编号', '申请人', '身份证号', '区', '渠道', '用途', '代办', '提交时间', '受理日期', '结果可查日期', '状态']);
      expect(values.slice(1).map((r) => Number(r[0]))).toEqual([a1, a2]);
      expect(values[1]!.slice(1, 8)).toEqual(['王**', maskIdNumber(people[0]!.idNumber), '西湖区', '窗口', '积分落户', '本人', '2026-12-01 10:00']);
      expect(values[1]![10]).toBe('待受理');
      // Nothing in it unmasked, nothing of 滨江区.
      const flat = JSON.stringify(values);
      for (const p of people) {
        expect(flat).not.toContain(p.idNumber);
        expect(flat).not.toContain(p.name);
      }
      expect(flat).not.toContain('滨江');
      expect(values.slice(1).map((r) => Number(r[0]))).not.toContain(bjCase);

      // Another district's list: refused, for the list and the export.
      expect((await call('GET', '/api/v1/staff/exports/applications.xlsx?state=submitted&district=330108', { session: clerk })).status).toBe(403);
      expect((await call('GET', '/api/v1/staff/worklist?state=submitted&district=330108', { session: clerk })).status).toBe(403);
      // A bad state is a 400 naming the field.
      const bad = await call('GET', '/api/v1/staff/exports/applications.xlsx?state=draft', { session: clerk });
      expect(bad.status).toBe(400);
      expect(JSON.stringify(await bad.json())).toContain('state');
      // Signed out: 401.
      expect((await call('GET', '/api/v1/staff/exports/applications.xlsx?state=submitted')).status).toBe(401);

      // The city office: all districts, or one.
      const city = await staff('city');
      const all = rowValues(await readBack(await call('GET', '/api/v1/staff/exports/applications.xlsx?state=submitted', { session: city })));
      expect(all.slice(1).map((r) => Number(r[0]))).toEqual([a1, a2, bjCase]);
      const one = await call('GET', '/api/v1/staff/exports/applications.xlsx?state=submitted&district=330108', { session: city });
      expect(decodeURIComponent(one.headers.get('content-disposition')!.split("UTF-8''")[1]!)).toBe('积分申请-待受理-滨江区-20261201.xlsx');
      const bjRows = rowValues(await readBack(one));
      expect(bjRows.slice(1).map((r) => Number(r[0]))).toEqual([bjCase]);
      expect(bjRows[1]![1]).toBe('赵**');

      // Each export is in the audit log: who, which list, how many rows.
      const audit = await exportsInAudit();
      expect(audit.map((e) => [e.subject, e.detail.rows, e.detail.district])).toEqual([
        ['list:applications', 2, '330106'],
        ['list:applications', 3, null],
        ['list:applications', 1, '330108'],
      ]);
      expect(audit[0]!.actor).toMatch(/^staff:\d+$/);
      expect(audit[1]!.actor).not.toBe(audit[0]!.actor);
    });

    it('exports the SMS outbox for city and admin only, phones masked', async () => {
      const before = (await exportsInAudit()).length;
      const clerk = await staff('clerk');
      expect((await call('GET', '/api/v1/staff/exports/sms-outbox.xlsx', { session: clerk })).status).toBe(403);
      const res = await call('GET', '/api/v1/staff/exports/sms-outbox.xlsx', { session: await staff('city') });
      expect(res.status).toBe(200);
      const values = rowValues(await readBack(res));
      expect(values[0]).toEqual(['编号', '手机号', '类型', '内容', '状态', '写入时间', '发送时间']);
      const row = values.find((r) => r[3] === '您的积分申请已受理')!;
      expect(row[1]).toBe(maskPhone('13912345678'));
      expect(row[5]).toBe('2026-12-01 10:00');
      expect(JSON.stringify(values)).not.toContain('13912345678');
      const audit = await exportsInAudit();
      expect(audit.length).toBe(before + 1);
      expect(audit.at(-1)).toMatchObject({ subject: 'list:sms-outbox', detail: { rows: values.length - 1 } });
    });

    it('exports people-search results from a query in the body, district-scoped and masked, without the query in the log', async () => {
      const clerk = await staff('clerk');
      const res = await call('POST', '/api/v1/staff/exports/people.xlsx', { session: clerk, body: { query: people[0]!.idNumber } });
      expect(res.status).toBe(200);
      const values = rowValues(await readBack(res));
      expect(values).toEqual([
        ['姓名', '身份证号', '手机号', '所在区', '出生日期'],
        ['王小明', maskIdNumber(people[0]!.idNumber), maskPhone(people[0]!.phone!), '西湖区', '1988-04-01'],
      ]);
      // Someone of 滨江区: not found by a 西湖区 clerk, so an empty sheet.
      const other = rowValues(await readBack(await call('POST', '/api/v1/staff/exports/people.xlsx', { session: clerk, body: { query: people[2]!.idNumber } })));
      expect(other.length).toBe(1);
      const audit = await exportsInAudit();
      expect(JSON.stringify(audit)).not.toContain(people[0]!.idNumber);
      expect(audit.at(-1)).toMatchObject({ subject: 'list:people-search', detail: { rows: 0 } });
    });
  });
}
