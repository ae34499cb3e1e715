/**
 * The console's calls for settlement rounds (积分落户, issue 6), on the console's one request function
 * (`Api.call`: a 401 ends the session, `?lang=en` is added the same way). The shapes mirror
 * src/services/settlement.ts, src/domain/settlement.ts and src/storage/repositories/settlement.ts,
 * which web/ may not import (the domain's pure types it may). Exports are plain same-origin links
 * (GET, the session cookie): the server answers them as attachments under their Chinese names.
 */
import type { LineDrawn, RoundConfig } from '../../../src/domain/settlement.ts';
import type { Api } from './api.ts';

export type { LineDrawn, RoundConfig } from '../../../src/domain/settlement.ts';

export type RoundState = 'draft' | 'open' | 'closed' | 'ranked' | 'announced' | 'final';
export type SettlementState = 'filed' | 'ineligible' | 'police_review' | 'ranked' | 'admitted' | 'not_admitted' | 'notice_issued' | 'moved' | 'forfeited' | 'withdrawn';

export interface Round {
  id: number;
  name: string;
  config: RoundConfig;
  cutOff: string;
  state: RoundState;
  line: LineDrawn | null;
  rankedAt: string | null;
  announcedFrom: string | null;
  announcedTo: string | null;
  announcedProvisional: boolean | null;
  createdAt: string;
  version: number;
}

export interface Reason {
  code: string;
  text: { 'zh-CN': string; en: string };
}

export interface FamilyMember {
  relation: 'spouse' | 'child';
  name: string;
  /** Masked by the server. */
  idNumber: string;
  birthDate: string;
  documents: string[];
}

export interface SettlementApplication {
  id: number;
  roundId: number;
  personId: number;
  applicationId: number | null;
  pointsH: number | null;
  residenceMonths: number | null;
  socialInsuranceH: number | null;
  basicH: number | null;
  acceptedOn: string;
  eligibility: { eligible: boolean; reasons: Reason[] };
  state: SettlementState;
  family: FamilyMember[];
  policeReviewOutcome: 'passed' | 'failed' | null;
  policeReviewNote: string | null;
  rank: number | null;
  position: number | null;
  noticeNo: string | null;
  noticeIssuedAt: string | null;
  /** The day the move (迁移落户) was completed, once recorded. */
  movedOn: string | null;
  forfeitedOn: string | null;
  version: number;
}

/** A ranking row: the person's name as on record, the ID number masked. */
export interface RankingRow extends SettlementApplication {
  name: string;
  idNumber: string;
  district: string | null;
}

export interface RoundStatistics {
  applications: number;
  eligible: number;
  admitted: number;
  byState: Record<string, number>;
  /** 10-point bands, `from` in points. */
  bands: Array<{ from: number; count: number; admitted: number }>;
  line: LineDrawn | null;
  byDistrict: Array<{ district: string; applications: number; admitted: number }>;
}

export type RoundAction = 'open' | 'close' | 'rank' | 'announce' | 'notices';
/** The actions in the order a round goes through them, each with the state it needs. */
export const ROUND_ACTIONS: ReadonlyArray<{ action: RoundAction; from: RoundState }> = [
  { action: 'open', from: 'draft' },
  { action: 'close', from: 'open' },
  { action: 'rank', from: 'closed' },
  { action: 'announce', from: 'ranked' },
  { action: 'notices', from: 'announced' },
];

const S = '/api/v1/staff/settlement';

export function settlementApi(api: Api) {
  return {
    rounds: () => api.call<{ rounds: Round[] }>('GET', `${S}/rounds`),
    round: (id: number) => api.call<Round>('GET', `${S}/rounds/${id}`),
    createRound: (name: string, config: RoundConfig) => api.call<Round>('POST', `${S}/rounds`, { name, config }),
    /** Changes a draft round (admin and city): its name and configuration, on the version shown. */
    updateRound: (id: number, name: string, config: RoundConfig, expectedVersion: number) => api.call<Round>('PATCH', `${S}/rounds/${id}`, { name, config, expectedVersion }),
    act: (id: number, action: RoundAction, expectedVersion: number) => api.call<Round>('POST', `${S}/rounds/${id}/${action}`, { expectedVersion }),
    applications: (id: number) => api.call<{ applications: SettlementApplication[] }>('GET', `${S}/rounds/${id}/applications`),
    ranking: (id: number) => api.call<{ line: LineDrawn | null; ranking: RankingRow[] }>('GET', `${S}/rounds/${id}/ranking`),
    statistics: (id: number) => api.call<RoundStatistics>('GET', `${S}/rounds/${id}/statistics`),
    issues: (id: number) => api.call<AnnouncementIssues>('GET', `${S}/rounds/${id}/issues`),
    refer: (id: number, expectedVersion: number) => api.call<SettlementApplication>('POST', `${S}/applications/${id}/refer`, { expectedVersion }),
    policeReview: (id: number, outcome: 'passed' | 'failed', note: string, expectedVersion: number) =>
      api.call<SettlementApplication>('POST', `${S}/applications/${id}/police-review`, { outcome, ...(note.trim() !== '' ? { note: note.trim() } : {}), expectedVersion }),
    /** Records a completed move (迁移落户) of an admitted person (city, district and clerk; districts their own people). */
    recordMove: (id: number, movedOn: string, expectedVersion: number) => api.call<SettlementApplication>('POST', `${S}/applications/${id}/move`, { movedOn, expectedVersion }),
  };
}

export type SettlementApi = ReturnType<typeof settlementApi>;

/** What holds back an announced round's notices (GET …/rounds/:id/issues); `id` is the settlement application's. */
export interface AnnouncementIssues {
  openObjections: Array<{ id: number; objectionId: number; state: string }>;
  changed: Array<{ id: number; fromH: number | null; toH: number }>;
}

/** Where the browser downloads a person's admission notice as a PDF (a window prints it; audited). */
export const noticePdfUrl = (applicationId: number): string => `${S}/applications/${applicationId}/notice.pdf`;

/** Where the browser downloads a list of a round (.xlsx attachment). */
export const exportUrl = (id: number, list: 'ranking' | 'announcement' | 'applications'): string => `${S}/rounds/${id}/${list}.xlsx`;
/** The public announcement page of a round (portal). */
export const announcementPage = (id: number): string => `/settlement/announcement/${id}`;
