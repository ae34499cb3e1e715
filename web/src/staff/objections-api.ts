/**
 * The console's calls for objections (issue 5), on the console's one request function (`Api.call`,
 * so a 401 ends the session here too and `?lang=en` is added the same way). The shapes mirror
 * src/services/objections.ts and src/storage/repositories/objections.ts, which web/ may not import;
 * no ID number or phone is in any of them.
 */
import type { ObjectionState } from '../../../src/domain/objection.ts';
import type { Api, Channel } from './api.ts';

export type Department = 'police' | 'social_insurance' | 'housing' | 'education' | 'tax' | 'other';
export const DEPARTMENTS: readonly Department[] = ['police', 'social_insurance', 'housing', 'education', 'tax', 'other'];
export type EvidenceSource = 'handwritten_permit' | 'other_proof';
export type RemainingBand = 'overdue' | 'today' | '1-3' | '4-7' | '8+';
export type DeadlineFlag = 'on_time' | 'near' | 'overdue';

export interface Objection {
  id: number;
  applicationId: number;
  personId: number;
  filedBy: string;
  filedByKind: string;
  channel: Channel;
  indicators: string[];
  reason: string;
  state: ObjectionState;
  publishedOn: string;
  filedOn: string;
  districtDeadline: string;
  districtDeadlineProvisional: boolean;
  decidedOn: string | null;
  decidedBy: string | null;
  decisionReason: string | null;
  reviewRequestedOn: string | null;
  reviewReason: string | null;
  reviewDeadline: string | null;
  reviewDeadlineProvisional: boolean | null;
  reviewDecidedOn: string | null;
  reviewDecidedBy: string | null;
  reviewDecisionReason: string | null;
  assignedTo: number | null;
  deadlineFlag: DeadlineFlag | null;
  flaggedOn: string | null;
  version: number;
  /** In the lists: the person's district. */
  district?: string | null;
}

export interface ObjectionTask {
  id: number;
  objectionId: number;
  department: Department;
  question: string;
  sentOn: string;
  sentBy: string;
  dueOn: string;
  answer: string | null;
  answeredOn: string | null;
  answeredBy: string | null;
}

export interface Determination {
  id: number;
  applicationId: number;
  policyVersion: string;
  asOf: string;
  totalH: number;
  itemsH: number[];
  eligible: boolean;
  determinedAt: string;
  determinedBy: string;
  reason: 'initial' | 'objection' | 'review';
  objectionId: number | null;
  supersedesId: number | null;
}

export interface ObjectionCase {
  objection: Objection;
  tasks: ObjectionTask[];
  /** Oldest first; the last is the current one. */
  determinations: Determination[];
}

export interface EvidencePeriod {
  periodId: number;
  personId: number;
  from: string;
  to: string;
  source: EvidenceSource;
  note: string;
  objectionId: number | null;
  enteredBy: string;
  enteredAt: string;
}

export interface DeadlineItem {
  objectionId: number;
  applicationId: number;
  district: string | null;
  state: ObjectionState;
  phase: 'district' | 'city';
  filedOn: string;
  deadline: string;
  provisional: boolean;
  daysRemaining: number;
  flag: DeadlineFlag;
  assignedTo: number | null;
  overdueTasks: number;
}

export interface Dashboard {
  asOf: string;
  scope: string | null;
  bands: Record<RemainingBand, number>;
  items: DeadlineItem[];
  officers: Array<{ staffId: number | null; name: string | null; open: number; near: number; overdue: number }>;
}

export interface HistoryEvent {
  id: number;
  at: string;
  actor: string;
  /** Who, in words (a staff member's name, 申请人本人, 代理人, 用人单位, 系统). */
  actorName: { 'zh-CN': string; en: string };
  action: string;
  subject: string;
  detail: Record<string, unknown>;
}

const qs = (params: Record<string, string | null | undefined>): string => {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) u.set(k, v);
  const s = u.toString();
  return s === '' ? '' : `?${s}`;
};

export function objectionApi(api: Api) {
  const v = (version: number): { expectedVersion: number } => ({ expectedVersion: version });
  return {
    list: (state: ObjectionState | null) => api.call<{ objections: Objection[] }>('GET', `/objections${qs({ state })}`),
    dashboard: (district: string | null, asOf: string | null) => api.call<Dashboard>('GET', `/objections/dashboard${qs({ district, asOf })}`),
    get: (id: number) => api.call<ObjectionCase>('GET', `/objections/${id}`),
    assign: (id: number, version: number) => api.call<Objection>('POST', `/objections/${id}/assign`, v(version)),
    sendTask: (id: number, department: Department, question: string, version: number) =>
      api.call<ObjectionCase>('POST', `/objections/${id}/tasks`, { department, question, ...v(version) }),
    answer: (id: number, taskId: number, answer: string, version: number) => api.call<ObjectionCase>('POST', `/objections/${id}/tasks/${taskId}/answer`, { answer, ...v(version) }),
    decide: (id: number, decision: 'uphold' | 'reject' | 'review/uphold' | 'review/reject', reason: string, version: number) =>
      api.call<Objection>('POST', `/objections/${id}/${decision}`, { reason, ...v(version) }),
    periods: (personId: number) => api.call<{ periods: EvidencePeriod[] }>('GET', `/people/${personId}/residence-periods`),
    addPeriod: (personId: number, p: { from: string; to: string; source: EvidenceSource; note: string; objectionId: number | null }) =>
      api.call<EvidencePeriod>('POST', `/people/${personId}/residence-periods`, p),
    /** An objection brought to a window, filed for the applicant. */
    file: (applicationId: number, indicators: string[], reason: string) => api.call<Objection>('POST', '/objections', { applicationId, indicators, reason }),
    ofApplication: (applicationId: number) => api.call<{ objections: Objection[] }>('GET', `/applications/${applicationId}/objections`),
    history: (applicationId: number) => api.call<{ events: HistoryEvent[] }>('GET', `/applications/${applicationId}/history`),
  };
}

export type ObjectionApi = ReturnType<typeof objectionApi>;
