/**
 * One application, for the applicant and for the employer that filed it: progress with its dates,
 * what the system takes from source systems, evidence per kind (type and size shown and checked
 * before upload; the API's refusal shown), reuse of last cycle's evidence item by item, submit /
 * supplement / withdraw, and once published the total with each item's breakdown (the engine re-run
 * in the browser on the facts stored at determination, traces through TraceList) and how to object.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { evaluate, messagesFor, type Facts, type Result } from '../../../src/rules/index.ts';
import { STRINGS as SIM } from '../i18n.ts';
import { TraceList } from '../shared/TraceList.tsx';
import { Declarations } from './Declarations.tsx';
import { SourceRecords } from './SourceRecords.tsx';
import { api, ApiError, applicationsBase, type Application, type Side, type Evidence } from './api.ts';
import { formatSize, stateName, type EvidenceKind, type Lang, type Strings } from './i18n.ts';
import { ObjectionPanel } from './Objection.tsx';
import { BackLink, described, ErrorBox, Field, Form, Link, Notice, problemOf, type Problem } from './ui.tsx';

const MAX_BYTES = 10 * 1024 * 1024;
const ACCEPTED = ['image/jpeg', 'image/png', 'application/pdf'];
const KINDS: readonly EvidenceKind[] = ['indicator', 'permit', 'identity', 'authorisation', 'relationship', 'handwritten_permit', 'other'];
const DECLARED = ['education', 'qualification', 'housing', 'honours', 'patents', 'bloodDonation', 'volunteering', 'donation', 'incomeTax', 'boneMarrow'];

/** The published result re-derived from the stored facts; null when it cannot be (no facts). */
function breakdown(a: Application, lang: Lang): Result | null {
  if (a.factsJson === null || a.acceptedOn === null) return null;
  try {
    const facts = JSON.parse(a.factsJson) as Facts;
    return evaluate(facts, a.acceptedOn, { locale: lang, ...(a.policyVersion ? { policy: a.policyVersion } : {}) });
  } catch {
    return null;
  }
}

function ResultPanel({ a, t, lang, go, side }: { a: Application; t: Strings; lang: Lang; go: (to: string) => void; side: Side }) {
  const m = messagesFor(lang);
  const r = useMemo(() => breakdown(a, lang), [a, lang]);
  const total = a.totalH === null ? null : a.totalH / 100;
  const recordLabel = (rec: string): string => {
    // `residence[0]` → 居住登记 第 1 条, in the simulator's words for the same records.
    const row = /^(residence|continuity|socialInsurance|honours|patents|offences|veto)\[(\d+)\]$/.exec(rec);
    if (row) return SIM[lang].rowTitle(SIM[lang].item[row[1] as keyof (typeof SIM)['en']['item']], Number(row[2]) + 1);
    return t.indicators[rec] ?? m.indicator[rec as keyof typeof m.indicator] ?? rec;
  };
  return (
    <section className="section result" aria-labelledby="result-title" data-testid="result">
      <h2 id="result-title">{t.result}</h2>
      <p className="total-line">
        {t.total}:{' '}
        <span className="total-number" data-testid="published-total">
          {total ?? '–'}
        </span>{' '}
        {t.points}
      </p>
      {a.eligible !== null && <p className={`badge ${a.eligible ? 'ok' : 'no'}`}>{a.eligible ? t.eligible : t.notEligible}</p>}
      {a.resultProvisional && <p className="stale-note">{t.provisional}</p>}
      {a.acceptedOn && a.policyVersion && <p className="hint">{t.scoredAsOf(a.acceptedOn, a.policyVersion)}</p>}
      {r && total !== null && Math.round(r.total * 100) !== a.totalH && <p className="stale-note">{t.resultMismatch}</p>}
      {r && (
        <>
          <h3>{t.breakdown}</h3>
          <ul className="items" data-testid="breakdown">
            {r.items.map((item) => (
              <li key={item.indicator} className={`item${item.points === 0 ? ' zero' : ''}${item.points < 0 ? ' negative' : ''}`} data-testid={`item-${item.indicator}`}>
                <div className="item-head">
                  <span className="item-name">{item.name}</span>
                  <span className="item-points">
                    {item.points} {t.points}
                  </span>
                </div>
                <p className="item-detail">{item.detail}</p>
                <details>
                  <summary>{t.howCounted}</summary>
                  {item.trace.length === 0 ? <p className="hint">{t.noTrace}</p> : <TraceList trace={item.trace} t={t} m={m} recordLabel={recordLabel} pointsClass="num" />}
                </details>
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>{t.objectTitle}</h3>
      <p>{t.objectText}</p>
      <ObjectionPanel a={a} side={side} items={(r?.items ?? []).map((i) => ({ code: i.indicator, name: i.name }))} t={t} lang={lang} />
      <p>
        <Link to="/windows" go={go}>
          {t.objectWindows}
        </Link>
      </p>
    </section>
  );
}

function Upload({ base, a, t, onDone, onlyKind }: { base: string; a: Application; t: Strings; onDone: () => void; onlyKind?: EvidenceKind }) {
  const [kind, setKind] = useState<EvidenceKind>(onlyKind ?? 'indicator');
  const [indicator, setIndicator] = useState(DECLARED[0]!);
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | undefined>();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const idp = `up-${a.id}-${onlyKind ?? 'any'}`;

  const check = (f: File | null): string | undefined => {
    if (!f) return t.noFile;
    if (!ACCEPTED.includes(f.type)) return t.badType(f.type || '?');
    if (f.size > MAX_BYTES) return t.tooBig(formatSize(f.size));
    return undefined;
  };

  const send = async (): Promise<void> => {
    const err = check(file);
    setFileError(err);
    setNotice(null);
    if (err || !file) {
      setProblem({ message: t.fieldNamed(t.file, err ?? t.noFile), fields: [] });
      input.current?.focus();
      return;
    }
    const form = new FormData();
    form.set('kind', kind);
    if (kind === 'indicator') form.set('indicator', indicator);
    form.set('file', file);
    setBusy(true);
    try {
      await api.upload<Evidence>(`${base}/${a.id}/evidence`, form);
      setProblem(null);
      setNotice(t.uploaded);
      setFile(null);
      if (input.current) input.current.value = '';
      onDone();
    } catch (e) {
      setProblem(problemOf(e, t, { file: t.file, kind: t.evidenceKind, indicator: t.indicatorOf }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form className="upload" onSubmit={send}>
      {!onlyKind && (
        <Field id={`${idp}-kind`} label={t.evidenceKind} required t={t}>
          <select id={`${idp}-kind`} value={kind} onChange={(e) => setKind(e.target.value as EvidenceKind)}>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t.kinds[k]}
              </option>
            ))}
          </select>
        </Field>
      )}
      {kind === 'indicator' && (
        <Field id={`${idp}-indicator`} label={t.indicatorOf} required t={t}>
          <select id={`${idp}-indicator`} value={indicator} onChange={(e) => setIndicator(e.target.value)}>
            {DECLARED.map((k) => (
              <option key={k} value={k}>
                {t.indicators[k]}
              </option>
            ))}
          </select>
        </Field>
      )}
      <Field id={`${idp}-file`} label={onlyKind ? t.uploadAuthorisation : t.file} hint={t.fileHint} error={fileError} required t={t}>
        <input
          ref={input}
          id={`${idp}-file`}
          type="file"
          accept=".jpg,.jpeg,.png,.pdf,image/jpeg,image/png,application/pdf"
          {...described(`${idp}-file`, true, fileError)}
          onChange={(e) => {
            const f = e.target.files?.[0] ?? null;
            setFile(f);
            setFileError(f ? check(f) : undefined);
            setProblem(null);
          }}
        />
      </Field>
      {file && (
        <p className="chosen" data-testid="chosen-file">
          {t.chosen(file.name, file.type || '?', formatSize(file.size))}
        </p>
      )}
      <ErrorBox problem={problem} t={t} testId="upload-error" />
      <Notice text={notice} />
      <button type="submit" className="primary" disabled={busy}>
        {t.upload}
      </button>
    </Form>
  );
}

export function ApplicationView({ side, id, t, lang, go, back }: { side: Side; id: number; t: Strings; lang: Lang; go: (to: string) => void; back: string }) {
  const base = applicationsBase(side);
  const [a, setA] = useState<Application | null>(null);
  const [evidence, setEvidence] = useState<Evidence[] | null>(null);
  const [reusable, setReusable] = useState<Evidence[]>([]);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The outcome of submit / supplement / withdraw is shown beside those buttons, where the eye is.
  const [actProblem, setActProblem] = useState<Problem | null>(null);
  const [actNotice, setActNotice] = useState<string | null>(null);
  // Online, the applicant confirms what the source systems hold before submitting.
  const [sourcesConfirmed, setSourcesConfirmed] = useState(false);

  const load = useCallback(async (): Promise<void> => {
    try {
      const app = await api.get<Application>(`${base}/${id}`);
      setA(app);
      try {
        setEvidence((await api.get<{ items: Evidence[] }>(`${base}/${id}/evidence`)).items.filter((x) => !x.removedAt));
      } catch (e) {
        if (!(e instanceof ApiError && e.status === 404)) throw e;
        setEvidence([]);
      }
      if (side === 'applicant' && (app.state === 'draft' || app.state === 'returned')) {
        try {
          setReusable((await api.get<{ items: Evidence[] }>(`${base}/${id}/reusable`)).items);
        } catch {
          setReusable([]);
        }
      }
    } catch (e) {
      setProblem(problemOf(e, t));
    }
  }, [base, id, side, t]);

  useEffect(() => {
    void load();
  }, [load]);

  const act = async (path: string, done: string): Promise<void> => {
    if (!a) return;
    setBusy(true);
    setActNotice(null);
    try {
      const next = await api.post<Application>(`${base}/${a.id}/${path}`, { expectedVersion: a.version });
      setA(next);
      setActProblem(null);
      setActNotice(done);
    } catch (e) {
      setActProblem(problemOf(e, t));
    } finally {
      setBusy(false);
    }
  };

  const reuse = async (ev: Evidence): Promise<void> => {
    try {
      await api.post(`${base}/${id}/evidence/reuse`, { evidenceId: ev.id });
      setNotice(t.reused);
      await load();
    } catch (e) {
      setProblem(problemOf(e, t));
    }
  };

  const remove = async (ev: Evidence): Promise<void> => {
    try {
      await api.del(`${base}/${id}/evidence/${ev.id}`);
      await load();
    } catch (e) {
      setProblem(problemOf(e, t));
    }
  };

  if (!a) {
    return (
      <section>
        <h1 tabIndex={-1}>{t.applicationNo(id)}</h1>
        <ErrorBox problem={problem} t={t} />
        {!problem && <p role="status">{t.loading}</p>}
        <Link to={back} go={go}>
          {t.back}
        </Link>
      </section>
    );
  }

  const editable = a.state === 'draft' || a.state === 'returned';
  // The signed-in person's own records: not for a case they file for a family member.
  const ownRecords = side === 'applicant' && a.state === 'draft' && a.filedByKind !== 'guardian';
  const reusedIds = new Set((evidence ?? []).map((e) => e.reusedFrom).filter((x): x is number => x !== null));

  return (
    <section data-testid="application">
      <BackLink to={back} go={go} t={t} />
      <h1 tabIndex={-1}>
        {t.applicationNo(a.id)} · {t.use[a.intendedUse]}
      </h1>
      <p className="state-line">
        {t.state}:{' '}
        <strong className={`state state-${a.state}`} data-testid="state">
          {stateName(a.state, lang)}
        </strong>
      </p>
      {a.child && (
        <p>
          {t.childName}: {a.child.name} · {t.childBirthDate}: {a.child.birthDate}
        </p>
      )}
      <ErrorBox problem={problem} t={t} />
      <Notice text={notice} />

      <section className="section">
        <h2>{t.timeline}</h2>
        <dl className="facts" data-testid="timeline">
          <div>
            <dt>{t.submittedAt}</dt>
            <dd>{t.date(a.submittedAt?.slice(0, 10) ?? null)}</dd>
          </div>
          <div>
            <dt>{t.acceptedOn}</dt>
            <dd>{t.date(a.acceptedOn)}</dd>
          </div>
          <div>
            <dt>{t.resultVisibleOn}</dt>
            <dd data-testid="visible-on">{t.date(a.resultVisibleOn)}</dd>
          </div>
          {a.publishedAt && (
            <div>
              <dt>{t.publishedAt}</dt>
              <dd>{a.publishedAt.slice(0, 10)}</dd>
            </div>
          )}
          {a.refusedReason && (
            <div>
              <dt>{t.refusedReason}</dt>
              <dd>{a.refusedReason}</dd>
            </div>
          )}
          {a.returnReason && (
            <div>
              <dt>{t.returnReason}</dt>
              <dd>{a.returnReason}</dd>
            </div>
          )}
        </dl>
      </section>

      {a.state === 'published' && <ResultPanel a={a} t={t} lang={lang} go={go} side={side} />}

      {editable && (
        <section className="section">
          <h2>{t.fromSources}</h2>
          <p>
            {t.fromSourcesText}{' '}
            <a href="/simulator">{t.simulatorLink}</a>.
          </p>
          <p className="hint">{t.paperPermitNote}</p>
          {ownRecords && <SourceRecords t={t} lang={lang} confirmed={sourcesConfirmed} onConfirm={setSourcesConfirmed} />}
        </section>
      )}

      {editable && <Declarations a={a} base={base} t={t} lang={lang} onSaved={setA} />}

      <section className="section">
        <h2>{t.evidence}</h2>
        {editable && <p>{t.declaredText}</p>}
        {editable && side === 'applicant' && (
          <ul className="checklist" data-testid="declared-checklist" aria-label={t.declared}>
            {DECLARED.map((code) => {
              const n = (evidence ?? []).filter((ev) => ev.kind === 'indicator' && ev.indicator === code).length;
              return (
                <li key={code} className={n > 0 ? 'has' : ''}>
                  <span>{t.indicators[code]}</span> <span>{n > 0 ? t.evidenceCount(n) : t.evidenceNoneYet}</span>
                </li>
              );
            })}
          </ul>
        )}
        {side === 'employer' && editable && <p className="hint">{t.authorisationNeeded}</p>}
        {evidence !== null && evidence.length === 0 && <p className="empty">{t.evidenceNone}</p>}
        {evidence !== null && evidence.length > 0 && (
          <ul className="evidence" data-testid="evidence-list">
            {evidence.map((ev) => (
              <li key={ev.id}>
                <span>
                  {t.kinds[ev.kind]}
                  {ev.indicator ? ` · ${t.indicators[ev.indicator] ?? ev.indicator}` : ''} — {ev.name} ({ev.mime}, {formatSize(ev.size)})
                </span>
                <span className="row-actions">
                  <a href={`${base}/${id}/evidence/${ev.id}/content`} target="_blank" rel="noopener">
                    {t.view}
                  </a>
                  {editable && (
                    <button type="button" className="remove" onClick={() => void remove(ev)} aria-label={`${t.remove} ${ev.name}`}>
                      {t.remove}
                    </button>
                  )}
                </span>
              </li>
            ))}
          </ul>
        )}
        {editable && side === 'employer' && <Upload base={base} a={a} t={t} onDone={() => void load()} onlyKind="authorisation" />}
        {editable && <Upload base={base} a={a} t={t} onDone={() => void load()} />}
      </section>

      {editable && side === 'applicant' && (
        <section className="section">
          <h2>{t.reuse}</h2>
          <p>{t.reuseIntro}</p>
          {reusable.filter((r) => !reusedIds.has(r.id)).length === 0 ? (
            <p className="empty">{t.reuseNone}</p>
          ) : (
            <ul className="evidence">
              {reusable
                .filter((r) => !reusedIds.has(r.id))
                .map((r) => (
                  <li key={r.id}>
                    <span>
                      {t.kinds[r.kind]} — {r.name} ({formatSize(r.size)})
                    </span>
                    <button type="button" onClick={() => void reuse(r)}>
                      {t.reuseConfirm(r.name)}
                    </button>
                  </li>
                ))}
            </ul>
          )}
        </section>
      )}

      <ErrorBox problem={actProblem} t={t} testId="action-error" />
      <Notice text={actNotice} />
      <div className="actions">
        {a.state === 'draft' && (
          <button type="button" className="primary" disabled={busy || (ownRecords && !sourcesConfirmed)} onClick={() => void act('submit', t.submitted)}>
            {t.submit}
          </button>
        )}
        {a.state === 'returned' && (
          <button type="button" className="primary" disabled={busy} onClick={() => void act('supplement', t.submitted)}>
            {t.supplement}
          </button>
        )}
        {(a.state === 'draft' || a.state === 'submitted' || a.state === 'returned') && (
          <button type="button" className="remove" disabled={busy} onClick={() => void act('withdraw', t.withdrawn)}>
            {t.withdraw}
          </button>
        )}
      </div>
    </section>
  );
}
