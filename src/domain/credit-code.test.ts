import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { creditCodeCheckCharacter, parseCreditCode } from './credit-code.ts';

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

describe('unified social credit codes (GB 32100-2015)', () => {
  it('accepts the example code of the standard and known codes', () => {
    expect(parseCreditCode('91350100M000100Y43')).toEqual({ ok: true, code: '91350100M000100Y43', division: '350100' });
    expect(parseCreditCode('91110000802100433B')).toMatchObject({ ok: true, division: '110000' });
  });

  it('normalises lower case and surrounding spaces', () => {
    expect(parseCreditCode(' 91350100m000100y43 ')).toMatchObject({ ok: true, code: '91350100M000100Y43' });
  });

  it('refuses a wrong check character', () => {
    expect(parseCreditCode('91350100M000100Y44')).toEqual({ ok: false, problem: 'checkCharacter' });
  });

  it('refuses the wrong length, letters outside the alphabet (I O Z S V) and a non-numeric division', () => {
    expect(parseCreditCode('91350100M000100Y4')).toEqual({ ok: false, problem: 'format' });
    expect(parseCreditCode('91350100M000100Y433')).toEqual({ ok: false, problem: 'format' });
    expect(parseCreditCode('91350100I000100Y43')).toEqual({ ok: false, problem: 'format' });
    expect(parseCreditCode('9135010OM000100Y43')).toEqual({ ok: false, problem: 'format' });
    expect(parseCreditCode('91A50100M000100Y43')).toEqual({ ok: false, problem: 'format' });
  });

  it('the check character makes every code valid, and any one changed character is caught', () => {
    const char = fc.constantFrom(...ALPHABET);
    const body = fc.tuple(fc.array(char, { minLength: 2, maxLength: 2 }), fc.stringMatching(/^\d{6}$/), fc.array(char, { minLength: 9, maxLength: 9 }));
    fc.assert(
      fc.property(body, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 30 }), ([a, div, b], pos, shift) => {
        const first17 = a.join('') + div + b.join('');
        const code = first17 + creditCodeCheckCharacter(first17);
        expect(parseCreditCode(code)).toMatchObject({ ok: true, code });
        const changed = ALPHABET[(ALPHABET.indexOf(code[pos]!) + shift) % 31]!;
        const typo = code.slice(0, pos) + changed + code.slice(pos + 1);
        // A changed division digit may turn into a letter (format) or another digit (check character).
        expect(parseCreditCode(typo).ok).toBe(false);
      }),
    );
  });
});
