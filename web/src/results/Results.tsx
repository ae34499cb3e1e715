/**
 * The result: total (announced politely to screen readers), eligibility with its reasons, the
 * projection, one row per item with an expandable trace, and the remaining warnings. A stale result
 * (the input is currently invalid) stays visible but is marked and dimmed.
 */
import { POLICY_VERSIONS, type Item, type Messages, type TraceEntry } from '../../../src/rules/index.ts';
import type { Output } from '../compute.ts';
import type { Lang, Strings } from '../i18n.ts';
import { fieldId, type Input, type ListKey, type UiError } from '../model.ts';
import { TraceList } from '../shared/TraceList.tsx';

interface Props {
  output: Output | null;
  input: Input | null;
  stale: boolean;
  /** A failure of the engine itself (no policy in force on the date), shown instead of a result. */
  failure: string | null;
  errors: UiError[];
  lang: Lang;
  t: Strings;
  m: Messages;
  localize: (e: UiError) => string;
  labelOf: (key: string) => string;
}

const fmt = (n: number): string => String(n);

export function Summary({ output, stale, t }: Pick<Props, 'output' | 'stale' | 't'>) {
  const total = output?.result.total;
  return (
    <div className={`summary${stale ? ' is-stale' : ''}`}>
      <div className="summary-total" aria-live="polite" aria-atomic="true">
        <span className="summary-label">{t.totalLabel}</span>
        <span className="summary-value">
          <span className="total-number" data-testid="total">
            {total === undefined ? '–' : fmt(total)}
          </span>{' '}
          <span className="summary-unit">{t.pointsUnit}</span>
          {stale && <span className="stale-tag">{t.staleTag}</span>}
        </span>
      </div>
      {output && (
        <span className={`badge ${output.result.eligible ? 'ok' : 'no'}`}>{output.result.eligible ? t.badgeEligible : t.badgeIneligible}</span>
      )}
      <a className="summary-link" href="#results">
        {t.seeDetails}
      </a>
    </div>
  );
}

function recordLabel(record: string, input: Input | null, t: Strings, m: Messages): string {
  const list = /^(residence|continuity|socialInsurance|honours|patents|offences|veto)\[(\d+)\]$/.exec(record);
  if (list) {
    const key = list[1] as ListKey;
    const n = input?.rowNumbers[key][Number(list[2])] ?? Number(list[2]) + 1;
    return t.rowTitle(t.item[key], n);
  }
  const named: Record<string, string> = {
    'person.birthDate': t.birthDate,
    education: t.education,
    qualification: t.qualification,
    housing: t.housing,
    boneMarrowDonated: t.boneMarrowDonated,
    bloodDonationMl: t.bloodDonationMl,
    volunteerHours: t.volunteerHours,
    donationYuan: t.donationYuan,
    'incomeTax.wageYuan': t.wageYuan,
    'incomeTax.businessYuan': t.businessYuan,
  };
  return named[record] ?? m.indicator[record as Item['indicator']] ?? record;
}

function TraceTable({ trace, input, t, m }: { trace: TraceEntry[]; input: Input | null; t: Strings; m: Messages }) {
  if (trace.length === 0) return <p className="hint">{t.noTrace}</p>;
  return <TraceList trace={trace} t={t} m={m} recordLabel={(r) => recordLabel(r, input, t, m)} pointsClass="num" />;
}

function ItemRow({ item, input, t, m }: { item: Item; input: Input | null; t: Strings; m: Messages }) {
  return (
    <li className={`item${item.points === 0 ? ' zero' : ''}${item.points < 0 ? ' negative' : ''}`} data-testid={`item-${item.indicator}`}>
      <div className="item-head">
        <span className="item-name">{item.name}</span>
        <span className="item-points" data-points={item.points}>
          {t.itemPoints(fmt(item.points))}
        </span>
      </div>
      <p className="item-detail">{item.detail}</p>
      {item.trace.length > 0 && (
        <details>
          <summary>{t.explain}</summary>
          <TraceTable trace={item.trace} input={input} t={t} m={m} />
        </details>
      )}
    </li>
  );
}

export function Results({ output, input, stale, failure, errors, lang, t, m, localize, labelOf }: Props) {
  const result = output?.result;
  const reasons = result ? result.warnings.filter((w) => result.ineligibleReasons.includes(w.code)) : [];
  const others = result ? result.warnings.filter((w) => !result.ineligibleReasons.includes(w.code)) : [];
  const version = result ? POLICY_VERSIONS.find((v) => v.id === result.policyVersion) : undefined;
  const p = output?.projection;

  return (
    <section className="results" id="results" aria-labelledby="results-title" tabIndex={-1}>
      <h2 id="results-title">{t.results}</h2>
      <Summary output={output} stale={stale} t={t} />

      {errors.length > 0 && (
        <div className="errors">
          <p>{t.fixThese}</p>
          <ul>
            {errors.map((e) => (
              <li key={`${e.key}:${e.message}`}>
                <a href={`#${fieldId(e.key)}`}>{labelOf(e.key)}</a>: {localize(e)}
              </li>
            ))}
          </ul>
        </div>
      )}
      {failure !== null && (
        <p className="errors">
          {failure}
        </p>
      )}
      {stale && output && <p className="stale-note">{t.stale}</p>}
      {!output && failure === null && <p className="hint">{t.noResultYet}</p>}

      {output && result && (
        <div className={stale ? 'is-stale' : undefined}>
          <div className={`eligibility ${result.eligible ? 'ok' : 'no'}`}>
            <p className="eligibility-head">{result.eligible ? t.eligible : t.ineligible}</p>
            {reasons.length > 0 && (
              <ul>
                {reasons.map((w) => (
                  <li key={w.code}>{w.message}</li>
                ))}
              </ul>
            )}
            <p className="policy-applied">
              {t.policyApplied}: {version ? (lang === 'en' ? version.title.en : version.title.zh) : result.policyVersion}
            </p>
          </div>

          {p && (
            <div className="projection">
              <h3>{t.projection}</h3>
              <p data-testid="projection" className="projection-text">
                {p.reachedOn === null
                  ? t.notReached(p.horizonYears)
                  : p.reachedOn === result.asOf
                    ? t.reachedAlready(p.reachedOn)
                    : `${t.reachedOn(p.reachedOn)} (${t.totalThen(fmt(p.totalThen))})`}
              </p>
              <p className="hint">{p.assumption}</p>
            </div>
          )}

          <h3>{t.items}</h3>
          <ul className="items">
            {result.items.map((item) => (
              <ItemRow key={item.indicator} item={item} input={input} t={t} m={m} />
            ))}
          </ul>

          <h3>{t.warnings}</h3>
          {others.length === 0 ? (
            <p className="hint">{t.noWarnings}</p>
          ) : (
            <ul className="warnings">
              {others.map((w) => (
                <li key={w.code} data-code={w.code}>
                  {w.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
