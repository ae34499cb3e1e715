/**
 * Unified social credit codes (统一社会信用代码), GB 32100-2015: the 18-character identifier of every
 * employer. Position 1 is the registering authority, 2 the kind of organisation, 3–8 the
 * administrative division, 9–17 the organisation's own code, 18 a check character computed over the
 * first 17 (MOD 31 over the code's alphabet, which leaves out I, O, Z, S and V). The check catches a
 * mistyped character before an employer account is opened on the wrong code.
 */

/** The 31 characters of the code, in the order of their values 0–30. */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** 3^(i) mod 31 for positions 1–17. */
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export type CreditCodeProblem = 'format' | 'checkCharacter';

/** The check character for the first 17 characters (already upper-case and of the code's alphabet). */
export function creditCodeCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = ALPHABET.indexOf(first17[i] ?? '');
    if (v < 0) throw new Error(`"${first17[i]}" is not a character of a credit code`);
    sum += v * WEIGHTS[i]!;
  }
  return ALPHABET[(31 - (sum % 31)) % 31]!;
}

/**
 * Parses a credit code (lower case and surrounding spaces accepted); the normalised code, or what is
 * wrong with it. The division (positions 3–8) must be digits.
 */
export function parseCreditCode(raw: string): { ok: true; code: string; division: string } | { ok: false; problem: CreditCodeProblem } {
  const s = raw.trim().toUpperCase();
  if (s.length !== 18 || ![...s].every((ch) => ALPHABET.includes(ch)) || !/^\d{6}$/.test(s.slice(2, 8))) return { ok: false, problem: 'format' };
  if (creditCodeCheckCharacter(s.slice(0, 17)) !== s[17]) return { ok: false, problem: 'checkCharacter' };
  return { ok: true, code: s, division: s.slice(2, 8) };
}
