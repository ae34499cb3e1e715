/**
 * Evidence (证明材料) of a points application: photos and PDFs the applicant uploads online, a clerk
 * scans at the window, or an employer uploads for its employee. A file's type is decided by its
 * bytes (file-type), never by its name or what the browser claims; its size is limited; its bytes
 * are stored once under their SHA-256 (BlobStore) and the row says what it supports.
 *
 * Last cycle's materials may be reused (2020 FAQ Q10: "去年已提交材料的经本人确认后无需重复提交"):
 * online the applicant confirms each item; at the window the clerk records the applicant's
 * confirmation. A reused item is a new row pointing at the same blob, so nothing is copied.
 *
 * Who may add material, and when: the applicant (or an agent) while the application is a draft or
 * was returned for more evidence; clerks and district reviewers also once it is submitted or under
 * review. Only the applicant removes, and only from a draft; removal is soft. Every change and every
 * staff view of an item is audited.
 */
import { fileTypeFromBuffer } from 'file-type';
import { STATE_NAMES, type ApplicationState, type Actor } from '../domain/application.ts';
import type { FieldError } from '../rules/index.ts';
import type { BlobStore } from '../storage/blobs.ts';
import type { ApplicationRecord, ApplicationRepository } from '../storage/repositories/applications.ts';
import {
  EVIDENCE_KINDS,
  UPLOAD_CHANNELS,
  type EvidenceKind,
  type EvidenceRecord,
  type EvidenceRepository,
  type UploadVia,
} from '../storage/repositories/evidence.ts';
import { DECLARED_INDICATORS, type Who } from './applications.ts';
import { AppError, invalidInput, type Bilingual } from './errors.ts';

export { EVIDENCE_KINDS, type EvidenceKind, type EvidenceRecord, type UploadVia } from '../storage/repositories/evidence.ts';

export const DEFAULT_MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;
/** Longest original file name kept, in characters. */
export const MAX_NAME_LENGTH = 200;

export interface EvidenceDeps {
  evidence: EvidenceRepository;
  applications: Pick<ApplicationRepository, 'byId'>;
  blobs: BlobStore;
  now: () => Date;
  /** Largest file accepted, in bytes; default 10 MiB. */
  maxBytes?: number;
}

export interface UploadInput {
  bytes: Uint8Array;
  /** The file name the browser or scanner gave (sanitised before it is kept). */
  declaredName: string;
  kind: string;
  /** The declared indicator the item supports, when kind is 'indicator'. */
  indicator?: string | null;
  via: UploadVia;
}

interface Accepted {
  mime: string;
  ext: string;
  /** Extensions a name may already end with. */
  exts: readonly string[];
}

/** What is accepted, by the type the bytes show. */
const ACCEPTED: readonly Accepted[] = [
  { mime: 'image/jpeg', ext: 'jpg', exts: ['jpg', 'jpeg'] },
  { mime: 'image/png', ext: 'png', exts: ['png'] },
  { mime: 'application/pdf', ext: 'pdf', exts: ['pdf'] },
];

const APPLICANT_SIDE: readonly Actor[] = ['applicant', 'agent'];
/** Staff who work cases (the same as may review indicators). */
const CASE_STAFF: readonly Actor[] = ['clerk', 'district'];
const APPLICANT_STATES: readonly ApplicationState[] = ['draft', 'returned'];
const STAFF_STATES: readonly ApplicationState[] = ['draft', 'submitted', 'accepted', 'returned'];
/** Applications whose materials are not "last cycle's": never sent, or withdrawn by the applicant. */
const NOT_REUSABLE_FROM: readonly ApplicationState[] = ['draft', 'withdrawn'];

const noItem = (): AppError => new AppError('NOT_FOUND', { 'zh-CN': '没有找到此项材料', en: 'no such evidence item' });
const noApplication = (): AppError => new AppError('NOT_FOUND', { 'zh-CN': '没有找到此积分申请', en: 'no such application' });

function megabytes(n: number): string {
  const mb = n / (1024 * 1024);
  return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
}

function tooLarge(size: number, max: number): AppError {
  return new AppError(
    'PAYLOAD_TOO_LARGE',
    { 'zh-CN': `文件过大:${megabytes(size)},每个文件不能超过 ${megabytes(max)}`, en: `the file is too large: ${megabytes(size)}; each file may be at most ${megabytes(max)}` },
    [{ path: 'file', message: `larger than ${max} bytes` }],
  );
}

/** The single-field error of a file, with its own message (not the generic "see fields"). */
function fileError(text: Bilingual): AppError {
  return new AppError('INVALID_INPUT', text, [{ path: 'file', message: text.en }]);
}

function extensionOf(name: string): string | undefined {
  const m = /\.([A-Za-z0-9]{1,8})$/.exec(name);
  return m ? m[1]!.toLowerCase() : undefined;
}

/**
 * The kept name: the last path component of what was declared, without control or formatting
 * characters (a right-to-left override can make "gpj.exe" read "exe.jpg") or quotes, at most
 * MAX_NAME_LENGTH characters, ending in an extension of the type the bytes show.
 */
export function sanitiseName(declared: string, ext: string, exts: readonly string[] = [ext]): string {
  const base = (declared.split(/[/\\]/).pop() ?? '')
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}"]/gu, '')
    .trim();
  const name = base === '' || base === '.' || base === '..' ? `material.${ext}` : base;
  const own = extensionOf(name);
  const stem = own !== undefined && exts.includes(own) ? name.slice(0, -(own.length + 1)) : name;
  const suffix = own !== undefined && exts.includes(own) ? `.${own}` : `.${ext}`;
  const chars = [...stem];
  const room = MAX_NAME_LENGTH - suffix.length;
  return (chars.length > room ? chars.slice(0, room).join('') : stem) + suffix;
}

/** A file cut off in transfer lacks its format's end marker; look for it near the end. */
function looksComplete(bytes: Uint8Array, mime: string): boolean {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (mime) {
    // PDF readers look for %%EOF in the last 1024 bytes.
    case 'application/pdf':
      return b.subarray(Math.max(0, b.length - 1024)).includes('%%EOF');
    case 'image/png':
      return b.lastIndexOf('IEND') > 8;
    // Phones may append data after the end-of-image marker (motion photos): accept it anywhere after the start.
    case 'image/jpeg':
      return b.lastIndexOf(Buffer.from([0xff, 0xd9])) > 2;
    default:
      return false;
  }
}

/** The accepted type of the bytes, or the reason they are refused. */
export async function typeOf(bytes: Uint8Array, declaredName: string): Promise<Accepted> {
  const found = await fileTypeFromBuffer(bytes);
  const accepted = ACCEPTED.find((a) => a.mime === found?.mime);
  const claimed = extensionOf(declaredName);
  if (accepted === undefined) {
    const actual = found ? found.ext.toUpperCase() : undefined;
    const byName = claimed !== undefined && actual !== undefined && claimed.toUpperCase() !== actual ? claimed.toUpperCase() : undefined;
    const zh = actual === undefined ? '无法识别此文件的类型' : byName ? `此文件实为 ${actual},不是文件名所示的 ${byName}` : `此文件实为 ${actual}`;
    const en = actual === undefined ? 'the type of this file cannot be recognised' : byName ? `this file is actually ${actual}, not ${byName} as its name says` : `this file is actually ${actual}`;
    throw fileError({
      'zh-CN': `文件类型不支持:仅接受 JPG、PNG 照片或 PDF(${zh})`,
      en: `unsupported file type: only JPG or PNG photos and PDF files are accepted (${en})`,
    });
  }
  if (!looksComplete(bytes, accepted.mime)) {
    const label = accepted.ext.toUpperCase();
    throw fileError({
      'zh-CN': `文件不完整:此 ${label} 文件缺少结尾部分,可能没有上传完整,请重新上传`,
      en: `the file is incomplete: this ${label} file has no end; it may have been cut off in transfer — upload it again`,
    });
  }
  return accepted;
}

/** The problems of an upload's `kind` and `indicator` (exported so the edge can list them with its own). */
export function uploadFieldErrors(kind: string, indicator: string | null | undefined): FieldError[] {
  return kindFields(kind, indicator).fields;
}

function kindFields(kind: string, indicator: string | null | undefined): { fields: FieldError[]; kind: EvidenceKind; indicator: string | null } {
  const fields: FieldError[] = [];
  const k = kind as EvidenceKind;
  if (!EVIDENCE_KINDS.includes(k)) fields.push({ path: 'kind', message: `must be one of ${EVIDENCE_KINDS.join(', ')}` });
  const ind = indicator === undefined || indicator === null || indicator === '' ? null : indicator;
  if (k === 'indicator') {
    if (ind === null) fields.push({ path: 'indicator', message: `required when kind is 'indicator': one of ${Object.keys(DECLARED_INDICATORS).join(', ')}` });
    else if (!Object.hasOwn(DECLARED_INDICATORS, ind)) fields.push({ path: 'indicator', message: `must be a declared indicator: ${Object.keys(DECLARED_INDICATORS).join(', ')}` });
  } else if (ind !== null) {
    fields.push({ path: 'indicator', message: "only for kind 'indicator'" });
  }
  return { fields, kind: k, indicator: ind };
}

/** The actor id of the application's person. */
const personRef = (a: ApplicationRecord): string => `person:${a.personId}`;

export class EvidenceService {
  readonly maxBytes: number;

  constructor(private readonly d: EvidenceDeps) {
    this.maxBytes = d.maxBytes ?? DEFAULT_MAX_EVIDENCE_BYTES;
  }

  private at(): string {
    return this.d.now().toISOString();
  }

  private async application(id: number): Promise<ApplicationRecord> {
    const a = await this.d.applications.byId(id);
    if (!a) throw noApplication();
    return a;
  }

  /** Refuses an actor who may not add material to `a` now, or a channel that is not theirs. */
  private mayAdd(who: Who, a: ApplicationRecord, via: UploadVia): void {
    const applicantSide = APPLICANT_SIDE.includes(who.actor);
    if (!applicantSide && !CASE_STAFF.includes(who.actor)) {
      throw new AppError('FORBIDDEN', { 'zh-CN': '只有申请人、代办人或窗口、审核人员可以提交材料', en: 'only the applicant, an agent, a clerk or a reviewer may add material' });
    }
    if (!UPLOAD_CHANNELS.includes(via) || (applicantSide ? via === 'window' : via !== 'window')) {
      throw invalidInput([{ path: 'via', message: applicantSide ? "must be 'online' or 'employer'" : "staff add material at the window: 'window'" }]);
    }
    const states = applicantSide ? APPLICANT_STATES : STAFF_STATES;
    if (!states.includes(a.state)) {
      const s = STATE_NAMES[a.state];
      const when = applicantSide ? { zh: '填写中或退回补正', en: 'a draft or returned for more evidence' } : { zh: '受理、审核结束前', en: 'not yet determined' };
      throw new AppError('INVALID_TRANSITION', {
        'zh-CN': `积分申请当前状态为“${s.zh}”(${a.state}),不能添加材料;只有${when.zh}时可以`,
        en: `the application is "${s.en}" (${a.state}); material can be added only while it is ${when.en}`,
      });
    }
  }

  /** Checks and stores one file; the row and its audit event are written together, after the bytes. */
  async upload(who: Who, applicationId: number, input: UploadInput): Promise<EvidenceRecord> {
    const a = await this.application(applicationId);
    this.mayAdd(who, a, input.via);
    const size = input.bytes.byteLength;
    if (size > this.maxBytes) throw tooLarge(size, this.maxBytes);
    const k = kindFields(input.kind, input.indicator);
    if (size === 0) k.fields.push({ path: 'file', message: 'the file is empty' });
    if (k.fields.length > 0) throw invalidInput(k.fields);
    const type = await typeOf(input.bytes, input.declaredName);
    const blob = await this.d.blobs.put(input.bytes);
    const at = this.at();
    return this.d.evidence.insert(
      {
        applicationId: a.id,
        kind: k.kind,
        indicator: k.indicator,
        sha256: blob.sha256,
        mime: type.mime,
        size: blob.size,
        originalName: sanitiseName(input.declaredName, type.ext, type.exts),
        uploadedBy: who.actorId,
        uploadedVia: input.via,
        uploadedAt: at,
        reusedFrom: null,
        confirmedBy: null,
        confirmedOnBehalfOf: null,
        confirmedAt: null,
      },
      (id) => ({
        at,
        actor: who.actorId,
        action: 'evidence.upload',
        subject: `application:${a.id}`,
        detail: { actor: who.actor, evidenceId: id, kind: k.kind, indicator: k.indicator, mime: type.mime, size: blob.size, sha256: blob.sha256, via: input.via },
      }),
    );
  }

  list(applicationId: number, o: { includeRemoved?: boolean } = {}): Promise<EvidenceRecord[]> {
    return this.d.evidence.byApplication(applicationId, o);
  }

  /** One item (removed ones too: staff see everything that was ever handed in). */
  async item(evidenceId: number): Promise<EvidenceRecord> {
    const e = Number.isSafeInteger(evidenceId) && evidenceId > 0 ? await this.d.evidence.byId(evidenceId) : undefined;
    if (!e) throw noItem();
    return e;
  }

  /**
   * The bytes of an item. `applicationId`, when given, must be the item's; a removed item is "not
   * found" unless `includeRemoved`. A staff viewer's look is audited.
   */
  async content(
    evidenceId: number,
    o: { applicationId?: number; includeRemoved?: boolean; viewer?: Who } = {},
  ): Promise<{ bytes: Uint8Array; mime: string; name: string; item: EvidenceRecord }> {
    const e = await this.item(evidenceId);
    if ((o.applicationId !== undefined && e.applicationId !== o.applicationId) || (e.removedAt !== null && !o.includeRemoved)) throw noItem();
    const bytes = await this.d.blobs.get(e.sha256);
    if (bytes === undefined) throw new Error(`evidence ${e.id}: blob ${e.sha256} is missing from the store`);
    if (o.viewer !== undefined && !APPLICANT_SIDE.includes(o.viewer.actor)) {
      await this.d.evidence.audit({
        at: this.at(),
        actor: o.viewer.actorId,
        action: 'evidence.view',
        subject: `application:${e.applicationId}`,
        detail: { actor: o.viewer.actor, evidenceId: e.id },
      });
    }
    return { bytes, mime: e.mime, name: e.originalName, item: e };
  }

  /** The applicant takes an item back out of a draft. Its row and bytes stay (removed_at is set). */
  async remove(who: Who, applicationId: number, evidenceId: number): Promise<EvidenceRecord> {
    const a = await this.application(applicationId);
    if (!APPLICANT_SIDE.includes(who.actor)) {
      throw new AppError('FORBIDDEN', { 'zh-CN': '只有申请人可以撤下材料', en: 'only the applicant may remove material' });
    }
    if (a.state !== 'draft') {
      const s = STATE_NAMES[a.state];
      throw new AppError('INVALID_TRANSITION', {
        'zh-CN': `积分申请当前状态为“${s.zh}”(${a.state}),已提交的材料不能撤下`,
        en: `the application is "${s.en}" (${a.state}); material can be removed only from a draft`,
      });
    }
    const e = await this.d.evidence.byId(evidenceId);
    if (!e || e.applicationId !== a.id || e.removedAt !== null) throw noItem();
    const at = this.at();
    const removed = await this.d.evidence.markRemoved(e.id, at, {
      at,
      actor: who.actorId,
      action: 'evidence.remove',
      subject: `application:${a.id}`,
      detail: { actor: who.actor, evidenceId: e.id, kind: e.kind, sha256: e.sha256 },
    });
    if (!removed) throw noItem();
    return removed;
  }

  /**
   * What may be reused: the items of the same person's most recent earlier application that was
   * sent (any state but draft and withdrawn), less those already reused into this one.
   */
  async reusable(applicationId: number): Promise<{ fromApplicationId: number | null; items: EvidenceRecord[] }> {
    const a = await this.application(applicationId);
    return this.reusableFor(a);
  }

  private async reusableFor(a: ApplicationRecord): Promise<{ fromApplicationId: number | null; items: EvidenceRecord[] }> {
    const prev = await this.d.evidence.previousApplicationEvidence(a.personId, a.id, NOT_REUSABLE_FROM);
    if (!prev) return { fromApplicationId: null, items: [] };
    const taken = new Set((await this.d.evidence.byApplication(a.id)).map((e) => e.reusedFrom));
    return { fromApplicationId: prev.applicationId, items: prev.items.filter((e) => !taken.has(e.id)) };
  }

  /**
   * Reuses one of last cycle's items, as the applicant confirmed (Q10). Online the applicant's own
   * confirmation is recorded; at the window the clerk records it on the applicant's behalf.
   */
  async reuse(who: Who, applicationId: number, evidenceId: number, o: { confirmedByApplicant: boolean; via?: UploadVia }): Promise<EvidenceRecord> {
    const a = await this.application(applicationId);
    const via = o.via ?? (APPLICANT_SIDE.includes(who.actor) ? 'online' : 'window');
    this.mayAdd(who, a, via);
    if (o.confirmedByApplicant !== true) {
      throw new AppError(
        'INVALID_INPUT',
        { 'zh-CN': '沿用去年的材料须经申请人本人确认', en: "reusing last cycle's material needs the applicant's own confirmation" },
        [{ path: 'confirmedByApplicant', message: 'must be true: the applicant confirmed this item' }],
      );
    }
    const { fromApplicationId, items } = await this.reusableFor(a);
    const source = items.find((e) => e.id === evidenceId);
    if (!source) {
      const already = (await this.d.evidence.byApplication(a.id)).some((e) => e.reusedFrom === evidenceId);
      if (already) throw new AppError('CONFLICT', { 'zh-CN': '此项材料已经沿用到本次申请', en: 'this item has already been reused in this application' });
      throw new AppError('NOT_FOUND', { 'zh-CN': '上一次申请中没有这项可沿用的材料', en: 'no such item in the previous application to reuse' }, [{ path: 'evidenceId', message: 'not reusable here' }]);
    }
    if (!(await this.d.blobs.has(source.sha256))) throw new Error(`evidence ${source.id}: blob ${source.sha256} is missing from the store`);
    const at = this.at();
    const onBehalfOf = who.actorId === personRef(a) ? null : personRef(a);
    return this.d.evidence.insert(
      {
        applicationId: a.id,
        kind: source.kind,
        indicator: source.indicator,
        sha256: source.sha256,
        mime: source.mime,
        size: source.size,
        originalName: source.originalName,
        uploadedBy: who.actorId,
        uploadedVia: via,
        uploadedAt: at,
        reusedFrom: source.id,
        confirmedBy: who.actorId,
        confirmedOnBehalfOf: onBehalfOf,
        confirmedAt: at,
      },
      (id) => ({
        at,
        actor: who.actorId,
        action: 'evidence.reuse',
        subject: `application:${a.id}`,
        detail: { actor: who.actor, evidenceId: id, reusedFrom: source.id, fromApplicationId, kind: source.kind, sha256: source.sha256, confirmedOnBehalfOf: onBehalfOf, via },
      }),
    );
  }
}
