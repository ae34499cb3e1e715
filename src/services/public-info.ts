/**
 * The public information of /windows: where to apply in each district (受理窗口) and which numbers to
 * call (咨询电话). Anyone may read it; only admins change it. Input is validated here with zod, so a
 * bad phone number is a 400 naming the field whatever edge calls this; every change is audited in its
 * transaction by the repository.
 */
import { z } from 'zod';
import { URBAN_DISTRICTS } from '../domain/synthetic-city.ts';
import { validate } from '../rules/facts.ts';
import type { Locale } from '../rules/index.ts';
import type { AcceptanceWindow, Hotline, HotlineFields, PublicInfoRepository, WindowFields } from '../storage/repositories/public-info.ts';
import type { StaffIdentity } from './auth.ts';
import { AppError, invalidInput } from './errors.ts';

export type { AcceptanceWindow, Hotline } from '../storage/repositories/public-info.ts';

/**
 * A landline with its area code (0571-87654321, 0571-8765432) or a short service number of 3 to 6
 * digits (12345, 96345).
 */
export const PHONE_PATTERN = /^(?:0\d{2,3}-\d{7,8}|\d{3,6})$/;

const DISTRICT_NAMES: ReadonlyMap<string, string> = new Map(URBAN_DISTRICTS.map((d) => [d.code, d.name]));

const text = (max: number) => z.string().trim().min(1).max(max);
const phone = z.string().trim().regex(PHONE_PATTERN, { message: 'a landline with its area code (0571-87654321) or a short service number (12345)' });

export const windowSchema = z.strictObject({
  district: z.string().refine((v) => DISTRICT_NAMES.has(v), { message: 'an urban district code of Hangzhou, such as 330106' }),
  name: text(100),
  address: text(200),
  phone,
  hours: text(200),
  note: z.string().trim().max(500).default(''),
});

export const hotlineSchema = z.strictObject({ name: text(100), phone, hours: text(200) });

/** A window as the public sees it: without who last edited it. */
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

export interface PublicHotline {
  id: number;
  name: string;
  phone: string;
  hours: string;
}

const presentWindow = (w: AcceptanceWindow): PublicWindow => ({
  id: w.id,
  district: w.district,
  districtName: DISTRICT_NAMES.get(w.district) ?? w.district,
  name: w.name,
  address: w.address,
  phone: w.phone,
  hours: w.hours,
  note: w.note,
});
const presentHotline = (h: Hotline): PublicHotline => ({ id: h.id, name: h.name, phone: h.phone, hours: h.hours });

const forbidden = (): AppError =>
  new AppError('FORBIDDEN', { 'zh-CN': '只有管理员可以修改受理窗口和咨询电话', en: 'only administrators can change the windows and hotlines' });
const noWindow = (): AppError => new AppError('NOT_FOUND', { 'zh-CN': '没有这个受理窗口', en: 'no such acceptance window' });
const noHotline = (): AppError => new AppError('NOT_FOUND', { 'zh-CN': '没有这个咨询电话', en: 'no such hotline' });

export interface PublicInfoDeps {
  repo: PublicInfoRepository;
  now: () => Date;
}

export class PublicInfoService {
  constructor(private readonly d: PublicInfoDeps) {}

  async list(): Promise<{ windows: PublicWindow[]; hotlines: PublicHotline[] }> {
    const [windows, hotlines] = await Promise.all([this.d.repo.windows(), this.d.repo.hotlines()]);
    return { windows: windows.map(presentWindow), hotlines: hotlines.map(presentHotline) };
  }

  /**
   * The same lists for staff, never cached and with who changed each row last and when: the admin
   * page re-reads this after saving (the public list may be up to five minutes old in a cache).
   */
  async listForStaff(): Promise<{ windows: Array<PublicWindow & { updatedBy: string; updatedAt: string }>; hotlines: Array<PublicHotline & { updatedBy: string; updatedAt: string }> }> {
    const [windows, hotlines] = await Promise.all([this.d.repo.windows(), this.d.repo.hotlines()]);
    return {
      windows: windows.map((w) => ({ ...presentWindow(w), updatedBy: w.updatedBy, updatedAt: w.updatedAt })),
      hotlines: hotlines.map((h) => ({ ...presentHotline(h), updatedBy: h.updatedBy, updatedAt: h.updatedAt })),
    };
  }

  private change(user: StaffIdentity): { actor: string; at: string } {
    if (user.role !== 'admin') throw forbidden();
    return { actor: `staff:${user.id}`, at: this.d.now().toISOString() };
  }

  private parse<T>(schema: z.ZodType<T>, input: unknown, locale: Locale): T {
    const v = validate(schema, input, locale);
    if (!v.ok) throw invalidInput(v.errors);
    return v.value;
  }

  async createWindow(user: StaffIdentity, input: unknown, locale: Locale = 'zh-CN'): Promise<PublicWindow> {
    const change = this.change(user);
    const f: WindowFields = this.parse(windowSchema, input, locale);
    return presentWindow(await this.d.repo.createWindow(f, change));
  }

  async updateWindow(user: StaffIdentity, id: number, input: unknown, locale: Locale = 'zh-CN'): Promise<PublicWindow> {
    const change = this.change(user);
    const f: WindowFields = this.parse(windowSchema, input, locale);
    const w = await this.d.repo.updateWindow(id, f, change);
    if (!w) throw noWindow();
    return presentWindow(w);
  }

  async deleteWindow(user: StaffIdentity, id: number): Promise<void> {
    if (!(await this.d.repo.deleteWindow(id, this.change(user)))) throw noWindow();
  }

  async createHotline(user: StaffIdentity, input: unknown, locale: Locale = 'zh-CN'): Promise<PublicHotline> {
    const change = this.change(user);
    const f: HotlineFields = this.parse(hotlineSchema, input, locale);
    return presentHotline(await this.d.repo.createHotline(f, change));
  }

  async updateHotline(user: StaffIdentity, id: number, input: unknown, locale: Locale = 'zh-CN'): Promise<PublicHotline> {
    const change = this.change(user);
    const f: HotlineFields = this.parse(hotlineSchema, input, locale);
    const h = await this.d.repo.updateHotline(id, f, change);
    if (!h) throw noHotline();
    return presentHotline(h);
  }

  async deleteHotline(user: StaffIdentity, id: number): Promise<void> {
    if (!(await this.d.repo.deleteHotline(id, this.change(user)))) throw noHotline();
  }
}
