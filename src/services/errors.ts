/**
 * Errors with stable codes, thrown by services and mapped to HTTP statuses and exit codes once, at the
 * edge. A message exists in both languages; the edge picks the request's.
 */
import type { FieldError, Locale } from '../rules/index.ts';

export type ErrorCode =
  | 'INVALID_INPUT'
  | 'INVALID_JSON'
  | 'UNKNOWN_POLICY'
  | 'NO_POLICY_IN_FORCE'
  | 'NOT_FOUND'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNAUTHENTICATED'
  | 'INVALID_CREDENTIALS'
  | 'ACCOUNT_LOCKED'
  | 'TOO_MANY_ATTEMPTS'
  | 'FORBIDDEN'
  | 'CSRF'
  | 'INVALID_TRANSITION'
  | 'CONFLICT'
  | 'INTERNAL';

export interface Bilingual {
  'zh-CN': string;
  en: string;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly text: Bilingual,
    readonly fields?: FieldError[],
  ) {
    super(text.en);
    this.name = 'AppError';
  }

  body(locale: Locale): { error: { code: ErrorCode; message: string; fields?: FieldError[] } } {
    return { error: { code: this.code, message: this.text[locale], ...(this.fields ? { fields: this.fields } : {}) } };
  }
}

export function invalidInput(fields: FieldError[]): AppError {
  return new AppError(
    'INVALID_INPUT',
    { 'zh-CN': `输入有误,共 ${fields.length} 处,见 fields`, en: `invalid input: ${fields.length} field error(s), see fields` },
    fields,
  );
}
