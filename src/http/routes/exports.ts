/**
 * The staff console's lists and their Excel exports. The JSON work list and its .xlsx come from the
 * same rows (src/services/exports.ts), so the export is exactly what the screen shows: district
 * scope, masking and order. Files are sent as attachments with a Chinese name (RFC 5987
 * `filename*=UTF-8''…` with an ASCII fallback), never cached, and every export is audited.
 * Mounted at /api/v1/staff.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AuthService } from '../../services/auth.ts';
import { ExportService, type ExportFile } from '../../services/exports.ts';
import { StaffRepository } from '../../storage/repositories/staff.ts';
import type { AppDeps } from '../app.ts';
import { body, requireStaff } from './staff.ts';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface ExportRouteDeps {
  auth: AuthService;
  exports: ExportService;
}

const searchSchema = z.strictObject({ query: z.string().max(64) });

/** `attachment; filename="export.xlsx"; filename*=UTF-8''%E7%A7%AF…` */
export function contentDisposition(filename: string, ext = '.xlsx'): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '').replace(/["\\]/g, '').replace(/^[-_ ]+/, '') || `export${ext}`;
  return `attachment; filename="${ascii.endsWith(ext) ? ascii : `export${ext}`}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** An xlsx file as the answer: attachment, its Chinese name, the row count, never cached. */
export function sendXlsx(f: ExportFile): Response {
  return new Response(new Uint8Array(f.body), {
    status: 200,
    headers: {
      'Content-Type': XLSX_TYPE,
      'Content-Disposition': contentDisposition(f.filename),
      'Content-Length': String(f.body.length),
      'Cache-Control': 'no-store',
      'X-Export-Rows': String(f.rows),
    },
  });
}

const districtParam = (c: Context): string | null => {
  const d = c.req.query('district');
  return d === undefined || d === '' ? null : d;
};

/** The wiring from the app's services, so that mounting the routes is one line in app.ts. */
export function exportRoutesFrom(deps: AppDeps): Hono {
  const exports = new ExportService({
    applications: deps.applications.applications,
    people: deps.applications.people,
    peopleService: deps.staff.people,
    sms: deps.outbox.sms,
    staff: new StaffRepository(deps.store.db),
    now: deps.now,
  });
  return exportRoutes({ auth: deps.staff.auth, exports });
}

export function exportRoutes(d: ExportRouteDeps): Hono {
  const r = new Hono();
  r.use('*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });

  // The work queues with the applicant masked (the plain queue of routes/applications.ts has no names).
  r.get('/worklist', async (c) => {
    const u = await requireStaff(c, d.auth);
    return c.json({ rows: await d.exports.worklist(u, c.req.query('state') ?? 'submitted', districtParam(c)) });
  });

  r.get('/exports/applications.xlsx', async (c) => {
    const u = await requireStaff(c, d.auth);
    return sendXlsx(await d.exports.applicationsXlsx(u, c.req.query('state') ?? 'submitted', districtParam(c)));
  });

  r.get('/exports/sms-outbox.xlsx', async (c) => {
    const u = await requireStaff(c, d.auth);
    return sendXlsx(await d.exports.outboxXlsx(u));
  });

  // A POST: the query may be a full ID number or phone, which never goes into a URL.
  r.post('/exports/people.xlsx', async (c) => {
    const u = await requireStaff(c, d.auth);
    const { query } = await body(c, searchSchema);
    return sendXlsx(await d.exports.peopleXlsx(u, query));
  });

  return r;
}
