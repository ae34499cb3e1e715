/**
 * 系统自动调取的指标: what the police and social-insurance systems hold about the signed-in applicant
 * (GET /api/v1/applicant/records) and today's points from it — residence, social insurance, age —
 * each with how it was counted, so the applicant confirms it before submitting (issue 4). A record
 * that is wrong is not corrected here: the page says where to object (FAQ Q5, Q12).
 */
import { useEffect, useState } from 'react';
import { messagesFor, type Result } from '../../../src/rules/index.ts';
import { STRINGS as SIM } from '../i18n.ts';
import { TraceList } from '../shared/TraceList.tsx';
import { api } from './api.ts';
import type { Lang, Strings } from './i18n.ts';
import { ErrorBox, problemOf, type Problem } from './ui.tsx';

interface Records {
  asOf: string;
  permits: Array<{ permitNo: string; kind: 'ic' | 'paper9'; issuedOn: string; status: string; nextDeadline: string | null }>;
  residence: Array<{ from: string; to: string | null; status: string; source: string; verified: boolean }>;
  insurance: Array<{ scheme: string; from: string; to: string }>;
  current: Result;
}

const FROM_SOURCES = ['residence', 'socialInsurance', 'age'];

const WORDS = {
  'zh-CN': {
    loading: '正在调取您的记录…',
    permit: (no: string, kind: string, status: string) => `居住证 ${no}(${kind}):${status}`,
    kinds: { ic: 'IC 卡', paper9: '9 年期纸质' },
    status: { valid: '有效', suspended: '未按期签注,暂停', terminated: '已注销' } as Record<string, string>,
    residence: '居住登记(公安)',
    insurance: '社会保险(人社)',
    until: '至今',
    period: (from: string, to: string) => `${from} 至 ${to}`,
    cancelled: '已注销',
    handwritten: '手写暂住证',
    asOf: (d: string) => `按 ${d} 的记录计算:`,
    confirm: '我已核对以上由系统调取的信息',
    wrong: '信息有误的,可在结果公布后 7 个工作日内申请核查,或携带证明到受理窗口。',
  },
  en: {
    loading: 'Fetching your records…',
    permit: (no: string, kind: string, status: string) => `Residence permit ${no} (${kind}): ${status}`,
    kinds: { ic: 'IC card', paper9: '9-year paper' },
    status: { valid: 'valid', suspended: 'suspended (endorsement overdue)', terminated: 'cancelled' } as Record<string, string>,
    residence: 'Residence registration (police)',
    insurance: 'Social insurance',
    until: 'now',
    period: (from: string, to: string) => `${from} to ${to}`,
    cancelled: 'cancelled',
    handwritten: 'hand-written permit',
    asOf: (d: string) => `Counted from the records as of ${d}:`,
    confirm: 'I have checked the information above taken from the source systems',
    wrong: 'If something is wrong, ask for verification within 7 working days of the result, or bring proof to a window.',
  },
} as const;

export function SourceRecords({ t, lang, confirmed, onConfirm }: { t: Strings; lang: Lang; confirmed: boolean; onConfirm: (v: boolean) => void }) {
  const w = WORDS[lang];
  const m = messagesFor(lang);
  const [r, setR] = useState<Records | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  useEffect(() => {
    api.get<Records>('/api/v1/applicant/records').then(setR, (e: unknown) => setProblem(problemOf(e, t)));
  }, [t]);
  const recordLabel = (rec: string): string => {
    const row = /^(residence|continuity|socialInsurance)\[(\d+)\]$/.exec(rec);
    if (row) return SIM[lang].rowTitle(SIM[lang].item[row[1] as 'residence' | 'continuity' | 'socialInsurance'], Number(row[2]) + 1);
    return rec;
  };
  if (problem) return <ErrorBox problem={problem} t={t} />;
  if (!r) return <p role="status">{w.loading}</p>;
  return (
    <div data-testid="source-records">
      <ul className="evidence">
        {r.permits.map((p) => (
          <li key={p.permitNo}>{w.permit(p.permitNo, w.kinds[p.kind], w.status[p.status] ?? p.status)}</li>
        ))}
      </ul>
      <h3>{w.residence}</h3>
      <ul className="evidence" data-testid="source-periods">
        {r.residence.map((p, i) => (
          <li key={i}>
            {w.period(p.from, p.to ?? w.until)}
            {p.status === 'cancelled' ? `(${w.cancelled})` : ''}
            {p.source === 'handwritten' ? `(${w.handwritten})` : ''}
          </li>
        ))}
      </ul>
      <h3>{w.insurance}</h3>
      <ul className="evidence">
        {r.insurance.map((s, i) => (
          <li key={i}>
            {m.indicator.socialInsurance} · {s.scheme}: {w.period(s.from, s.to)}
          </li>
        ))}
      </ul>
      <p>{w.asOf(r.asOf)}</p>
      <ul className="items">
        {r.current.items
          .filter((i) => FROM_SOURCES.includes(i.indicator))
          .map((item) => (
            <li key={item.indicator} className="item" data-testid={`source-${item.indicator}`}>
              <div className="item-head">
                <span className="item-name">{item.name}</span>
                <span className="item-points">
                  {item.points} {t.points}
                </span>
              </div>
              <p className="item-detail">{item.detail}</p>
              <details>
                <summary>{t.howCounted}</summary>
                <TraceList trace={item.trace} t={t} m={m} recordLabel={recordLabel} pointsClass="num" />
              </details>
            </li>
          ))}
      </ul>
      <p className="hint">{w.wrong}</p>
      <div className="field check">
        <label>
          <input type="checkbox" checked={confirmed} onChange={(e) => onConfirm(e.target.checked)} />
          <span>{w.confirm}</span>
        </label>
      </div>
    </div>
  );
}
