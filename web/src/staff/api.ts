/**
 * The staff API as the console calls it: same origin, the session in an http-only cookie, the CSRF
 * token in `X-CSRF-Token` on every request that is not a GET, `?lang=en` when the page is English so
 * that error messages and the engine's texts come back in the page's language. Personal data goes
 * only in request bodies, never in URLs.
 *
 * The shapes mirror src/services/people.ts and src/services/auth.ts (web/ may not import services).
 */
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

export function createApi(o: ApiOptions) {
  async function request<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, signIn = false): Promise<T> {
    const url = `${BASE}${path}${o.lang === 'en' ? '?lang=en' : ''}`;
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET' && o.csrfToken !== null) headers['X-CSRF-Token'] = o.csrfToken;
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers,
        credentials: 'same-origin',
        cache: 'no-store',
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch {
      throw new ApiError(0, 'NETWORK', o.networkMessage);
    }
    if (res.status === 204) return undefined as T;
    let data: unknown;
    try {
      data = await res.json();
    } catch {
      data = null;
    }
    if (!res.ok) {
      if (res.status === 401 && !signIn) o.onUnauthenticated();
      if (isErrorBody(data)) throw new ApiError(res.status, data.error.code, data.error.message, data.error.fields ?? []);
      throw new ApiError(res.status, 'HTTP', `HTTP ${res.status}`);
    }
    return data as T;
  }

  return {
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
  };
}

export type Api = ReturnType<typeof createApi>;
