/**
 * Evidence (证明材料) over HTTP: the applicant uploads, lists, views, removes and reuses last cycle's
 * material of their own applications; window clerks and reviewers scan material in, view it and
 * record the applicant's confirmation of reused items (2020 FAQ Q10), within their district.
 *
 * Uploads are `multipart/form-data` with the fields `file`, `kind` and, for kind 'indicator',
 * `indicator`. These routes read their own bodies with their own limit (the file limit plus room for
 * the form), so they are mounted before the app's 1 MB limit on /api/*; a larger body is a 413 that
 * says the limit. Files are sent back with the type their bytes showed at upload, inline, never
 * sniffed, never cached. Paths on disk and hashes are never sent.
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import type { ApplicantAuthService } from '../../services/applicant-auth.ts';
import type { ApplicationRecord, ApplicationService, Who } from '../../services/applications.ts';
import type { AuthService } from '../../services/auth.ts';
import type { AgentService } from '../../services/authorisations.ts';
import type { EmployerAuthService } from '../../services/employer-auth.ts';
import { AppError, invalidInput } from '../../services/errors.ts';
import { uploadFieldErrors, type EvidenceRecord, type EvidenceService } from '../../services/evidence.ts';
import type { PeopleRepository } from '../../storage/repositories/people.ts';
import { requireApplicant } from './applicant.ts';
import { requireEmployer } from './employer.ts';
import { appId, applicantWho, assertStaffDistrict, staffWho } from './applications.ts';
import { body, requireStaff } from './staff.ts';

export interface EvidenceRouteDeps {
  evidence: EvidenceService;
  applications: ApplicationService;
  applicantAuth: ApplicantAuthService;
  auth: AuthService;
  people: PeopleRepository;
  /** An employer under a live authorisation uploads the written authorisation and the employee's materials. */
  employerAuth: EmployerAuthService;
  agents: AgentService;
}

/** Room for the multipart boundaries and the other fields around the file. */
const FORM_MARGIN = 64 * 1024;
const JSON_LIMIT = 16 * 1024;

const applicantReuseSchema = z.strictObject({ evidenceId: z.number().int().positive() });
const staffReuseSchema = z.strictObject({ evidenceId: z.number().int().positive(), confirmedByApplicant: z.literal(true) });
const UPLOAD_FIELDS = ['file', 'kind', 'indicator'];

/** What is sent of an item: never its hash or where it is stored. */
export function presentEvidence(e: EvidenceRecord): Record<string, unknown> {
  return {
    id: e.id,
    applicationId: e.applicationId,
    kind: e.kind,
    indicator: e.indicator,
    mime: e.mime,
    size: e.size,
    name: e.originalName,
    uploadedAt: e.uploadedAt,
    uploadedBy: e.uploadedBy,
    uploadedVia: e.uploadedVia,
    reusedFrom: e.reusedFrom,
    confirmed: e.confirmedAt === null ? null : { by: e.confirmedBy, onBehalfOf: e.confirmedOnBehalfOf, at: e.confirmedAt },
    removedAt: e.removedAt,
  };
}

/** `inline; filename="material.pdf"; filename*=UTF-8''%E5%AD%A6…` (RFC 6266 / 5987). */
export function inlineDisposition(name: string): string {
  const ext = /\.[A-Za-z0-9]{1,8}$/.exec(name)?.[0] ?? '';
  const ascii = name.replace(/[^\x20-\x7e]/g, '').replace(/["\\;]/g, '').trim();
  const fallback = ascii === '' || ascii === ext ? `material${ext}` : ascii;
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `inline; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

function sendFile(f: { bytes: Uint8Array; mime: string; name: string }): Response {
  const headers: Record<string, string> = {
    'Content-Type': f.mime,
    'Content-Length': String(f.bytes.byteLength),
    'Content-Disposition': inlineDisposition(f.name),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  };
  return new Response(new Uint8Array(f.bytes), { status: 200, headers });
}

const noItem = (): AppError => new AppError('NOT_FOUND', { 'zh-CN': '没有找到此项材料', en: 'no such evidence item' });
const notFound = (): AppError => new AppError('NOT_FOUND', { 'zh-CN': '没有找到此积分申请', en: 'no such application' });

function evidenceId(c: Context): number {
  const id = Number(c.req.param('eid'));
  if (!Number.isSafeInteger(id) || id < 1) throw noItem();
  return id;
}

/** The fields of an upload form; every problem of the form is listed at once. */
async function uploadForm(c: Context): Promise<{ bytes: Uint8Array; name: string; kind: string; indicator: string | null }> {
  const type = c.req.header('content-type') ?? '';
  if (!/^multipart\/form-data\s*;/i.test(type)) {
    throw new AppError(
      'INVALID_INPUT',
      { 'zh-CN': '请以 multipart/form-data 上传,字段为 file、kind(及 indicator)', en: 'upload as multipart/form-data with the fields file, kind (and indicator)' },
      [{ path: 'file', message: 'expected a multipart/form-data body' }],
    );
  }
  let form: FormData;
  try {
    form = await c.req.formData();
  } catch {
    throw new AppError('INVALID_INPUT', { 'zh-CN': '上传的表单无法解析,请重新上传', en: 'the upload form cannot be read; upload it again' }, [{ path: 'file', message: 'malformed multipart body' }]);
  }
  const fields: { path: string; message: string }[] = [];
  for (const key of new Set(form.keys())) {
    if (!UPLOAD_FIELDS.includes(key)) fields.push({ path: key, message: 'unknown field' });
    else if (form.getAll(key).length > 1) fields.push({ path: key, message: key === 'file' ? 'one file per upload' : 'given more than once' });
  }
  const file = form.get('file');
  const kind = form.get('kind');
  const indicator = form.get('indicator');
  if (!(file instanceof File)) fields.push({ path: 'file', message: 'required: the file to upload' });
  if (typeof kind !== 'string') fields.push({ path: 'kind', message: 'required' });
  if (indicator !== null && typeof indicator !== 'string') fields.push({ path: 'indicator', message: 'must be text' });
  // With any problem of the form, those of kind and indicator too: every field error at once.
  if (fields.length > 0 && typeof kind === 'string') fields.push(...uploadFieldErrors(kind, typeof indicator === 'string' ? indicator : null));
  if (fields.length > 0 || !(file instanceof File) || typeof kind !== 'string') throw invalidInput(fields);
  return { bytes: new Uint8Array(await file.arrayBuffer()), name: file.name, kind, indicator: typeof indicator === 'string' ? indicator : null };
}

function tooLargeBody(max: number, declared: number | undefined): AppError {
  const mb = (n: number): string => `${Math.round((n / (1024 * 1024)) * 10) / 10} MB`;
  const size = declared !== undefined && Number.isFinite(declared) ? { zh: `(本次上传 ${mb(declared)})`, en: ` (this upload is ${mb(declared)})` } : { zh: '', en: '' };
  return new AppError(
    'PAYLOAD_TOO_LARGE',
    { 'zh-CN': `文件过大:每个文件不能超过 ${mb(max)}${size.zh}`, en: `the file is too large: each file may be at most ${mb(max)}${size.en}` },
    [{ path: 'file', message: `larger than ${max} bytes` }],
  );
}

/** Mounted at / (full paths), before the app's 1 MB body limit. */
export function evidenceRoutes(d: EvidenceRouteDeps): Hono {
  const r = new Hono();
  const applicantBase = '/api/v1/applicant/applications/:id';
  const staffBase = '/api/v1/staff/applications/:id';
  const employerBase = '/api/v1/employer/applications/:id';
  for (const p of [`${employerBase}/evidence`, `${employerBase}/evidence/*`, `${applicantBase}/evidence`, `${applicantBase}/evidence/*`, `${applicantBase}/reusable`, `${staffBase}/evidence`, `${staffBase}/evidence/*`, `${staffBase}/reusable`, '/api/v1/staff/evidence/*']) {
    r.use(p, async (c, next) => {
      await next();
      c.header('Cache-Control', 'no-store');
    });
  }
  const uploadLimit: MiddlewareHandler = bodyLimit({
    maxSize: d.evidence.maxBytes + FORM_MARGIN,
    onError: (c) => {
      throw tooLargeBody(d.evidence.maxBytes, Number(c.req.header('content-length') ?? NaN));
    },
  });
  const jsonLimit: MiddlewareHandler = bodyLimit({
    maxSize: JSON_LIMIT,
    onError: () => {
      throw new AppError('PAYLOAD_TOO_LARGE', { 'zh-CN': '请求体过大', en: 'the request body is too large' });
    },
  });

  // The applicant: only applications they may see; another's is "not found".
  const mine = async (c: Context): Promise<{ who: Who; a: ApplicationRecord }> => {
    const p = await requireApplicant(c, d.applicantAuth);
    const a = await d.applications.get(appId(c));
    const who = applicantWho(p, a);
    if (!who) throw notFound();
    return { who, a };
  };

  r.post(`${applicantBase}/evidence`, uploadLimit, async (c) => {
    const { who, a } = await mine(c);
    const f = await uploadForm(c);
    const e = await d.evidence.upload(who, a.id, { bytes: f.bytes, declaredName: f.name, kind: f.kind, indicator: f.indicator, via: 'online' });
    return c.json(presentEvidence(e), 201);
  });

  r.get(`${applicantBase}/evidence`, async (c) => {
    const { a } = await mine(c);
    return c.json({ items: (await d.evidence.list(a.id)).map(presentEvidence) });
  });

  r.post(`${applicantBase}/evidence/reuse`, jsonLimit, async (c) => {
    const { who, a } = await mine(c);
    const b = await body(c, applicantReuseSchema);
    // Online, the applicant's own request is their confirmation of the item (Q10).
    return c.json(presentEvidence(await d.evidence.reuse(who, a.id, b.evidenceId, { confirmedByApplicant: true })), 201);
  });

  r.delete(`${applicantBase}/evidence/:eid`, async (c) => {
    const { who, a } = await mine(c);
    await d.evidence.remove(who, a.id, evidenceId(c));
    return c.body(null, 204);
  });

  r.get(`${applicantBase}/evidence/:eid/content`, async (c) => {
    const { a } = await mine(c);
    return sendFile(await d.evidence.content(evidenceId(c), { applicationId: a.id }));
  });

  r.get(`${applicantBase}/reusable`, async (c) => {
    const { a } = await mine(c);
    const { fromApplicationId, items } = await d.evidence.reusable(a.id);
    return c.json({ fromApplicationId, items: items.map(presentEvidence) });
  });

  // An employer: only the cases its live authorisations cover (AgentService#employerCase), else 404.
  const employerCase = async (c: Context): Promise<{ who: Who; a: ApplicationRecord }> => {
    const e = await requireEmployer(c, d.employerAuth);
    const a = await d.agents.employerCase(e, appId(c));
    return { who: d.agents.employerWho(e), a };
  };

  r.post(`${employerBase}/evidence`, uploadLimit, async (c) => {
    const { who, a } = await employerCase(c);
    const f = await uploadForm(c);
    const e = await d.evidence.upload(who, a.id, { bytes: f.bytes, declaredName: f.name, kind: f.kind, indicator: f.indicator, via: 'employer' });
    return c.json(presentEvidence(e), 201);
  });

  r.get(`${employerBase}/evidence`, async (c) => {
    const { a } = await employerCase(c);
    return c.json({ items: (await d.evidence.list(a.id)).map(presentEvidence) });
  });

  r.get(`${employerBase}/evidence/:eid/content`, async (c) => {
    const { a } = await employerCase(c);
    return sendFile(await d.evidence.content(evidenceId(c), { applicationId: a.id }));
  });

  // Staff: clerks and district officers within their district; city and admin everywhere (to view).
  const staffCase = async (c: Context): Promise<{ who: Who; a: ApplicationRecord }> => {
    const u = await requireStaff(c, d.auth);
    const a = await d.applications.get(appId(c));
    await assertStaffDistrict(u, a.personId, d.people);
    return { who: staffWho(u), a };
  };

  r.post(`${staffBase}/evidence`, uploadLimit, async (c) => {
    const { who, a } = await staffCase(c);
    const f = await uploadForm(c);
    const e = await d.evidence.upload(who, a.id, { bytes: f.bytes, declaredName: f.name, kind: f.kind, indicator: f.indicator, via: 'window' });
    return c.json(presentEvidence(e), 201);
  });

  r.get(`${staffBase}/evidence`, async (c) => {
    const { a } = await staffCase(c);
    const includeRemoved = c.req.query('includeRemoved') === 'true';
    return c.json({ items: (await d.evidence.list(a.id, { includeRemoved })).map(presentEvidence) });
  });

  r.get(`${staffBase}/reusable`, async (c) => {
    const { a } = await staffCase(c);
    const { fromApplicationId, items } = await d.evidence.reusable(a.id);
    return c.json({ fromApplicationId, items: items.map(presentEvidence) });
  });

  r.post(`${staffBase}/evidence/reuse`, jsonLimit, async (c) => {
    const { who, a } = await staffCase(c);
    const b = await body(c, staffReuseSchema);
    return c.json(presentEvidence(await d.evidence.reuse(who, a.id, b.evidenceId, { confirmedByApplicant: b.confirmedByApplicant })), 201);
  });

  r.get('/api/v1/staff/evidence/:eid/content', async (c) => {
    const u = await requireStaff(c, d.auth);
    const item = await d.evidence.item(evidenceId(c));
    const a = await d.applications.get(item.applicationId);
    await assertStaffDistrict(u, a.personId, d.people);
    return sendFile(await d.evidence.content(item.id, { includeRemoved: true, viewer: staffWho(u) }));
  });

  return r;
}
