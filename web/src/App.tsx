/**
 * The public points simulator (模拟积分). The form is the state; 150 ms after the last keystroke
 * it is turned into facts, validated with the engine's schema and scored in the browser by the same
 * engine the server uses. When the input is invalid the last good result stays on screen, marked
 * stale, and every field error is shown beside its input and listed above the result.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { messagesFor, todayInChina } from '../../src/rules/index.ts';
import { localizeError, run, type Output } from './compute.ts';
import { FormContext, type FormApi } from './form/context.ts';
import { useFormState } from './form/state.ts';
import {
  AssessmentSection,
  ContinuitySection,
  ContributionsSection,
  EducationSection,
  HonoursSection,
  HousingSection,
  InsuranceSection,
  OffencesSection,
  PatentsSection,
  PermitSection,
  PersonSection,
  QualificationSection,
  ResidenceSection,
  VetoSection,
} from './form/Sections.tsx';
import { initialLang, rememberLang, STRINGS, type Lang, type Strings } from './i18n.ts';
import { buildInput, emptyForm, exampleForm, LIST_KEYS, type Input, type ListKey, type UiError } from './model.ts';
import { Results } from './results/Results.tsx';
import { STRINGS as PORTAL_STRINGS } from './portal/i18n.ts';

/** `value` once it has been still for `ms`; at once whenever `flush` changes (example, clear). */
function useDebounced<T>(value: T, ms: number, flush: number): T {
  const [state, setState] = useState({ v: value, flush });
  if (state.flush !== flush) setState({ v: value, flush });
  useEffect(() => {
    const h = window.setTimeout(() => setState((s) => (s.v === value ? s : { v: value, flush: s.flush })), ms);
    return () => window.clearTimeout(h);
  }, [value, ms]);
  return state.flush !== flush ? value : state.v;
}

const SCALAR_LABELS: Record<string, (t: Strings) => string> = {
  asOf: (t) => t.asOf,
  policy: (t) => t.policy,
  birthDate: (t) => t.birthDate,
  urbanHangzhouHukou: (t) => t.hukou,
  fullCivilCapacity: (t) => t.fullCivilCapacity,
  permitKind: (t) => `${t.permit} · ${t.permitKind}`,
  permitIssuedOn: (t) => `${t.permit} · ${t.permitIssuedOn}`,
  permitStatus: (t) => `${t.permit} · ${t.permitStatus}`,
  permitDistrict: (t) => `${t.permit} · ${t.permitDistrict}`,
  educationLevel: (t) => t.educationLevel,
  qualificationKind: (t) => `${t.qualification} · ${t.qualKind}`,
  qualificationLevel: (t) => `${t.qualification} · ${t.qualLevel}`,
  housingKind: (t) => `${t.housing} · ${t.housingKind}`,
  housingFrom: (t) => `${t.housing} · ${t.housingFrom}`,
  bloodDonationMl: (t) => t.bloodDonationMl,
  volunteerHours: (t) => t.volunteerHours,
  donationYuan: (t) => t.donationYuan,
  wageYuan: (t) => t.wageYuan,
  businessYuan: (t) => t.businessYuan,
};

function rowFieldLabel(list: ListKey, field: string, t: Strings): string {
  const common: Record<string, string> = {
    from: list === 'socialInsurance' ? t.fromMonth : t.from,
    to: list === 'socialInsurance' ? t.toMonth : t.to,
    status: t.regStatus,
    source: t.regSource,
    scheme: t.scheme,
    level: t.honourLevel,
    issuer: t.issuer,
    awardedOn: t.awardedOn,
    deedId: t.deedId,
    grantedOn: t.grantedOn,
    on: list === 'veto' ? t.vetoOn : t.offenceOn,
    actId: t.actId,
    kind: list === 'continuity' ? t.continuityKind : list === 'veto' ? t.vetoKind : t.offenceKind,
  };
  return common[field] ?? field;
}

export function App() {
  const [lang, setLang] = useState<Lang>(initialLang);
  const { form, dirty, replace, set, setRow, addRow, removeRow } = useFormState(() => emptyForm(todayInChina()));
  const t = STRINGS[lang];
  const m = messagesFor(lang);

  useEffect(() => {
    document.documentElement.lang = t.htmlLang;
    document.title = t.docTitle;
  }, [t]);

  const [flush, setFlush] = useState(0);
  const debounced = useDebounced(form, 150, flush);
  const built = useMemo(() => buildInput(debounced), [debounced]);
  const [lastGood, setLastGood] = useState<Input | null>(null);

  // Scoring the current input; an engine refusal (no policy on that date) counts as invalid input.
  const current = useMemo(() => (built.ok ? run(built.input, lang, t) : null), [built, lang, t]);
  const currentOk = built.ok && current?.ok === true;
  if (currentOk && lastGood !== built.input) setLastGood(built.input);

  const shownInput: Input | null = currentOk ? built.input : lastGood;
  const stale = !currentOk && lastGood !== null;
  const shown = useMemo((): Output | null => {
    if (currentOk && current?.ok === true) return current.output;
    if (!lastGood) return null;
    const r = run(lastGood, lang, t);
    return r.ok ? r.output : null;
  }, [currentOk, current, lastGood, lang, t]);

  // Until the person has touched the form, an empty birth date is not an error, only a prompt.
  const errors = useMemo(
    (): UiError[] => (built.ok ? [] : dirty ? built.errors : built.errors.filter((e) => e.key !== 'birthDate')),
    [built, dirty],
  );
  const failure = current !== null && !current.ok ? current.message : null;

  const byKey = useMemo(() => {
    const map = new Map<string, string>();
    for (const e of errors) if (!map.has(e.key)) map.set(e.key, localizeError(e, t, form));
    if (current !== null && !current.ok && current.field !== undefined) map.set(current.field, current.message);
    return map;
  }, [errors, t, form, current]);

  const labelOf = useCallback(
    (key: string): string => {
      const scalar = SCALAR_LABELS[key];
      if (scalar) return scalar(t);
      const [list, id, field] = key.split('.');
      if (list !== undefined && (LIST_KEYS as readonly string[]).includes(list)) {
        const lk = list as ListKey;
        const n = form[lk].findIndex((r) => r.id === id) + 1;
        const row = t.rowTitle(t.item[lk], n);
        return field === undefined ? row : `${row} · ${rowFieldLabel(lk, field, t)}`;
      }
      return key;
    },
    [form, t],
  );

  const api: FormApi = useMemo(
    () => ({ form, set, setRow, addRow, removeRow, lang, t, m, error: (k: string) => byKey.get(k) }),
    [form, set, setRow, addRow, removeRow, lang, t, m, byKey],
  );

  const switchLang = (): void => {
    const next: Lang = lang === 'en' ? 'zh-CN' : 'en';
    rememberLang(next);
    setLang(next);
    const url = new URL(window.location.href);
    if (url.searchParams.has('lang')) {
      url.searchParams.set('lang', next === 'en' ? 'en' : 'zh-CN');
      window.history.replaceState(null, '', url);
    }
  };

  return (
    <FormContext.Provider value={api}>
      <a className="skip" href="#results">
        {t.seeDetails}
      </a>
      <header className="top">
        <div className="top-inner">
          <p className="site">{t.siteName}</p>
          <h1>{t.title}</h1>
          <button type="button" className="lang" data-testid="lang-switch" lang={lang === 'en' ? 'zh-CN' : 'en'} aria-label={t.langSwitchLabel} onClick={switchLang}>
            {t.langSwitch}
          </button>
        </div>
      </header>
      <main className="page">
        <div className="form-col">
          <p className="intro">{t.intro}</p>
          <div className="actions">
            <button
              type="button"
              className="primary"
              onClick={() => {
                setFlush((n) => n + 1);
                replace((f) => ({ ...exampleForm(f.asOf || todayInChina()), asOf: f.asOf, policy: f.policy }), true);
              }}
            >
              {t.fillExample}
            </button>
            <button
              type="button"
              onClick={() => {
                setFlush((n) => n + 1);
                setLastGood(null);
                replace((f) => ({ ...emptyForm(f.asOf), policy: f.policy }), false);
              }}
            >
              {t.clearAll}
            </button>
          </div>
          <form className="form" noValidate onSubmit={(e) => e.preventDefault()}>
            <PersonSection />
            <PermitSection />
            <ResidenceSection />
            <ContinuitySection />
            <InsuranceSection />
            <EducationSection />
            <QualificationSection />
            <HousingSection />
            <HonoursSection />
            <PatentsSection />
            <ContributionsSection />
            <OffencesSection />
            <VetoSection />
            <AssessmentSection />
          </form>
          <p className="disclaimer">{t.disclaimer}</p>
        </div>
        <div className="result-col">
          <Results
            output={shown}
            input={shownInput}
            stale={stale}
            failure={failure}
            errors={errors}
            lang={lang}
            t={t}
            m={m}
            localize={(e) => localizeError(e, t, form)}
            labelOf={labelOf}
          />
        </div>
      </main>
      <footer className="page">
        <nav aria-label={PORTAL_STRINGS[lang].nav.label}>
          <p className="disclaimer">
            {(['guide', 'faq', 'windows', 'portal', 'employer'] as const).map((k, i) => (
              <span key={k}>
                {i > 0 && ' · '}
                <a href={`/${k}`}>{PORTAL_STRINGS[lang].nav[k]}</a>
              </span>
            ))}
          </p>
        </nav>
      </footer>
    </FormContext.Provider>
  );
}
