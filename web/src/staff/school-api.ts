/**
 * The console's calls for school rounds (积分入学, issue 6), on the console's one request function
 * (`Api.call`). The shapes mirror src/services/school-admission.ts and the school records of
 * src/storage/repositories/settlement.ts, which web/ may not import (the domain's pure types it
 * may). The results export is a plain same-origin link answered as an .xlsx attachment.
 */
import type { DistrictRules } from '../../../src/domain/school-allocation.ts';
import type { Api } from './api.ts';

export type { DistrictRules } from '../../../src/domain/school-allocation.ts';

export type SchoolRoundState = 'draft' | 'open' | 'closed' | 'allocated';
export type SchoolApplicationState = 'filed' | 'placed' | 'no_seat' | 'no_preferences' | 'ineligible' | 'withdrawn';

export interface SchoolRoundConfig {
  window: { opens: string; closes: string };
  ageOn: string;
  proofBy: string;
  districts: DistrictRules[];
}

export interface School {
  id: number;
  roundId: number;
  district: string;
  name: string;
  seats: number;
  filled: number | null;
  /** The lowest points placed, in hundredths; null before the allocation or when nobody was placed. */
  lowestPointsH: number | null;
}

export interface SchoolRound {
  id: number;
  name: string;
  config: SchoolRoundConfig;
  state: SchoolRoundState;
  allocatedAt: string | null;
  /** When the parents were texted the results; the allocation is final from then. */
  resultsSentAt: string | null;
  createdAt: string;
  version: number;
  schools: School[];
}

export interface SchoolResults {
  round: SchoolRound;
  /** Children masked by the server (张*三); points in points. */
  schools: Array<{ school: School; children: Array<{ applicationId: number; position: number | null; rank: number | null; child: string; points: number | null; choice: number | null; conditional: boolean }> }>;
  unplaced: Array<{ applicationId: number; district: string; child: string; state: SchoolApplicationState; points: number | null }>;
}

export type OtherParentStatus = 'none' | 'pending' | 'confirmed' | 'declined';
/** How the other parent's confirmation came: in their own portal session, or a clerk saw the document. */
export type OtherParentVia = 'portal' | 'birth_certificate' | 'hukou_book';
export type ParentageDocument = 'birth_certificate' | 'hukou_book';

/** An application of a round as staff see it (`GET …/rounds/:id/applications`): ID numbers masked by the server. */
export interface StaffSchoolApplication {
  id: number;
  roundId: number;
  district: string;
  childName: string;
  childIdNumber: string;
  childBirthDate: string;
  applicant: { name: string; idNumber: string };
  otherParent: { status: OtherParentStatus; decidedAt: string | null; via: OtherParentVia | null; known: boolean; name: string | null; idNumber: string | null; note: string | null };
  preferences: number[];
  preRegistered: boolean;
  acceptedOn: string;
  state: SchoolApplicationState;
  withdrawnAt: string | null;
  schoolId: number | null;
  choice: number | null;
  /** The points the child uses now, in points, and whose they are. */
  points: number | null;
  pointsFrom: 'applicant' | 'otherParent' | null;
  version: number;
}

/** What the parentage check answers: the application as the parent sees it (points in hundredths). */
export interface ParentageResult {
  id: number;
  state: SchoolApplicationState;
  pointsH: number | null;
  otherParent: { status: OtherParentStatus; decidedAt: string | null; via: OtherParentVia | null };
  version: number;
}

export type SchoolAction = 'open' | 'close' | 'allocate' | 'notify';
/** The actions in order, each with the states it may run from (allocating again is allowed). */
export const SCHOOL_ACTIONS: ReadonlyArray<{ action: SchoolAction; from: readonly SchoolRoundState[] }> = [
  { action: 'open', from: ['draft'] },
  { action: 'close', from: ['open'] },
  { action: 'allocate', from: ['closed', 'allocated'] },
  // Texting the parents makes the allocation final (refused again once sent: resultsSentAt).
  { action: 'notify', from: ['allocated'] },
];

const K = '/api/v1/staff/school';

export function schoolApi(api: Api) {
  return {
    rounds: () => api.call<{ rounds: SchoolRound[] }>('GET', `${K}/rounds`),
    round: (id: number) => api.call<SchoolRound>('GET', `${K}/rounds/${id}`),
    createRound: (name: string, config: SchoolRoundConfig) => api.call<SchoolRound>('POST', `${K}/rounds`, { name, config }),
    addSchools: (id: number, schools: Array<{ district: string; name: string; seats: number }>, expectedVersion: number) =>
      api.call<SchoolRound>('POST', `${K}/rounds/${id}/schools`, { schools, expectedVersion }),
    act: (id: number, action: SchoolAction, expectedVersion: number) => api.call<SchoolRound>('POST', `${K}/rounds/${id}/${action}`, { expectedVersion }),
    results: (id: number) => api.call<SchoolResults>('GET', `${K}/rounds/${id}/results`),
    applications: (id: number, otherParent?: OtherParentStatus) =>
      api.call<{ applications: StaffSchoolApplication[] }>('GET', `${K}/rounds/${id}/applications${otherParent === undefined ? '' : `?otherParent=${otherParent}`}`),
    /** 核验亲子关系: the clerk saw the birth certificate or the hukou book; the other parent's points count. */
    recordParentage: (applicationId: number, document: ParentageDocument, note: string, expectedVersion: number) =>
      api.call<ParentageResult>('POST', `${K}/applications/${applicationId}/parentage`, { document, ...(note === '' ? {} : { note }), expectedVersion }),
  };
}

export type SchoolApi = ReturnType<typeof schoolApi>;

/** Where the browser downloads the results per school (.xlsx attachment). */
export const schoolResultsUrl = (id: number): string => `${K}/rounds/${id}/results.xlsx`;
