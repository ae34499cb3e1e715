/**
 * The employer HR side of the portal (/employer/*), for a desktop: sign-in with the employer
 * account, the employees who authorised the employer, recording a new authorisation (ID number, name,
 * scope, expiry), filing an application for an authorised employee and — on the application page —
 * uploading the employee's signed written authorisation (evidence kind 'authorisation', FAQ Q3).
 */
import { useCallback, useEffect, useState } from 'react';
import { parseIdNumber } from '../../../src/domain/id-number.ts';
import { api, setCsrf, type Application, type Authorisation, type EmployerAccount, type IntendedUse } from './api.ts';
import { childErrors, UseFields } from './Applicant.tsx';
import { LazyApplicationView } from './LazyApplicationView.tsx';
import { stateName, type Lang, type Strings } from './i18n.ts';
import { ErrorBox, Field, fieldsProblem, Form, Link, Notice, problemOf, TextField, useSession, WhoAmI, type Problem } from './ui.tsx';

interface Props {
  t: Strings;
  lang: Lang;
  path: string;
  go: (to: string) => void;
}

function SignIn({ t, onSignedIn }: { t: Strings; onSignedIn: (a: EmployerAccount) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (): Promise<void> => {
    const missing = { ...(username.trim() === '' ? { username: t.required } : {}), ...(password === '' ? { password: t.required } : {}) };
    if (Object.keys(missing).length > 0) {
      setProblem(fieldsProblem(t, missing, { username: t.username, password: t.password }));
      return;
    }
    setBusy(true);
    try {
      const s = await api.post<{ user: EmployerAccount; csrfToken: string }>('/api/v1/employer/session', { username: username.trim(), password });
      setCsrf(s.csrfToken);
      onSignedIn(s.user);
    } catch (e) {
      setProblem(problemOf(e, t, { username: t.username, password: t.password }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="narrow" data-testid="employer-sign-in">
      <h1 tabIndex={-1}>{t.signInTitle}</h1>
      <p className="intro">{t.employerSignInIntro}</p>
      <Form onSubmit={submit}>
        <Field id="es-user" label={t.username} required t={t}>
          <input id="es-user" type="text" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} />
        </Field>
        <Field id="es-pass" label={t.password} required t={t}>
          <input id="es-pass" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </Field>
        <ErrorBox problem={problem} t={t} />
        <button type="submit" className="primary" disabled={busy}>
          {t.signIn}
        </button>
      </Form>
    </section>
  );
}

function NewAuthorisation({ t, onCreated }: { t: Strings; onCreated: () => void }) {
  const [f, setF] = useState({ idNumber: '', name: '', scope: 'apply_and_track' as 'apply' | 'apply_and_track', expiresOn: '' });
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const labels = { idNumber: t.employeeIdNumber, name: t.employeeName, scope: t.scope, expiresOn: t.expiresOn };
  const submit = async (): Promise<void> => {
    const e: Record<string, string> = {};
    if (!parseIdNumber(f.idNumber.trim().toUpperCase()).ok) e.idNumber = t.badIdNumber;
    if (f.name.trim() === '') e.name = t.required;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(f.expiresOn)) e.expiresOn = t.required;
    setErrors(e);
    setNotice(null);
    if (Object.keys(e).length > 0) {
      setProblem(fieldsProblem(t, e, labels));
      return;
    }
    try {
      await api.post('/api/v1/employer/authorisations', { idNumber: f.idNumber.trim().toUpperCase(), name: f.name.trim(), scope: f.scope, expiresOn: f.expiresOn });
      setProblem(null);
      setNotice(t.authorisationCreated);
      setF({ idNumber: '', name: '', scope: 'apply_and_track', expiresOn: '' });
      onCreated();
    } catch (err) {
      setProblem(problemOf(err, t, labels));
    }
  };
  return (
    <section className="section">
      <h2>{t.newAuthorisation}</h2>
      <Form className="form grid" onSubmit={submit}>
        <TextField id="na-id" label={t.employeeIdNumber} hint={t.idNumberHint} error={errors.idNumber} autoComplete="off" maxLength={18} value={f.idNumber} onChange={(v) => setF({ ...f, idNumber: v })} t={t} />
        <TextField id="na-name" label={t.employeeName} error={errors.name} value={f.name} onChange={(v) => setF({ ...f, name: v })} t={t} />
        <Field id="na-scope" label={t.scope} required t={t}>
          <select id="na-scope" value={f.scope} onChange={(e) => setF({ ...f, scope: e.target.value as typeof f.scope })}>
            <option value="apply_and_track">{t.scopes.apply_and_track}</option>
            <option value="apply">{t.scopes.apply}</option>
          </select>
        </Field>
        <TextField id="na-exp" label={t.expiresOn} error={errors.expiresOn} type="date" value={f.expiresOn} onChange={(v) => setF({ ...f, expiresOn: v })} t={t} />
        <div className="span">
          <ErrorBox problem={problem} t={t} />
          <Notice text={notice} />
          <button type="submit" className="primary">
            {t.newAuthorisation}
          </button>
        </div>
      </Form>
    </section>
  );
}

function FileFor({ t, auth, go }: { t: Strings; auth: Authorisation; go: (to: string) => void }) {
  const [open, setOpen] = useState(false);
  const [use, setUse] = useState<IntendedUse>('settlement');
  const [child, setChild] = useState({ name: '', birthDate: '' });
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [problem, setProblem] = useState<Problem | null>(null);
  const create = async (): Promise<void> => {
    const e = childErrors(t, use, child);
    setErrors(e);
    if (Object.keys(e).length > 0) {
      setProblem({ message: Object.values(e).join(';'), fields: [] });
      return;
    }
    try {
      const a = await api.post<Application>('/api/v1/employer/applications', { authorisationId: auth.id, intendedUse: use, ...(use === 'school' ? { child } : {}) });
      go(`/employer/applications/${a.id}`);
    } catch (err) {
      setProblem(problemOf(err, t, { 'child.name': t.childName, 'child.birthDate': t.childBirthDate }));
    }
  };
  if (!open) {
    return (
      <button
        type="button"
        onClick={() => {
          setOpen(true);
          // Into the form that opens, for keyboard and screen-reader users.
          window.setTimeout(() => document.querySelector<HTMLInputElement>(`input[name="ff-${auth.id}-use"]`)?.focus(), 0);
        }} aria-label={`${t.fileFor}: ${auth.person.name}`}>
        {t.fileFor}
      </button>
    );
  }
  return (
    <Form onSubmit={create}>
      <UseFields t={t} idp={`ff-${auth.id}`} use={use} setUse={setUse} child={child} setChild={setChild} errors={errors} />
      <ErrorBox problem={problem} t={t} />
      <div className="actions">
        <button type="submit" className="primary">
          {t.createDraft}
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          {t.cancel}
        </button>
      </div>
    </Form>
  );
}

function Home({ t, lang, go }: Omit<Props, 'path'>) {
  const [auths, setAuths] = useState<Authorisation[] | null>(null);
  const [apps, setApps] = useState<Application[] | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const load = useCallback(() => {
    Promise.all([
      api.get<{ authorisations: Authorisation[] }>('/api/v1/employer/authorisations'),
      api.get<{ applications: Application[] }>('/api/v1/employer/applications'),
    ])
      .then(([a, b]) => {
        setAuths(a.authorisations);
        setApps(b.applications);
      })
      .catch((e: unknown) => setProblem(problemOf(e, t)));
  }, [t]);
  useEffect(load, [load]);
  return (
    <section>
      <h1 tabIndex={-1}>{t.titles.employer}</h1>
      <ErrorBox problem={problem} t={t} />
      <section className="section">
        <h2>{t.employees}</h2>
        {auths?.length === 0 && <p className="empty">{t.noEmployees}</p>}
        {auths && auths.length > 0 && (
          <table className="table" data-testid="employees">
            <thead>
              <tr>
                <th scope="col">{t.employeeName}</th>
                <th scope="col">{t.employeeIdNumber}</th>
                <th scope="col">{t.scope}</th>
                <th scope="col">{t.expiresOn}</th>
                <th scope="col">{t.authStatus}</th>
                <th scope="col">
                  <span className="sr-only">{t.fileFor}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {auths.map((a) => (
                <tr key={a.id}>
                  <td>{a.person.name}</td>
                  <td>{a.person.idNumber}</td>
                  <td>{t.scopes[a.scope]}</td>
                  <td>{a.expiresOn}</td>
                  <td>{t.authStatuses[a.effectiveStatus]}</td>
                  <td>{a.usable && <FileFor t={t} auth={a} go={go} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <NewAuthorisation t={t} onCreated={load} />
      <section className="section">
        <h2>{t.employerApplications}</h2>
        {apps?.length === 0 && <p className="empty">{t.noApplications}</p>}
        {apps && apps.length > 0 && (
          <ul className="cards" data-testid="employer-applications">
            {apps.map((a) => (
              <li key={a.id} className="card">
                <p className="card-title">
                  <Link to={`/employer/applications/${a.id}`} go={go}>
                    {t.applicationNo(a.id)} · {t.use[a.intendedUse]}
                    {/* The employee's name as the authorisation holds it (the case carries only their id). */}
                    {auths?.some((x) => x.person.id === a.personId) && ` · ${auths.find((x) => x.person.id === a.personId)?.person.name}`}
                  </Link>
                </p>
                <p>
                  {t.state}: <strong>{stateName(a.state, lang)}</strong>
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </section>
  );
}

export function EmployerPortal({ t, lang, path, go }: Props) {
  const [account, setAccount, signOut] = useSession('/api/v1/employer/session', (s) => s.user as EmployerAccount);
  if (account === undefined) return <p role="status">{t.loading}</p>;
  if (account === null) return <SignIn t={t} onSignedIn={setAccount} />;
  const m = /^\/employer\/applications\/(\d+)$/.exec(path);
  const who = `${account.organisationName} · ${account.displayName}`;
  return (
    <>
      <WhoAmI name={who} t={t} onSignOut={() => void signOut().then(() => go('/employer'))} />
      {m ? <LazyApplicationView key={m[1]} side="employer" id={Number(m[1])} t={t} lang={lang} go={go} back="/employer" /> : <Home t={t} lang={lang} go={go} />}
    </>
  );
}
