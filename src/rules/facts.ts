/**
 * The facts contract, version 1 (shared/docs/facts-v1.md), as a zod schema.
 *
 * Every client speaks this shape: the simulator page, the HTTP API, the command line, imports and
 * the facts assembled from stored records. Fields may be added; the names here are never renamed or
 * re-typed without a v2. Objects are strict: an unknown field is an error that names it.
 */
import { z } from 'zod';
import { parseDate, parseMonth } from './dates.ts';
import type { Locale } from './messages.ts';

/** The language of the messages of the parse under way (parsing is synchronous, so this is safe). */
let current: Locale = 'zh-CN';

const TEXT = {
  date: { 'zh-CN': '须为真实日期,格式 YYYY-MM-DD', en: 'must be a real date written YYYY-MM-DD' },
  month: { 'zh-CN': '须为月份,格式 YYYY-MM', en: 'must be a month written YYYY-MM' },
  district: { 'zh-CN': '须为六位行政区划代码,如 330106', en: 'must be a six-digit administrative code such as 330106' },
  unknown: { 'zh-CN': '未知字段', en: 'unknown field' },
  before: { 'zh-CN': (from: string) => `早于开始日期 (${from})`, en: (from: string) => `is before from (${from})` },
  level: {
    'zh-CN': (kind: string, allowed: string) => `不是${kind === 'title' ? '职称' : '技能'}等级 (可选: ${allowed})`,
    en: (kind: string, allowed: string) => `is not a ${kind} level (one of ${allowed})`,
  },
} as const;

export const dateString = z
  .string()
  .refine((s) => parseDate(s) !== undefined, { error: () => TEXT.date[current] })
  .meta({ format: 'date', description: 'YYYY-MM-DD' });

export const monthString = z
  .string()
  .refine((s) => parseMonth(s) !== undefined, { error: () => TEXT.month[current] })
  .meta({ description: 'YYYY-MM', pattern: '^\\d{4}-(0[1-9]|1[0-2])$' });

const amount = z.number().finite().nonnegative();

/** Adds an issue on `to` when an inclusive range ends before it starts. */
function ordered<T extends { from: string; to: string }>(parse: (s: string) => number | undefined) {
  return (v: T, ctx: z.RefinementCtx): void => {
    const a = parse(v.from);
    const b = parse(v.to);
    if (a !== undefined && b !== undefined && b < a) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: TEXT.before[current](v.from) });
    }
  };
}

export const residencePeriodSchema = z
  .strictObject({
    from: dateString,
    to: dateString,
    status: z.enum(['registered', 'cancelled']),
    source: z.enum(['police', 'handwritten']),
    /** Added field: a hand-written period a clerk has verified at a window or in an objection. */
    verified: z.boolean().optional(),
  })
  .superRefine(ordered(parseDate));

export const continuitySchema = z
  .strictObject({
    kind: z.enum(['lease', 'socialInsurance', 'labourContract']),
    from: dateString,
    to: dateString,
  })
  .superRefine(ordered(parseDate));

export const socialInsuranceRunSchema = z
  .strictObject({
    from: monthString,
    to: monthString,
    scheme: z.enum(['pension', 'medical']),
    backPaid: z.boolean().optional(),
    transferredIn: z.boolean().optional(),
  })
  .superRefine(ordered(parseMonth));

export const educationLevels = ['highSchool', 'juniorCollege', 'bachelor', 'master', 'doctorate'] as const;
export const titleLevels = ['senior', 'deputySenior', 'intermediate'] as const;
export const skillLevels = ['seniorTechnician', 'technician', 'seniorWorker'] as const;

export const qualificationSchema = z
  .strictObject({
    kind: z.enum(['title', 'skill']),
    level: z.enum([...titleLevels, ...skillLevels]),
  })
  .superRefine((q, ctx) => {
    const ok =
      q.kind === 'title'
        ? (titleLevels as readonly string[]).includes(q.level)
        : (skillLevels as readonly string[]).includes(q.level);
    if (!ok) {
      const allowed = (q.kind === 'title' ? titleLevels : skillLevels).join(', ');
      ctx.addIssue({ code: 'custom', path: ['level'], message: TEXT.level[current](q.kind, allowed) });
    }
  });

export const factsSchema = z.strictObject({
  person: z.strictObject({
    birthDate: dateString,
    urbanHangzhouHukou: z.boolean().optional(),
    fullCivilCapacity: z.boolean().optional(),
  }),
  permit: z
    .strictObject({
      kind: z.enum(['ic', 'paper9']).optional(),
      issuedOn: dateString.optional(),
      status: z.enum(['valid', 'suspended', 'terminated']).optional(),
      district: z
        .string()
        .regex(/^\d{6}$/, { error: () => TEXT.district[current] })
        .optional(),
    })
    .optional(),
  residence: z.array(residencePeriodSchema).optional(),
  continuity: z.array(continuitySchema).optional(),
  socialInsurance: z.array(socialInsuranceRunSchema).optional(),
  education: z
    .strictObject({
      level: z.enum(educationLevels),
      abroad: z.boolean().optional(),
      certified: z.boolean().optional(),
    })
    .optional(),
  qualification: qualificationSchema.optional(),
  housing: z
    .strictObject({
      kind: z.enum(['owned', 'offPlan', 'rented']),
      from: dateString,
      livesThere: z.boolean(),
      legalRental: z.boolean().optional(),
    })
    .optional(),
  honours: z
    .array(
      z.strictObject({
        level: z.enum(['national', 'provincial', 'city', 'district']),
        issuer: z.enum(['partyGovernment', 'enterprise']),
        awardedOn: dateString,
        deedId: z.string().min(1).optional(),
      }),
    )
    .optional(),
  bloodDonationMl: amount.optional(),
  volunteerHours: amount.optional(),
  donationYuan: amount.optional(),
  boneMarrowDonated: z.boolean().optional(),
  incomeTax: z
    .strictObject({
      wageYuan: amount.optional(),
      businessYuan: amount.optional(),
    })
    .optional(),
  patents: z
    .array(
      z.strictObject({
        grantedOn: dateString,
        firstInventor: z.boolean(),
        transferredIn: z.boolean().optional(),
      }),
    )
    .optional(),
  offences: z
    .array(
      z.strictObject({
        kind: z.enum(['crime', 'drugRehab', 'detention', 'dishonest']),
        on: dateString,
        /** Added field: offences that share an actId are one act, deducted once at the highest value. */
        actId: z.string().min(1).optional(),
      }),
    )
    .optional(),
  veto: z
    .array(
      z.strictObject({
        kind: z.string().min(1),
        on: dateString,
      }),
    )
    .optional(),
});

export type Facts = z.infer<typeof factsSchema>;
export type ResidencePeriod = z.infer<typeof residencePeriodSchema>;
export type SocialInsuranceRun = z.infer<typeof socialInsuranceRunSchema>;

/** The request of `POST /api/v1/simulations` and of `jifen score`. */
export const simulationRequestSchema = z.strictObject({
  asOf: dateString.optional(),
  policy: z.string().min(1).optional(),
  /** Added field: ask for the date on which the total first reaches `target` (default 100). */
  projection: z
    .strictObject({
      target: z.number().finite().positive().optional(),
    })
    .optional(),
  facts: factsSchema,
});

export type SimulationRequest = z.infer<typeof simulationRequestSchema>;

export interface FieldError {
  path: string;
  message: string;
}

/** zod's issue path as the contract writes it: `facts.residence[0].to`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out || '(root)';
}

/** Flattens zod issues into one error per field; an unknown key becomes an error on that key. */
export function fieldErrors(error: z.ZodError, prefix: readonly PropertyKey[] = []): FieldError[] {
  const out: FieldError[] = [];
  for (const issue of error.issues) {
    const base = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path: formatPath([...base, key]), message: TEXT.unknown[current] });
    } else {
      out.push({ path: formatPath(base), message: issue.message });
    }
  }
  return out;
}

export type Validation<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/** Parses with messages in `locale`; every problem is returned, not just the first. */
export function validate<T>(
  schema: z.ZodType<T>,
  input: unknown,
  locale: Locale = 'zh-CN',
  prefix: readonly PropertyKey[] = [],
): Validation<T> {
  const previous = current;
  current = locale;
  z.config(locale === 'en' ? z.locales.en() : z.locales.zhCN());
  try {
    const r = schema.safeParse(input);
    return r.success ? { ok: true, value: r.data } : { ok: false, errors: fieldErrors(r.error, prefix) };
  } finally {
    current = previous;
  }
}
