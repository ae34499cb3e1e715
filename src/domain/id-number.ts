/**
 * Resident identity card numbers (公民身份号码), GB 11643-1999: 6-digit address code, 8-digit birth
 * date, 3-digit sequence (odd for men, even for women), and an ISO 7064 MOD 11-2 check character.
 * Also the masking used wherever the full number is not needed.
 */
import { parseDate } from '../rules/dates.ts';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export type IdNumberProblem = 'format' | 'birthDate' | 'checkDigit';

export interface IdNumberInfo {
  idNumber: string;
  birthDate: string;
  sex: 'male' | 'female';
  /** Administrative code of the place of hukou registration at birth. */
  region: string;
}

/** The check character for the first 17 digits. */
export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/** Parses an 18-character ID number (a lower-case x is accepted); the problem when it is not valid. */
export function parseIdNumber(raw: string): { ok: true; info: IdNumberInfo } | { ok: false; problem: IdNumberProblem } {
  const s = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(s)) return { ok: false, problem: 'format' };
  const birthDate = `${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}`;
  const year = Number(s.slice(6, 10));
  if (parseDate(birthDate) === undefined || year < 1900) return { ok: false, problem: 'birthDate' };
  if (checkCharacter(s.slice(0, 17)) !== s[17]) return { ok: false, problem: 'checkDigit' };
  return {
    ok: true,
    info: { idNumber: s, birthDate, sex: Number(s[16]) % 2 === 1 ? 'male' : 'female', region: s.slice(0, 6) },
  };
}

/** 330106********1234 → shows the region and the last four only. */
export function maskIdNumber(id: string): string {
  if (id.length < 10) return '*'.repeat(id.length);
  return `${id.slice(0, 6)}********${id.slice(-4)}`;
}

/** 138****5678 */
export function maskPhone(phone: string): string {
  if (phone.length < 7) return '*'.repeat(phone.length);
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}

/** 张三 → 张*, 欧阳小明 → 欧***: the surname only. */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return name;
  return chars[0] + '*'.repeat(chars.length - 1);
}
