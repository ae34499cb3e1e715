/**
 * Points-based settlement (积分落户, issue 6), the use cases around the pure rules of
 * src/domain/settlement.ts: an administrator configures a round and moves it through its states
 * (draft → open → closed → ranked → announced → final); a resident files during the window, with
 * the spouse and minor children who move along, and is told every reason that stands against the
 * application; the police review each eligible filing; the ranking is drawn from the chain keys
 * stored with each application (reproduced from the published determination: re-running it gives the
 * same positions); the announcement (公示) lists the admitted with names and ID numbers masked for its
 * working days; the admission notice (准入通知书) is valid for the move window, after which a daily
 * job records the un-moved admissions as forfeited.
 *
 * Points "as of the cut-off" are those of the person's latest published determination scored as of
 * a day on or before the cut-off (a determination is scored as of its acceptance day); the longer
 * residence of the tie-break chain is the counted residence months of that determination, read by
 * re-scoring its stored facts under its stored policy version (the engine's residence `measure`).
 * Readings: docs/policy-interpretation.md#settlement-cut-off and #tie-break-chain.
 *
 * Every state change is written with its audit event in one transaction under an optimistic lock
 * (src/storage/repositories/settlement.ts).
 */
import type { WorkingCalendar } from '../domain/calendar.ts';
import { maskIdNumber, parseIdNumber } from '../domain/id-number.ts';
import { permitState } from '../domain/permit.ts';
import type { PersonBundle } from '../domain/records.ts';
import {
  announcementEnds,
  chainPointsFromItems,
  cutOffOf,
  SETTLEMENT_MINIMUM,
  settleRound,
  settlementEligibility,
  validateRound,
  type Bilingual,
  type ChainKey,
  type RoundConfig,
  type SettlementCandidate,
  type SettlementEligibility,
} from '../domain/settlement.ts';
import { chineseDate, fullYears, parseDate, toDay } from '../rules/dates.ts';
import { evaluateCompiled } from '../rules/evaluate.ts';
import { INDICATOR_ORDER, policyById, policyInForce, type FieldError } from '../rules/index.ts';
import type { ApplicationRecord, ApplicationRepository } from '../storage/repositories/applications.ts';
import type { PeopleRepository } from '../storage/repositories/people.ts';
import {
  VersionConflictError,
  type FamilyMember,
  type RoundRecord,
  type RoundRow,
  type RoundState,
  type SettlementApplicationRecord,
  type SettlementPatch,
  type SettlementRepository,
  type SettlementState,
} from '../storage/repositories/settlement.ts';
import type { StaffIdentity } from './auth.ts';
import { ClockedService } from './clock.ts';
import { AppError, invalidInput } from './errors.ts';
import { districtName, stamp, workbook, type Column, type ExportFile } from './exports.ts';

export type { FamilyMember, RoundRecord, SettlementApplicationRecord } from '../storage/repositories/settlement.ts';

export interface SettlementDeps {
  settlement: SettlementRepository;
  applications: ApplicationRepository;
  people: PeopleRepository;
  calendar: WorkingCalendar | (() => Promise<WorkingCalendar>);
  now: () => Date;
}

/** The SMS with an admission notice: its number and the move window; nothing personal beyond it. */
const noticeSmsText = (round: string, noticeNo: string, from: string, to: string): string =>
  `【杭州积分】您已获准积分落户(${round}),准入通知书编号${noticeNo}。请于${chineseDate(from)}至${chineseDate(to)}持通知书到落户地公安派出所办理迁移落户,逾期视作放弃。通知书可登录积分系统查看、下载。`;

/** Days before the end of the move window (calendar days, the last one included) when the one reminder goes out. */
const REMIND_DAYS = 15;

/** The reminder in the move window's last days. */
const reminderSmsText = (round: string, noticeNo: string, to: string): string =>
  `【杭州积分】提醒:您的积分落户准入通知书(${round},编号${noticeNo})将于${chineseDate(to)}到期,请在此前到落户地公安派出所办理迁移落户,逾期视作放弃。`;

/** The SMS when the move window has passed without a move. */
const forfeitSmsText = (round: string, noticeNo: string, to: string): string =>
  `【杭州积分】您的积分落户准入通知书(${round},编号${noticeNo})已于${chineseDate(to)}到期,未办理迁移落户,视作放弃。如有疑问请咨询受理窗口或拨打12345。`;

/** See SettlementService.announcementIssues; `id` is the settlement application's. */
export interface AnnouncementIssues {
  openObjections: Array<{ id: number; objectionId: number; state: string }>;
  changed: Array<{ id: number; fromH: number | null; toH: number }>;
}

/** A round as the service hands it out: the configuration typed, the cut-off worked out. */
export interface Round extends Omit<RoundRecord, 'config'> {
  config: RoundConfig;
  cutOff: string;
}

/** The documents each member moving along brings (our list; the guides name them per case). */
export const FAMILY_DOCUMENTS: Readonly<Record<FamilyMember['relation'], readonly string[]>> = {
  spouse: ['居民身份证', '结婚证', '居民户口簿'],
  child: ['居民身份证或出生医学证明', '居民户口簿'],
};

/** Documents of the applicant: listed on the notice. */
export const APPLICANT_DOCUMENTS: readonly string[] = ['居民身份证', '居民户口簿', '《浙江省居住证》', '准入通知书'];

const ROUND_STATE_ZH: Readonly<Record<RoundState, string>> = { draft: '草稿', open: '受理中', closed: '已截止', ranked: '已排名', announced: '公示中', final: '已发通知' };

const roundNotFound = (): AppError => new AppError('NOT_FOUND', { 'zh-CN': '没有找到此落户批次', en: 'no such settlement round' });
const appNotFound = (): AppError => new AppError('NOT_FOUND', { 'zh-CN': '没有找到此落户申请', en: 'no such settlement application' });
const conflict = (what: string): AppError =>
  new AppError('CONFLICT', { 'zh-CN': `${what}已被他人修改,请刷新后重试`, en: `${what} was changed by someone else; reload it and try again` });

function wrongState(what: { zh: string; en: string }, state: string, action: { zh: string; en: string }): AppError {
  return new AppError('INVALID_TRANSITION', {
    'zh-CN': `${what.zh}当前状态为“${ROUND_STATE_ZH[state as RoundState] ?? state}”(${state}),不能${action.zh}`,
    en: `the ${what.en} is ${state}; cannot ${action.en}`,
  });
}

function requireRole(u: StaffIdentity, roles: ReadonlyArray<StaffIdentity['role']>, what: Bilingual): void {
  if (!roles.includes(u.role)) throw new AppError('FORBIDDEN', what);
}

const ADMIN_ONLY: Bilingual = { 'zh-CN': '只有管理员或市级账号可以管理落户批次', en: 'only admin and city accounts manage settlement rounds' };

/** 张三 → 张*, 张小三 → 张*三, 欧阳小明 → 欧**明: first and last character shown, as public lists do. */
export function maskPublicName(name: string): string {
  const c = [...name.trim()];
  if (c.length <= 1) return c.join('');
  if (c.length === 2) return `${c[0]}*`;
  return `${c[0]}${'*'.repeat(c.length - 2)}${c[c.length - 1]}`;
}

const isDate = (s: unknown): s is string => typeof s === 'string' && parseDate(s) !== undefined;

/** The chain keys of a published determination, reproduced from what the application row stores. */
export function chainKeyOfDetermination(a: ApplicationRecord): ChainKey {
  if (a.totalH === null || a.itemsH === null || a.factsJson === null || a.policyVersion === null || a.acceptedOn === null) {
    throw new Error(`application ${a.id} has no determination`);
  }
  // The residence measure is not stored: re-score the stored facts under the stored version, as of the
  // day they were scored, without the trace (the same call as the determination made).
  const { result } = evaluateCompiled(policyById(a.policyVersion), JSON.parse(a.factsJson) as Parameters<typeof evaluateCompiled>[1], a.acceptedOn, undefined, false);
  const residence = result.items[INDICATOR_ORDER.indexOf('residence')]?.measure;
  const { socialInsurance, basic } = chainPointsFromItems(a.itemsH);
  return { total: a.totalH, residenceMonths: residence?.months ?? 0, socialInsurance, basic };
}

/** The person's latest published determination scored as of a day on or before `onOrBefore` (any day when null). */
export function latestPublished(list: readonly ApplicationRecord[], onOrBefore: string | null): ApplicationRecord | null {
  let best: ApplicationRecord | null = null;
  for (const a of list) {
    if (a.state !== 'published' || a.acceptedOn === null || a.totalH === null) continue;
    if (onOrBefore !== null && a.acceptedOn > onOrBefore) continue;
    if (best === null || a.acceptedOn > best.acceptedOn! || (a.acceptedOn === best.acceptedOn && a.id > best.id)) best = a;
  }
  return best;
}

/** The permit of a person as of `day` (the newest issued by then) and whether its district is urban. */
export function permitOn(b: PersonBundle, day: string): { status: 'valid' | 'suspended' | 'terminated' | 'notIssued'; urban: boolean; district: string } | null {
  const current = b.permits.filter((p) => p.issuedOn <= day).sort((x, y) => (x.issuedOn < y.issuedOn ? -1 : x.issuedOn > y.issuedOn ? 1 : 0)).at(-1);
  if (!current) return null;
  let urban: Record<string, string>;
  try {
    urban = policyInForce(day).urbanDistricts;
  } catch {
    // No version in force that day (before 2019): no district counts as urban.
    urban = {};
  }
  return { status: permitState(current, day).status, urban: urban[current.district] !== undefined, district: current.district };
}

export interface FamilyInput {
  relation: 'spouse' | 'child';
  name: string;
  idNumber: string;
}

export interface FileResult {
  application: SettlementApplicationRecord;
  eligibility: SettlementEligibility;
}

/** One line of the public announcement: nothing personal beyond the masks. */
export interface AnnouncementRow {
  position: number;
  rank: number;
  name: string;
  idNumber: string;
  points: number;
}

export interface Notice {
  noticeNo: string;
  roundName: string;
  name: string;
  idNumber: string;
  points: number;
  position: number;
  validFrom: string;
  validTo: string;
  issuedAt: string;
  status: 'valid' | 'moved' | 'forfeited';
  family: Array<{ relation: FamilyMember['relation']; name: string; idNumber: string; documents: string[] }>;
  documents: readonly string[];
}

export interface RoundStatistics {
  roundId: number;
  district: string | null;
  applications: number;
  eligible: number;
  admitted: number;
  byState: Record<string, number>;
  /** 10-point bands: `from` in points, both ends of [from, from+10). */
  bands: Array<{ from: number; count: number; admitted: number }>;
  line: unknown;
  byDistrict: Array<{ district: string; applications: number; admitted: number }>;
}

const SETTLEMENT_STATE_ZH: Readonly<Record<SettlementState, string>> = {
  filed: '已申请',
  ineligible: '不符合条件',
  police_review: '公安审核',
  ranked: '已排名',
  admitted: '拟准入',
  not_admitted: '未准入',
  notice_issued: '已发准入通知书',
  moved: '已迁移落户',
  forfeited: '逾期视作放弃',
  withdrawn: '已撤回',
};

const RANKING_COLUMNS: readonly Column[] = [
  { header: '序号', key: 'position', width: 8 },
  { header: '名次', key: 'rank', width: 8 },
  { header: '姓名', key: 'name', width: 10 },
  { header: '身份证号', key: 'idNumber', width: 22 },
  { header: '所在区', key: 'district', width: 10 },
  { header: '积分', key: 'points', width: 10 },
  { header: '居住登记月数', key: 'residenceMonths', width: 14 },
  { header: '社保积分', key: 'socialInsurance', width: 10 },
  { header: '基础积分', key: 'basic', width: 10 },
  { header: '受理日期', key: 'acceptedOn', width: 12 },
  { header: '状态', key: 'state', width: 14 },
];

const APPLICATION_COLUMNS: readonly Column[] = [
  { header: '申请编号', key: 'id', width: 10 },
  { header: '姓名', key: 'name', width: 10 },
  { header: '身份证号', key: 'idNumber', width: 22 },
  { header: '所在区', key: 'district', width: 10 },
  { header: '受理日期', key: 'acceptedOn', width: 12 },
  { header: '截止日积分', key: 'points', width: 10 },
  { header: '资格', key: 'eligibility', width: 40 },
  { header: '随迁人数', key: 'family', width: 10 },
  { header: '公安审核', key: 'police', width: 12 },
  { header: '状态', key: 'state', width: 14 },
];

const POLICE_ZH = { passed: '通过', failed: '不通过' } as const;

const ANNOUNCEMENT_COLUMNS: readonly Column[] = [
  { header: '序号', key: 'position', width: 8 },
  { header: '名次', key: 'rank', width: 8 },
  { header: '姓名', key: 'name', width: 10 },
  { header: '身份证号', key: 'idNumber', width: 22 },
  { header: '积分', key: 'points', width: 10 },
];


const ADMITTED_STATES: readonly SettlementState[] = ['admitted', 'notice_issued', 'moved', 'forfeited'];
const RANKABLE: readonly SettlementState[] = ['filed', 'police_review', 'ranked', 'admitted', 'not_admitted'];
/** An applicant may withdraw while the round is not ranked: these states, in an open or closed round. */
const WITHDRAWABLE: readonly SettlementState[] = ['filed', 'ineligible', 'police_review'];

export class SettlementService extends ClockedService {
  constructor(private readonly d: SettlementDeps) {
    super(d);
  }

  private typed(r: RoundRecord): Round {
    const config = r.config as RoundConfig;
    return { ...r, config, cutOff: cutOffOf(config) };
  }

  // -- rounds ---------------------------------------------------------------------------------

  /** Every problem of a configuration as field errors (`config.window.opens` …), or none. */
  private check(config: RoundConfig): void {
    const problems = validateRound(config);
    if (problems.length > 0) {
      throw new AppError(
        'INVALID_INPUT',
        { 'zh-CN': `落户批次设置有误:${problems.map((p) => `${p.path} ${p.text['zh-CN']}`).join(';')}`, en: `invalid round: ${problems.map((p) => `${p.path} ${p.text.en}`).join('; ')}` },
        problems.map((p) => ({ path: `config.${p.path}`, message: p.text.en })),
      );
    }
  }

  async createRound(u: StaffIdentity, input: { name: string; config: RoundConfig }): Promise<Round> {
    requireRole(u, ['admin', 'city'], ADMIN_ONLY);
    const name = input.name.trim();
    if (name === '') throw invalidInput([{ path: 'name', message: 'required' }]);
    this.check(input.config);
    const at = this.at();
    const r = await this.d.settlement.createRound({ name, config: input.config, createdBy: `staff:${u.id}` }, at, (id) => ({
      at,
      actor: `staff:${u.id}`,
      action: 'settlement.round.create',
      subject: `settlement_round:${id}`,
      detail: { name, config: input.config },
    }));
    return this.typed(r);
  }

  async round(id: number): Promise<Round> {
    const r = await this.d.settlement.round(id);
    if (!r) throw roundNotFound();
    return this.typed(r);
  }

  async rounds(): Promise<Round[]> {
    return (await this.d.settlement.rounds()).map((r) => this.typed(r));
  }

  private async loadRound(id: number, expectedVersion: number | undefined): Promise<Round> {
    const r = await this.round(id);
    if (expectedVersion !== undefined && expectedVersion !== r.version) throw conflict(`落户批次 ${id} `);
    return r;
  }

  private async moveRound(u: StaffIdentity, r: Round, action: string, patch: Parameters<SettlementRepository['updateRound']>[2], detail: Record<string, unknown> = {}): Promise<Round> {
    const at = this.at();
    try {
      const out = await this.d.settlement.updateRound(r.id, r.version, patch, {
        at,
        actor: `staff:${u.id}`,
        action: `settlement.round.${action}`,
        subject: `settlement_round:${r.id}`,
        detail: { from: r.state, ...(patch.state ? { to: patch.state } : {}), ...detail },
      });
      return this.typed(out);
    } catch (e) {
      if (e instanceof VersionConflictError) throw conflict(`落户批次 ${r.id} `);
      throw e;
    }
  }

  /** Changes a draft round's name or configuration. */
  async updateRound(u: StaffIdentity, id: number, input: { name?: string; config?: RoundConfig; expectedVersion?: number }): Promise<Round> {
    requireRole(u, ['admin', 'city'], ADMIN_ONLY);
    const r = await this.loadRound(id, input.expectedVersion);
    if (r.state !== 'draft') throw wrongState({ zh: '落户批次', en: 'round' }, r.state, { zh: '修改设置(只有草稿可以修改)', en: 'change its configuration (drafts only)' });
    if (input.config) this.check(input.config);
    const name = input.name?.trim();
    if (name === '') throw invalidInput([{ path: 'name', message: 'required' }]);
    return this.moveRound(u, r, 'update', { ...(name ? { name } : {}), ...(input.config ? { config: input.config } : {}) }, input.config ? { config: input.config } : {});
  }

  async openRound(u: StaffIdentity, id: number, expectedVersion?: number): Promise<Round> {
    requireRole(u, ['admin', 'city'], ADMIN_ONLY);
    const r = await this.loadRound(id, expectedVersion);
    if (r.state !== 'draft') throw wrongState({ zh: '落户批次', en: 'round' }, r.state, { zh: '开始受理', en: 'open it' });
    this.check(r.config);
    return this.moveRound(u, r, 'open', { state: 'open' });
  }

  async closeRound(u: StaffIdentity, id: number, expectedVersion?: number): Promise<Round> {
    requireRole(u, ['admin', 'city'], ADMIN_ONLY);
    const r = await this.loadRound(id, expectedVersion);
    if (r.state !== 'open') throw wrongState({ zh: '落户批次', en: 'round' }, r.state, { zh: '截止受理', en: 'close it' });
    return this.moveRound(u, r, 'close', { state: 'closed' });
  }

  // -- filing ---------------------------------------------------------------------------------

  private async person(id: number): Promise<PersonBundle> {
    const [b] = await this.d.people.byIds([id]);
    if (!b) throw new AppError('NOT_FOUND', { 'zh-CN': '没有找到此人', en: 'no such person' }, [{ path: 'personId', message: 'no such person' }]);
    return b;
  }

  /** What the applicant would be told if they filed today: every reason, and the points used. */
  async eligibility(personId: number, roundId: number): Promise<{ eligibility: SettlementEligibility; determination: ApplicationRecord | null; key: ChainKey | null; cutOff: string }> {
    const r = await this.round(roundId);
    const b = await this.person(personId);
    const today = this.today();
    const det = latestPublished(await this.d.applications.byPerson(personId), r.cutOff);
    const key = det === null ? null : chainKeyOfDetermination(det);
    const permit = permitOn(b, today);
    const eligibility = settlementEligibility(
      {
        birthDate: b.birthDate,
        fullCivilCapacity: b.fullCivilCapacity,
        pointsAtCutOff: key?.total ?? null,
        permit: permit === null ? null : { status: permit.status, urban: permit.urban },
        urbanHangzhouHukou: b.urbanHukou,
        vetoes: b.declared.veto ?? [],
        appliedOn: today,
      },
      r.cutOff,
    );
    return { eligibility, determination: det, key, cutOff: r.cutOff };
  }

  private family(members: readonly FamilyInput[], today: string, applicantId: string): FamilyMember[] {
    const fields: FieldError[] = [];
    const out: FamilyMember[] = [];
    let spouses = 0;
    const seen = new Set<string>();
    members.forEach((m, i) => {
      const path = `family[${i}]`;
      if (m.relation !== 'spouse' && m.relation !== 'child') fields.push({ path: `${path}.relation`, message: "must be 'spouse' or 'child'" });
      const name = typeof m.name === 'string' ? m.name.trim() : '';
      if (name === '') fields.push({ path: `${path}.name`, message: 'required' });
      const id = parseIdNumber(typeof m.idNumber === 'string' ? m.idNumber : '');
      if (!id.ok) {
        fields.push({ path: `${path}.idNumber`, message: `not a valid ID number (${id.problem})` });
        return;
      }
      if (id.info.idNumber === applicantId || seen.has(id.info.idNumber)) fields.push({ path: `${path}.idNumber`, message: 'listed twice or the applicant' });
      seen.add(id.info.idNumber);
      if (m.relation === 'spouse' && ++spouses > 1) fields.push({ path: `${path}.relation`, message: 'one spouse at most' });
      // Minor children move along (未成年子女随迁): under 18 on the day of filing.
      if (m.relation === 'child' && fullYears(toDay(id.info.birthDate), toDay(today)) >= 18) {
        fields.push({ path: `${path}.idNumber`, message: 'a child moving along must be under 18' });
      }
      if (m.relation === 'spouse' || m.relation === 'child') {
        out.push({ relation: m.relation, name, idNumber: id.info.idNumber, birthDate: id.info.birthDate, documents: [...FAMILY_DOCUMENTS[m.relation]] });
      }
    });
    if (fields.length > 0) throw invalidInput(fields);
    return out;
  }

  /**
   * Files the applicant's settlement application in an open round during its window. An ineligible
   * filing is kept (state `ineligible`) with every reason, so the applicant and the statistics see
   * it; an eligible one waits for the police review.
   */
  async file(personId: number, roundId: number, input: { family?: readonly FamilyInput[] }): Promise<FileResult> {
    const r = await this.round(roundId);
    const today = this.today();
    if (r.state !== 'open' || today < r.config.window.opens || today > r.config.window.closes) {
      throw new AppError('INVALID_TRANSITION', {
        'zh-CN': `不在本批次的申请期内(${r.config.window.opens} 至 ${r.config.window.closes})`,
        en: `outside the round's application window (${r.config.window.opens} to ${r.config.window.closes})`,
      });
    }
    const b = await this.person(personId);
    const family = this.family(input.family ?? [], today, b.idNumber);
    const live = (await this.d.settlement.applicationsOfPerson(personId)).find((a) => a.roundId === roundId && a.state !== 'ineligible' && a.state !== 'withdrawn');
    if (live) throw new AppError('CONFLICT', { 'zh-CN': `您已在本批次提交落户申请 (${live.id})`, en: `you already filed settlement application ${live.id} in this round` });
    const { eligibility, determination, key } = await this.eligibility(personId, roundId);
    const at = this.at();
    const state: SettlementState = eligibility.eligible ? 'filed' : 'ineligible';
    try {
      const application = await this.d.settlement.createApplication(
        {
          roundId,
          personId,
          applicationId: determination?.id ?? null,
          factsDigest: determination?.factsDigest ?? null,
          policyVersion: determination?.policyVersion ?? null,
          pointsH: key?.total ?? null,
          residenceMonths: key?.residenceMonths ?? null,
          socialInsuranceH: key?.socialInsurance ?? null,
          basicH: key?.basic ?? null,
          acceptedOn: today,
          eligibility,
          state,
          family,
        },
        at,
        (id) => ({
          at,
          actor: `person:${personId}`,
          action: 'settlement.file',
          subject: `settlement_application:${id}`,
          detail: { roundId, state, applicationId: determination?.id ?? null, pointsH: key?.total ?? null, reasons: eligibility.reasons.map((x) => x.code), family: family.length },
        }),
      );
      return { application, eligibility };
    } catch (e) {
      // The unique index: a second filing racing the first.
      if (e instanceof Error && /unique|UNIQUE/.test(e.message)) throw new AppError('CONFLICT', { 'zh-CN': '您已在本批次提交落户申请', en: 'you already filed in this round' });
      throw e;
    }
  }

  async application(id: number): Promise<SettlementApplicationRecord> {
    const a = await this.d.settlement.application(id);
    if (!a) throw appNotFound();
    return a;
  }

  mine(personId: number): Promise<SettlementApplicationRecord[]> {
    return this.d.settlement.applicationsOfPerson(personId);
  }

  /** A round's applications for staff; district officers see their own district's people only. */
  async listApplications(u: StaffIdentity, roundId: number, state?: SettlementState): Promise<SettlementApplicationRecord[]> {
    await this.round(roundId);
    const list = await this.d.settlement.applicationsOfRound(roundId, state ? [state] : undefined);
    if (u.role !== 'clerk' && u.role !== 'district') return list;
    const people = new Map((await this.d.people.contacts([...new Set(list.map((a) => a.personId))])).map((p) => [p.id, p]));
    return list.filter((a) => people.get(a.personId)?.district === u.district);
  }

  private async patchApplication(u: StaffIdentity, a: SettlementApplicationRecord, action: string, patch: SettlementPatch, detail: Record<string, unknown>): Promise<SettlementApplicationRecord> {
    const at = this.at();
    try {
      return await this.d.settlement.updateApplication(a.id, a.version, patch, {
        at,
        actor: `staff:${u.id}`,
        action: `settlement.${action}`,
        subject: `settlement_application:${a.id}`,
        detail: { from: a.state, ...(patch.state ? { to: patch.state } : {}), ...detail },
      });
    } catch (e) {
      if (e instanceof VersionConflictError) throw conflict(`落户申请 ${a.id} `);
      throw e;
    }
  }

  private async staffApplication(u: StaffIdentity, id: number, expectedVersion: number | undefined): Promise<SettlementApplicationRecord> {
    const a = await this.application(id);
    if (expectedVersion !== undefined && a.version !== expectedVersion) throw conflict(`落户申请 ${id} `);
    if (u.role === 'district' || u.role === 'clerk') {
      const [p] = await this.d.people.byIds([a.personId]);
      if ((p?.district ?? null) !== u.district) throw new AppError('FORBIDDEN', { 'zh-CN': '此申请不属于您所在的区', en: 'this application belongs to another district' });
    }
    return a;
  }

  /**
   * The applicant withdraws (撤回) their own application while its round is not ranked (the
   * application filed, ineligible or in the police review; the round open or closed). The round's
   * version is bumped with it, so a ranking read before the withdrawal fails instead of ranking it.
   * A withdrawn application may be filed again while the round is open.
   */
  async withdraw(personId: number, id: number, expectedVersion?: number): Promise<SettlementApplicationRecord> {
    const a = await this.application(id);
    if (a.personId !== personId) throw appNotFound();
    if (expectedVersion !== undefined && a.version !== expectedVersion) throw conflict(`落户申请 ${id} `);
    if (a.state === 'withdrawn') throw new AppError('INVALID_TRANSITION', { 'zh-CN': '此落户申请已撤回', en: 'this settlement application is already withdrawn' });
    const r = await this.round(a.roundId);
    if (!WITHDRAWABLE.includes(a.state) || (r.state !== 'open' && r.state !== 'closed')) {
      throw new AppError('INVALID_TRANSITION', {
        'zh-CN': '本批次已排名,排名结果已确定,不能再撤回落户申请;此后只能在公示期内通过积分异议渠道提出异议',
        en: 'the round has been ranked and its ranking is fixed, so the application can no longer be withdrawn; from now on only the announcement and the objection route remain',
      });
    }
    const at = this.at();
    try {
      return await this.d.settlement.updateApplicationInRound(a.id, a.version, { state: 'withdrawn', withdrawnAt: at }, { id: r.id, expectedVersion: r.version }, {
        at,
        actor: `person:${personId}`,
        action: 'settlement.withdraw',
        subject: `settlement_application:${a.id}`,
        detail: { from: a.state, to: 'withdrawn', roundId: r.id },
      });
    } catch (e) {
      if (e instanceof VersionConflictError) throw conflict(`落户申请 ${a.id} `);
      throw e;
    }
  }

  /** One application for staff: district officers and clerks only their own district's. */
  forStaff(u: StaffIdentity, id: number): Promise<SettlementApplicationRecord> {
    return this.staffApplication(u, id, undefined);
  }

  /** Sends an eligible filing to the police (公安审核). City or district officers. */
  async referToPolice(u: StaffIdentity, id: number, expectedVersion?: number): Promise<SettlementApplicationRecord> {
    requireRole(u, ['city', 'district'], { 'zh-CN': '只有市级或区级工作人员可以提交公安审核', en: 'only city or district officers refer to the police' });
    const a = await this.staffApplication(u, id, expectedVersion);
    if (a.state !== 'filed') throw wrongState({ zh: '落户申请', en: 'application' }, a.state, { zh: '提交公安审核', en: 'refer it to the police' });
    return this.patchApplication(u, a, 'police.refer', { state: 'police_review' }, {});
  }

  /**
   * Records the police review. Passed: the filing is ranked with the round. Failed: it is ineligible,
   * with the police's reason added to its eligibility.
   */
  async policeReview(u: StaffIdentity, id: number, input: { outcome: 'passed' | 'failed'; note?: string; expectedVersion?: number }): Promise<SettlementApplicationRecord> {
    requireRole(u, ['city', 'district'], { 'zh-CN': '只有市级或区级工作人员可以登记公安审核结果', en: 'only city or district officers record the police review' });
    if (input.outcome !== 'passed' && input.outcome !== 'failed') throw invalidInput([{ path: 'outcome', message: "must be 'passed' or 'failed'" }]);
    const note = input.note?.trim() ?? '';
    if (input.outcome === 'failed' && note === '') throw invalidInput([{ path: 'note', message: 'a failed review needs its reason' }]);
    const a = await this.staffApplication(u, id, input.expectedVersion);
    if (a.state !== 'filed' && a.state !== 'police_review') throw wrongState({ zh: '落户申请', en: 'application' }, a.state, { zh: '登记公安审核结果', en: 'record a police review' });
    const round = await this.round(a.roundId);
    if (round.state !== 'open' && round.state !== 'closed') throw wrongState({ zh: '落户批次', en: 'round' }, round.state, { zh: '登记公安审核结果', en: 'record a police review' });
    const at = this.at();
    const patch: SettlementPatch = {
      state: input.outcome === 'passed' ? 'police_review' : 'ineligible',
      policeReviewBy: `staff:${u.id}`,
      policeReviewAt: at,
      policeReviewOutcome: input.outcome,
      policeReviewNote: note || null,
    };
    if (input.outcome === 'failed') {
      patch.eligibility = {
        eligible: false,
        reasons: [...a.eligibility.reasons, { code: 'POLICE_REVIEW_FAILED', text: { 'zh-CN': `公安审核未通过:${note}`, en: `the police review failed: ${note}` } }],
      };
    }
    return this.patchApplication(u, a, 'police.review', patch, { outcome: input.outcome, ...(note ? { note } : {}) });
  }

  // -- ranking and announcement ---------------------------------------------------------------

  /**
   * Ranks a closed round (again, while it is only ranked) from the stored chain keys: everyone whose
   * police review passed, by the published chain, the line drawn by the round's rule. One
   * transaction; the same stored rows always give the same positions.
   */
  async rank(u: StaffIdentity, id: number, expectedVersion?: number): Promise<Round> {
    requireRole(u, ['admin', 'city'], ADMIN_ONLY);
    const r = await this.loadRound(id, expectedVersion);
    if (r.state === 'announced') return this.rerank(u, r);
    if (r.state !== 'closed' && r.state !== 'ranked') throw wrongState({ zh: '落户批次', en: 'round' }, r.state, { zh: '排名(须先截止受理)', en: 'rank it (close it first)' });
    const all = await this.d.settlement.applicationsOfRound(id, RANKABLE);
    const waiting = all.filter((a) => a.policeReviewOutcome !== 'passed');
    if (waiting.length > 0) {
      throw new AppError('INVALID_TRANSITION', {
        'zh-CN': `还有 ${waiting.length} 件申请未完成公安审核(如 ${waiting[0]!.id}),不能排名`,
        en: `${waiting.length} application(s) still await the police review (e.g. ${waiting[0]!.id}); cannot rank`,
      });
    }
    const candidates: Array<SettlementCandidate & { row: SettlementApplicationRecord }> = all.map((a) => ({
      id: a.id,
      total: a.pointsH!,
      residenceMonths: a.residenceMonths!,
      socialInsurance: a.socialInsuranceH!,
      basic: a.basicH!,
      acceptedOn: a.acceptedOn,
      row: a,
    }));
    const outcome = settleRound(candidates, r.config.rule);
    const at = this.at();
    const rows = outcome.entries.map((e): RoundRow => ({
      id: e.candidate.id,
      patch: { state: (e.admitted ? 'admitted' : 'not_admitted'), rank: e.rank, position: e.position },
    }));
    try {
      const out = await this.d.settlement.writeRound(id, r.version, { state: 'ranked', line: outcome.line, rankedAt: at }, rows, {
        at,
        actor: `staff:${u.id}`,
        action: 'settlement.round.rank',
        subject: `settlement_round:${id}`,
        detail: { from: r.state, to: 'ranked', ranked: rows.length, admitted: outcome.line.admitted, line: outcome.line },
      });
      return this.typed(out);
    } catch (e) {
      if (e instanceof VersionConflictError) throw conflict(`落户批次 ${id} `);
      throw e;
    }
  }

  /**
   * What stands between an announced list and its notices: objections still open on the ranked
   * people's points (filed during the announcement, they go through the objections flow), and points
   * that an upheld objection has changed since the ranking (the stored key no longer matches the
   * points application's current determination).
   */
  async announcementIssues(roundId: number): Promise<AnnouncementIssues> {
    const ranked = await this.d.settlement.applicationsOfRound(roundId, ['admitted', 'not_admitted']);
    const byApplication = new Map(ranked.filter((a) => a.applicationId !== null).map((a) => [a.applicationId!, a]));
    const open = await this.d.settlement.openObjections([...byApplication.keys()]);
    const changed: AnnouncementIssues['changed'] = [];
    const current = await this.d.applications.determinationKeys([...byApplication.keys()]);
    for (const a of ranked) {
      const now = a.applicationId === null ? undefined : current.get(a.applicationId);
      if (now === undefined || now.totalH === null) continue;
      if (now.factsDigest !== a.factsDigest || now.totalH !== a.pointsH) changed.push({ id: a.id, fromH: a.pointsH, toH: now.totalH });
    }
    return {
      openObjections: open.map((o) => ({ id: byApplication.get(o.applicationId)!.id, objectionId: o.objectionId, state: o.state })),
      changed,
    };
  }

  /**
   * Re-ranks an announced round whose points an upheld objection changed: the changed applications
   * take the new determination's keys (one that fell under 100 points leaves the ranking as
   * ineligible), the whole round is ranked again by the same chain, and it goes back to `ranked`, to
   * be announced again for the full period (docs/policy-interpretation.md). Refused when nothing changed.
   */
  private async rerank(u: StaffIdentity, r: Round): Promise<Round> {
    const issues = await this.announcementIssues(r.id);
    if (issues.changed.length === 0) {
      throw new AppError('INVALID_TRANSITION', { 'zh-CN': '公示名单的积分没有变化,无须重新排名', en: 'no points on the announced list have changed; nothing to re-rank' });
    }
    const changed = new Map(issues.changed.map((c) => [c.id, c]));
    const all = await this.d.settlement.applicationsOfRound(r.id, ['admitted', 'not_admitted']);
    const rows: RoundRow[] = [];
    const at = this.at();
    const candidates: SettlementCandidate[] = [];
    for (const a of all) {
      let key = { total: a.pointsH!, residenceMonths: a.residenceMonths!, socialInsurance: a.socialInsuranceH!, basic: a.basicH! };
      if (changed.has(a.id)) {
        const det = (await this.d.applications.byId(a.applicationId!))!;
        key = chainKeyOfDetermination(det);
        const patch: SettlementPatch = { factsDigest: det.factsDigest, policyVersion: det.policyVersion, pointsH: key.total, residenceMonths: key.residenceMonths, socialInsuranceH: key.socialInsurance, basicH: key.basic };
        const audit = { at, actor: `staff:${u.id}`, action: 'settlement.rekey', subject: `settlement_application:${a.id}`, detail: { applicationId: a.applicationId, fromH: a.pointsH, toH: key.total, factsDigest: det.factsDigest } };
        if (key.total < SETTLEMENT_MINIMUM) {
          const reason = { code: 'POINTS_BELOW_MINIMUM', text: { 'zh-CN': `经异议复核后积分 ${key.total / 100} 分,低于 100 分`, en: `${key.total / 100} points after the objection, under 100` } };
          rows.push({ id: a.id, patch: { ...patch, state: 'ineligible', rank: null, position: null, eligibility: { eligible: false, reasons: [reason] } }, audit });
          continue;
        }
        rows.push({ id: a.id, patch, audit });
      }
      candidates.push({ id: a.id, total: key.total, residenceMonths: key.residenceMonths, socialInsurance: key.socialInsurance, basic: key.basic, acceptedOn: a.acceptedOn });
    }
    const outcome = settleRound(candidates, r.config.rule);
    const byId = new Map(rows.map((row) => [row.id, row]));
    for (const e of outcome.entries) {
      const placing: SettlementPatch = { state: e.admitted ? 'admitted' : 'not_admitted', rank: e.rank, position: e.position };
      const row = byId.get(e.candidate.id);
      if (row) row.patch = { ...row.patch, ...placing };
      else rows.push({ id: e.candidate.id, patch: placing });
    }
    try {
      const out = await this.d.settlement.writeRound(
        r.id,
        r.version,
        { state: 'ranked', line: outcome.line, rankedAt: at },
        rows,
        { at, actor: `staff:${u.id}`, action: 'settlement.round.rerank', subject: `settlement_round:${r.id}`, detail: { from: r.state, to: 'ranked', changed: issues.changed, admitted: outcome.line.admitted, line: outcome.line } },
      );
      return this.typed(out);
    } catch (e) {
      if (e instanceof VersionConflictError) throw conflict(`落户批次 ${r.id} `);
      throw e;
    }
  }

  /** Starts the announcement (公示) today for the round's working days. */
  async announce(u: StaffIdentity, id: number, expectedVersion?: number): Promise<Round> {
    requireRole(u, ['admin', 'city'], ADMIN_ONLY);
    const r = await this.loadRound(id, expectedVersion);
    if (r.state !== 'ranked') throw wrongState({ zh: '落户批次', en: 'round' }, r.state, { zh: '公示(须先排名)', en: 'announce it (rank it first)' });
    const from = this.today();
    const end = announcementEnds(await this.calendar(), from, r.config.announcement.workingDays);
    return this.moveRound(u, r, 'announce', { state: 'announced', announcedFrom: from, announcedTo: end.lastDay, announcedProvisional: end.provisional }, { announcedFrom: from, announcedTo: end.lastDay });
  }

  /**
   * After the announcement: the admitted get their admission notices (准入通知书), valid for the move
   * window. Refused while an objection on a ranked person's points is open, or once one has changed
   * the points (re-rank and announce again first). A re-determination after the notices does not
   * re-rank the round.
   */
  async issueNotices(u: StaffIdentity, id: number, expectedVersion?: number): Promise<Round> {
    requireRole(u, ['admin', 'city'], ADMIN_ONLY);
    const r = await this.loadRound(id, expectedVersion);
    if (r.state !== 'announced') throw wrongState({ zh: '落户批次', en: 'round' }, r.state, { zh: '发放准入通知书', en: 'issue notices' });
    const today = this.today();
    if (r.announcedTo !== null && today <= r.announcedTo) {
      throw new AppError('INVALID_TRANSITION', { 'zh-CN': `公示期至 ${r.announcedTo},期满后才能发放准入通知书`, en: `the announcement runs to ${r.announcedTo}; notices come after it` });
    }
    const issues = await this.announcementIssues(id);
    if (issues.openObjections.length > 0) {
      const ids = issues.openObjections.map((o) => o.objectionId).join('、');
      throw new AppError('INVALID_TRANSITION', {
        'zh-CN': `公示名单上有 ${issues.openObjections.length} 件积分异议尚未办结(异议 ${ids}),办结后才能发放准入通知书`,
        en: `${issues.openObjections.length} objection(s) to points on the list are still open (${ids}); notices come after they are decided`,
      });
    }
    if (issues.changed.length > 0) {
      throw new AppError('INVALID_TRANSITION', {
        'zh-CN': `公示名单上有 ${issues.changed.length} 人的积分已因异议变更,须重新排名并重新公示`,
        en: `the points of ${issues.changed.length} person(s) on the list changed after an objection; re-rank and announce again`,
      });
    }
    const at = this.at();
    const admitted = await this.d.settlement.applicationsOfRound(id, ['admitted']);
    const phones = await this.phones(admitted);
    const { from, to } = r.config.moveWindow;
    const rows = admitted.map((a): RoundRow => {
      const noticeNo = `JF${String(id).padStart(4, '0')}-${String(a.position ?? 0).padStart(6, '0')}`;
      const phone = phones.get(a.personId);
      return {
        id: a.id,
        patch: { state: 'notice_issued', noticeNo, noticeIssuedAt: at },
        audit: { at, actor: `staff:${u.id}`, action: 'settlement.notice', subject: `settlement_application:${a.id}`, detail: { noticeNo, validFrom: from, validTo: to } },
        sms: phone ? { to: phone, kind: 'settlement.notice', text: noticeSmsText(r.name, noticeNo, from, to) } : null,
      };
    });
    try {
      const out = await this.d.settlement.writeRound(id, r.version, { state: 'final' }, rows, {
        at,
        actor: `staff:${u.id}`,
        action: 'settlement.round.final',
        subject: `settlement_round:${id}`,
        detail: { from: r.state, to: 'final', notices: rows.length },
      });
      return this.typed(out);
    } catch (e) {
      if (e instanceof VersionConflictError) throw conflict(`落户批次 ${id} `);
      throw e;
    }
  }

  /** Records that an admitted person completed the move (迁移落户) within the window. */
  async recordMove(u: StaffIdentity, id: number, input: { movedOn: string; expectedVersion?: number }): Promise<SettlementApplicationRecord> {
    requireRole(u, ['city', 'district', 'clerk'], { 'zh-CN': '只有工作人员可以登记迁移落户', en: 'only staff record a move' });
    if (!isDate(input.movedOn)) throw invalidInput([{ path: 'movedOn', message: 'must be a real date written YYYY-MM-DD' }]);
    const a = await this.staffApplication(u, id, input.expectedVersion);
    if (a.state !== 'notice_issued') throw wrongState({ zh: '落户申请', en: 'application' }, a.state, { zh: '登记迁移落户', en: 'record the move' });
    const r = await this.round(a.roundId);
    if (input.movedOn < r.config.moveWindow.from || input.movedOn > r.config.moveWindow.to) {
      throw invalidInput([{ path: 'movedOn', message: `must lie in the move window ${r.config.moveWindow.from} to ${r.config.moveWindow.to}` }]);
    }
    return this.patchApplication(u, a, 'move', { state: 'moved', movedOn: input.movedOn }, { movedOn: input.movedOn });
  }

  /**
   * The daily job: every admission of a final round whose move window ended before `asOf` and that was
   * not moved is recorded as forfeited (逾期不办理的视作放弃); in the window's last REMIND_DAYS days each
   * admission not yet moved is reminded once by SMS. Idempotent: a second run finds nothing.
   */
  async lapse(asOf: string = this.today()): Promise<{ asOf: string; forfeited: number; reminded: number; rounds: number[] }> {
    if (!isDate(asOf)) throw invalidInput([{ path: 'asOf', message: 'must be a real date written YYYY-MM-DD' }]);
    let forfeited = 0;
    let reminded = 0;
    const rounds: number[] = [];
    for (const rec of await this.d.settlement.rounds()) {
      const r = this.typed(rec);
      if (r.state === 'final' && asOf <= r.config.moveWindow.to) {
        reminded += await this.remind(r, asOf);
        continue;
      }
      if (r.state !== 'final') continue;
      const due = await this.d.settlement.applicationsOfRound(r.id, ['notice_issued']);
      if (due.length === 0) continue;
      const at = this.at();
      const phones = await this.phones(due);
      const rows = due.map((a): RoundRow => {
        const phone = phones.get(a.personId);
        return {
          id: a.id,
          patch: { state: 'forfeited', forfeitedOn: asOf },
          audit: { at, actor: 'system:settlement-lapse', action: 'settlement.forfeit', subject: `settlement_application:${a.id}`, detail: { from: a.state, to: 'forfeited', moveWindowTo: r.config.moveWindow.to } },
          sms: phone ? { to: phone, kind: 'settlement.forfeit', text: forfeitSmsText(r.name, a.noticeNo ?? '', r.config.moveWindow.to) } : null,
        };
      });
      await this.d.settlement.writeRound(r.id, r.version, {}, rows, {
        at,
        actor: 'system:settlement-lapse',
        action: 'settlement.round.lapse',
        subject: `settlement_round:${r.id}`,
        detail: { asOf, forfeited: rows.length },
      });
      forfeited += rows.length;
      rounds.push(r.id);
    }
    return { asOf, forfeited, reminded, rounds };
  }

  /** Reminds, once, each admission of `r` not yet moved when its move window has REMIND_DAYS days or fewer left. */
  private async remind(r: Round, asOf: string): Promise<number> {
    const end = r.config.moveWindow.to;
    if (toDay(end) - toDay(asOf) >= REMIND_DAYS) return 0;
    const due = (await this.d.settlement.applicationsOfRound(r.id, ['notice_issued'])).filter((a) => a.remindedOn === null);
    if (due.length === 0) return 0;
    const phones = await this.phones(due);
    const at = this.at();
    const rows = due.map((a): RoundRow => {
      const phone = phones.get(a.personId);
      return {
        id: a.id,
        patch: { remindedOn: asOf },
        sms: phone ? { to: phone, kind: 'settlement.reminder', text: reminderSmsText(r.name, a.noticeNo ?? '', end) } : null,
      };
    });
    await this.d.settlement.writeRound(r.id, r.version, {}, rows, { at, actor: 'system:settlement-lapse', action: 'settlement.round.remind', subject: `settlement_round:${r.id}`, detail: { asOf, reminded: rows.length } });
    return rows.length;
  }

  /** The phone on record of each applicant, for the SMS queued with a round-wide change. */
  private async phones(list: readonly SettlementApplicationRecord[]): Promise<Map<number, string>> {
    const out = new Map<number, string>();
    for (const p of await this.d.people.contacts(list.map((a) => a.personId))) if (p.phone) out.set(p.id, p.phone);
    return out;
  }

  // -- public list, notices, statistics -------------------------------------------------------

  /** The ranked list with the people's names (staff; for exports and screens). */
  async ranking(roundId: number): Promise<Array<SettlementApplicationRecord & { name: string; idNumber: string; district: string | null }>> {
    const r = await this.round(roundId);
    if (r.state === 'draft' || r.state === 'open' || r.state === 'closed') return [];
    const list = (await this.d.settlement.applicationsOfRound(roundId)).filter((a) => a.position !== null);
    const people = new Map((await this.d.people.contacts([...new Set(list.map((a) => a.personId))])).map((p) => [p.id, p]));
    return list.map((a) => {
      const p = people.get(a.personId);
      return { ...a, name: p?.name ?? '', idNumber: p ? maskIdNumber(p.idNumber) : '', district: p?.district ?? null };
    });
  }

  /**
   * The public announcement: the admitted of a round during its announcement, names and ID numbers
   * masked, searchable by the masked name (张*三), the full name (compared masked) or the last 4 of
   * the ID number. Outside the announcement period there is no list.
   */
  async announcement(roundId: number, q?: string): Promise<{ round: { id: number; name: string; from: string; to: string }; rows: AnnouncementRow[]; line: unknown }> {
    const r = await this.round(roundId);
    const today = this.today();
    if (r.state !== 'announced' || r.announcedFrom === null || r.announcedTo === null || today < r.announcedFrom || today > r.announcedTo) {
      throw new AppError('NOT_FOUND', { 'zh-CN': '本批次不在公示期内', en: 'this round is not being announced' });
    }
    const list = await this.d.settlement.applicationsOfRound(roundId, ['admitted']);
    const people = new Map((await this.d.people.contacts(list.map((a) => a.personId))).map((p) => [p.id, p]));
    let rows: Array<AnnouncementRow & { last4: string }> = list.map((a) => {
      const p = people.get(a.personId);
      return { position: a.position!, rank: a.rank!, name: maskPublicName(p?.name ?? ''), idNumber: maskIdNumber(p?.idNumber ?? ''), points: (a.pointsH ?? 0) / 100, last4: (p?.idNumber ?? '').slice(-4) };
    });
    const query = q?.trim().toUpperCase() ?? '';
    if (query !== '') {
      rows = rows.filter((x) => (/^[\dX]{4}$/.test(query) ? x.last4 === query : x.name === query || x.name === maskPublicName(query)));
    }
    return { round: { id: r.id, name: r.name, from: r.announcedFrom, to: r.announcedTo }, rows: rows.map(({ last4: _, ...x }) => x), line: r.line };
  }

  /** The admission notice of the person's own application, once issued. */
  async notice(personId: number, id: number): Promise<Notice> {
    const a = await this.application(id);
    if (a.personId !== personId) throw appNotFound();
    return this.noticeOf(a);
  }

  /**
   * The notice for staff (a window prints it for the person): district officers and clerks only their
   * district's; each view is audited, as it shows a name.
   */
  async noticeForStaff(u: StaffIdentity, id: number): Promise<Notice> {
    const a = await this.staffApplication(u, id, undefined);
    const n = await this.noticeOf(a);
    await this.d.settlement.audit({ at: this.at(), actor: `staff:${u.id}`, action: 'settlement.notice.view', subject: `settlement_application:${a.id}`, detail: { noticeNo: n.noticeNo } });
    return n;
  }

  private async noticeOf(a: SettlementApplicationRecord): Promise<Notice> {
    if (a.noticeNo === null || a.noticeIssuedAt === null) throw new AppError('NOT_FOUND', { 'zh-CN': '此申请尚无准入通知书', en: 'this application has no admission notice' });
    const r = await this.round(a.roundId);
    const p = await this.person(a.personId);
    return {
      noticeNo: a.noticeNo,
      roundName: r.name,
      name: p.name,
      idNumber: maskIdNumber(p.idNumber),
      points: (a.pointsH ?? 0) / 100,
      position: a.position ?? 0,
      validFrom: r.config.moveWindow.from,
      validTo: r.config.moveWindow.to,
      issuedAt: a.noticeIssuedAt,
      status: a.state === 'moved' ? 'moved' : a.state === 'forfeited' ? 'forfeited' : 'valid',
      family: a.family.map((m) => ({ relation: m.relation, name: m.name, idNumber: maskIdNumber(m.idNumber), documents: m.documents })),
      documents: APPLICANT_DOCUMENTS,
    };
  }

  /** The ranking as an .xlsx (names masked as on screen), audited. */
  async rankingXlsx(u: StaffIdentity, roundId: number): Promise<ExportFile> {
    requireRole(u, ['admin', 'city'], ADMIN_ONLY);
    const r = await this.round(roundId);
    const list = await this.ranking(roundId);
    const body = await workbook(
      '排名',
      RANKING_COLUMNS,
      list.map((a) => ({
        position: a.position,
        rank: a.rank,
        name: maskPublicName(a.name),
        idNumber: a.idNumber,
        district: districtName(a.district),
        points: (a.pointsH ?? 0) / 100,
        residenceMonths: a.residenceMonths,
        socialInsurance: (a.socialInsuranceH ?? 0) / 100,
        basic: (a.basicH ?? 0) / 100,
        acceptedOn: a.acceptedOn,
        state: SETTLEMENT_STATE_ZH[a.state],
      })),
    );
    await this.exported(u, roundId, 'ranking', list.length);
    return { filename: `积分落户排名-${r.name}-${stamp(this.d.now())}.xlsx`, body, rows: list.length };
  }

  /**
   * A round's applications in filing order (district officers and clerks their own district's),
   * names and ID numbers masked as on screen, with the eligibility reasons in words; audited.
   */
  async applicationsXlsx(u: StaffIdentity, roundId: number): Promise<ExportFile> {
    const r = await this.round(roundId);
    const list = (await this.listApplications(u, roundId)).sort((x, y) => x.id - y.id);
    const people = new Map((await this.d.people.contacts([...new Set(list.map((a) => a.personId))])).map((p) => [p.id, p]));
    const body = await workbook(
      '落户申请',
      APPLICATION_COLUMNS,
      list.map((a) => {
        const p = people.get(a.personId);
        return {
          id: a.id,
          name: maskPublicName(p?.name ?? ''),
          idNumber: maskIdNumber(p?.idNumber ?? ''),
          district: districtName(p?.district ?? ''),
          acceptedOn: a.acceptedOn,
          points: a.pointsH === null ? null : a.pointsH / 100,
          eligibility: a.eligibility.eligible ? '符合' : a.eligibility.reasons.map((x) => x.text['zh-CN']).join(';'),
          family: a.family.length,
          police: a.policeReviewOutcome === null ? (a.state === 'police_review' ? '审核中' : '') : POLICE_ZH[a.policeReviewOutcome],
          state: SETTLEMENT_STATE_ZH[a.state],
        };
      }),
    );
    await this.exported(u, roundId, 'applications', list.length);
    return { filename: `积分落户申请-${r.name}-${stamp(this.d.now())}.xlsx`, body, rows: list.length };
  }

  /** The announcement list (the admitted, masked as in public) as an .xlsx, audited. */
  async announcementXlsx(u: StaffIdentity, roundId: number): Promise<ExportFile> {
    requireRole(u, ['admin', 'city'], ADMIN_ONLY);
    const r = await this.round(roundId);
    const list = (await this.ranking(roundId)).filter((a) => ADMITTED_STATES.includes(a.state));
    const body = await workbook(
      '公示名单',
      ANNOUNCEMENT_COLUMNS,
      list.map((a) => ({ position: a.position, rank: a.rank, name: maskPublicName(a.name), idNumber: a.idNumber, points: (a.pointsH ?? 0) / 100 })),
    );
    await this.exported(u, roundId, 'announcement', list.length);
    return { filename: `积分落户公示名单-${r.name}-${stamp(this.d.now())}.xlsx`, body, rows: list.length };
  }

  private async exported(u: StaffIdentity, roundId: number, list: string, rows: number): Promise<void> {
    await this.d.settlement.audit({ at: this.at(), actor: `staff:${u.id}`, action: 'export.list', subject: `list:settlement-${list}`, detail: { roundId, rows } });
  }

  /** Counts, admissions, 10-point bands and the line of a round, for all districts or one. */
  async statistics(roundId: number, district: string | null = null): Promise<RoundStatistics> {
    const r = await this.round(roundId);
    const all = await this.d.settlement.roundFigures(roundId);
    const figures = district === null ? all : all.filter((f) => f.district === district);
    const byState: Record<string, number> = {};
    const bands = new Map<number, { from: number; count: number; admitted: number }>();
    const districts = new Map<string, { district: string; applications: number; admitted: number }>();
    let admitted = 0;
    let eligible = 0;
    for (const f of figures) {
      byState[f.state] = (byState[f.state] ?? 0) + 1;
      const isAdmitted = ADMITTED_STATES.includes(f.state);
      if (isAdmitted) admitted++;
      if (f.state !== 'ineligible') eligible++;
      if (f.pointsH !== null) {
        const from = Math.floor(f.pointsH / 1000) * 10;
        const b = bands.get(from) ?? { from, count: 0, admitted: 0 };
        b.count++;
        if (isAdmitted) b.admitted++;
        bands.set(from, b);
      }
      const dk = f.district ?? '';
      const dd = districts.get(dk) ?? { district: dk, applications: 0, admitted: 0 };
      dd.applications++;
      if (isAdmitted) dd.admitted++;
      districts.set(dk, dd);
    }
    return {
      roundId,
      district,
      applications: figures.length,
      eligible,
      admitted,
      byState,
      bands: [...bands.values()].sort((a, b) => a.from - b.from),
      line: r.line,
      byDistrict: [...districts.values()].sort((a, b) => (a.district < b.district ? -1 : a.district > b.district ? 1 : 0)),
    };
  }
}
