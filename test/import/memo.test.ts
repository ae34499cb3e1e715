/** The person-id memo of insurance imports: bounded, and off when it does not pay. */
import { describe, expect, it } from 'vitest';
import { PersonIdMemo } from '../../src/services/import/apply.ts';

describe('PersonIdMemo', () => {
  it('answers what it was told, and forgets everything rather than grow past 100,000 ids', () => {
    const m = new PersonIdMemo();
    m.set('a', 1);
    expect(m.get('a')).toBe(1);
    expect(m.get('b')).toBeUndefined();
    for (let i = 0; i < 100_000; i++) m.set(`p${i}`, i);
    expect(m.get('a')).toBeUndefined();
    expect(m.get('p99999')).toBe(99_999);
  });

  it('switches itself off when fewer than one lookup in ten hits (a file that never names a person twice)', () => {
    const m = new PersonIdMemo();
    for (let i = 0; i < 50_000; i++) {
      m.get(`p${i}`);
      m.set(`p${i}`, i);
    }
    expect(m.get('p1')).toBeUndefined();
    m.set('x', 1);
    expect(m.get('x')).toBeUndefined();
  });

  it('stays on while it pays', () => {
    const m = new PersonIdMemo();
    for (let i = 0; i < 60_000; i++) {
      if (m.get(`p${i % 1000}`) === undefined) m.set(`p${i % 1000}`, i);
    }
    expect(m.get('p5')).toBe(5);
  });
});
