/**
 * Points-based school admission (积分入学, issue 6), the use cases around the pure rules of
 * src/domain/school-allocation.ts: an administrator configures a round (its application window, the
 * day ages are taken on, the 31 August proof day for pre-registered children, each district's rules)
 * and the schools with their seats per district; a parent applies for a child under 16 in the
 * catchment district; the child uses the higher-ranked of the two parents' latest published
 * determinations, whose chain keys are stored with the application; the allocation (`allocate`,
 * serial by rank within each district) is written in one transaction and gives the results per
 * school. Readings: docs/policy-interpretation.md#school-admission.
 *
 * The other parent's points count only once that parent has confirmed (确认) the application in
 * their own portal session, or a district clerk or officer of the application's district has recorded
 * seeing the relationship document (出生医学证明 or 户口簿). Until then the child uses the applying
 * parent's points only, and the application says so (`otherParent.status`); the allocation uses the
 * state at the time it runs. A parent may withdraw (撤回) a filed application until the round is
 * allocated. Each of these changes bumps the round's version in the same transaction, so an
 * allocation read before it cannot be written over it.
 */
import { maskIdNumber, parseIdNumber } from '../domain/id-number.ts';
import {
  allocate,
  childIneligibility,
  childPoints,
  validateSchoolRound,
  type ChildApplication,
  type DistrictRules,
  type SchoolRound,
} from '../domain/school-allocation.ts';
import { chineseDate, parseDate } from '../rules/dates.ts';
import { todayInChina, type FieldError } from '../rules/index.ts';
import type { ApplicationRepository } from '../storage/repositories/applications.ts';
import type { PeopleRepository } from '../storage/repositories/people.ts';
import {
  VersionConflictError,
  type OtherParentStatus,
  type OtherParentVia,
  type ParentKey,
  type PlacementRow,
  type SchoolApplicationRecord,
  type SchoolApplicationState,
  type SchoolRecord,
  type SchoolRoundRecord,
  type SettlementRepository,
} from '../storage/repositories/settlement.ts';
import type { StaffIdentity } from './auth.ts';
import { AppError, invalidInput } from './errors.ts';
import { districtName, workbook, type Column, type ExportFile } from './exports.ts';
import { chainKeyOfDetermination, latestPublished, maskPublicName } from './settlement.ts';

export type { SchoolApplicationRecord, SchoolRecord } from '../storage/repositories/settlement.ts';

export interface SchoolDeps {
  settlement: SettlementRepository;
  applications: ApplicationRepository;
  people: PeopleRepository;
  now: () => Date;
}

/** What an administrator configures; the schools are added separately. */
export interface SchoolRoundConfig {
  window: { opens: string; closes: string };
  ageOn: string;
  proofBy: string;
  districts: DistrictRules[];
}

export interface SchoolRoundView extends Omit<SchoolRoundRecord, 'config'> {
  config: SchoolRoundConfig;
  schools: SchoolRecord[];
}

export interface SchoolResult {
  school: SchoolRecord;
  children: Array<{ applicationId: number; position: number | null; rank: number | null; child: string; points: number | null; choice: number | null; conditional: boolean }>;
}

const roundNotFound = (): AppError => new AppError('NOT_FOUND', { 'zh-CN': '没有找到此入学批次', en: 'no such school round' });
const appNotFound = (): AppError => new AppError('NOT_FOUND', { 'zh-CN': '没有找到此入学申请', en: 'no such school application' });
const appConflict = (id: number): AppError => new AppError('CONFLICT', { 'zh-CN': `入学申请 ${id} 已被他人修改,请刷新后重试`, en: `school application ${id} was changed by someone else; reload it and try again` });

/** What a parent sees of the other parent's part in an application. */
export interface OtherParentView {
  status: OtherParentStatus;
  decidedAt: string | null;
  via: OtherParentVia | null;
}

/** A school application as a parent sees it: the child's ID number masked, the other parent not identified. */
export type SchoolApplicationView = Omit<SchoolApplicationRecord, 'otherParentPersonId' | 'otherParentStatus' | 'otherParentDecidedBy' | 'otherParentDecidedAt' | 'otherParentDecidedVia' | 'otherParentNote'> & {
  otherParent: OtherParentView;
};

/** A request awaiting the other parent's decision, as that parent sees it. */
export interface ConfirmationRequest {
  applicationId: number;
  roundId: number;
  roundName: string;
  childName: string;
  /** Masked. */
  childIdNumber: string;
  /** The applying parent's name, masked (张*三). */
  applicant: string;
  district: string;
  acceptedOn: string;
  version: number;
}

/**
 * An application of a round as staff see it: the child's and both parents' ID numbers masked; of the
 * other parent the name (to compare with the relationship document) and whether the system knows them.
 */
export interface StaffSchoolApplication {
  id: number;
  roundId: number;
  district: string;
  childName: string;
  /** Masked. */
  childIdNumber: string;
  childBirthDate: string;
  /** The applying parent: the ID number masked. */
  applicant: { name: string; idNumber: string };
  otherParent: OtherParentView & { known: boolean; name: string | null; idNumber: string | null; note: string | null };
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

/** Reasons about points that the other parent's confirmation may still remove: decided at the allocation. */
const POINTS_REASONS: ReadonlySet<string> = new Set(['NO_PARENT_POINTS', 'BELOW_DISTRICT_MINIMUM']);
const ADMIN_ONLY = { 'zh-CN': '只有管理员或市级账号可以管理入学批次', en: 'only admin and city accounts manage school rounds' };
const isDate = (s: unknown): s is string => typeof s === 'string' && parseDate(s) !== undefined;

/** The SMS of a child's outcome, to the applying parent: the child's name masked, no ID number; null when there is no outcome. */
function schoolResultText(round: string, child: string, a: Pick<SchoolApplicationRecord, 'state' | 'schoolId' | 'conditional' | 'reasons'>, schools: ReadonlyMap<number, string>, proofBy: string): string | null {
  const head = `【杭州积分】您为子女${child}提出的积分入学申请(${round})`;
  const tail = '详情请登录积分系统查看。';
  switch (a.state) {
    case 'placed': {
      const school = a.schoolId === null ? '' : (schools.get(a.schoolId) ?? '');
      const condition = a.conditional === true ? `;须于${chineseDate(proofBy)}前向学校提交居住证明,逾期取消` : '';
      return `${head}已分配至${school}${condition}。${tail}`;
    }
    case 'no_seat':
      return `${head}:所填志愿学校学位已满,未分配到学位,请关注所在区教育部门的后续安排。${tail}`;
    case 'no_preferences':
      return `${head}:未填写本区的志愿学校,未分配学位。${tail}`;
    case 'filed':
    case 'withdrawn':
      return null; // not allocated: nothing to tell
    case 'ineligible': {
      const why = (a.reasons ?? []).map((x) => x.text['zh-CN']).join(';');
      return `${head}不符合积分入学条件${why === '' ? '' : `(${why})`}。${tail}`;
    }
  }
}

const OUTCOME_STATE: Readonly<Record<'placed' | 'noSeat' | 'noPreferences' | 'ineligible', SchoolApplicationState>> = {
  placed: 'placed',
  noSeat: 'no_seat',
  noPreferences: 'no_preferences',
  ineligible: 'ineligible',
};

const RESULT_COLUMNS: readonly Column[] = [
  { header: '所在区', key: 'district', width: 10 },
  { header: '学校', key: 'school', width: 20 },
  { header: '序号', key: 'position', width: 8 },
  { header: '名次', key: 'rank', width: 8 },
  { header: '儿童姓名', key: 'child', width: 10 },
  { header: '积分', key: 'points', width: 10 },
  { header: '志愿', key: 'choice', width: 8 },
  { header: '结果', key: 'outcome', width: 16 },
];

const STATE_ZH: Readonly<Record<SchoolApplicationState, string>> = {
  filed: '已申请',
  placed: '已录取',
  no_seat: '志愿学校已满',
  no_preferences: '未填本区学校',
  ineligible: '不符合条件',
  withdrawn: '已撤回',
};

export class SchoolAdmissionService {
  constructor(private readonly d: SchoolDeps) {}

  private at(): string {
    return this.d.now().toISOString();
  }

  private admin(u: StaffIdentity): void {
    if (u.role !== 'admin' && u.role !== 'city') throw new AppError('FORBIDDEN', ADMIN_ONLY);
  }

  private domainRound(config: SchoolRoundConfig, schools: readonly { id: number; district: string; seats: number }[]): SchoolRound {
    return { ageOn: config.ageOn, proofBy: config.proofBy, districts: config.districts, schools: schools.map((s) => ({ id: s.id, district: s.district, seats: s.seats })) };
  }

  /** Every problem of a configuration (and its schools) as field errors. */
  private check(config: SchoolRoundConfig, schools: readonly { id: number; district: string; seats: number }[]): void {
    const fields: FieldError[] = [];
    for (const k of ['opens', 'closes'] as const) if (!isDate(config.window?.[k])) fields.push({ path: `config.window.${k}`, message: 'not a valid date (YYYY-MM-DD)' });
    if (fields.length === 0 && config.window.closes < config.window.opens) fields.push({ path: 'config.window.closes', message: 'the window closes before it opens' });
    for (const p of validateSchoolRound(this.domainRound(config, schools))) {
      fields.push({ path: p.path.startsWith('schools') ? p.path : `config.${p.path}`, message: p.text.en });
    }
    if (fields.length > 0) throw invalidInput(fields);
  }

  private async view(r: SchoolRoundRecord): Promise<SchoolRoundView> {
    return { ...r, config: r.config as SchoolRoundConfig, schools: await this.d.settlement.schools(r.id) };
  }

  async round(id: number): Promise<SchoolRoundView> {
    const r = await this.d.settlement.schoolRound(id);
    if (!r) throw roundNotFound();
    return this.view(r);
  }

  async rounds(): Promise<SchoolRoundView[]> {
    return Promise.all((await this.d.settlement.schoolRounds()).map((r) => this.view(r)));
  }

  async createRound(u: StaffIdentity, input: { name: string; config: SchoolRoundConfig }): Promise<SchoolRoundView> {
    this.admin(u);
    const name = input.name.trim();
    if (name === '') throw invalidInput([{ path: 'name', message: 'required' }]);
    this.check(input.config, []);
    const at = this.at();
    const r = await this.d.settlement.createSchoolRound({ name, config: input.config, createdBy: `staff:${u.id}` }, at, (id) => ({
      at,
      actor: `staff:${u.id}`,
      action: 'school.round.create',
      subject: `school_round:${id}`,
      detail: { name, config: input.config },
    }));
    return this.view(r);
  }

  private async move(u: StaffIdentity, r: SchoolRoundView, action: string, patch: Parameters<SettlementRepository['updateSchoolRound']>[2], detail: Record<string, unknown>, schools?: Parameters<SettlementRepository['updateSchoolRound']>[4]): Promise<SchoolRoundView> {
    try {
      const at = this.at();
      const out = await this.d.settlement.updateSchoolRound(r.id, r.version, patch, { at, actor: `staff:${u.id}`, action: `school.round.${action}`, subject: `school_round:${r.id}`, detail: { from: r.state, ...detail } }, schools);
      return this.view(out);
    } catch (e) {
      if (e instanceof VersionConflictError) throw new AppError('CONFLICT', { 'zh-CN': `入学批次 ${r.id} 已被他人修改,请刷新后重试`, en: `school round ${r.id} was changed by someone else` });
      throw e;
    }
  }

  private async load(id: number, expectedVersion: number | undefined): Promise<SchoolRoundView> {
    const r = await this.round(id);
    if (expectedVersion !== undefined && r.version !== expectedVersion) throw new AppError('CONFLICT', { 'zh-CN': `入学批次 ${id} 已被他人修改,请刷新后重试`, en: `school round ${id} was changed by someone else` });
    return r;
  }

  private wrong(state: string, zh: string, en: string): AppError {
    return new AppError('INVALID_TRANSITION', { 'zh-CN': `入学批次当前状态为 ${state},不能${zh}`, en: `the school round is ${state}; cannot ${en}` });
  }

  /** Adds schools with their seats to a draft or open round (their districts must have rules). */
  async addSchools(u: StaffIdentity, id: number, schools: ReadonlyArray<{ district: string; name: string; seats: number }>, expectedVersion?: number): Promise<SchoolRoundView> {
    this.admin(u);
    const r = await this.load(id, expectedVersion);
    if (r.state !== 'draft' && r.state !== 'open') throw this.wrong(r.state, '添加学校', 'add schools');
    const fields: FieldError[] = [];
    schools.forEach((s, i) => {
      if (typeof s.name !== 'string' || s.name.trim() === '') fields.push({ path: `schools[${i}].name`, message: 'required' });
    });
    if (fields.length > 0) throw invalidInput(fields);
    // Ids of new schools are not known yet: check them with placeholder ids after the existing ones.
    const base = Math.max(0, ...r.schools.map((s) => s.id)) + 1;
    const combined = [...r.schools, ...schools.map((s, i) => ({ id: base + i, district: s.district, seats: s.seats }))];
    try {
      this.check(r.config, combined);
    } catch (e) {
      // Report paths of the new schools relative to the request.
      if (e instanceof AppError && e.fields) {
        throw invalidInput(e.fields.map((f) => {
          const m = /^schools\[(\d+)\](.*)$/.exec(f.path);
          return m ? { path: `schools[${Number(m[1]) - r.schools.length}]${m[2]}`, message: f.message } : f;
        }));
      }
      throw e;
    }
    const clean = schools.map((s) => ({ district: s.district, name: s.name.trim(), seats: s.seats }));
    return this.move(u, r, 'schools', {}, { added: clean }, clean);
  }

  async openRound(u: StaffIdentity, id: number, expectedVersion?: number): Promise<SchoolRoundView> {
    this.admin(u);
    const r = await this.load(id, expectedVersion);
    if (r.state !== 'draft') throw this.wrong(r.state, '开始受理', 'open it');
    return this.move(u, r, 'open', { state: 'open' }, { to: 'open' });
  }

  async closeRound(u: StaffIdentity, id: number, expectedVersion?: number): Promise<SchoolRoundView> {
    this.admin(u);
    const r = await this.load(id, expectedVersion);
    if (r.state !== 'open') throw this.wrong(r.state, '截止受理', 'close it');
    return this.move(u, r, 'close', { state: 'closed' }, { to: 'closed' });
  }

  /** The parent's latest published determination scored on or before `onOrBefore` (any day when null). */
  private async parentKey(personId: number, onOrBefore: string | null = null): Promise<ParentKey> {
    const det = latestPublished(await this.d.applications.byPerson(personId), onOrBefore);
    return { personId, applicationId: det?.id ?? null, key: det === null ? null : chainKeyOfDetermination(det) };
  }

  /**
   * A parent applies for a child (under 16 on the round's `ageOn`) in the catchment district, naming
   * the other parent by ID number when there is one; refused with every reason when the child would
   * not take part. The other parent's points are not looked at here: the application waits for their
   * confirmation (`pending`) whether or not the number belongs to someone known, so the answer tells
   * nothing about the other person. Until then the child has the applicant's points only; a child
   * whose only shortfall is points is still accepted when another parent is named, and the
   * allocation decides.
   */
  async apply(
    parentId: number,
    roundId: number,
    input: { child: { name: string; idNumber: string }; otherParentIdNumber?: string | null; district: string; preferences: readonly number[]; preRegistered?: boolean },
  ): Promise<SchoolApplicationRecord> {
    const r = await this.round(roundId);
    const today = todayInChina(this.d.now());
    if (r.state !== 'open' || today < r.config.window.opens || today > r.config.window.closes) {
      throw new AppError('INVALID_TRANSITION', {
        'zh-CN': `不在本批次的申请期内(${r.config.window.opens} 至 ${r.config.window.closes})`,
        en: `outside the round's application window (${r.config.window.opens} to ${r.config.window.closes})`,
      });
    }
    const fields: FieldError[] = [];
    const name = input.child?.name?.trim() ?? '';
    if (name === '') fields.push({ path: 'child.name', message: 'required' });
    const id = parseIdNumber(input.child?.idNumber ?? '');
    if (!id.ok) fields.push({ path: 'child.idNumber', message: `not a valid ID number (${id.problem})` });
    if (!Array.isArray(input.preferences) || input.preferences.some((p) => !Number.isSafeInteger(p))) fields.push({ path: 'preferences', message: 'must be a list of school ids' });
    const [me] = await this.d.people.byIds([parentId]);
    if (!me) throw new AppError('NOT_FOUND', { 'zh-CN': '没有找到此人', en: 'no such person' });
    let other: number | null = null;
    let otherParentStatus: OtherParentStatus = 'none';
    const otherId = input.otherParentIdNumber?.trim();
    if (otherId) {
      otherParentStatus = 'pending';
      const parsed = parseIdNumber(otherId);
      if (!parsed.ok) fields.push({ path: 'otherParentIdNumber', message: `not a valid ID number (${parsed.problem})` });
      else if (parsed.info.idNumber === me.idNumber) fields.push({ path: 'otherParentIdNumber', message: 'the other parent cannot be the applicant' });
      else {
        const [found] = await this.d.people.search({ idNumber: parsed.info.idNumber }, null, 1);
        // A parent unknown to the system simply has no points: the child uses the applicant's.
        other = found?.id ?? null;
      }
    }
    if (fields.length > 0 || !id.ok) throw invalidInput(fields);
    // Only the applicant's own determination until the other parent confirms.
    const parents = [await this.parentKey(parentId)];
    const child: ChildApplication = {
      id: 0,
      birthDate: id.info.birthDate,
      district: input.district,
      parents: parents.map((p) => p.key),
      preRegistered: input.preRegistered === true,
      preferences: input.preferences,
      acceptedOn: today,
    };
    const rules = r.config.districts.find((d) => d.district === input.district);
    const reasons = childIneligibility(child, this.domainRound(r.config, r.schools), rules).filter((x) => otherParentStatus !== 'pending' || !POINTS_REASONS.has(x.code));
    if (reasons.length > 0) {
      throw new AppError(
        'INVALID_INPUT',
        { 'zh-CN': `不能申请:${reasons.map((x) => x.text['zh-CN']).join(';')}`, en: `cannot apply: ${reasons.map((x) => x.text.en).join('; ')}` },
        reasons.map((x) => ({ path: x.code === 'DISTRICT_NOT_IN_ROUND' ? 'district' : x.code === 'CHILD_TOO_OLD' ? 'child.idNumber' : x.code === 'PRE_REGISTRATION_EXCLUDED' ? 'preRegistered' : 'otherParentIdNumber', message: x.text.en })),
      );
    }
    const used = childPoints(child.parents);
    const at = this.at();
    try {
      return await this.d.settlement.createSchoolApplication(
        {
          roundId,
          parentPersonId: parentId,
          otherParentPersonId: other,
          childName: name,
          childBirthDate: id.info.birthDate,
          childIdNumber: id.info.idNumber,
          district: input.district,
          preferences: [...input.preferences],
          preRegistered: input.preRegistered === true,
          parents,
          pointsH: used?.key.total ?? null,
          pointsParentPersonId: used === null ? null : parents[used.parent]!.personId,
          acceptedOn: today,
          otherParentStatus,
        },
        at,
        (aid) => ({
          at,
          actor: `person:${parentId}`,
          action: 'school.apply',
          subject: `school_application:${aid}`,
          detail: { roundId, district: input.district, preferences: input.preferences, preRegistered: input.preRegistered === true, pointsH: used?.key.total ?? null, otherParent: otherParentStatus },
        }),
      );
    } catch (e) {
      if (e instanceof Error && /unique|UNIQUE/.test(e.message)) throw new AppError('CONFLICT', { 'zh-CN': '此子女已在本批次申请', en: 'this child already applied in this round' });
      throw e;
    }
  }

  /** The parent's applications: those they filed, and those naming them that they confirmed. */
  async mine(personId: number): Promise<SchoolApplicationRecord[]> {
    return (await this.d.settlement.schoolApplicationsOfParent(personId)).filter((a) => a.parentPersonId === personId || a.otherParentStatus === 'confirmed');
  }

  /** Writes one application's change and bumps its round's version, in one transaction. */
  private async patch(a: SchoolApplicationRecord, r: SchoolRoundView, patch: Parameters<SettlementRepository['updateSchoolApplication']>[2], audit: { actor: string; action: string; detail: Record<string, unknown> }): Promise<SchoolApplicationRecord> {
    const at = this.at();
    try {
      return await this.d.settlement.updateSchoolApplication(a.id, a.version, patch, { at, actor: audit.actor, action: audit.action, subject: `school_application:${a.id}`, detail: { from: a.state, ...audit.detail } }, { id: r.id, expectedVersion: r.version });
    } catch (e) {
      if (e instanceof VersionConflictError) throw appConflict(a.id);
      throw e;
    }
  }

  /** The application and its round, while the round is not allocated (open or closed) and the application filed. */
  private async undecided(id: number, expectedVersion: number | undefined, action: { zh: string; en: string }): Promise<{ a: SchoolApplicationRecord; r: SchoolRoundView }> {
    const a = await this.d.settlement.schoolApplication(id);
    if (!a) throw appNotFound();
    if (expectedVersion !== undefined && a.version !== expectedVersion) throw appConflict(id);
    const r = await this.round(a.roundId);
    if (r.state === 'allocated' || a.state !== 'filed') {
      throw new AppError('INVALID_TRANSITION', {
        'zh-CN': r.state === 'allocated' ? `本批次已分配学位,结果已确定,不能${action.zh}` : `此入学申请当前为“${STATE_ZH[a.state]}”,不能${action.zh}`,
        en: r.state === 'allocated' ? `the round has been allocated and its results are fixed; cannot ${action.en}` : `this school application is ${a.state}; cannot ${action.en}`,
      });
    }
    if (r.state !== 'open' && r.state !== 'closed') throw this.wrong(r.state, action.zh, action.en);
    return { a, r };
  }

  /** The parent who filed withdraws (撤回) it, until the round is allocated. */
  async withdraw(personId: number, id: number, expectedVersion?: number): Promise<SchoolApplicationRecord> {
    const found = await this.d.settlement.schoolApplication(id);
    if (!found || found.parentPersonId !== personId) throw appNotFound();
    const { a, r } = await this.undecided(id, expectedVersion, { zh: '撤回申请', en: 'withdraw it' });
    const at = this.at();
    return this.patch(a, r, { state: 'withdrawn', withdrawnAt: at }, { actor: `person:${personId}`, action: 'school.withdraw', detail: { to: 'withdrawn', roundId: r.id } });
  }

  /** Filed applications waiting for this person's confirmation as the other parent, with nothing of the applicant but a masked name. */
  async confirmations(personId: number): Promise<ConfirmationRequest[]> {
    const list = await this.d.settlement.schoolConfirmationsFor(personId);
    if (list.length === 0) return [];
    const people = new Map((await this.d.people.contacts([...new Set(list.map((a) => a.parentPersonId))])).map((p) => [p.id, p]));
    const rounds = new Map((await this.d.settlement.schoolRounds()).map((r) => [r.id, r]));
    return list
      .filter((a) => rounds.get(a.roundId)?.state !== 'allocated')
      .map((a) => ({
        applicationId: a.id,
        roundId: a.roundId,
        roundName: rounds.get(a.roundId)?.name ?? '',
        childName: a.childName,
        childIdNumber: maskIdNumber(a.childIdNumber),
        applicant: maskPublicName(people.get(a.parentPersonId)?.name ?? ''),
        district: a.district,
        acceptedOn: a.acceptedOn,
        version: a.version,
      }));
  }

  /**
   * Counts the other parent's determination (as of the application's day) from now on: the child uses
   * the higher of the two.
   */
  private async confirmOther(a: SchoolApplicationRecord, r: SchoolRoundView, by: string, via: OtherParentVia, note: string | null, action: string): Promise<SchoolApplicationRecord> {
    const own = a.parents[0]!;
    const other = await this.parentKey(a.otherParentPersonId!, a.acceptedOn);
    const parents = [own, other];
    const used = childPoints(parents.map((p) => p.key));
    return this.patch(
      a,
      r,
      {
        parents,
        pointsH: used?.key.total ?? null,
        pointsParentPersonId: used === null ? null : parents[used.parent]!.personId,
        otherParentStatus: 'confirmed',
        otherParentDecidedBy: by,
        otherParentDecidedAt: this.at(),
        otherParentDecidedVia: via,
        otherParentNote: note,
      },
      { actor: by, action, detail: { otherParent: 'confirmed', via, pointsH: used?.key.total ?? null, ...(note ? { note } : {}) } },
    );
  }

  private notPending(a: SchoolApplicationRecord): AppError {
    const zh = a.otherParentStatus === 'confirmed' ? '另一方父母已确认' : a.otherParentStatus === 'declined' ? '另一方父母已拒绝' : '此申请未填写另一方父母';
    const en = a.otherParentStatus === 'confirmed' ? 'the other parent has already confirmed' : a.otherParentStatus === 'declined' ? 'the other parent has declined' : 'this application names no other parent';
    return new AppError('INVALID_TRANSITION', { 'zh-CN': `${zh},无需再确认`, en: `${en}; nothing to confirm` });
  }

  /**
   * The other parent, in their own session, confirms (their points may count for the child) or
   * declines (the child keeps the applicant's points). Only the person named; once, while pending.
   */
  async decide(personId: number, id: number, decision: 'confirm' | 'decline', expectedVersion?: number): Promise<SchoolApplicationRecord> {
    if (decision !== 'confirm' && decision !== 'decline') throw invalidInput([{ path: 'decision', message: "must be 'confirm' or 'decline'" }]);
    const found = await this.d.settlement.schoolApplication(id);
    // Anyone but the named parent is told there is nothing here.
    if (!found || found.otherParentPersonId !== personId) throw appNotFound();
    const { a, r } = await this.undecided(id, expectedVersion, { zh: '确认', en: 'decide on it' });
    if (a.otherParentStatus !== 'pending') throw this.notPending(a);
    if (decision === 'confirm') return this.confirmOther(a, r, `person:${personId}`, 'portal', null, 'school.other_parent.confirm');
    return this.patch(
      a,
      r,
      { otherParentStatus: 'declined', otherParentDecidedBy: `person:${personId}`, otherParentDecidedAt: this.at(), otherParentDecidedVia: 'portal' },
      { actor: `person:${personId}`, action: 'school.other_parent.decline', detail: { otherParent: 'declined' } },
    );
  }

  /**
   * A district clerk or officer of the application's district (or city, admin) records having seen the
   * document proving the relationship (出生医学证明 or 户口簿): the other parent's points count. Only
   * while the other parent has not decided, and only for a parent known to the system.
   */
  async verifyParentage(u: StaffIdentity, id: number, input: { document: 'birth_certificate' | 'hukou_book'; note?: string; expectedVersion?: number }): Promise<SchoolApplicationRecord> {
    if (!['admin', 'city', 'district', 'clerk'].includes(u.role)) throw new AppError('FORBIDDEN', { 'zh-CN': '只有工作人员可以登记亲子关系核验', en: 'only staff record the relationship check' });
    if (input.document !== 'birth_certificate' && input.document !== 'hukou_book') throw invalidInput([{ path: 'document', message: "must be 'birth_certificate' or 'hukou_book'" }]);
    const found = await this.d.settlement.schoolApplication(id);
    if (!found) throw appNotFound();
    if ((u.role === 'district' || u.role === 'clerk') && found.district !== u.district) {
      throw new AppError('FORBIDDEN', { 'zh-CN': '此入学申请不属于您所在的区', en: 'this school application belongs to another district' });
    }
    const { a, r } = await this.undecided(id, input.expectedVersion, { zh: '登记亲子关系核验', en: 'record the relationship check' });
    if (a.otherParentStatus !== 'pending') throw this.notPending(a);
    if (a.otherParentPersonId === null) {
      throw new AppError('INVALID_TRANSITION', { 'zh-CN': '另一方父母在本系统中没有记录,没有可计入的积分', en: 'the other parent is not known to the system and has no points to count' });
    }
    const note = input.note?.trim() || null;
    return this.confirmOther(a, r, `staff:${u.id}`, input.document, note, 'school.other_parent.verify');
  }

  /**
   * The applications of a round for staff, optionally only those whose other parent is in one state
   * (`pending`: awaiting the confirmation or the relationship check); clerks and district officers
   * see their own district's. ID numbers masked.
   */
  async staffApplications(u: StaffIdentity, roundId: number, filter: { otherParent?: OtherParentStatus } = {}): Promise<StaffSchoolApplication[]> {
    await this.round(roundId);
    const own = u.role === 'clerk' || u.role === 'district' ? u.district : null;
    // Withdrawn ones too: the staff see what was filed and withdrawn (never allocated).
    const list = (await this.d.settlement.schoolApplicationsOfRound(roundId, { withdrawn: true })).filter((a) => (own === null || a.district === own) && (filter.otherParent === undefined || a.otherParentStatus === filter.otherParent));
    const ids = new Set(list.flatMap((a) => (a.otherParentPersonId === null ? [a.parentPersonId] : [a.parentPersonId, a.otherParentPersonId])));
    const people = new Map((await this.d.people.contacts([...ids])).map((p) => [p.id, p]));
    return list
      .sort((x, y) => x.id - y.id)
      .map((a) => {
        const me = people.get(a.parentPersonId);
        const other = a.otherParentPersonId === null ? undefined : people.get(a.otherParentPersonId);
        return {
          id: a.id,
          roundId: a.roundId,
          district: a.district,
          childName: a.childName,
          childIdNumber: maskIdNumber(a.childIdNumber),
          childBirthDate: a.childBirthDate,
          applicant: { name: me?.name ?? '', idNumber: maskIdNumber(me?.idNumber ?? '') },
          otherParent: {
            status: a.otherParentStatus,
            decidedAt: a.otherParentDecidedAt,
            via: a.otherParentDecidedVia,
            known: other !== undefined,
            name: other?.name ?? null,
            idNumber: other === undefined ? null : maskIdNumber(other.idNumber),
            note: a.otherParentNote,
          },
          preferences: a.preferences,
          preRegistered: a.preRegistered,
          acceptedOn: a.acceptedOn,
          state: a.state,
          withdrawnAt: a.withdrawnAt,
          schoolId: a.schoolId,
          choice: a.choice,
          points: a.pointsH === null ? null : a.pointsH / 100,
          pointsFrom: a.pointsParentPersonId === null ? null : a.pointsParentPersonId === a.parentPersonId ? 'applicant' : 'otherParent',
          version: a.version,
        };
      });
  }

  /**
   * Allocates a closed round (again, while it is only allocated) from the stored applications and
   * their stored parent keys, in one transaction: every child's outcome and every school's fill.
   */
  async allocate(u: StaffIdentity, id: number, expectedVersion?: number): Promise<SchoolRoundView> {
    this.admin(u);
    const r = await this.load(id, expectedVersion);
    if (r.state !== 'closed' && r.state !== 'allocated') throw this.wrong(r.state, '分配学位(须先截止受理)', 'allocate (close it first)');
    if (r.resultsSentAt !== null) {
      throw new AppError('INVALID_TRANSITION', { 'zh-CN': `分配结果已于 ${r.resultsSentAt.slice(0, 10)} 通知家长,不能重新分配`, en: `the results were sent to the parents on ${r.resultsSentAt.slice(0, 10)}; the allocation cannot be run again` });
    }
    const apps = await this.d.settlement.schoolApplicationsOfRound(id);
    const byId = new Map(apps.map((a) => [a.id, a]));
    const children: ChildApplication[] = apps.map((a) => ({
      id: a.id,
      birthDate: a.childBirthDate,
      district: a.district,
      // The other parent counts only when confirmed as the allocation runs.
      parents: (a.otherParentStatus === 'confirmed' ? a.parents : a.parents.slice(0, 1)).map((p) => p.key),
      preRegistered: a.preRegistered,
      preferences: a.preferences,
      acceptedOn: a.acceptedOn,
    }));
    const result = allocate(this.domainRound(r.config, r.schools), children);
    const placements: PlacementRow[] = result.placements.map((p) => {
      const a = byId.get(p.childId)!;
      return {
        id: p.childId,
        state: OUTCOME_STATE[p.outcome],
        schoolId: p.schoolId,
        choice: p.choice,
        position: p.position,
        rank: p.rank,
        conditional: p.conditional,
        reasons: p.reasons.length > 0 ? p.reasons.map((x) => ({ code: x.code, text: x.text })) : null,
        pointsH: p.points,
        pointsParentPersonId: p.parent === null ? null : (a.parents[p.parent]?.personId ?? null),
      };
    });
    const at = this.at();
    try {
      const out = await this.d.settlement.writeAllocation(
        id,
        r.version,
        at,
        placements,
        result.schools.map((s) => ({ schoolId: s.schoolId, filled: s.filled, lowestPointsH: s.lowestPoints })),
        { at, actor: `staff:${u.id}`, action: 'school.round.allocate', subject: `school_round:${id}`, detail: { from: r.state, to: 'allocated', children: placements.length, placed: placements.filter((p) => p.state === 'placed').length } },
      );
      return this.view(out);
    } catch (e) {
      if (e instanceof VersionConflictError) throw new AppError('CONFLICT', { 'zh-CN': `入学批次 ${id} 已被他人修改,请刷新后重试`, en: `school round ${id} was changed by someone else` });
      throw e;
    }
  }

  /**
   * Texts every applying parent the child's outcome (the school, a condition to meet, or why there is
   * no seat), queued with the round's mark in one transaction; from then on the allocation is final.
   * Admin and city, once the round is allocated, once.
   */
  async sendResults(u: StaffIdentity, id: number, expectedVersion?: number): Promise<SchoolRoundView> {
    this.admin(u);
    const r = await this.load(id, expectedVersion);
    if (r.state !== 'allocated') throw this.wrong(r.state, '通知家长(须先分配学位)', 'send the results (allocate first)');
    if (r.resultsSentAt !== null) throw new AppError('INVALID_TRANSITION', { 'zh-CN': `分配结果已于 ${r.resultsSentAt.slice(0, 10)} 通知家长`, en: `the results were sent on ${r.resultsSentAt.slice(0, 10)}` });
    const config = r.config;
    const apps = await this.d.settlement.schoolApplicationsOfRound(id);
    const schools = new Map(r.schools.map((x) => [x.id, x.name]));
    const parents = new Map((await this.d.people.contacts([...new Set(apps.map((a) => a.parentPersonId))])).map((p) => [p.id, p]));
    const messages = apps.flatMap((a) => {
      const phone = parents.get(a.parentPersonId)?.phone;
      const text = schoolResultText(r.name, maskPublicName(a.childName), a, schools, config.proofBy);
      return phone && text !== null ? [{ to: phone, kind: 'school.result', text }] : [];
    });
    const at = this.at();
    try {
      const out = await this.d.settlement.sendSchoolResults(id, r.version, at, messages, {
        at,
        actor: `staff:${u.id}`,
        action: 'school.round.results',
        subject: `school_round:${id}`,
        detail: { applications: apps.length, texted: messages.length },
      });
      return this.view(out);
    } catch (e) {
      if (e instanceof VersionConflictError) throw new AppError('CONFLICT', { 'zh-CN': `入学批次 ${id} 已被他人修改,请刷新后重试`, en: `school round ${id} was changed by someone else` });
      throw e;
    }
  }

  /** The results per school, children masked (张*三), in position order; district officers their own district. */
  async results(u: StaffIdentity, id: number): Promise<{ round: SchoolRoundView; schools: SchoolResult[]; unplaced: Array<{ applicationId: number; district: string; child: string; state: SchoolApplicationState; points: number | null }> }> {
    const r = await this.round(id);
    const own = u.role === 'clerk' || u.role === 'district' ? u.district : null;
    const apps = (await this.d.settlement.schoolApplicationsOfRound(id)).filter((a) => own === null || a.district === own);
    const schools = r.schools
      .filter((s) => own === null || s.district === own)
      .map((school) => ({
        school,
        children: apps
          .filter((a) => a.schoolId === school.id && a.state === 'placed')
          .map((a) => ({ applicationId: a.id, position: a.position, rank: a.rank, child: maskPublicName(a.childName), points: a.pointsH === null ? null : a.pointsH / 100, choice: a.choice, conditional: a.conditional === true })),
      }));
    const unplaced = apps
      .filter((a) => a.state !== 'placed')
      .map((a) => ({ applicationId: a.id, district: a.district, child: maskPublicName(a.childName), state: a.state, points: a.pointsH === null ? null : a.pointsH / 100 }));
    return { round: r, schools, unplaced };
  }

  /** The results per school as an .xlsx (placed children per school, then the unplaced), audited. */
  async resultsXlsx(u: StaffIdentity, id: number): Promise<ExportFile> {
    const { round, schools, unplaced } = await this.results(u, id);
    const rows = [
      ...schools.flatMap((s) =>
        s.children.map((c) => ({
          district: districtName(s.school.district),
          school: s.school.name,
          position: c.position,
          rank: c.rank,
          child: c.child,
          points: c.points,
          choice: c.choice === null ? null : c.choice + 1,
          outcome: c.conditional ? '已录取(待8月31日前交居住证)' : '已录取',
        })),
      ),
      ...unplaced.map((c) => ({ district: districtName(c.district), school: '', position: null, rank: null, child: c.child, points: c.points, choice: null, outcome: STATE_ZH[c.state] })),
    ];
    const body = await workbook('入学分配结果', RESULT_COLUMNS, rows);
    await this.d.settlement.audit({ at: this.at(), actor: `staff:${u.id}`, action: 'export.list', subject: 'list:school-results', detail: { roundId: id, rows: rows.length } });
    return { filename: `积分入学结果-${round.name}-${todayInChina(this.d.now()).replaceAll('-', '')}.xlsx`, body, rows: rows.length };
  }

  /**
   * Per district of a round: applications, children placed, 10-point bands of the points used, and
   * each school's seats, fill and line (the lowest points placed), as JSON for charts.
   */
  async statistics(
    u: StaffIdentity,
    id: number,
  ): Promise<{
    roundId: number;
    districts: Array<{ district: string; applications: number; placed: number; bands: Array<{ from: number; count: number; placed: number }>; schools: Array<{ id: number; name: string; seats: number; filled: number | null; line: number | null }> }>;
  }> {
    const { round, schools } = await this.results(u, id);
    const own = u.role === 'clerk' || u.role === 'district' ? u.district : null;
    const apps = (await this.d.settlement.schoolApplicationsOfRound(id)).filter((a) => own === null || a.district === own);
    const districts = [...new Set([...round.config.districts.map((d) => d.district), ...apps.map((a) => a.district)])].filter((d) => own === null || d === own).sort();
    return {
      roundId: id,
      districts: districts.map((district) => {
        const mine = apps.filter((a) => a.district === district);
        const bands = new Map<number, { from: number; count: number; placed: number }>();
        for (const a of mine) {
          if (a.pointsH === null) continue;
          const from = Math.floor(a.pointsH / 1000) * 10;
          const b = bands.get(from) ?? { from, count: 0, placed: 0 };
          b.count++;
          if (a.state === 'placed') b.placed++;
          bands.set(from, b);
        }
        return {
          district,
          applications: mine.length,
          placed: mine.filter((a) => a.state === 'placed').length,
          bands: [...bands.values()].sort((x, y) => x.from - y.from),
          schools: schools
            .filter((s) => s.school.district === district)
            .map((s) => ({ id: s.school.id, name: s.school.name, seats: s.school.seats, filled: s.school.filled, line: s.school.lowestPointsH === null ? null : s.school.lowestPointsH / 100 })),
        };
      }),
    };
  }

  /**
   * What a parent sees of an application: the child's ID number masked; of the other parent only the
   * status of the confirmation (and their determination once it counts).
   */
  static present(a: SchoolApplicationRecord): SchoolApplicationView {
    const { otherParentPersonId: _p, otherParentStatus, otherParentDecidedBy: _b, otherParentDecidedAt, otherParentDecidedVia, otherParentNote: _n, ...rest } = a;
    return {
      ...rest,
      childIdNumber: maskIdNumber(a.childIdNumber),
      parents: otherParentStatus === 'confirmed' ? a.parents : a.parents.slice(0, 1),
      otherParent: { status: otherParentStatus, decidedAt: otherParentDecidedAt, via: otherParentDecidedVia },
    };
  }
}
