import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCharacter, maskIdNumber, maskName, maskPhone, parseIdNumber } from './id-number.ts';

describe('ID numbers (GB 11643)', () => {
  it('accepts the standard example with its check digit', () => {
    // The example of GB 11643-1999: 11010519491231002X.
    const r = parseIdNumber('11010519491231002x');
    expect(r).toEqual({ ok: true, info: { idNumber: '11010519491231002X', birthDate: '1949-12-31', sex: 'female', region: '110105' } });
  });

  it('refuses a wrong check digit, an impossible birth date and a wrong length, saying which', () => {
    expect(parseIdNumber('110105194912310021')).toEqual({ ok: false, problem: 'checkDigit' });
    expect(parseIdNumber('110105194902300028')).toEqual({ ok: false, problem: 'birthDate' });
    expect(parseIdNumber('11010519491231002')).toEqual({ ok: false, problem: 'format' });
  });

  it('finds every single-digit typo', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (pos, delta) => {
        const base = '33010619900307123';
        const good = base + checkCharacter(base);
        const digit = (Number(good[pos]) + delta) % 10;
        const typo = good.slice(0, pos) + String(digit) + good.slice(pos + 1);
        const r = parseIdNumber(typo);
        expect(r.ok).toBe(false);
      }),
    );
  });

  it('masks what is not needed', () => {
    expect(maskIdNumber('330106199003071234')).toBe('330106********1234');
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳小明')).toBe('欧***');
  });
});
