/**
 * The words of the settlement pages (落户批次, issue 6) that more than one of them uses: round and
 * application states, the action buttons, points written from hundredths. Chinese first, English
 * on the switch; the pages' own sentences sit beside their code through `pick`.
 */
import type { Lang } from '../i18n.ts';
import type { LineDrawn, RoundAction, RoundConfig, RoundState, SettlementState } from './settlement-api.ts';

type Pick = (zh: string, en: string) => string;
const PICKERS: Record<Lang, Pick> = { 'zh-CN': (zh) => zh, en: (_zh, en) => en };
/** The page's language of a pair; the same function for a language every time (safe in hook dependencies). */
export const pick = (lang: Lang): Pick => PICKERS[lang];

export const ROUND_STATE: Record<RoundState, [string, string]> = {
  draft: ['草稿', 'draft'],
  open: ['受理中', 'open'],
  closed: ['已截止', 'closed'],
  ranked: ['已排名', 'ranked'],
  announced: ['公示中', 'announced'],
  final: ['已发通知', 'notices issued'],
};

export const SETTLEMENT_STATE: Record<SettlementState, [string, string]> = {
  filed: ['已申请', 'filed'],
  ineligible: ['不符合条件', 'not eligible'],
  police_review: ['公安审核通过', 'police review passed'],
  ranked: ['已排名', 'ranked'],
  admitted: ['拟准入', 'to be admitted'],
  not_admitted: ['未准入', 'not admitted'],
  notice_issued: ['已发准入通知书', 'notice issued'],
  moved: ['已落户', 'moved'],
  forfeited: ['逾期视作放弃', 'forfeited'],
  withdrawn: ['已撤回', 'withdrawn'],
};

export const ACTION: Record<RoundAction, [string, string]> = {
  open: ['开始受理', 'Open'],
  close: ['截止受理', 'Close'],
  rank: ['排名', 'Rank'],
  announce: ['公示', 'Announce'],
  notices: ['发放准入通知书', 'Issue notices'],
};

/** 18950 → "189.5" */
export const pointsOf = (h: number | null): string => (h === null ? '—' : String(h / 100));

/** The rule of a round in words. */
export function ruleText(rule: RoundConfig['rule'], lang: Lang): string {
  const p = pick(lang);
  if (rule.kind === 'line') return p(`分数线 ${pointsOf(rule.line)} 分`, `line at ${pointsOf(rule.line)} points`);
  const ties = (rule.tiesAtLine ?? 'admitAll') === 'admitAll' ? p('线上并列全部准入', 'ties at the line all admitted') : p('线上并列均不准入', 'ties at the line none admitted');
  return p(`名额 ${rule.quota} 人,${ties}`, `quota of ${rule.quota}, ${ties}`);
}

/** The line drawn by the ranking in words. */
export function lineText(line: LineDrawn | null, lang: Lang): string {
  const p = pick(lang);
  if (line === null) return p('尚未排名', 'not ranked yet');
  const total = line.total === null ? p('无人准入', 'nobody admitted') : p(`分数线 ${pointsOf(line.total)} 分`, `line at ${pointsOf(line.total)} points`);
  const tie =
    line.tie === null
      ? ''
      : p(
          `;第 ${line.tie.from}–${line.tie.to} 位在线上完全并列,${line.tie.admitted ? '全部准入' : '均不准入'}`,
          `; positions ${line.tie.from}–${line.tie.to} tie completely at the line, ${line.tie.admitted ? 'all admitted' : 'none admitted'}`,
        );
  return p(`${total},拟准入 ${line.admitted} 人${tie}`, `${total}, ${line.admitted} to be admitted${tie}`);
}
