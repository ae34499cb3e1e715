/**
 * The applicant's side of the portal (/portal/*): sign-in with ID number and SMS code (a countdown
 * before the code can be asked again), the list of their applications with each state in words, a
 * new application (settlement, or school admission with the child's name and birth date), the
 * authorisations they gave employers (revocable) and guardian filing for a family member.
 */
import { useCallback, useEffect, useState } from 'react';
import { parseIdNumber } from '../../../src/domain/id-number.ts';
import { api, ApiError, setCsrf, type Application, type ApplicantPerson, type Authorisation, type IntendedUse } from './api.ts';
import { LazyApplicationView } from './LazyApplicationView.tsx';
import { SchoolPortal } from './School.tsx';
import { SettlementPortal } from './Settlement.tsx';
import { RELATIONSHIPS, stateName, type Lang, type Relationship, type Strings } from './i18n.ts';
import { BackLink, described, ErrorBox, Field, fieldsProblem, Form, Link, Notice, problemOf, TextField, useSession, WhoAmI, type Problem } from './ui.tsx';

const RESEND_SECONDS = 60;

interface Props {
  t: Strings;
  lang: Lang;
  path: string;
  go: (to: string) => void;
}

function SignIn({ t, onSignedIn }: { t: Strings; onSignedIn: (p: ApplicantPerson) => void }) {
  const [idNumber, setIdNumber] = useState('');
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<{ idNumber?: string; code?: string }>({});
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [wait, setWait] = useState(0);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (wait <= 0) return;
    const h = window.setTimeout(() => setWait((s) => s - 1), 1000);
    return () => window.clearTimeout(h);
  }, [wait]);

  const labels = { idNumber: t.idNumber, code: t.smsCode };
  const checkId = (): string | undefined => (parseIdNumber(idNumber.trim().toUpperCase()).ok ? undefined : t.badIdNumber);

  const requestCode = async (): Promise<void> => {
    const e = checkId();
    setErrors({ ...(e ? { idNumber: e } : {}) });
    setNotice(null);
    if (e) {
      setProblem(fieldsProblem(t, { idNumber: e }, labels));
      document.getElementById('si-id')?.focus();
      return;
    }
    setBusy(true);
    try {
      await api.post('/api/v1/applicant/code', { idNumber: idNumber.trim().toUpperCase() });
      setProblem(null);
      setNotice(t.codeSent);
      setWait(RESEND_SECONDS);
      document.getElementById('si-code')?.focus();
    } catch (err) {
      setProblem(problemOf(err, t, labels));
    } finally {
      setBusy(false);
    }
  };

  const signIn = async (): Promise<void> => {
    const eId = checkId();
    const eCode = /^\d{6}$/.test(code.trim()) ? undefined : t.badCode;
    const errs = { ...(eId ? { idNumber: eId } : {}), ...(eCode ? { code: eCode } : {}) };
    setErrors(errs);
    if (eId || eCode) {
      setProblem(fieldsProblem(t, errs, labels));
      return;
    }
    setBusy(true);
    try {
      const s = await api.post<{ person: ApplicantPerson; csrfToken: string }>('/api/v1/applicant/session', { idNumber: idNumber.trim().toUpperCase(), code: code.trim() });
      setCsrf(s.csrfToken);
      onSignedIn(s.person);
    } catch (err) {
      // A wrong or expired code is about the code field: say so beside it and in the alert.
      if (err instanceof ApiError && err.code === 'INVALID_CREDENTIALS') {
        setErrors({ code: err.message });
        setProblem({ message: t.fieldNamed(t.smsCode, err.message), fields: [] });
        document.getElementById('si-code')?.focus();
      } else setProblem(problemOf(err, t, labels));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="narrow" data-testid="applicant-sign-in">
      <h1 tabIndex={-1}>{t.signInTitle}</h1>
      <p className="intro">{t.signInIntro}</p>
      <Form onSubmit={signIn}>
        <Field id="si-id" label={t.idNumber} hint={t.idNumberHint} error={errors.idNumber} required t={t}>
          <input id="si-id" type="text" autoComplete="off" inputMode="text" maxLength={18} value={idNumber} onChange={(e) => setIdNumber(e.target.value)} {...described('si-id', true, errors.idNumber)} />
        </Field>
        <div className="actions">
          <button type="button" disabled={busy || wait > 0} onClick={() => void requestCode()} data-testid="request-code">
            {wait > 0 ? t.resendIn(wait) : t.requestCode}
          </button>
        </div>
        <Notice text={notice} />
        <Field id="si-code" label={t.smsCode} hint={t.smsCodeHint} error={errors.code} required t={t}>
          <input id="si-code" type="text" inputMode="numeric" autoComplete="one-time-code" maxLength={6} value={code} onChange={(e) => setCode(e.target.value)} {...described('si-code', true, errors.code)} />
        </Field>
        <ErrorBox problem={problem} t={t} />
        <button type="submit" className="primary" disabled={busy}>
          {t.signIn}
        </button>
      </Form>
    </section>
  );
}

function Home({ t, lang, go }: Omit<Props, 'path'>) {
  const [list, setList] = useState<Application[] | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  useEffect(() => {
    api
      .get<{ applications: Application[] }>('/api/v1/applicant/applications')
      .then((r) => setList(r.applications))
      .catch((e: unknown) => setProblem(problemOf(e, t)));
  }, [t]);
  return (
    <section>
      <h1 tabIndex={-1}>{t.myApplications}</h1>
      <nav className="actions" aria-label={t.titles.portal}>
        <Link to="/portal/new" go={go} className="button primary">
          {t.newApplication}
        </Link>
        <Link to="/portal/family" go={go} className="button">
          {t.familyFiling}
        </Link>
        <Link to="/portal/authorisations" go={go} className="button">
          {t.myAuthorisations}
        </Link>
        <Link to="/portal/settlement" go={go} className="button">
          {lang === 'en' ? 'Points-based settlement' : '积分落户'}
        </Link>
        <Link to="/portal/school" go={go} className="button">
          {lang === 'en' ? 'Points-based school admission' : '积分入学'}
        </Link>
      </nav>
      <ErrorBox problem={problem} t={t} />
      {list === null && !problem && <p role="status">{t.loading}</p>}
      {list?.length === 0 && <p className="empty">{t.noApplications}</p>}
      {list && list.length > 0 && (
        <ul className="cards" data-testid="applications">
          {list.map((a) => (
            <li key={a.id} className="card" data-testid="application-card">
              <p className="card-title">
                <Link to={`/portal/applications/${a.id}`} go={go}>
                  {t.applicationNo(a.id)} · {t.use[a.intendedUse]}
                </Link>
              </p>
              <p>
                {t.state}: <strong>{stateName(a.state, lang)}</strong>
                {a.role === 'agent' && <span className="tag">{t.roleAgent}</span>}
              </p>
              {a.resultVisibleOn && (
                <p>
                  {t.resultVisibleOn}: {a.resultVisibleOn}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Intended use and, for school admission, the child: shared by the applicant's, the guardian's and the employer's forms. */
export function UseFields({
  t,
  idp,
  use,
  setUse,
  child,
  setChild,
  errors,
}: {
  t: Strings;
  idp: string;
  use: IntendedUse;
  setUse: (u: IntendedUse) => void;
  child: { name: string; birthDate: string };
  setChild: (c: { name: string; birthDate: string }) => void;
  errors: Record<string, string | undefined>;
}) {
  return (
    <>
      <fieldset className="section">
        <legend>{t.intendedUse}</legend>
        {(['settlement', 'school'] as const).map((u) => (
          <div key={u} className="field check">
            <label>
              <input type="radio" name={`${idp}-use`} value={u} checked={use === u} onChange={() => setUse(u)} />
              {t.use[u]}
            </label>
          </div>
        ))}
      </fieldset>
      {use === 'school' && (
        <fieldset className="section">
          <legend>{t.use.school}</legend>
          <p className="hint">{t.childHint}</p>
          <TextField id={`${idp}-child-name`} label={t.childName} error={errors['child.name']} value={child.name} onChange={(v) => setChild({ ...child, name: v })} t={t} />
          <TextField id={`${idp}-child-birth`} label={t.childBirthDate} error={errors['child.birthDate']} type="date" value={child.birthDate} onChange={(v) => setChild({ ...child, birthDate: v })} t={t} />
        </fieldset>
      )}
    </>
  );
}

/** Client-side checks of the child fields, so that the error names the field before any request. */
export function childErrors(t: Strings, use: IntendedUse, child: { name: string; birthDate: string }): Record<string, string> {
  if (use !== 'school') return {};
  const e: Record<string, string> = {};
  if (child.name.trim() === '') e['child.name'] = t.required;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(child.birthDate)) e['child.birthDate'] = t.required;
  return e;
}

const childLabels = (t: Strings): Record<string, string> => ({ 'child.name': t.childName, 'child.birthDate': t.childBirthDate, child: t.childName, intendedUse: t.intendedUse });

function NewApplication({ t, go }: Omit<Props, 'path' | 'lang'>) {
  const [use, setUse] = useState<IntendedUse>('settlement');
  const [child, setChild] = useState({ name: '', birthDate: '' });
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const create = async (): Promise<void> => {
    const e = childErrors(t, use, child);
    setErrors(e);
    if (Object.keys(e).length > 0) {
      setProblem(fieldsProblem(t, e, childLabels(t)));
      return;
    }
    setBusy(true);
    try {
      const a = await api.post<Application>('/api/v1/applicant/applications', { intendedUse: use, ...(use === 'school' ? { child } : {}) });
      go(`/portal/applications/${a.id}`);
    } catch (err) {
      setProblem(problemOf(err, t, childLabels(t)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="narrow">
      <BackLink to="/portal" go={go} t={t} />
      <h1 tabIndex={-1}>{t.newApplication}</h1>
      <Form onSubmit={create}>
        <UseFields t={t} idp="new" use={use} setUse={setUse} child={child} setChild={setChild} errors={errors} />
        <ErrorBox problem={problem} t={t} />
        <button type="submit" className="primary" disabled={busy}>
          {t.createDraft}
        </button>
      </Form>
    </section>
  );
}

function Authorisations({ t, go }: Omit<Props, 'path' | 'lang'>) {
  const [list, setList] = useState<Authorisation[] | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const load = useCallback(() => {
    api
      .get<{ authorisations: Authorisation[] }>('/api/v1/applicant/authorisations')
      .then((r) => setList(r.authorisations))
      .catch((e: unknown) => setProblem(problemOf(e, t)));
  }, [t]);
  useEffect(load, [load]);
  const revoke = async (a: Authorisation): Promise<void> => {
    try {
      await api.post(`/api/v1/applicant/authorisations/${a.id}/revoke`, {});
      setNotice(t.revoked);
      load();
    } catch (e) {
      setProblem(problemOf(e, t));
    }
  };
  return (
    <section>
      <BackLink to="/portal" go={go} t={t} />
      <h1 tabIndex={-1}>{t.myAuthorisations}</h1>
      <p className="intro">{t.authorisationsIntro}</p>
      <ErrorBox problem={problem} t={t} />
      <Notice text={notice} />
      {list?.length === 0 && <p className="empty">{t.noAuthorisations}</p>}
      {list && list.length > 0 && (
        <ul className="cards" data-testid="authorisations">
          {list.map((a) => (
            <li key={a.id} className="card">
              <p className="card-title">{a.organisation.name}</p>
              <p>
                {t.scope}: {t.scopes[a.scope]} · {t.expiresOn}: {a.expiresOn} · {t.authStatus}: <span data-testid="auth-status">{t.authStatuses[a.effectiveStatus]}</span>
              </p>
              {(a.status === 'pending' || a.status === 'verified') && (
                <button type="button" className="remove" onClick={() => void revoke(a)} aria-label={`${t.revoke}: ${a.organisation.name}`}>
                  {t.revoke}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Family({ t, go }: Omit<Props, 'path' | 'lang'>) {
  const [f, setF] = useState({ principalIdNumber: '', principalName: '', ground: 'minor' as 'minor' | 'elderly' | 'disabled', relationship: '' as Relationship | '' });
  const [use, setUse] = useState<IntendedUse>('settlement');
  const [child, setChild] = useState({ name: '', birthDate: '' });
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const labels = { ...childLabels(t), principalIdNumber: t.principalIdNumber, principalName: t.principalName, ground: t.ground, relationship: t.relationship };
  const create = async (): Promise<void> => {
    const e: Record<string, string> = { ...childErrors(t, use, child) };
    if (!parseIdNumber(f.principalIdNumber.trim().toUpperCase()).ok) e.principalIdNumber = t.badIdNumber;
    if (f.principalName.trim() === '') e.principalName = t.required;
    if (f.relationship === '') e.relationship = t.required;
    setErrors(e);
    if (Object.keys(e).length > 0) {
      setProblem(fieldsProblem(t, e, labels));
      return;
    }
    setBusy(true);
    try {
      const a = await api.post<Application>('/api/v1/applicant/agent-applications', {
        principalIdNumber: f.principalIdNumber.trim().toUpperCase(),
        principalName: f.principalName.trim(),
        ground: f.ground,
        relationship: f.relationship,
        intendedUse: use,
        ...(use === 'school' ? { child } : {}),
      });
      go(`/portal/applications/${a.id}`);
    } catch (err) {
      setProblem(problemOf(err, t, labels));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="narrow">
      <BackLink to="/portal" go={go} t={t} />
      <h1 tabIndex={-1}>{t.familyFiling}</h1>
      <p className="intro">{t.familyIntro}</p>
      <Form onSubmit={create}>
        <TextField id="fam-id" label={t.principalIdNumber} hint={t.idNumberHint} error={errors.principalIdNumber} autoComplete="off" maxLength={18} value={f.principalIdNumber} onChange={(v) => setF({ ...f, principalIdNumber: v })} t={t} />
        <TextField id="fam-name" label={t.principalName} error={errors.principalName} value={f.principalName} onChange={(v) => setF({ ...f, principalName: v })} t={t} />
        <Field id="fam-ground" label={t.ground} required t={t}>
          <select id="fam-ground" value={f.ground} onChange={(e) => setF({ ...f, ground: e.target.value as typeof f.ground })}>
            {(['minor', 'elderly', 'disabled'] as const).map((g) => (
              <option key={g} value={g}>
                {t.grounds[g]}
              </option>
            ))}
          </select>
        </Field>
        <Field id="fam-rel" label={t.relationship} error={errors.relationship} required t={t}>
          <select id="fam-rel" value={f.relationship} onChange={(e) => setF({ ...f, relationship: e.target.value as Relationship | '' })} {...described('fam-rel', false, errors.relationship)}>
            <option value="">{t.choose}</option>
            {RELATIONSHIPS.map((r) => (
              <option key={r} value={r}>
                {t.relationships[r]}
              </option>
            ))}
          </select>
        </Field>
        <UseFields t={t} idp="fam" use={use} setUse={setUse} child={child} setChild={setChild} errors={errors} />
        <ErrorBox problem={problem} t={t} />
        <button type="submit" className="primary" disabled={busy}>
          {t.fileForFamily}
        </button>
      </Form>
    </section>
  );
}

export function ApplicantPortal({ t, lang, path, go }: Props) {
  const [person, setPerson, signOut] = useSession('/api/v1/applicant/session', (s) => s.person as ApplicantPerson);
  if (person === undefined) return <p role="status">{t.loading}</p>;
  if (person === null) return <SignIn t={t} onSignedIn={setPerson} />;

  const m = /^\/portal\/applications\/(\d+)$/.exec(path);
  let view;
  if (m) view = <LazyApplicationView key={m[1]} side="applicant" id={Number(m[1])} t={t} lang={lang} go={go} back="/portal" />;
  else if (path === '/portal/new') view = <NewApplication t={t} go={go} />;
  else if (path === '/portal/authorisations') view = <Authorisations t={t} go={go} />;
  else if (path === '/portal/family') view = <Family t={t} go={go} />;
  else if (path === '/portal/settlement') view = <SettlementPortal t={t} lang={lang} go={go} />;
  else if (path === '/portal/school') view = <SchoolPortal t={t} lang={lang} go={go} />;
  else view = <Home t={t} lang={lang} go={go} />;

  return (
    <>
      <WhoAmI name={person.name} t={t} onSignOut={() => void signOut().then(() => go('/portal'))} />
      {view}
    </>
  );
}
