/**
 * Settlement and school admission over in-process HTTP on every adapter: an administrator configures
 * and opens a line round (a bad configuration is a 400 naming the fields), residents file in their
 * own session (an ineligible one is told why), a city officer records the police review, the round
 * is ranked and announced to the public with names and ID numbers masked, notices are read as JSON,
 * as a printable page and as a PDF read back with pdf.js (the person's own; a window's print, audited); statistics; a school round allocated over HTTP; every list exported as
 * .xlsx that exceljs reads back.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCalendar } from '../../src/domain/calendar.ts';
import { ApplicationService } from '../../src/services/applications.ts';
import { AuthService } from '../../src/services/auth.ts';
import { ApplicationRepository } from '../../src/storage/repositories/applications.ts';
import { PeopleRepository } from '../../src/storage/repositories/people.ts';
import { StaffRepository } from '../../src/storage/repositories/staff.ts';
import { testApp, type TestApp } from '../support/app.ts';
import { childIdNumber as childId, eligiblePerson, testIdNumber } from '../support/people.ts';
import { publishedDeterminations } from '../support/determinations.ts';
import { sessions, type CallOptions, type Session, type Sessions } from '../support/sessions.ts';
import { readPdf } from '../support/pdf.ts';
import { adapters } from '../support/stores.ts';

const PASSWORD = 'correct horse battery';

async function sheet(res: Response): Promise<Array<Array<string | number | null>>> {
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await res.arrayBuffer());
  const ws = wb.worksheets[0]!;
  const rows: Array<Array<string | number | null>> = [];
  ws.eachRow((row) => rows.push((row.values as Array<string | number | null>).slice(1)));
  return rows;
}

for (const adapter of adapters()) {
  describe(`settlement over HTTP on ${adapter.name}`, () => {
    let t: TestApp;
    const clock = new Date('2024-03-01T02:00:00Z');
    let signIn: Sessions;
    const setDay = (day: string): void => {
      clock.setTime(new Date(`${day}T02:00:00Z`).getTime());
      signIn = sessions(t, PASSWORD);
    };
    const call = (method: string, url: string, o?: CallOptions): Promise<Response> => signIn.call(method, url, o);
    const staff = (u: string): Promise<Session> => signIn.staff(u);
    const applicant = (seq: number): Promise<Session> => signIn.applicant(seq);
    const json = async <T>(res: Response, status: number): Promise<T> => {
      const text = await res.text();
      expect(res.status, text).toBe(status);
      expect(res.headers.get('cache-control')).toBe('no-store');
      for (const seq of [651, 652, 653]) expect(text).not.toContain(testIdNumber(seq));
      expect(text).not.toContain(childId('1990-01-01', 701));
      return JSON.parse(text) as T;
    };
    let roundId = 0;
    const filed = new Map<number, number>();

    beforeAll(async () => {
      t = await testApp(clock, await adapter.open());
      signIn = sessions(t, PASSWORD);
      const people = new PeopleRepository(t.store.db);
      const ids = await people.insertBundles(
        [
          eligiblePerson(651, { name: '张三丰', declared: { education: { level: 'master' } } }),
          eligiblePerson(652, { name: '李四' }),
          eligiblePerson(653, { name: '王小明', declared: {}, residence: [{ from: '2021-01-01', to: null, status: 'registered', source: 'police', verified: false, sourceRef: 'R653' }] }),
        ],
        '2024-01-01T00:00:00Z',
      );
      const auth = new AuthService({ staff: new StaffRepository(t.store.db), now: () => clock });
      await auth.createStaff({ username: 'admin', displayName: '管理员', password: PASSWORD, role: 'admin', district: null });
      await auth.createStaff({ username: 'city', displayName: '市公安', password: PASSWORD, role: 'city', district: null });
      await auth.createStaff({ username: 'binjiang', displayName: '滨江区', password: PASSWORD, role: 'district', district: '330108' });
      const apps = new ApplicationService({ applications: new ApplicationRepository(t.store.db), people, calendar: createCalendar(), now: () => clock });
      await publishedDeterminations(apps, clock, ids);
    });
    afterAll(async () => {
      await t.close();
      await adapter.cleanup();
    });

    it('configures and opens a round: a bad configuration is a 400 naming each field; applicants cannot', async () => {
      setDay('2024-05-20');
      const admin = await staff('admin');
      const config = {
        window: { opens: '2024-06-01', closes: '2024-06-30' },
        rule: { kind: 'line', line: 10000 },
        announcement: { workingDays: 5 },
        moveWindow: { from: '2024-06-15', to: '2024-09-30' },
      };
      const bad = await json<{ error: { fields: Array<{ path: string }> } }>(await call('POST', '/api/v1/staff/settlement/rounds', { session: admin, body: { name: '2024年6月', config } }), 400);
      expect(bad.error.fields.map((f) => f.path)).toEqual(['config.moveWindow.from']);
      const created = await json<{ id: number; state: string; cutOff: string }>(
        await call('POST', '/api/v1/staff/settlement/rounds', { session: admin, body: { name: '2024年6月', config: { ...config, moveWindow: { from: '2024-07-15', to: '2024-09-30' } } } }),
        201,
      );
      expect(created).toMatchObject({ state: 'draft', cutOff: '2024-05-01' });
      roundId = created.id;
      expect((await call('POST', `/api/v1/staff/settlement/rounds/${roundId}/open`, { session: admin, csrf: false })).status).toBe(403);
      expect((await json<{ state: string }>(await call('POST', `/api/v1/staff/settlement/rounds/${roundId}/open`, { session: admin }), 200)).state).toBe('open');
      expect((await call('GET', '/api/v1/staff/settlement/rounds', { session: await applicant(651) })).status).toBe(401);
    });

    it('lets residents file in their own session, with reasons when ineligible and family ID numbers masked', async () => {
      setDay('2024-06-03');
      const me = await applicant(651);
      const rounds = await json<{ rounds: Array<{ id: number; cutOff: string }> }>(await call('GET', '/api/v1/applicant/settlement/rounds', { session: me }), 200);
      expect(rounds.rounds).toEqual([expect.objectContaining({ id: roundId, cutOff: '2024-05-01' })]);
      const el = await json<{ eligibility: { eligible: boolean }; points: number }>(await call('GET', `/api/v1/applicant/settlement/rounds/${roundId}/eligibility`, { session: me }), 200);
      expect(el).toMatchObject({ eligibility: { eligible: true }, points: 189 });
      const out = await json<{ application: { id: number; state: string; family: Array<{ idNumber: string }> } }>(
        await call('POST', `/api/v1/applicant/settlement/rounds/${roundId}/applications`, { session: me, body: { family: [{ relation: 'spouse', name: '林一', idNumber: childId('1990-01-01', 701) }] } }),
        201,
      );
      expect(out.application.state).toBe('filed');
      expect(out.application.family[0]!.idNumber).toBe(`330106********${childId('1990-01-01', 701).slice(-4)}`);
      filed.set(651, out.application.id);

      const two = await json<{ application: { id: number } }>(await call('POST', `/api/v1/applicant/settlement/rounds/${roundId}/applications`, { session: await applicant(652) }), 201);
      filed.set(652, two.application.id);
      const low = await json<{ application: { state: string }; eligibility: { reasons: Array<{ code: string; text: { 'zh-CN': string } }> } }>(
        await call('POST', `/api/v1/applicant/settlement/rounds/${roundId}/applications`, { session: await applicant(653) }),
        201,
      );
      expect(low.application.state).toBe('ineligible');
      expect(low.eligibility.reasons.map((r) => r.code)).toEqual(['POINTS_BELOW_MINIMUM']);
      expect((await call('POST', `/api/v1/applicant/settlement/rounds/${roundId}/applications`, { session: me })).status).toBe(409);
    });

    it('records the police review, closes, ranks and exports the ranking', async () => {
      const city = await staff('city');
      for (const seq of [651, 652]) {
        const a = await json<{ policeReviewOutcome: string }>(await call('POST', `/api/v1/staff/settlement/applications/${filed.get(seq)}/police-review`, { session: city, body: { outcome: 'passed' } }), 200);
        expect(a.policeReviewOutcome).toBe('passed');
      }
      setDay('2024-07-01');
      const admin = await staff('admin');
      await json(await call('POST', `/api/v1/staff/settlement/rounds/${roundId}/close`, { session: admin }), 200);
      const ranked = await json<{ state: string; line: { admitted: number } }>(await call('POST', `/api/v1/staff/settlement/rounds/${roundId}/rank`, { session: admin }), 200);
      expect(ranked).toMatchObject({ state: 'ranked', line: { admitted: 2 } });
      const list = await json<{ ranking: Array<{ id: number; position: number; state: string }> }>(await call('GET', `/api/v1/staff/settlement/rounds/${roundId}/ranking`, { session: admin }), 200);
      expect(list.ranking.map((a) => [a.id, a.position, a.state])).toEqual([
        [filed.get(651), 1, 'admitted'],
        [filed.get(652), 2, 'admitted'],
      ]);
      const rows = await sheet(await call('GET', `/api/v1/staff/settlement/rounds/${roundId}/ranking.xlsx`, { session: admin }));
      expect(rows[0]).toEqual(['序号', '名次', '姓名', '身份证号', '所在区', '积分', '居住登记月数', '社保积分', '基础积分', '受理日期', '状态']);
      expect(rows.slice(1).map((r) => [r[0], r[2], r[5], r[10]])).toEqual([
        [1, '张*丰', 189, '拟准入'],
        [2, '李*', 169, '拟准入'],
      ]);
      // Every application of the round, also the ineligible one, with its reasons in words; a district sees its own.
      const applied = await sheet(await call('GET', `/api/v1/staff/settlement/rounds/${roundId}/applications.xlsx`, { session: admin }));
      expect(applied[0]).toEqual(['申请编号', '姓名', '身份证号', '所在区', '受理日期', '截止日积分', '资格', '随迁人数', '公安审核', '状态']);
      expect(applied.slice(1).map((r) => [r[1], r[8], r[9]])).toEqual([
        ['张*丰', '通过', '拟准入'],
        ['李*', '通过', '拟准入'],
        ['王*明', '', '不符合条件'],
      ]);
      const ids = applied.slice(1).map((r) => Number(r[0]));
      expect(ids).toEqual([...ids].sort((x, y) => x - y));
      expect(String(applied[3]?.[6])).toContain('100');
      expect((await sheet(await call('GET', `/api/v1/staff/settlement/rounds/${roundId}/applications.xlsx`, { session: await staff('binjiang') }))).slice(1)).toEqual([]);
      expect((await call('GET', `/api/v1/staff/settlement/rounds/${roundId}/ranking.xlsx`, { session: await staff('city') })).status).toBe(200);
      expect((await call('GET', `/api/v1/staff/settlement/rounds/${roundId}/ranking.xlsx`)).status).toBe(401);
    });

    it('announces a public, masked, searchable list for the period, then issues notices read as JSON and as a printable page', async () => {
      setDay('2024-07-02');
      const admin = await staff('admin');
      expect(await json(await call('POST', `/api/v1/staff/settlement/rounds/${roundId}/announce`, { session: admin }), 200)).toMatchObject({ announcedTo: '2024-07-08' });
      expect(await json(await call('GET', `/api/v1/staff/settlement/rounds/${roundId}/issues`, { session: admin }), 200)).toEqual({ openObjections: [], changed: [] });
      const pub = await json<{ rows: Array<{ name: string; idNumber: string }> }>(await call('GET', `/api/v1/public/settlement/rounds/${roundId}/announcement`), 200);
      expect(pub.rows.map((r) => r.name)).toEqual(['张*丰', '李*']);
      const found = await json<{ rows: Array<{ position: number }> }>(await call('GET', `/api/v1/public/settlement/rounds/${roundId}/announcement?q=${testIdNumber(652).slice(-4)}`), 200);
      expect(found.rows.map((r) => r.position)).toEqual([2]);
      const listed = await sheet(await call('GET', `/api/v1/staff/settlement/rounds/${roundId}/announcement.xlsx`, { session: admin }));
      expect(listed.slice(1).map((r) => r[2])).toEqual(['张*丰', '李*']);

      setDay('2024-07-09');
      expect((await call('GET', `/api/v1/public/settlement/rounds/${roundId}/announcement`)).status).toBe(404);
      const fin = await staff('admin');
      expect((await json<{ state: string }>(await call('POST', `/api/v1/staff/settlement/rounds/${roundId}/notices`, { session: fin }), 200)).state).toBe('final');
      const me = await applicant(651);
      const notice = await json<{ noticeNo: string; validTo: string; status: string }>(await call('GET', `/api/v1/applicant/settlement/${filed.get(651)}/notice`, { session: me }), 200);
      expect(notice).toMatchObject({ validTo: '2024-09-30', status: 'valid' });
      expect((await call('GET', `/api/v1/applicant/settlement/${filed.get(651)}/notice`, { session: await applicant(652) })).status).toBe(404);
      const page = await call('GET', `/settlement/notice/${filed.get(651)}`, { session: me });
      const html = await page.text();
      expect(page.status).toBe(200);
      expect(html).toContain('杭州市积分落户准入通知书');
      expect(html).toContain('2024年9月30日');
      expect(html).toContain('@media print');
      expect(html).not.toContain(testIdNumber(651));
      expect((await call('GET', `/settlement/notice/${filed.get(651)}`)).status).toBe(401);
      expect(html).toContain(`href="/api/v1/applicant/settlement/${filed.get(651)}/notice.pdf"`);

      // The same notice as a PDF, its Chinese text embedded: the person's own, or a window's print.
      const pdf = await call('GET', `/api/v1/applicant/settlement/${filed.get(651)}/notice.pdf`, { session: me });
      expect(pdf.status).toBe(200);
      expect(pdf.headers.get('content-type')).toBe('application/pdf');
      expect(pdf.headers.get('cache-control')).toBe('no-store');
      expect(pdf.headers.get('content-disposition')).toBe(`attachment; filename="${notice.noticeNo}.pdf"; filename*=UTF-8''${encodeURIComponent(`准入通知书-${notice.noticeNo}.pdf`)}`);
      const read = await readPdf(await pdf.arrayBuffer());
      const text = read.text.join('').replace(/\s+/g, '');
      expect(text).toContain('杭州市积分落户准入通知书');
      expect(text).toContain('张三丰(身份证号');
      expect(text).toContain('2024年9月30日');
      expect(text).not.toContain(testIdNumber(651));
      expect((await call('GET', `/api/v1/applicant/settlement/${filed.get(651)}/notice.pdf`, { session: await applicant(652) })).status).toBe(404);
      expect((await call('GET', `/api/v1/applicant/settlement/${filed.get(651)}/notice.pdf`)).status).toBe(401);
      const printed = await call('GET', `/api/v1/staff/settlement/applications/${filed.get(651)}/notice.pdf`, { session: await staff('city') });
      expect(printed.status).toBe(200);
      expect((await readPdf(await printed.arrayBuffer())).text.join('').replace(/\s+/g, '')).toContain('张三丰(身份证号');
      expect((await call('GET', `/api/v1/staff/settlement/applications/${filed.get(651)}/notice.pdf`, { session: await staff('binjiang') })).status).toBe(403);
      const views = await t.store.db.selectFrom('audit_event').select(['actor', 'subject']).where('action', '=', 'settlement.notice.view').execute();
      expect(views.map((v) => v.subject)).toEqual([`settlement_application:${filed.get(651)}`]);

      const stats = await json<{ applications: number; admitted: number; bands: Array<{ from: number; count: number; admitted: number }> }>(
        await call('GET', `/api/v1/staff/settlement/rounds/${roundId}/statistics`, { session: fin }),
        200,
      );
      expect(stats).toMatchObject({ applications: 3, admitted: 2 });
      expect(stats.bands.filter((b) => b.from >= 100)).toEqual([
        { from: 160, count: 1, admitted: 1 },
        { from: 180, count: 1, admitted: 1 },
      ]);
    });

    it('runs a school round over HTTP and exports its results per school', async () => {
      // After the settlement round's days: the clock never runs back over sign-in codes already sent.
      setDay('2024-07-10');
      const admin = await staff('admin');
      const r = await json<{ id: number }>(
        await call('POST', '/api/v1/staff/school/rounds', {
          session: admin,
          body: { name: '2024年秋季', config: { window: { opens: '2024-07-10', closes: '2024-07-31' }, ageOn: '2024-08-31', proofBy: '2024-08-31', districts: [{ district: '330106' }] } },
        }),
        201,
      );
      const withSchools = await json<{ schools: Array<{ id: number }> }>(
        await call('POST', `/api/v1/staff/school/rounds/${r.id}/schools`, { session: admin, body: { schools: [{ district: '330106', name: '西湖一小', seats: 1 }] } }),
        200,
      );
      await json(await call('POST', `/api/v1/staff/school/rounds/${r.id}/open`, { session: admin }), 200);
      setDay('2024-07-11');
      const school = withSchools.schools[0]!.id;
      const mine = await json<{ id: number; childIdNumber: string; pointsH: number }>(
        await call('POST', `/api/v1/applicant/school/rounds/${r.id}/applications`, {
          session: await applicant(652),
          body: { child: { name: '李小一', idNumber: childId('2017-03-01', 811) }, otherParentIdNumber: testIdNumber(651), district: '330106', preferences: [school] },
        }),
        201,
      );
      // 651's points count once 651 confirms in their own session.
      expect(mine.pointsH).toBe(16900);
      expect(mine.childIdNumber).not.toBe(childId('2017-03-01', 811));
      const confirmed = await json<{ pointsH: number; otherParent: { status: string } }>(
        await call('POST', `/api/v1/applicant/school/${mine.id}/confirm`, { session: await applicant(651), body: { decision: 'confirm' } }),
        200,
      );
      expect(confirmed).toMatchObject({ pointsH: 18900, otherParent: { status: 'confirmed' } });
      await json(
        await call('POST', `/api/v1/applicant/school/rounds/${r.id}/applications`, {
          session: await applicant(653),
          body: { child: { name: '王小二', idNumber: childId('2017-04-01', 812) }, district: '330106', preferences: [school] },
        }),
        201,
      );
      setDay('2024-08-01');
      const a2 = await staff('admin');
      await json(await call('POST', `/api/v1/staff/school/rounds/${r.id}/close`, { session: a2 }), 200);
      await json(await call('POST', `/api/v1/staff/school/rounds/${r.id}/allocate`, { session: a2 }), 200);
      const res = await json<{ schools: Array<{ children: Array<{ child: string }> }>; unplaced: Array<{ state: string }> }>(await call('GET', `/api/v1/staff/school/rounds/${r.id}/results`, { session: a2 }), 200);
      expect(res.schools[0]!.children.map((c) => c.child)).toEqual(['李*一']);
      expect(res.unplaced.map((u) => u.state)).toEqual(['no_seat']);
      const rows = await sheet(await call('GET', `/api/v1/staff/school/rounds/${r.id}/results.xlsx`, { session: a2 }));
      expect(rows.slice(1).map((x) => [x[1], x[4], x[7]])).toEqual([
        ['西湖一小', '李*一', '已录取'],
        ['', '王*二', '志愿学校已满'],
      ]);
    });
  });
}
