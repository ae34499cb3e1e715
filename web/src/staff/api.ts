/**
 * The staff API as the console calls it: same origin, the session in an http-only cookie, the CSRF
 * token in `X-CSRF-Token` on every request that is not a GET, `?lang=en` when the page is English so
 * that error messages and the engine's texts come back in the page's language. Personal data goes
 * only in request bodies, never in URLs.
 *
 * The shapes mirror src/services/people.ts, src/services/auth.ts, src/services/exports.ts, the
 * application record of src/storage/repositories/applications.ts and the evidence and agent routes
 * (web/ may not import services). Exports are fetched like any other call (so that a 401 ends the
 * session here too) and handed to the browser as a download.
 */
import type { ApplicationState } from '../../../src/domain/application.ts';
import type { Facts, Result } from '../../../src/rules/index.ts';
import type { Lang } from '../i18n.ts';

export type StaffRole = 'clerk' | 'district' | 'city' | 'admin';

export interface StaffUser {
  id: number;
  username: string;
  displayName: string;
  role: StaffRole;
  district: string | null;
}

export interface Session {
  user: StaffUser;
  csrfToken: string;
}

export interface PersonSummary {
  id: number;
  name: string;
  /** Masked: 330106********1234. */
  idNumber: string;
  /** Masked: 138****5678. */
  phone: string | null;
  district: string | null;
  birthDate: string;
}

export type PermitStatus = 'valid' | 'suspended' | 'terminated' | 'notIssued';

export interface PermitView {
  permitNo: string;
  kind: 'ic' | 'paper9';
  district: string;
  issuedOn: string;
  endorsements: string[];
  terminatedOn: string | null;
  status: PermitStatus;
  suspensions: Array<{ from: string; to: string }>;
  nextDeadline: string | null;
}

export interface ResidenceView {
  from: string;
  to: string | null;
  status: 'registered' | 'cancelled';
  source: 'police' | 'handwritten';
  verified: boolean;
}

export interface InsuranceView {
  scheme: 'pension' | 'medical';
  /** YYYY-MM, inclusive. */
  from: string;
  to: string;
  backPaid: boolean;
  transferredIn: boolean;
}

export type Declared = Omit<Facts, 'person' | 'permit' | 'residence' | 'socialInsurance'>;

export interface HistoryRow {
  asOf: string;
  policyVersion: string;
  total: number;
  eligible: boolean;
  items: Record<string, number>;
  factsDigest: string;
  runId: number;
}

export interface PersonView {
  person: PersonSummary & { sex: 'male' | 'female'; urbanHukou: boolean; fullCivilCapacity: boolean };
  permits: PermitView[];
  residence: ResidenceView[];
  insurance: InsuranceView[];
  declared: Declared;
  current: Result;
  history: HistoryRow[];
}

export interface Revealed {
  idNumber: string;
  phone: string | null;
}

export type Channel = 'online' | 'window';
export type IntendedUse = 'settlement' | 'school';
export type FiledBy = 'self' | 'employer' | 'guardian' | 'clerk';
export type GuardianGround = 'minor' | 'elderly' | 'disabled';
export type QueueState = 'submitted' | 'accepted' | 'returned' | 'determined' | 'published' | 'refused';

export interface Application {
  id: number;
  personId: number;
  channel: Channel;
  intendedUse: IntendedUse;
  child: { name: string; birthDate: string } | null;
  filedByKind: FiledBy;
  filedByRef: string;
  /** Masked. */
  agentIdNumber: string | null;
  guardianGround: GuardianGround | null;
  state: ApplicationState;
  createdAt: string;
  submittedAt: string | null;
  acceptedOn: string | null;
  resultVisibleOn: string | null;
  resultProvisional: boolean | null;
  determinedAt: string | null;
  publishedAt: string | null;
  policyVersion: string | null;
  factsJson: string | null;
  totalH: number | null;
  eligible: boolean | null;
  itemsH: number[] | null;
  refusedReason: string | null;
  returnReason: string | null;
  version: number;
}

export interface IndicatorReview {
  indicator: string;
  decision: 'accepted' | 'rejected';
  reason: string;
  decidedBy: string;
  decidedAt: string;
}

/** An employer's authorisation to file, as src/services/authorisations.ts presents it to staff. */
export interface Authorisation {
  id: number;
  scope: 'apply' | 'apply_and_track';
  validFrom: string;
  expiresOn: string;
  status: 'pending' | 'verified' | 'rejected' | 'revoked';
  effectiveStatus: 'pending' | 'verified' | 'rejected' | 'revoked' | 'expired';
  usable: boolean;
  checkReason: string | null;
  organisation: { id: number; name: string; creditCode: string };
  /** ID number masked. */
  person: { id: number; name: string; idNumber: string };
  version: number;
}

export interface CaseView {
  application: Application;
  reviews: IndicatorReview[];
  authorisation?: Authorisation | null;
}

export type EvidenceKind = 'permit' | 'identity' | 'authorisation' | 'relationship' | 'handwritten_permit' | 'indicator' | 'other';

export interface EvidenceItem {
  id: number;
  applicationId: number;
  kind: EvidenceKind;
  indicator: string | null;
  mime: string;
  size: number;
  name: string;
  uploadedAt: string;
  uploadedVia?: string;
  reusedFrom: number | null;
  confirmed: { by: string; onBehalfOf?: string | null; at: string } | null;
  removedAt?: string | null;
}

export interface WorklistRow {
  id: number;
  personId: number;
  applicant: string;
  idNumber: string;
  district: string | null;
  channel: Channel;
  intendedUse: IntendedUse;
  filedBy: FiledBy;
  submittedAt: string | null;
  acceptedOn: string | null;
  resultVisibleOn: string | null;
  resultProvisional: boolean | null;
  state: ApplicationState;
  version: number;
}

export interface OutboxRow {
  id: number;
  to: string;
  kind: string;
  text: string;
  status: string;
  createdAt: string;
  sentAt: string | null;
}

export interface ServiceWindow {
  id: number;
  district: string;
  districtName: string;
  name: string;
  address: string;
  phone: string;
  hours: string;
  note: string;
}

export interface Hotline {
  id: number;
  name: string;
  phone: string;
  hours: string;
}

export type WindowFields = Omit<ServiceWindow, 'id' | 'districtName'>;
export type HotlineFields = Omit<Hotline, 'id'>;

export interface WindowDraft {
  personId: number;
  intendedUse: IntendedUse;
  channel: 'window';
  child?: { name: string; birthDate: string } | null;
  filedBy?: FiledBy;
  /** The employer's name or credit code, or the guardian's name and relationship. */
  filedByRef?: string;
  agentIdNumber?: string | null;
  guardianGround?: GuardianGround | null;
}

/** A refusal from the server (`{error:{code,message,fields?}}`), or `NETWORK` when there was no answer. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Array<{ path: string; message: string }> = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ApiOptions {
  lang: Lang;
  csrfToken: string | null;
  /** Called on a 401 from anything but the sign-in itself: the session has ended. */
  onUnauthenticated: () => void;
  /** The page's own words for "the server did not answer". */
  networkMessage: string;
}

const BASE = '/api/v1/staff';

function isErrorBody(v: unknown): v is { error: { code: string; message: string; fields?: Array<{ path: string; message: string }> } } {
  if (typeof v !== 'object' || v === null || !('error' in v)) return false;
  const e = v.error;
  return typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' && 'message' in e && typeof e.message === 'string';
}

/** The file name of `attachment; filename="x.xlsx"; filename*=UTF-8''%E7%A7%AF…`, the UTF-8 one first. */
export function dispositionName(h: string | null): string | null {
  if (h === null) return null;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(h);
  if (star) {
    try {
      return decodeURIComponent(star[1]!);
    } catch {
      // fall through to the plain name
    }
  }
  return /filename="([^"]+)"/i.exec(h)?.[1] ?? null;
}

export function createApi(o: ApiOptions) {
  /** `/api/…` as it is; anything else under /api/v1/staff; `?lang=en` added for an English page. */
  function url(path: string): string {
    const full = path.startsWith('/api/') ? path : `${BASE}${path}`;
    if (o.lang !== 'en') return full;
    return `${full}${full.includes('?') ? '&' : '?'}lang=en`;
  }

  async function send(method: string, path: string, body: BodyInit | undefined, json: boolean, accept: string): Promise<Response> {
    const headers: Record<string, string> = { Accept: accept };
    if (json) headers['Content-Type'] = 'application/json';
    if (method !== 'GET' && o.csrfToken !== null) headers['X-CSRF-Token'] = o.csrfToken;
    try {
      return await fetch(url(path), { method, headers, credentials: 'same-origin', cache: 'no-store', ...(body !== undefined ? { body } : {}) });
    } catch {
      throw new ApiError(0, 'NETWORK', o.networkMessage);
    }
  }

  async function failure(res: Response, signIn: boolean): Promise<ApiError> {
    let data: unknown;
    try {
      data = await res.json();
    } catch {
      data = null;
    }
    if (res.status === 401 && !signIn) o.onUnauthenticated();
    if (isErrorBody(data)) return new ApiError(res.status, data.error.code, data.error.message, data.error.fields ?? []);
    return new ApiError(res.status, 'HTTP', `HTTP ${res.status}`);
  }

  async function request<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown, signIn = false): Promise<T> {
    const res = await send(method, path, body === undefined ? undefined : JSON.stringify(body), body !== undefined, 'application/json');
    if (res.status === 204) return undefined as T;
    if (!res.ok) throw await failure(res, signIn);
    return (await res.json()) as T;
  }

  /** Fetches a file and hands it to the browser as a download under the server's (Chinese) name. */
  async function download(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ filename: string; rows: number | null }> {
    const res = await send(method, path, body === undefined ? undefined : JSON.stringify(body), body !== undefined, '*/*');
    if (!res.ok) throw await failure(res, false);
    const filename = dispositionName(res.headers.get('content-disposition')) ?? 'export.xlsx';
    const rows = res.headers.get('x-export-rows');
    const blob = await res.blob();
    const href = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = href;
    a.download = filename;
    a.style.display = 'none';
    document.body.append(a);
    a.click();
    a.remove();
    // Revoked a little later: some browsers start the download asynchronously.
    setTimeout(() => URL.revokeObjectURL(href), 60_000);
    return { filename, rows: rows === null ? null : Number(rows) };
  }

  const q = (params: Record<string, string | null | undefined>): string => {
    const u = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') u.set(k, v);
    const s = u.toString();
    return s === '' ? '' : `?${s}`;
  };

  return {
    /** Any JSON call under /api/v1/staff (the objection pages build theirs on it: web/src/staff/objections-api.ts). */
    call: <T>(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): Promise<T> => request<T>(method, path, body),
    /** The current session, or null when nobody is signed in (a 401 here is not an expiry). */
    async session(): Promise<Session | null> {
      try {
        return await request<Session>('GET', '/session', undefined, true);
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    signIn: (username: string, password: string) => request<Session>('POST', '/session', { username, password }, true),
    signOut: () => request<undefined>('DELETE', '/session'),
    search: (query: string) => request<{ people: PersonSummary[]; truncated: boolean }>('POST', '/people/search', { query }),
    person: (id: number) => request<PersonView>('GET', `/people/${id}`),
    reveal: (id: number) => request<Revealed>('POST', `/people/${id}/reveal`, {}),
    exportPeople: (query: string) => download('POST', '/exports/people.xlsx', { query }),

    worklist: (state: QueueState, district: string | null) => request<{ rows: WorklistRow[] }>('GET', `/worklist${q({ state, district })}`),
    exportWorklist: (state: QueueState, district: string | null) => download('GET', `/exports/applications.xlsx${q({ state, district })}`),
    createWindowApplication: (d: WindowDraft) => request<Application>('POST', '/applications', d),
    case: (id: number) => request<CaseView>('GET', `/applications/${id}`),
    act: (id: number, action: 'submit' | 'accept' | 'determine', expectedVersion: number) =>
      request<Application>('POST', `/applications/${id}/${action}`, { expectedVersion }),
    actWithReason: (id: number, action: 'refuse' | 'return', reason: string, expectedVersion: number) =>
      request<Application>('POST', `/applications/${id}/${action}`, { reason, expectedVersion }),
    review: (id: number, indicator: string, decision: 'accepted' | 'rejected', reason: string, expectedVersion: number) =>
      request<Application>('POST', `/applications/${id}/review`, { indicator, decision, ...(reason !== '' ? { reason } : {}), expectedVersion }),
    evidence: (id: number) => request<{ items: EvidenceItem[] }>('GET', `/applications/${id}/evidence`),
    reusable: (id: number) => request<{ fromApplicationId: number | null; items: EvidenceItem[] }>('GET', `/applications/${id}/reusable`),
    reuse: (id: number, evidenceId: number) => request<EvidenceItem>('POST', `/applications/${id}/evidence/reuse`, { evidenceId, confirmedByApplicant: true }),
    async upload(id: number, file: File, kind: EvidenceKind, indicator: string | null): Promise<EvidenceItem> {
      const form = new FormData();
      form.append('kind', kind);
      if (indicator !== null) form.append('indicator', indicator);
      form.append('file', file, file.name);
      const res = await send('POST', `/applications/${id}/evidence`, form, false, 'application/json');
      if (!res.ok) throw await failure(res, false);
      return (await res.json()) as EvidenceItem;
    },
    /** Where the browser opens an item (same origin, the session cookie; never cached). */
    evidenceUrl: (eid: number): string => `${BASE}/evidence/${eid}/content`,
    authorisation: (aid: number, action: 'verify' | 'reject', reason?: string) =>
      request<Authorisation>('POST', `/authorisations/${aid}/${action}`, reason !== undefined ? { reason } : {}),

    outbox: () => request<{ messages: OutboxRow[] }>('GET', '/sms-outbox'),
    exportOutbox: () => download('GET', '/exports/sms-outbox.xlsx'),

    windows: () => request<{ windows: ServiceWindow[]; hotlines: Hotline[] }>('GET', '/api/v1/public/windows'),
    saveWindow: (id: number | null, f: WindowFields) => (id === null ? request<ServiceWindow>('POST', '/windows', f) : request<ServiceWindow>('PUT', `/windows/${id}`, f)),
    deleteWindow: (id: number) => request<undefined>('DELETE', `/windows/${id}`),
    saveHotline: (id: number | null, f: HotlineFields) => (id === null ? request<Hotline>('POST', '/hotlines', f) : request<Hotline>('PUT', `/hotlines/${id}`, f)),
    deleteHotline: (id: number) => request<undefined>('DELETE', `/hotlines/${id}`),
  };
}

export type Api = ReturnType<typeof createApi>;
