/** The settlement pages' words for a rule and a drawn line: points from hundredths, the tie at the line said. */
import { describe, expect, it } from 'vitest';
import { configOf, draftOf, EMPTY_ROUND } from './SettlementRoundForm.tsx';
import { lineText, pointsOf, ruleText, SETTLEMENT_STATE } from './SettlementText.ts';

describe('settlement words', () => {
  it('writes points from hundredths, and a dash for none', () => {
    expect(pointsOf(18950)).toBe('189.5');
    expect(pointsOf(null)).toBe('—');
  });

  it('names a line rule and a quota rule with its rule for ties', () => {
    expect(ruleText({ kind: 'line', line: 12000 }, 'zh-CN')).toBe('分数线 120 分');
    expect(ruleText({ kind: 'quota', quota: 2 }, 'zh-CN')).toBe('名额 2 人,线上并列全部准入');
    expect(ruleText({ kind: 'quota', quota: 2, tiesAtLine: 'admitNone' }, 'en')).toBe('quota of 2, ties at the line none admitted');
  });

  it('says the line drawn, the number admitted and a complete tie across the quota', () => {
    expect(lineText(null, 'zh-CN')).toBe('尚未排名');
    const last = { total: 16000, residenceMonths: 60, socialInsurance: 4000, basic: 16000 };
    expect(lineText({ kind: 'quota', total: 16000, last, admitted: 3, quota: 2, tie: { rank: 2, from: 2, to: 3, admitted: true } }, 'zh-CN')).toBe(
      '分数线 160 分,拟准入 3 人;第 2–3 位在线上完全并列,全部准入',
    );
    expect(lineText({ kind: 'quota', total: null, last: null, admitted: 0, quota: 1, tie: { rank: 1, from: 1, to: 2, admitted: false } }, 'en')).toBe(
      'nobody admitted, 0 to be admitted; positions 1–2 tie completely at the line, none admitted',
    );
  });

  it('calls a recorded move 已落户', () => {
    expect(SETTLEMENT_STATE.moved).toEqual(['已落户', 'moved']);
  });

  it('prefills the edit of a draft with what it was created with, and sends back the same configuration', () => {
    const quota = { window: { opens: '2026-12-01', closes: '2026-12-06' }, rule: { kind: 'quota' as const, quota: 2, tiesAtLine: 'admitNone' as const }, announcement: { workingDays: 3 }, moveWindow: { from: '2026-12-31', to: '2027-03-31' } };
    const d = draftOf({ name: '第一批', config: quota });
    expect(d).toMatchObject({ name: '第一批', cutOff: '', kind: 'quota', quota: 2, tiesAtLine: 'admitNone', workingDays: 3, moveFrom: '2026-12-31' });
    expect(configOf(d)).toEqual(quota);
    const line = { ...quota, cutOff: '2026-10-01', rule: { kind: 'line' as const, line: 12050 } };
    expect(draftOf({ name: 'x', config: line })).toMatchObject({ kind: 'line', line: 120.5, cutOff: '2026-10-01', quota: null });
    expect(configOf(draftOf({ name: 'x', config: line }))).toEqual(line);
    // A quota round without the rule for ties gets the default it is read with.
    expect(configOf(draftOf({ name: 'x', config: { ...quota, rule: { kind: 'quota', quota: 2 } } })).rule).toEqual({ kind: 'quota', quota: 2, tiesAtLine: 'admitAll' });
    expect(configOf(EMPTY_ROUND).rule).toEqual({ kind: 'line', line: 10000 });
  });
});
