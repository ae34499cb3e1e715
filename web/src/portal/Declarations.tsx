/**
 * 申报指标: what the applicant declares with an application — the indicators no source system holds
 * (education, qualifications, housing, honours, patents, donations, volunteering, tax). The same form
 * sections as the public simulator, so a person declares exactly what they simulated; the values are
 * checked again by the server against the facts contract (PUT …/declarations) and reviewed by the
 * office item by item. Saving replaces the whole declaration.
 */
import { useMemo, useState } from 'react';
import { messagesFor, todayInChina } from '../../../src/rules/index.ts';
import { localizeError } from '../compute.ts';
import { FormContext, type FormApi } from '../form/context.ts';
import { ContributionsSection, EducationSection, HonoursSection, HousingSection, PatentsSection, QualificationSection } from '../form/Sections.tsx';
import { useFormState } from '../form/state.ts';
import { STRINGS as FORM_STRINGS, type Lang } from '../i18n.ts';
import { buildInput, emptyForm } from '../model.ts';
import { api, type Application } from './api.ts';
import type { Strings } from './i18n.ts';
import { ErrorBox, Notice, problemOf, type Problem } from './ui.tsx';

/** The facts-v1 fields an application declares, and the indicator each one scores. */
const DECLARED_FIELDS: Readonly<Record<string, string>> = {
  education: 'education',
  qualification: 'qualification',
  housing: 'housing',
  honours: 'honours',
  patents: 'patents',
  bloodDonationMl: 'bloodDonation',
  volunteerHours: 'volunteering',
  donationYuan: 'donation',
  incomeTax: 'incomeTax',
  boneMarrowDonated: 'boneMarrow',
};

const WORDS = {
  'zh-CN': {
    title: '申报指标',
    intro: '请如实填写下列指标,提交后由区流动人口办逐项审核;虚假申报将被取消积分资格。没有的可以不填。',
    now: (names: string) => `已申报:${names}`,
    nothing: '尚未申报任何指标。',
    save: '保存申报',
    saved: '申报已保存',
    fix: '有填写不正确的地方,请按提示修改后再保存。',
  },
  en: {
    title: 'Declared indicators',
    intro: 'Declare these truthfully; the district office checks each one after you submit, and a false declaration disqualifies the application. Leave out what does not apply.',
    now: (names: string) => `Declared: ${names}`,
    nothing: 'Nothing declared yet.',
    save: 'Save the declaration',
    saved: 'Declaration saved',
    fix: 'Some entries are not right; correct them as shown and save again.',
  },
} as const;

export function Declarations({ a, base, t, lang, onSaved }: { a: Application; base: string; t: Strings; lang: Lang; onSaved: (next: Application) => void }) {
  const w = WORDS[lang];
  const formT = FORM_STRINGS[lang];
  const m = messagesFor(lang);
  // Only the declared sections are on the page; the birth date is there only so the form builds
  // (the server takes nothing but the declared fields from it).
  const state = useFormState(() => ({ ...emptyForm(todayInChina()), birthDate: '1990-01-01' }));
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const built = useMemo(() => buildInput(state.form), [state.form]);
  const errors = useMemo(() => {
    const map = new Map<string, string>();
    if (!built.ok && state.dirty) for (const e of built.errors) if (!map.has(e.key)) map.set(e.key, localizeError(e, formT, state.form));
    return map;
  }, [built, state.dirty, state.form, formT]);

  const formApi: FormApi = useMemo(
    () => ({ form: state.form, set: state.set, setRow: state.setRow, addRow: state.addRow, removeRow: state.removeRow, lang, t: formT, m, error: (k: string) => errors.get(k) }),
    [state, lang, formT, m, errors],
  );

  const declaredNow = Object.keys(a.declared ?? {})
    .map((k) => t.indicators[DECLARED_FIELDS[k] ?? k] ?? k)
    .join('、');

  const save = async (): Promise<void> => {
    setNotice(null);
    if (!built.ok) {
      setProblem({ message: w.fix, fields: [] });
      return;
    }
    const facts = built.input.facts as Record<string, unknown>;
    const declared = Object.fromEntries(Object.keys(DECLARED_FIELDS).filter((k) => facts[k] !== undefined).map((k) => [k, facts[k]]));
    setBusy(true);
    try {
      const next = await api.put<Application>(`${base}/${a.id}/declarations`, { declared, expectedVersion: a.version });
      setProblem(null);
      setNotice(w.saved);
      onSaved(next);
    } catch (e) {
      setProblem(problemOf(e, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="section" aria-labelledby="declare-title" data-testid="declarations">
      <h2 id="declare-title">{w.title}</h2>
      <p>{w.intro}</p>
      <p data-testid="declared-now">{declaredNow === '' ? w.nothing : w.now(declaredNow)}</p>
      <FormContext.Provider value={formApi}>
        <form className="form" noValidate onSubmit={(e) => e.preventDefault()}>
          <EducationSection />
          <QualificationSection />
          <HousingSection />
          <HonoursSection />
          <PatentsSection />
          <ContributionsSection />
        </form>
      </FormContext.Provider>
      <ErrorBox problem={problem} t={t} testId="declare-error" />
      <Notice text={notice} />
      <button type="button" className="primary" disabled={busy} onClick={() => void save()}>
        {w.save}
      </button>
    </section>
  );
}
