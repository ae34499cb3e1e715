/**
 * An applicant's objection to a published result (积分异议, 2020 FAQ Q12), under the result on the
 * application page: tick the contested indicators, give the reason, file — with the last allowed day
 * (the 7th working day after publication, from the server's official calendar) shown beforehand and
 * the API's refusal (e.g. the deadline has passed, naming the last day) shown as it words it. Each
 * objection is listed with its state, deadlines and the district's (and city's) reasons; after an
 * upheld objection the old and new totals; after the district's result, 申请复核 asks the city for
 * review with its own last day and the same handling of refusals.
 *
 * Hand-written React with the portal's CSS (no antd here). The shapes mirror
 * `GET /api/v1/applicant/applications/:id/objections` (src/http/routes/objections.ts).
 */
import { useCallback, useEffect, useState } from 'react';
import { OBJECTION_STATE_NAMES, type ObjectionState } from '../../../src/domain/objection.ts';
import { api, applicationsBase, type Application, type Side } from './api.ts';
import type { Lang, Strings } from './i18n.ts';
import { described, ErrorBox, Field, fieldsProblem, Form, Notice, problemOf, type Problem } from './ui.tsx';

interface ObjectionView {
  id: number;
  indicators: string[];
  reason: string;
  state: ObjectionState;
  filedOn: string;
  districtDeadline: string;
  districtDeadlineProvisional: boolean;
  decidedOn: string | null;
  decisionReason: string | null;
  reviewRequestedOn: string | null;
  reviewDeadline: string | null;
  reviewDecisionReason: string | null;
  version: number;
}

interface DeterminationView {
  id: number;
  totalH: number;
  reason: 'initial' | 'objection' | 'review';
  objectionId: number | null;
}

interface Objections {
  objections: ObjectionView[];
  determinations: DeterminationView[];
  lastDays?: {
    objection: { lastDay: string; provisional: boolean } | null;
    reviews: Array<{ objectionId: number; lastDay: string; provisional: boolean }>;
  };
}

/** The words this part adds to the portal's (i18n.ts keeps the ones it shares with the result page). */
const WORDS = {
  'zh-CN': {
    lastDay: (d: string, provisional: boolean) => `网上提出异议的最后一天:${d}${provisional ? '(暂定)' : ''}。`,
    reviewLastDay: (d: string, provisional: boolean) => `申请市级复核的最后一天:${d}${provisional ? '(暂定)' : ''}。`,
    decidedOn: '区级核查结果日期',
    districtReasons: '区级核查结论',
    cityReasons: '市级复核结论',
    reviewRequestedOn: '申请复核日期',
    reviewDeadline: '市级复核期限',
    totals: (from: string, to: string) => `积分已更正:原 ${from} 分,现 ${to} 分。`,
    reviewTitle: '对核查结果不服?申请市级复核',
    reviewText: '在区级核查结果出具后 7 个工作日内,可以向市流动人口办申请复核。',
    reviewReason: '复核理由',
    reviewReasonHint: '写明您不同意核查结果的哪一点,以及理由和材料。',
    requestReview: '申请复核',
    provisionalMark: '(暂定)',
    reviewRequested: '复核申请已提交,市流动人口办将作出复核决定。',
  },
  en: {
    lastDay: (d: string, provisional: boolean) => `The last day to object online: ${d}${provisional ? ' (provisional)' : ''}.`,
    reviewLastDay: (d: string, provisional: boolean) => `The last day to ask for city review: ${d}${provisional ? ' (provisional)' : ''}.`,
    decidedOn: 'District result on',
    districtReasons: "The district's reasons",
    cityReasons: "The city's reasons",
    reviewRequestedOn: 'Review requested on',
    reviewDeadline: 'City decides by',
    totals: (from: string, to: string) => `Points corrected: were ${from}, now ${to}.`,
    reviewTitle: 'Disagree with the result? Ask the city for review',
    reviewText: "Within 7 working days of the district's result you may ask the city office to review it.",
    reviewReason: 'Reasons for review',
    reviewReasonHint: 'Say which part of the result you disagree with, why, and what proves it.',
    requestReview: 'Ask for review',
    provisionalMark: ' (provisional)',
    reviewRequested: 'Review requested. The city office will decide.',
  },
} as const;

const OPEN: readonly ObjectionState[] = ['filed', 'verifying', 'review_requested'];
const points = (h: number): string => String(h / 100);

/** The objection part of a published result for the applicant; `items` are the result's indicators (code and name). */
export function ObjectionPanel({ a, items, t, lang, onChanged, side = 'applicant' }: { a: Application; items: Array<{ code: string; name: string }>; t: Strings; lang: Lang; onChanged?: () => void; side?: Side }) {
  const x = WORDS[lang === 'en' ? 'en' : 'zh-CN'];
  const [data, setData] = useState<Objections | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const url = `${applicationsBase(side)}/${a.id}/objections`;
  const load = useCallback(() => {
    api
      .get<Objections>(url)
      .then(setData)
      .catch((e: unknown) => setProblem(problemOf(e, t)));
  }, [url, t]);
  useEffect(load, [load]);
  const changed = (): void => {
    load();
    onChanged?.();
  };

  const list = data?.objections ?? [];
  // One objection per result (withdrawn ones aside): once filed, what follows is review.
  const current = list.filter((o) => o.state !== 'withdrawn').at(-1);
  const name = (code: string): string => items.find((i) => i.code === code)?.name ?? code;
  const upheld = (data?.determinations ?? []).filter((d) => d.reason !== 'initial');
  const last = data?.lastDays;
  return (
    <div data-testid="objections">
      {list.length > 0 && (
        <ul className="cards">
          {list.map((o) => {
            const before = data?.determinations.find((d) => d.reason === 'initial');
            const after = upheld.filter((d) => d.objectionId === o.id).at(-1);
            return (
              <li key={o.id} className="card" data-testid="objection">
                <p className="card-title">
                  {t.objectionNo(o.id)}: <span data-testid="objection-state">{OBJECTION_STATE_NAMES[o.state][lang === 'en' ? 'en' : 'zh']}</span>
                </p>
                <p>
                  {t.objectFiledOn}: {o.filedOn} · {t.objectDeadline}: {o.districtDeadline}
                  {o.districtDeadlineProvisional ? x.provisionalMark : ''}
                </p>
                <p>
                  {t.objectIndicators}: {o.indicators.map(name).join('、')}
                </p>
                {o.decidedOn && (
                  <p>
                    {x.decidedOn}: {o.decidedOn}
                  </p>
                )}
                {o.decisionReason && (
                  <p>
                    {x.districtReasons}: {o.decisionReason}
                  </p>
                )}
                {before && after && (
                  <p className="total-line" data-testid="objection-totals">
                    {x.totals(points(before.totalH), points(after.totalH))}
                  </p>
                )}
                {o.reviewRequestedOn && (
                  <p>
                    {x.reviewRequestedOn}: {o.reviewRequestedOn}
                    {o.reviewDeadline ? ` · ${x.reviewDeadline}: ${o.reviewDeadline}` : ''}
                  </p>
                )}
                {o.reviewDecisionReason && (
                  <p>
                    {x.cityReasons}: {o.reviewDecisionReason}
                  </p>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {data !== null && current === undefined && <FileObjection url={url} items={items} t={t} lastDay={last?.objection ?? null} x={x} onFiled={changed} />}
      {current !== undefined && (current.state === 'upheld' || current.state === 'rejected') && (
        <RequestReview side={side} o={current} t={t} x={x} lastDay={last?.reviews.find((r) => r.objectionId === current.id) ?? null} onDone={changed} />
      )}
      {current !== undefined && OPEN.includes(current.state) && <ErrorBox problem={problem} t={t} testId="objection-error" />}
      {data === null && <ErrorBox problem={problem} t={t} testId="objection-error" />}
    </div>
  );
}

type Words = (typeof WORDS)[keyof typeof WORDS];

function FileObjection({ url, items, t, x, lastDay, onFiled }: { url: string; items: Array<{ code: string; name: string }>; t: Strings; x: Words; lastDay: { lastDay: string; provisional: boolean } | null; onFiled: () => void }) {
  const [chosen, setChosen] = useState<string[]>([]);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const labels = { indicators: t.objectIndicators, reason: t.objectReason };
  const file = async (): Promise<void> => {
    const e: Record<string, string> = {};
    if (chosen.length === 0) e.indicators = t.objectChooseOne;
    if (reason.trim() === '') e.reason = t.required;
    setErrors(e);
    setNotice(null);
    if (Object.keys(e).length > 0) {
      setProblem(fieldsProblem(t, e, labels));
      return;
    }
    setBusy(true);
    try {
      await api.post(url, { indicators: chosen, reason: reason.trim() });
      setProblem(null);
      setNotice(t.objectFiled);
      onFiled();
    } catch (err) {
      setProblem(problemOf(err, t, labels));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <p>{t.objectOnline}</p>
      {lastDay && (
        <p className="hint" data-testid="objection-last-day">
          {x.lastDay(lastDay.lastDay, lastDay.provisional)}
        </p>
      )}
      <Form onSubmit={file}>
        <fieldset className={`section${errors.indicators ? ' has-error' : ''}`} aria-describedby={errors.indicators ? 'obj-ind-error' : undefined}>
          <legend>{t.objectIndicators}</legend>
          {items.map((i) => (
            <div key={i.code} className="field check">
              <label>
                <input
                  type="checkbox"
                  value={i.code}
                  checked={chosen.includes(i.code)}
                  onChange={(e) => setChosen((c) => (e.target.checked ? [...c, i.code] : c.filter((v) => v !== i.code)))}
                />
                {i.name}
              </label>
            </div>
          ))}
          {errors.indicators && (
            <p className="field-error" id="obj-ind-error">
              {errors.indicators}
            </p>
          )}
        </fieldset>
        <Field id="obj-reason" label={t.objectReason} hint={t.objectReasonHint} error={errors.reason} required t={t}>
          <textarea id="obj-reason" rows={4} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} {...described('obj-reason', true, errors.reason)} />
        </Field>
        <ErrorBox problem={problem} t={t} testId="objection-error" />
        <button type="submit" className="primary" disabled={busy}>
          {t.objectFile}
        </button>
      </Form>
      <Notice text={notice} />
    </>
  );
}

function RequestReview({ o, side, t, x, lastDay, onDone }: { o: ObjectionView; side: Side; t: Strings; x: Words; lastDay: { lastDay: string; provisional: boolean } | null; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const send = async (): Promise<void> => {
    setNotice(null);
    if (reason.trim() === '') {
      setError(t.required);
      setProblem(fieldsProblem(t, { reason: t.required }, { reason: x.reviewReason }));
      return;
    }
    setError(undefined);
    setBusy(true);
    try {
      await api.post(`/api/v1/${side}/objections/${o.id}/review-request`, { reason: reason.trim(), expectedVersion: o.version });
      setProblem(null);
      setNotice(x.reviewRequested);
      onDone();
    } catch (err) {
      setProblem(problemOf(err, t, { reason: x.reviewReason }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="section" data-testid="review-request" aria-labelledby={`review-${o.id}`}>
      <h4 id={`review-${o.id}`}>{x.reviewTitle}</h4>
      <p>{x.reviewText}</p>
      {lastDay && (
        <p className="hint" data-testid="review-last-day">
          {x.reviewLastDay(lastDay.lastDay, lastDay.provisional)}
        </p>
      )}
      <Form onSubmit={send}>
        <Field id={`review-reason-${o.id}`} label={x.reviewReason} hint={x.reviewReasonHint} error={error} required t={t}>
          <textarea id={`review-reason-${o.id}`} rows={3} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} {...described(`review-reason-${o.id}`, true, error)} />
        </Field>
        <ErrorBox problem={problem} t={t} testId="review-error" />
        <button type="submit" className="primary" disabled={busy}>
          {x.requestReview}
        </button>
      </Form>
      <Notice text={notice} />
    </section>
  );
}
