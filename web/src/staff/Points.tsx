/**
 * The points now (the engine's result for today's records, in the page's language: total,
 * eligibility with its reasons, each item with its detail and an expandable trace, the warnings) and
 * the points history (one row per stored snapshot, newest first).
 */
import { INDICATOR_ORDER, POLICY_VERSIONS, type Messages, type Result, type TraceEntry } from '../../../src/rules/index.ts';
import type { Lang } from '../i18n.ts';
import type { HistoryRow } from './api.ts';
import type { StaffStrings } from './i18n.ts';
import { TraceList } from '../shared/TraceList.tsx';

const fmt = (n: number): string => String(n);

function policyTitle(id: string, lang: Lang): string {
  const v = POLICY_VERSIONS.find((p) => p.id === id);
  if (!v) return id;
  return lang === 'en' ? v.title.en : v.title.zh;
}

function recordLabel(record: string, t: StaffStrings, m: Messages): string {
  const list = /^([A-Za-z]+)\[(\d+)\]$/.exec(record);
  if (list) return t.recordNo(t.recordItem[list[1]!] ?? list[1]!, Number(list[2]) + 1);
  return t.recordNamed[record] ?? (m.indicator as Record<string, string>)[record] ?? record;
}

function Trace({ trace, t, m }: { trace: TraceEntry[]; t: StaffStrings; m: Messages }) {
  return <TraceList trace={trace} t={t} m={m} recordLabel={(r) => recordLabel(r, t, m)} pointsClass="num-strong" />;
}

export function CurrentPoints({ result, history, t, m, lang }: { result: Result; history: HistoryRow[]; t: StaffStrings; m: Messages; lang: Lang }) {
  const reasons = result.warnings.filter((w) => result.ineligibleReasons.includes(w.code));
  const others = result.warnings.filter((w) => !result.ineligibleReasons.includes(w.code));
  const sameDay = history.filter((h) => h.asOf === result.asOf && h.policyVersion === result.policyVersion).at(-1);
  return (
    <section className="card points" id="sec-current" aria-labelledby="sec-current-title">
      <div className="card-head">
        <h2 id="sec-current-title">{t.current}</h2>
        <span className="hint">{t.currentAsOf(result.asOf)}</span>
      </div>
      <div className={`score ${result.eligible ? 'ok' : 'no'}`}>
        <p className="score-total">
          <span className="score-number" data-testid="current-total">
            {fmt(result.total)}
          </span>{' '}
          <span className="score-unit">{t.pointsUnit}</span>
        </p>
        <div className="score-side">
          <p className="score-eligibility" data-testid="eligibility">
            {result.eligible ? t.eligible : t.ineligible}
          </p>
          <p className="score-policy">
            {t.policyApplied}: {policyTitle(result.policyVersion, lang)}
          </p>
        </div>
      </div>
      {reasons.length > 0 && (
        <ul className="reasons">
          {reasons.map((w) => (
            <li key={w.code} data-code={w.code}>
              {w.message}
            </li>
          ))}
        </ul>
      )}
      {sameDay !== undefined && sameDay.total !== result.total && (
        <p className="notice warn" data-testid="differs">
          {t.differsFromSnapshot(sameDay.asOf, fmt(sameDay.total))}
        </p>
      )}

      <table className="data items-table">
        <caption className="visually-hidden">{t.itemsCaption}</caption>
        <thead>
          <tr>
            <th scope="col">{t.colIndicator}</th>
            <th scope="col" className="num">
              {t.colPoints}
            </th>
            <th scope="col">{t.colDetail}</th>
          </tr>
        </thead>
        <tbody>
          {result.items.map((item) => (
            <tr key={item.indicator} data-testid={`item-${item.indicator}`} className={item.points === 0 ? 'zero' : item.points < 0 ? 'negative' : undefined}>
              <th scope="row">{item.name}</th>
              <td className="num num-strong" data-points={item.points}>
                {fmt(item.points)}
              </td>
              <td>
                <span className="item-detail">{item.detail}</span>
                {item.trace.length > 0 && (
                  <details>
                    <summary>{t.explain}</summary>
                    <Trace trace={item.trace} t={t} m={m} />
                  </details>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      {others.length > 0 && (
        <>
          <h3>{t.warnings}</h3>
          <ul className="warnings">
            {others.map((w) => (
              <li key={w.code} data-code={w.code}>
                {w.message}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

export function PointsHistory({ history, t, m, lang }: { history: HistoryRow[]; t: StaffStrings; m: Messages; lang: Lang }) {
  const rows = [...history].reverse();
  // Columns for the indicators that scored in some snapshot; the others are named below the table.
  const shown = INDICATOR_ORDER.filter((code) => rows.some((r) => (r.items[code] ?? 0) !== 0));
  const hidden = INDICATOR_ORDER.filter((code) => !shown.includes(code));
  return (
    <section className="card history" id="sec-history" aria-labelledby="sec-history-title">
      <div className="card-head">
        <h2 id="sec-history-title">{t.history}</h2>
        <span className="hint">{t.historyHint}</span>
      </div>
      {rows.length === 0 ? (
        <p className="empty">{t.noHistory}</p>
      ) : (
        <>
          <div className="table-wrap" role="region" aria-labelledby="sec-history-title" tabIndex={0}>
            <table className="data history-table" data-testid="history">
              <thead>
                <tr>
                  <th scope="col">{t.colAsOf}</th>
                  <th scope="col">{t.colPolicy}</th>
                  <th scope="col" className="num">
                    {t.colTotal}
                  </th>
                  <th scope="col">{t.colEligible}</th>
                  {shown.map((code) => (
                    <th scope="col" className="num" key={code}>
                      {m.indicator[code]}
                    </th>
                  ))}
                  <th scope="col" className="num">
                    {t.colRun}
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={`${r.asOf}-${r.policyVersion}`} data-testid="history-row" data-as-of={r.asOf}>
                    <th scope="row" className="mono" data-testid="history-as-of">
                      {r.asOf}
                    </th>
                    <td>{policyTitle(r.policyVersion, lang)}</td>
                    <td className="num num-strong" data-testid="history-total">
                      {fmt(r.total)}
                    </td>
                    <td>
                      <span className={`badge ${r.eligible ? 'ok' : 'no'}`}>{r.eligible ? t.badgeEligible : t.badgeIneligible}</span>
                    </td>
                    {shown.map((code) => (
                      <td className={`num${(r.items[code] ?? 0) === 0 ? ' zero' : ''}`} key={code} data-indicator={code}>
                        {fmt(r.items[code] ?? 0)}
                      </td>
                    ))}
                    <td className="num mono">{r.runId}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {hidden.length > 0 && <p className="hint">{t.zeroColumns(hidden.map((c) => m.indicator[c]).join(lang === 'en' ? ', ' : '、'))}</p>}
        </>
      )}
    </section>
  );
}
