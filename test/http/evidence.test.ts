/**
 * Evidence uploads (证明材料) over in-process HTTP on every adapter: files typed by their bytes, the size
 * limit, who may see what (own applications, districts), soft removal, the reuse of last cycle's
 * material (2020 FAQ Q10) online and at the window, and the audit trail.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthService } from '../../src/services/auth.ts';
import { verifyAudit } from '../../src/storage/repositories/audit.ts';
import { PeopleRepository } from '../../src/storage/repositories/people.ts';
import { StaffRepository } from '../../src/storage/repositories/staff.ts';
import { testApp, type TestApp } from '../support/app.ts';
import { eligiblePerson, testIdNumber } from '../support/people.ts';
import { sessions, uploadFile, type Session, type Sessions } from '../support/sessions.ts';
import { adapters } from '../support/stores.ts';

const PASSWORD = 'correct horse battery';
const MiB = 1024 * 1024;

// Tiny real files, built from their bytes.
/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
/** A 1×1 grey baseline JPEG: quantisation table, frame, one DC and one AC Huffman table of one code each, the scan, the end. */
const JPEG = Buffer.concat([
  Buffer.from([0xff, 0xd8]),
  Buffer.from([0xff, 0xdb, 0x00, 0x43, 0x00]),
  Buffer.alloc(64, 1),
  Buffer.from([0xff, 0xc0, 0x00, 0x0b, 0x08, 0x00, 0x01, 0x00, 0x01, 0x01, 0x01, 0x11, 0x00]),
  Buffer.from([0xff, 0xc4, 0x00, 0x14, 0x00, 1, ...new Array<number>(15).fill(0), 0x00]),
  Buffer.from([0xff, 0xc4, 0x00, 0x14, 0x10, 1, ...new Array<number>(15).fill(0), 0x00]),
  Buffer.from([0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00]),
  Buffer.from([0x3f]),
  Buffer.from([0xff, 0xd9]),
]);
/** A one-page-less but well-formed PDF. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
const GIF = Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');
/** The start of a Windows program ("MZ" header). */
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(126, 0x90)]);

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile());
}

interface Item {
  id: number;
  applicationId: number;
  kind: string;
  indicator: string | null;
  mime: string;
  size: number;
  name: string;
  uploadedAt: string;
  uploadedBy: string;
  uploadedVia: string;
  reusedFrom: number | null;
  confirmed: { by: string; onBehalfOf: string | null; at: string } | null;
  removedAt: string | null;
}

interface ErrorBody {
  error: { code: string; message: string; fields?: Array<{ path: string; message: string }> };
}

for (const adapter of adapters()) {
  describe(`evidence uploads over HTTP on ${adapter.name}`, () => {
    let t: TestApp;
    const clock = new Date('2026-12-01T02:00:00Z');
    let ids: number[];
    let clerkId: number;

    beforeAll(async () => {
      t = await testApp(clock, await adapter.open());
      ids = await new PeopleRepository(t.store.db).insertBundles([eligiblePerson(401), eligiblePerson(402), eligiblePerson(403)], '2026-11-01T00:00:00Z');
      const auth = new AuthService({ staff: new StaffRepository(t.store.db), now: () => clock });
      clerkId = await auth.createStaff({ username: 'clerk', displayName: '窗口', password: PASSWORD, role: 'clerk', district: '330106' });
      await auth.createStaff({ username: 'district', displayName: '西湖区', password: PASSWORD, role: 'district', district: '330106' });
      await auth.createStaff({ username: 'other', displayName: '上城区窗口', password: PASSWORD, role: 'clerk', district: '330102' });
      await auth.createStaff({ username: 'city', displayName: '市办', password: PASSWORD, role: 'city', district: null });
    });
    afterAll(async () => {
      await t.close();
      await adapter.cleanup();
    });

    let call: Sessions['call'];
    let staff: Sessions['staff'];
    let applicant: Sessions['applicant'];
    beforeAll(() => {
      ({ call, staff, applicant } = sessions(t, PASSWORD));
    });
    const upload = (url: string, session: Session, file: { bytes: Uint8Array; name: string }, fields: Record<string, string>, o: { csrf?: boolean; lang?: string } = {}): Promise<Response> =>
      uploadFile(t, url, session, file, fields, o);
    const json = async <T>(res: Response, status: number): Promise<T> => {
      const text = await res.text();
      expect(res.status, text).toBe(status);
      expect(res.headers.get('cache-control')).toBe('no-store');
      return JSON.parse(text) as T;
    };
    const failure = (res: Response, status: number): Promise<ErrorBody> => json<ErrorBody>(res, status);
    const draft = async (me: Session): Promise<number> =>
      (await json<{ id: number }>(await call('POST', '/api/v1/applicant/applications', { session: me, body: { intendedUse: 'settlement' } }), 201)).id;
    const evidenceRows = async (applicationId: number): Promise<number> =>
      (await t.store.db.selectFrom('evidence').select('id').where('application_id', '=', applicationId).execute()).length;
    /** Submitted, accepted by the clerk and determined by the district: a finished cycle. */
    async function finish(id: number, submitAs: Session, submitUrl: string): Promise<void> {
      await json(await call('POST', submitUrl, { session: submitAs }), 200);
      await json(await call('POST', `/api/v1/staff/applications/${id}/accept`, { session: await staff('clerk') }), 200);
      await json(await call('POST', `/api/v1/staff/applications/${id}/determine`, { session: await staff('district') }), 200);
    }

    it('takes JPG, PNG and PDF files from the applicant, typed by their bytes, and gives each back exactly, inline and uncached', async () => {
      const me = await applicant(401);
      const id = await draft(me);
      const url = `/api/v1/applicant/applications/${id}/evidence`;

      const png = await json<Item>(await upload(url, me, { bytes: PNG, name: 'C:\\Users\\me\\身份证 正面.png' }, { kind: 'identity' }), 201);
      expect(png).toMatchObject({ applicationId: id, kind: 'identity', indicator: null, mime: 'image/png', size: PNG.length, name: '身份证 正面.png', uploadedVia: 'online', uploadedBy: `person:${ids[0]}`, reusedFrom: null, confirmed: null });
      // A photo whose name says PDF is kept as what its bytes are, and named so.
      const jpeg = await json<Item>(await upload(url, me, { bytes: JPEG, name: 'permit.pdf' }, { kind: 'permit' }), 201);
      expect(jpeg).toMatchObject({ mime: 'image/jpeg', name: 'permit.pdf.jpg' });
      const pdf = await json<Item>(await upload(url, me, { bytes: PDF, name: '学位证书.pdf' }, { kind: 'indicator', indicator: 'education' }), 201);
      expect(pdf).toMatchObject({ mime: 'application/pdf', kind: 'indicator', indicator: 'education' });
      // Never the hash (the name on disk).
      expect(JSON.stringify([png, jpeg, pdf])).not.toContain(sha(PNG));

      const list = await json<{ items: Item[] }>(await call('GET', url, { session: me }), 200);
      expect(list.items.map((i) => i.id)).toEqual([png.id, jpeg.id, pdf.id]);
      expect(JSON.stringify(list)).not.toMatch(/[0-9a-f]{64}/);

      const res = await call('GET', `${url}/${png.id}/content`, { session: me });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/png');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('content-disposition')).toBe(`inline; filename="material.png"; filename*=UTF-8''${encodeURIComponent('身份证 正面.png')}`);
      expect(Buffer.from(await res.arrayBuffer())).toEqual(PNG);
      const pdfRes = await call('GET', `${url}/${pdf.id}/content`, { session: me });
      expect(pdfRes.headers.get('content-type')).toBe('application/pdf');
      expect(Buffer.from(await pdfRes.arrayBuffer())).toEqual(PDF);

      // Files are kept under their hash.
      expect(filesUnder(t.evidenceDir).map((f) => path.basename(f)).sort()).toEqual([sha(PNG), sha(JPEG), sha(PDF)].sort());
    });

    it('refuses by content a GIF, a program renamed .pdf and a cut-off PDF, saying what the file really is; nothing is stored', async () => {
      const me = await applicant(401);
      const id = await draft(me);
      const url = `/api/v1/applicant/applications/${id}/evidence`;
      const before = filesUnder(t.evidenceDir).length;

      const gif = await failure(await upload(url, me, { bytes: GIF, name: 'photo.jpg' }, { kind: 'identity' }), 400);
      expect(gif.error.code).toBe('INVALID_INPUT');
      expect(gif.error.message).toBe('文件类型不支持:仅接受 JPG、PNG 照片或 PDF(此文件实为 GIF,不是文件名所示的 JPG)');
      expect(gif.error.fields).toEqual([{ path: 'file', message: expect.stringContaining('GIF') as unknown }]);

      const exe = await failure(await upload(url, me, { bytes: EXE, name: '学历.pdf' }, { kind: 'other' }, { lang: 'en' }), 400);
      expect(exe.error.message).toBe('unsupported file type: only JPG or PNG photos and PDF files are accepted (this file is actually EXE, not PDF as its name says)');

      const unknown = await failure(await upload(url, me, { bytes: Buffer.from('plain text, not a scan'), name: 'a.pdf' }, { kind: 'other' }), 400);
      expect(unknown.error.message).toContain('无法识别此文件的类型');

      const cut = await failure(await upload(url, me, { bytes: PDF.subarray(0, 40), name: 'cut.pdf' }, { kind: 'other' }), 400);
      expect(cut.error.message).toContain('文件不完整');

      const empty = await failure(await upload(url, me, { bytes: new Uint8Array(0), name: 'empty.png' }, { kind: 'other' }), 400);
      expect(empty.error.fields).toEqual([{ path: 'file', message: 'the file is empty' }]);

      // The form's other fields: every problem listed.
      const bad = await failure(await upload(url, me, { bytes: PNG, name: 'x.png' }, { kind: 'selfie', extra: '1' }), 400);
      expect(bad.error.fields?.map((f) => f.path).sort()).toEqual(['extra', 'kind']);
      const noIndicator = await failure(await upload(url, me, { bytes: PDF, name: 'x.pdf' }, { kind: 'indicator' }), 400);
      expect(noIndicator.error.fields?.map((f) => f.path)).toEqual(['indicator']);
      const wrongIndicator = await failure(await upload(url, me, { bytes: PDF, name: 'x.pdf' }, { kind: 'indicator', indicator: 'residence' }), 400);
      expect(wrongIndicator.error.fields?.map((f) => f.path)).toEqual(['indicator']);
      const json415 = await failure(await call('POST', url, { session: me, body: { file: 'x' } }), 400);
      expect(json415.error.fields?.[0]?.path).toBe('file');
      // Without the CSRF token: refused.
      expect((await failure(await upload(url, me, { bytes: PNG, name: 'x.png' }, { kind: 'other' }, { csrf: false }), 403)).error.code).toBe('CSRF');

      expect(await evidenceRows(id)).toBe(0);
      expect(filesUnder(t.evidenceDir)).toHaveLength(before);
    });

    it('answers a file over 10 MiB with 413 naming the limit, whether the body or the file is too large; nothing is stored', async () => {
      const me = await applicant(401);
      const id = await draft(me);
      const url = `/api/v1/applicant/applications/${id}/evidence`;
      const before = filesUnder(t.evidenceDir).length;
      // Just over the limit: the body fits the form's margin, the file does not fit the limit.
      const over = Buffer.concat([PNG, Buffer.alloc(10 * MiB + 1 - PNG.length)]);
      const a = await failure(await upload(url, me, { bytes: over, name: 'big.png' }, { kind: 'other' }), 413);
      expect(a.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: '文件过大:10.0 MB,每个文件不能超过 10 MB' });
      // Far over: refused before the form is read.
      const far = Buffer.concat([PNG, Buffer.alloc(12 * MiB)]);
      const b = await failure(await upload(url, me, { bytes: far, name: 'huge.png' }, { kind: 'other' }, { lang: 'en' }), 413);
      expect(b.error.code).toBe('PAYLOAD_TOO_LARGE');
      expect(b.error.message).toMatch(/^the file is too large: each file may be at most 10 MB/);
      expect(await evidenceRows(id)).toBe(0);
      expect(filesUnder(t.evidenceDir)).toHaveLength(before);
    });

    it("another person's application and its files are not found; the same content uploaded twice is one file", async () => {
      const mine = await applicant(401);
      const id = await draft(mine);
      const url = `/api/v1/applicant/applications/${id}/evidence`;
      const first = await json<Item>(await upload(url, mine, { bytes: PNG, name: 'a.png' }, { kind: 'other' }), 201);
      const again = await json<Item>(await upload(url, mine, { bytes: PNG, name: 'b.png' }, { kind: 'identity' }), 201);
      expect(again.id).not.toBe(first.id);
      expect(filesUnder(t.evidenceDir).filter((f) => path.basename(f) === sha(PNG))).toHaveLength(1);

      const other = await applicant(402);
      expect((await failure(await call('GET', url, { session: other }), 404)).error.code).toBe('NOT_FOUND');
      expect((await failure(await upload(url, other, { bytes: PDF, name: 'x.pdf' }, { kind: 'other' }), 404)).error.code).toBe('NOT_FOUND');
      expect((await failure(await call('GET', `${url}/${first.id}/content`, { session: other }), 404)).error.code).toBe('NOT_FOUND');
      expect((await failure(await call('DELETE', `${url}/${first.id}`, { session: other }), 404)).error.code).toBe('NOT_FOUND');
      expect((await failure(await call('GET', `/api/v1/applicant/applications/${id}/reusable`, { session: other }), 404)).error.code).toBe('NOT_FOUND');
      // An item of one application asked for under another of one's own: not found either.
      const otherDraft = await draft(other);
      expect((await failure(await call('GET', `/api/v1/applicant/applications/${otherDraft}/evidence/${first.id}/content`, { session: other }), 404)).error.code).toBe('NOT_FOUND');
      expect((await failure(await call('GET', url), 401)).error.code).toBe('UNAUTHENTICATED');
    });

    it('staff scan at the window within their district; another district is 403; the city views but does not add', async () => {
      const me = await applicant(402);
      const id = await draft(me);
      const own = `/api/v1/applicant/applications/${id}/evidence`;
      const mine = await json<Item>(await upload(own, me, { bytes: PDF, name: '房产证.pdf' }, { kind: 'indicator', indicator: 'housing' }), 201);
      await json(await call('POST', `/api/v1/applicant/applications/${id}/submit`, { session: me }), 200);
      // Submitted: the applicant can no longer add or remove.
      expect((await failure(await upload(own, me, { bytes: PNG, name: 'late.png' }, { kind: 'other' }), 409)).error.code).toBe('INVALID_TRANSITION');
      expect((await failure(await call('DELETE', `${own}/${mine.id}`, { session: me }), 409)).error.code).toBe('INVALID_TRANSITION');

      const url = `/api/v1/staff/applications/${id}/evidence`;
      const clerk = await staff('clerk');
      const scanned = await json<Item>(await upload(url, clerk, { bytes: JPEG, name: 'scan-001.jpg' }, { kind: 'handwritten_permit' }), 201);
      expect(scanned).toMatchObject({ uploadedVia: 'window', uploadedBy: `staff:${clerkId}`, kind: 'handwritten_permit' });
      const listed = await json<{ items: Item[] }>(await call('GET', url, { session: clerk }), 200);
      expect(listed.items.map((i) => i.id)).toEqual([mine.id, scanned.id]);
      const view = await call('GET', `/api/v1/staff/evidence/${mine.id}/content`, { session: clerk });
      expect(view.status).toBe(200);
      expect(view.headers.get('content-type')).toBe('application/pdf');
      expect(Buffer.from(await view.arrayBuffer())).toEqual(PDF);

      const other = await staff('other');
      expect((await failure(await call('GET', url, { session: other }), 403)).error.code).toBe('FORBIDDEN');
      expect((await failure(await upload(url, other, { bytes: PNG, name: 'x.png' }, { kind: 'other' }), 403)).error.code).toBe('FORBIDDEN');
      expect((await failure(await call('GET', `/api/v1/staff/evidence/${mine.id}/content`, { session: other }), 403)).error.code).toBe('FORBIDDEN');

      const city = await staff('city');
      expect((await json<{ items: Item[] }>(await call('GET', url, { session: city }), 200)).items).toHaveLength(2);
      expect((await call('GET', `/api/v1/staff/evidence/${scanned.id}/content`, { session: city })).status).toBe(200);
      expect((await failure(await upload(url, city, { bytes: PNG, name: 'x.png' }, { kind: 'other' }), 403)).error.code).toBe('FORBIDDEN');
      expect((await failure(await call('GET', '/api/v1/staff/evidence/999999/content', { session: city }), 404)).error.code).toBe('NOT_FOUND');
    });

    it('an item removed from a draft disappears for the applicant but stays, with its file, for the staff', async () => {
      const me = await applicant(403);
      const id = await draft(me);
      const url = `/api/v1/applicant/applications/${id}/evidence`;
      const kept = await json<Item>(await upload(url, me, { bytes: PNG, name: 'keep.png' }, { kind: 'identity' }), 201);
      const gone = await json<Item>(await upload(url, me, { bytes: PDF, name: 'wrong.pdf' }, { kind: 'other' }), 201);
      expect((await call('DELETE', `${url}/${gone.id}`, { session: me })).status).toBe(204);
      expect((await failure(await call('DELETE', `${url}/${gone.id}`, { session: me }), 404)).error.code).toBe('NOT_FOUND');
      expect((await json<{ items: Item[] }>(await call('GET', url, { session: me }), 200)).items.map((i) => i.id)).toEqual([kept.id]);
      expect((await failure(await call('GET', `${url}/${gone.id}/content`, { session: me }), 404)).error.code).toBe('NOT_FOUND');

      const clerk = await staff('clerk');
      const all = await json<{ items: Item[] }>(await call('GET', `/api/v1/staff/applications/${id}/evidence?includeRemoved=true`, { session: clerk }), 200);
      expect(all.items.find((i) => i.id === gone.id)?.removedAt).toBe(clock.toISOString());
      expect((await json<{ items: Item[] }>(await call('GET', `/api/v1/staff/applications/${id}/evidence`, { session: clerk }), 200)).items.map((i) => i.id)).toEqual([kept.id]);
      const res = await call('GET', `/api/v1/staff/evidence/${gone.id}/content`, { session: clerk });
      expect(Buffer.from(await res.arrayBuffer())).toEqual(PDF);
      expect(fs.existsSync(path.join(t.evidenceDir, sha(PDF).slice(0, 2), sha(PDF).slice(2, 4), sha(PDF)))).toBe(true);
    });

    it("reuses last cycle's items online once the applicant confirms each: a confirmed item pointing at the same file", async () => {
      const me = await applicant(403);
      // Last cycle: filed, finished. (The draft of the previous test is withdrawn first.)
      for (const a of (await json<{ applications: Array<{ id: number; state: string }> }>(await call('GET', '/api/v1/applicant/applications', { session: me }), 200)).applications) {
        if (a.state === 'draft') await json(await call('POST', `/api/v1/applicant/applications/${a.id}/withdraw`, { session: me }), 200);
      }
      const last = await draft(me);
      const lastUrl = `/api/v1/applicant/applications/${last}/evidence`;
      const degree = await json<Item>(await upload(lastUrl, me, { bytes: PDF, name: '学位证书.pdf' }, { kind: 'indicator', indicator: 'education' }), 201);
      const photo = await json<Item>(await upload(lastUrl, me, { bytes: JPEG, name: '居住证.jpg' }, { kind: 'permit' }), 201);
      await finish(last, me, `/api/v1/applicant/applications/${last}/submit`);
      const files = filesUnder(t.evidenceDir).length;

      const now = await draft(me);
      const reusable = await json<{ fromApplicationId: number; items: Item[] }>(await call('GET', `/api/v1/applicant/applications/${now}/reusable`, { session: me }), 200);
      expect(reusable.fromApplicationId).toBe(last);
      expect(reusable.items.map((i) => i.id)).toEqual([degree.id, photo.id]);
      // The applicant may look at last year's item before confirming it.
      expect((await call('GET', `${lastUrl}/${degree.id}/content`, { session: me })).status).toBe(200);

      const reused = await json<Item>(await call('POST', `/api/v1/applicant/applications/${now}/evidence/reuse`, { session: me, body: { evidenceId: degree.id } }), 201);
      expect(reused).toMatchObject({
        applicationId: now,
        kind: 'indicator',
        indicator: 'education',
        mime: 'application/pdf',
        name: '学位证书.pdf',
        reusedFrom: degree.id,
        uploadedVia: 'online',
        confirmed: { by: `person:${ids[2]}`, onBehalfOf: null, at: clock.toISOString() },
      });
      const content = await call('GET', `/api/v1/applicant/applications/${now}/evidence/${reused.id}/content`, { session: me });
      expect(Buffer.from(await content.arrayBuffer())).toEqual(PDF);
      expect(filesUnder(t.evidenceDir)).toHaveLength(files);

      const left = await json<{ items: Item[] }>(await call('GET', `/api/v1/applicant/applications/${now}/reusable`, { session: me }), 200);
      expect(left.items.map((i) => i.id)).toEqual([photo.id]);
      expect((await failure(await call('POST', `/api/v1/applicant/applications/${now}/evidence/reuse`, { session: me, body: { evidenceId: degree.id } }), 409)).error.code).toBe('CONFLICT');
      // Only last cycle's items: not this application's own, not someone else's.
      expect((await failure(await call('POST', `/api/v1/applicant/applications/${now}/evidence/reuse`, { session: me, body: { evidenceId: reused.id } }), 404)).error.code).toBe('NOT_FOUND');
      const stranger = (await t.store.db.selectFrom('evidence').select('id').where('uploaded_by', '=', `person:${ids[0]}`).executeTakeFirstOrThrow()).id;
      expect((await failure(await call('POST', `/api/v1/applicant/applications/${now}/evidence/reuse`, { session: me, body: { evidenceId: Number(stranger) } }), 404)).error.code).toBe('NOT_FOUND');
      expect((await failure(await call('POST', `/api/v1/applicant/applications/${now}/evidence/reuse`, { session: me, body: { evidenceId: 'x' } }), 400)).error.code).toBe('INVALID_INPUT');
    });

    it("at the window the clerk records the applicant's confirmation of a reused item, on the applicant's behalf", async () => {
      const clerk = await staff('clerk');
      const personId = ids[0]!;
      const create = async (): Promise<number> =>
        (await json<{ id: number }>(await call('POST', '/api/v1/staff/applications', { session: clerk, body: { personId, intendedUse: 'settlement', channel: 'window' } }), 201)).id;
      // Person 401's earlier drafts are withdrawn; the last cycle is filed at the window.
      const me = await applicant(401);
      for (const a of (await json<{ applications: Array<{ id: number; state: string }> }>(await call('GET', '/api/v1/applicant/applications', { session: me }), 200)).applications) {
        if (a.state === 'draft') await json(await call('POST', `/api/v1/applicant/applications/${a.id}/withdraw`, { session: me }), 200);
      }
      const last = await create();
      const scan = await json<Item>(await upload(`/api/v1/staff/applications/${last}/evidence`, clerk, { bytes: PNG, name: '暂住证.png' }, { kind: 'handwritten_permit' }), 201);
      await finish(last, clerk, `/api/v1/staff/applications/${last}/submit`);

      const now = await create();
      const reusable = await json<{ fromApplicationId: number; items: Item[] }>(await call('GET', `/api/v1/staff/applications/${now}/reusable`, { session: clerk }), 200);
      expect(reusable).toMatchObject({ fromApplicationId: last, items: [{ id: scan.id }] });
      const unconfirmed = await failure(await call('POST', `/api/v1/staff/applications/${now}/evidence/reuse`, { session: clerk, body: { evidenceId: scan.id } }), 400);
      expect(unconfirmed.error.fields?.map((f) => f.path)).toEqual(['confirmedByApplicant']);
      const reused = await json<Item>(
        await call('POST', `/api/v1/staff/applications/${now}/evidence/reuse`, { session: clerk, body: { evidenceId: scan.id, confirmedByApplicant: true } }),
        201,
      );
      expect(reused).toMatchObject({ reusedFrom: scan.id, uploadedVia: 'window', confirmed: { by: `staff:${clerkId}`, onBehalfOf: `person:${personId}` } });
      const other = await staff('other');
      expect((await failure(await call('POST', `/api/v1/staff/applications/${now}/evidence/reuse`, { session: other, body: { evidenceId: scan.id, confirmedByApplicant: true } }), 403)).error.code).toBe('FORBIDDEN');
    });

    it('a guardian who filed for the applicant adds material as their agent; other people still see nothing', async () => {
      const clerk = await staff('clerk');
      const body = { personId: ids[2], intendedUse: 'settlement', channel: 'window', filedBy: 'guardian', filedByRef: `person:${ids[1]}` };
      const id = (await json<{ id: number }>(await call('POST', '/api/v1/staff/applications', { session: clerk, body }), 201)).id;
      const url = `/api/v1/applicant/applications/${id}/evidence`;
      const guardian = await applicant(402);
      const item = await json<Item>(await upload(url, guardian, { bytes: PDF, name: '监护关系证明.pdf' }, { kind: 'relationship' }), 201);
      expect(item).toMatchObject({ kind: 'relationship', uploadedBy: `person:${ids[1]}`, uploadedVia: 'online' });
      expect((await json<{ items: Item[] }>(await call('GET', url, { session: guardian }), 200)).items.map((i) => i.id)).toEqual([item.id]);
      expect((await failure(await call('GET', url, { session: await applicant(401) }), 404)).error.code).toBe('NOT_FOUND');
    });

    it('every upload, removal, reuse and staff view is in the audit chain, which still verifies; no full ID number reaches the logs', async () => {
      const events = await t.store.db.selectFrom('audit_event').select(['action', 'actor', 'subject', 'detail']).where('action', 'like', 'evidence.%').execute();
      const actions = new Set(events.map((e) => e.action));
      expect([...actions].sort()).toEqual(['evidence.remove', 'evidence.reuse', 'evidence.upload', 'evidence.view']);
      const rows = await t.store.db.selectFrom('evidence').select(['id', 'application_id']).execute();
      const uploads = events.filter((e) => e.action === 'evidence.upload' || e.action === 'evidence.reuse');
      expect(uploads).toHaveLength(rows.length);
      for (const r of rows) {
        expect(uploads.some((e) => e.subject === `application:${Number(r.application_id)}` && (JSON.parse(e.detail) as { evidenceId: number }).evidenceId === Number(r.id))).toBe(true);
      }
      // File names may carry personal data: never in the audit log.
      expect(JSON.stringify(events)).not.toContain('学位证书');
      expect(await verifyAudit(t.store.db)).toMatchObject({ ok: true });
      const logs = t.logs.join('\n');
      for (const seq of [401, 402, 403]) expect(logs).not.toContain(testIdNumber(seq));
      expect(logs).toContain('/evidence');
    });
  });
}
