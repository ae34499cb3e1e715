/**
 * The portal's calls to the API: same origin, the session in an http-only cookie, the session's CSRF
 * token in `X-CSRF-Token` on everything but GET, `?lang=en` when the page is English so the server's
 * messages come back in the page's language. Personal data goes only in bodies, never in URLs.
 *
 * The shapes mirror the routes (src/http/routes/{applicant,applications,evidence,employer,agents,
 * public-info}.ts); web/ may not import server code, so they are written out here.
 */
import type { ApplicationState } from '../../../src/domain/application.ts';
import type { EvidenceKind, Lang } from './i18n.ts';

export interface FieldError {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldError[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type IntendedUse = 'settlement' | 'school';

export interface Child {
  name: string;
  birthDate: string;
}

export interface Application {
  id: number;
  personId: number;
  channel: 'online' | 'window';
  intendedUse: IntendedUse;
  child: Child | null;
  filedByKind: 'self' | 'employer' | 'guardian' | 'clerk';
  state: ApplicationState;
  createdAt: string;
  submittedAt: string | null;
  acceptedOn: string | null;
  resultVisibleOn: string | null;
  resultProvisional: boolean | null;
  publishedAt: string | null;
  policyVersion: string | null;
  factsJson: string | null;
  totalH: number | null;
  eligible: boolean | null;
  refusedReason: string | null;
  returnReason: string | null;
  /** The facts declared with this application (PUT …/declarations), or null. */
  declared: Record<string, unknown> | null;
  version: number;
  /** In the applicant's list: their own, or one they filed for someone else. */
  role?: 'principal' | 'agent';
}

export interface Evidence {
  id: number;
  applicationId: number;
  kind: EvidenceKind;
  indicator: string | null;
  mime: string;
  size: number;
  name: string;
  uploadedAt: string;
  uploadedVia: string;
  reusedFrom: number | null;
  confirmed: { by: string; onBehalfOf: string | null; at: string } | null;
  removedAt?: string | null;
}

/** As src/services/authorisations.ts sends it (AuthorisationView). */
export interface Authorisation {
  id: number;
  scope: 'apply' | 'apply_and_track';
  validFrom: string;
  expiresOn: string;
  status: 'pending' | 'verified' | 'rejected' | 'revoked';
  /** 'expired' when the stored status is usable but its last day has passed. */
  effectiveStatus: 'pending' | 'verified' | 'rejected' | 'revoked' | 'expired';
  usable: boolean;
  organisation: { id: number; name: string; creditCode: string };
  /** The name as on record; the ID number masked. */
  person: { id: number; name: string; idNumber: string };
}

export interface PublicWindow {
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

export interface ApplicantPerson {
  id: number;
  name: string;
  idNumber: string;
}

/** The signed-in HR officer (src/services/employer-auth.ts EmployerIdentity). */
export interface EmployerAccount {
  accountId: number;
  organisationId: number;
  organisationName: string;
  username: string;
  displayName: string;
  /** Masked. */
  agentIdNumber: string;
}

let csrfToken = '';
let language: Lang = 'zh-CN';

export function setCsrf(token: string): void {
  csrfToken = token;
}
export function setApiLang(lang: Lang): void {
  language = lang;
}

function withLang(url: string): string {
  if (language !== 'en') return url;
  return `${url}${url.includes('?') ? '&' : '?'}lang=en`;
}

async function send<T>(method: string, url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(withLang(url), { method, headers, credentials: 'same-origin', ...(payload === undefined ? {} : { body: payload }) });
  } catch {
    throw new ApiError(0, 'NETWORK', '');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? null : JSON.parse(text);
  } catch {
    parsed = null;
  }
  if (!res.ok) {
    const e = (parsed as { error?: { code?: string; message?: string; fields?: FieldError[] } } | null)?.error;
    throw new ApiError(res.status, e?.code ?? `HTTP_${res.status}`, e?.message ?? `HTTP ${res.status}`, e?.fields ?? []);
  }
  return parsed as T;
}

export const api = {
  get: <T>(url: string) => send<T>('GET', url),
  post: <T>(url: string, body?: unknown) => send<T>('POST', url, body ?? {}),
  put: <T>(url: string, body: unknown) => send<T>('PUT', url, body),
  del: <T>(url: string) => send<T>('DELETE', url),
  upload: <T>(url: string, form: FormData) => send<T>('POST', url, form),
};

/** Whose routes an application page calls: the applicant's own or the employer's. */
export type Side = 'applicant' | 'employer';
export const applicationsBase = (ch: Side): string => `/api/v1/${ch}/applications`;

// -- withdrawals and the other parent's confirmation (src/http/routes/settlement.ts) ----------

const versioned = (expectedVersion?: number): Record<string, number> => (expectedVersion === undefined ? {} : { expectedVersion });

/** 撤回 a settlement application (before the round is ranked). */
export const withdrawSettlement = <T>(id: number, expectedVersion?: number): Promise<T> => api.post<T>(`/api/v1/applicant/settlement/${id}/withdraw`, versioned(expectedVersion));

/** 撤回 a school application (before the round is allocated). */
export const withdrawSchool = <T>(id: number, expectedVersion?: number): Promise<T> => api.post<T>(`/api/v1/applicant/school/${id}/withdraw`, versioned(expectedVersion));

/** A school application naming me as the other parent, waiting for my decision (ConfirmationRequest). */
export interface SchoolConfirmationRequest {
  applicationId: number;
  roundId: number;
  roundName: string;
  childName: string;
  /** Masked. */
  childIdNumber: string;
  /** The applying parent's name, masked. */
  applicant: string;
  district: string;
  acceptedOn: string;
  version: number;
}

export const schoolConfirmations = (): Promise<{ requests: SchoolConfirmationRequest[] }> => api.get('/api/v1/applicant/school/confirmations');

/** Confirm (my points may count for the child) or decline. */
export const decideSchoolConfirmation = <T>(id: number, decision: 'confirm' | 'decline', expectedVersion?: number): Promise<T> =>
  api.post<T>(`/api/v1/applicant/school/${id}/confirm`, { decision, ...versioned(expectedVersion) });
