/**
 * The staff console's lists as rows and as Excel workbooks (issue 4: "Excel export (xlsx) of any
 * list"). One function builds the rows of a list for both the screen and the workbook, so an export
 * shows exactly what the screen does: the same district scope, the same masking (an export is not a
 * way around masking), the same order. Every export is written to the audit log with who exported
 * which list and how many rows.
 *
 * Workbooks: Chinese headers, the header row frozen, every date written as text (YYYY-MM-DD), so
 * that Excel and WPS neither reformat nor shift them by time zone.
 */
import ExcelJS from 'exceljs';
import type { ApplicationState } from '../domain/application.ts';
import { maskIdNumber, maskName, maskPhone } from '../domain/id-number.ts';
import { POLICY_VERSIONS, todayInChina } from '../rules/index.ts';
import type { Channel, FiledByKind, IntendedUse } from '../storage/repositories/applications.ts';
import type { PeopleRepository } from '../storage/repositories/people.ts';
import type { OutboxStatus, SmsRepository } from '../storage/repositories/sms.ts';
import type { StaffRepository } from '../storage/repositories/staff.ts';
import type { ApplicationService } from './applications.ts';
import type { StaffIdentity } from './auth.ts';
import { AppError, invalidInput } from './errors.ts';
import type { PeopleService } from './people.ts';

export type Cell = string | number | null;

export interface Column {
  header: string;
  key: string;
  width?: number;
}

/** A sheet of `rows` under `columns`, as the bytes of an .xlsx file. */
export async function workbook(sheetName: string, columns: readonly Column[], rows: ReadonlyArray<Readonly<Record<string, Cell>>>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'jifen';
  // A fixed date: the same list gives the same file.
  wb.created = new Date(0);
  wb.modified = new Date(0);
  const ws = wb.addWorksheet(sheetName.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width ?? Math.max(10, [...c.header].length * 2 + 2) }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) {
    const values: Record<string, Cell> = {};
    for (const c of columns) values[c.key] = r[c.key] ?? null;
    ws.addRow(values);
  }
  // Text format for every cell: ID-like strings and dates stay as they are written.
  ws.eachRow((row) => {
    row.eachCell((cell) => {
      if (typeof cell.value === 'string') cell.numFmt = '@';
    });
  });
  const out = await wb.xlsx.writeBuffer();
  return Buffer.from(out);
}

/** An ISO instant as China's local day and minute: "2026-12-01 10:00". */
export function chinaMinute(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return new Date(t + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

const DISTRICT_NAMES: Readonly<Record<string, string>> = Object.assign({}, ...POLICY_VERSIONS.map((v) => v.urbanDistricts.value)) as Record<string, string>;

export function districtName(code: string | null): string {
  if (code === null) return '';
  return DISTRICT_NAMES[code] ?? code;
}

/** The queues the console shows (a draft or a withdrawn application is in none). */
export const QUEUE_STATES = ['submitted', 'accepted', 'returned', 'determined', 'published', 'refused'] as const satisfies readonly ApplicationState[];
export type QueueState = (typeof QUEUE_STATES)[number];

/** One row of a work queue, as on screen: the applicant masked. */
export interface WorklistRow {
  id: number;
  personId: number;
  /** Surname only: 张*. */
  applicant: string;
  /** 330106********1234. */
  idNumber: string;
  district: string | null;
  channel: Channel;
  intendedUse: IntendedUse;
  filedBy: FiledByKind;
  submittedAt: string | null;
  acceptedOn: string | null;
  resultVisibleOn: string | null;
  resultProvisional: boolean | null;
  state: ApplicationState;
  version: number;
}

export interface OutboxRow {
  id: number;
  /** 138****5678. */
  to: string;
  kind: string;
  text: string;
  status: OutboxStatus;
  createdAt: string;
  sentAt: string | null;
}

export interface ExportFile {
  filename: string;
  body: Buffer;
  rows: number;
}

export interface ExportDeps {
  applications: ApplicationService;
  people: PeopleRepository;
  peopleService: PeopleService;
  sms: SmsRepository;
  /** For the audit log. */
  staff: StaffRepository;
  now: () => Date;
}

const CHANNEL_ZH: Record<Channel, string> = { online: '网上', window: '窗口' };
const USE_ZH: Record<IntendedUse, string> = { settlement: '积分落户', school: '积分入学' };
const FILED_BY_ZH: Record<FiledByKind, string> = { self: '本人', employer: '单位', guardian: '监护人', clerk: '窗口代录' };
const STATE_ZH: Record<ApplicationState, string> = {
  draft: '填写中',
  submitted: '待受理',
  refused: '不予受理',
  accepted: '审核中',
  returned: '退回补正',
  determined: '已核定',
  published: '已公布',
  withdrawn: '已撤回',
};
const SMS_STATUS_ZH: Record<OutboxStatus, string> = { queued: '待发送', outbox: '已写入发件箱', pending: '发送中', sent: '已发送', failed: '发送失败' };

const APPLICATION_COLUMNS: readonly Column[] = [
  { header: '申请编号', key: 'id', width: 10 },
  { header: '申请人', key: 'applicant', width: 10 },
  { header: '身份证号', key: 'idNumber', width: 22 },
  { header: '区', key: 'district', width: 10 },
  { header: '渠道', key: 'channel', width: 8 },
  { header: '用途', key: 'intendedUse', width: 10 },
  { header: '代办', key: 'filedBy', width: 10 },
  { header: '提交时间', key: 'submittedAt', width: 18 },
  { header: '受理日期', key: 'acceptedOn', width: 12 },
  { header: '结果可查日期', key: 'resultVisibleOn', width: 14 },
  { header: '状态', key: 'state', width: 10 },
];

const OUTBOX_COLUMNS: readonly Column[] = [
  { header: '编号', key: 'id', width: 8 },
  { header: '手机号', key: 'to', width: 14 },
  { header: '类型', key: 'kind', width: 16 },
  { header: '内容', key: 'text', width: 60 },
  { header: '状态', key: 'status', width: 12 },
  { header: '写入时间', key: 'createdAt', width: 18 },
  { header: '发送时间', key: 'sentAt', width: 18 },
];

const PEOPLE_COLUMNS: readonly Column[] = [
  { header: '姓名', key: 'name', width: 10 },
  { header: '身份证号', key: 'idNumber', width: 22 },
  { header: '手机号', key: 'phone', width: 14 },
  { header: '所在区', key: 'district', width: 10 },
  { header: '出生日期', key: 'birthDate', width: 12 },
];

export const OUTBOX_LIMIT = 100;

/** Clerks and district officers see their own district only; city and admin all. */
function ownDistrict(u: StaffIdentity): string | null {
  return u.role === 'clerk' || u.role === 'district' ? u.district : null;
}

/** The day in an export's file name: 20261201. */
export function stamp(d: Date): string {
  return todayInChina(d).replaceAll('-', '');
}

export class ExportService {
  constructor(private readonly d: ExportDeps) {}

  private async audit(u: StaffIdentity, list: string, detail: Record<string, unknown>): Promise<void> {
    await this.d.staff.audit(this.d.now().toISOString(), `staff:${u.id}`, 'export.list', `list:${list}`, detail);
  }

  /**
   * A work queue, oldest first. Clerks and district officers get their own district (asking for
   * another is refused); city and admin get all, or one district when `district` is given.
   */
  async worklist(u: StaffIdentity, state: string, district: string | null): Promise<WorklistRow[]> {
    if (!(QUEUE_STATES as readonly string[]).includes(state)) throw invalidInput([{ path: 'state', message: `must be one of ${QUEUE_STATES.join(', ')}` }]);
    if (district !== null && !/^\d{6}$/.test(district)) throw invalidInput([{ path: 'district', message: 'must be a 6-digit district code' }]);
    const own = ownDistrict(u);
    if (own !== null && district !== null && district !== own) {
      throw new AppError('FORBIDDEN', { 'zh-CN': '您只能查看本区的申请', en: 'you can see the applications of your own district only' });
    }
    const list = await this.d.applications.queue(state as ApplicationState, own ?? district);
    const people = new Map((await this.d.people.contacts([...new Set(list.map((a) => a.personId))])).map((p) => [p.id, p]));
    return list.map((a) => {
      const p = people.get(a.personId);
      return {
        id: a.id,
        personId: a.personId,
        applicant: p ? maskName(p.name) : '',
        idNumber: p ? maskIdNumber(p.idNumber) : '',
        district: p?.district ?? null,
        channel: a.channel,
        intendedUse: a.intendedUse,
        filedBy: a.filedByKind,
        submittedAt: a.submittedAt,
        acceptedOn: a.acceptedOn,
        resultVisibleOn: a.resultVisibleOn,
        resultProvisional: a.resultProvisional,
        state: a.state,
        version: a.version,
      };
    });
  }

  async applicationsXlsx(u: StaffIdentity, state: string, district: string | null): Promise<ExportFile> {
    const rows = await this.worklist(u, state, district);
    const body = await workbook(
      '积分申请',
      APPLICATION_COLUMNS,
      rows.map((r) => ({
        id: r.id,
        applicant: r.applicant,
        idNumber: r.idNumber,
        district: districtName(r.district),
        channel: CHANNEL_ZH[r.channel],
        intendedUse: USE_ZH[r.intendedUse],
        filedBy: FILED_BY_ZH[r.filedBy],
        submittedAt: r.submittedAt === null ? null : chinaMinute(r.submittedAt),
        acceptedOn: r.acceptedOn,
        resultVisibleOn: r.resultVisibleOn,
        state: STATE_ZH[r.state],
      })),
    );
    const scope = ownDistrict(u) ?? district;
    await this.audit(u, 'applications', { state, district: scope, rows: rows.length });
    const where = scope === null ? '全市' : districtName(scope);
    return { filename: `积分申请-${STATE_ZH[state as ApplicationState]}-${where}-${stamp(this.d.now())}.xlsx`, body, rows: rows.length };
  }

  /** The newest messages of the SMS outbox, phones masked: admin and city only. */
  async outbox(u: StaffIdentity): Promise<OutboxRow[]> {
    if (u.role !== 'admin' && u.role !== 'city') {
      throw new AppError('FORBIDDEN', { 'zh-CN': '只有市级和管理员账号可以查看短信发件箱', en: 'only city and admin accounts can see the SMS outbox' });
    }
    const messages = await this.d.sms.latest(OUTBOX_LIMIT);
    return messages.map((m) => ({ id: m.id, to: maskPhone(m.to), kind: m.kind, text: m.text, status: m.status, createdAt: m.createdAt, sentAt: m.sentAt }));
  }

  async outboxXlsx(u: StaffIdentity): Promise<ExportFile> {
    const rows = await this.outbox(u);
    const body = await workbook(
      '短信发件箱',
      OUTBOX_COLUMNS,
      rows.map((r) => ({
        id: r.id,
        to: r.to,
        kind: r.kind,
        text: r.text,
        status: SMS_STATUS_ZH[r.status],
        createdAt: chinaMinute(r.createdAt),
        sentAt: r.sentAt === null ? null : chinaMinute(r.sentAt),
      })),
    );
    await this.audit(u, 'sms-outbox', { rows: rows.length });
    return { filename: `短信发件箱-${stamp(this.d.now())}.xlsx`, body, rows: rows.length };
  }

  /** The results of a person search, as the search shows them (masked, district-scoped). */
  async peopleXlsx(u: StaffIdentity, query: string): Promise<ExportFile> {
    const { people } = await this.d.peopleService.search(u, query);
    const body = await workbook(
      '人员查询',
      PEOPLE_COLUMNS,
      people.map((p) => ({ name: p.name, idNumber: p.idNumber, phone: p.phone, district: districtName(p.district), birthDate: p.birthDate })),
    );
    // The query itself may be a full ID number or phone: not written to the log.
    await this.audit(u, 'people-search', { rows: people.length });
    return { filename: `人员查询-${stamp(this.d.now())}.xlsx`, body, rows: people.length };
  }
}
