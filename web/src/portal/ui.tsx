/**
 * Small building blocks of the portal: a labelled input, an error box that is announced (role=alert)
 * and names each field at fault, a status line announced politely, and the navigation helper of this
 * single-page app (history API, so the browser's back button works).
 */
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { api, ApiError, setCsrf } from './api.ts';
import type { Strings } from './i18n.ts';

export function usePath(): [string, (to: string) => void] {
  const [path, setPath] = useState(() => window.location.pathname);
  useEffect(() => {
    const on = (): void => setPath(window.location.pathname);
    window.addEventListener('popstate', on);
    return () => window.removeEventListener('popstate', on);
  }, []);
  const go = useCallback((to: string) => {
    const url = new URL(to, window.location.href);
    url.search = window.location.search;
    window.history.pushState(null, '', url);
    setPath(url.pathname);
    // A link to a part of a page (/faq#q12) is scrolled to by that page; otherwise start at the top.
    if (url.hash === '') window.scrollTo(0, 0);
    // Move focus to the new page's heading so screen readers announce it.
    window.setTimeout(() => document.querySelector<HTMLElement>('main h1, main h2')?.focus({ preventScroll: url.hash !== '' }), 0);
  }, []);
  return [path, go];
}

/** An in-app link: a real <a href> (keyboard, new tab) that navigates without a reload. */
export function Link({ to, go, children, className, current }: { to: string; go: (to: string) => void; children: ReactNode; className?: string; current?: boolean }) {
  return (
    <a
      href={to}
      className={className}
      aria-current={current ? 'page' : undefined}
      onClick={(e) => {
        if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        go(to);
      }}
    >
      {children}
    </a>
  );
}

export interface Problem {
  message: string;
  fields: Array<{ label: string; message: string }>;
}

/** An API or page error in the page's words, each field named by its label on the page. */
export function problemOf(e: unknown, t: Strings, labels: Record<string, string> = {}): Problem {
  if (e instanceof ApiError) {
    if (e.code === 'NETWORK') return { message: t.networkError, fields: [] };
    return { message: e.message, fields: e.fields.map((f) => ({ label: labels[f.path] ?? f.path, message: f.message })) };
  }
  return { message: e instanceof Error ? e.message : String(e), fields: [] };
}

export function ErrorBox({ problem, t, testId }: { problem: Problem | null; t: Strings; testId?: string }) {
  if (!problem) return null;
  return (
    <div className="errors" role="alert" data-testid={testId ?? 'error'}>
      <p>
        {t.errorPrefix}
        {problem.message}
      </p>
      {problem.fields.length > 0 && (
        <ul>
          {problem.fields.map((f, i) => (
            <li key={i}>{t.fieldNamed(f.label, f.message)}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Notice({ text }: { text: string | null }) {
  return (
    <p className="notice" role="status" aria-live="polite">
      {text ?? ''}
    </p>
  );
}

export function Field({
  id,
  label,
  hint,
  error,
  required,
  t,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string | undefined;
  required?: boolean;
  t: Strings;
  children: ReactNode;
}) {
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>
        {label} <span className="req">({required ? t.required : t.optional})</span>
      </label>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {children}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** aria attributes of an input inside <Field>. */
export function described(id: string, hint: boolean, error: string | undefined): { 'aria-describedby'?: string; 'aria-invalid'?: boolean } {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return { ...(ids ? { 'aria-describedby': ids } : {}), ...(error ? { 'aria-invalid': true } : {}) };
}

/** A form that never reloads the page: submitting (button or Enter) runs `onSubmit`. */
export function Form({ className, onSubmit, children }: { className?: string; onSubmit: () => Promise<void>; children: ReactNode }) {
  return (
    <form
      className={className ?? 'form'}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void onSubmit();
      }}
    >
      {children}
    </form>
  );
}

/** The page's own checks of a form as one announced problem, each field named by its label. */
export function fieldsProblem(t: Strings, errors: Record<string, string>, labels: Record<string, string>): Problem | null {
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  return { message: entries.map(([k, v]) => t.fieldNamed(labels[k] ?? k, v)).join(';'), fields: [] };
}

/** A required single-line text input with its label, optional hint and error. */
export function TextField({
  id,
  label,
  hint,
  error,
  value,
  onChange,
  t,
  type = 'text',
  maxLength,
  autoComplete,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string | undefined;
  value: string;
  onChange: (v: string) => void;
  t: Strings;
  type?: 'text' | 'date';
  maxLength?: number;
  autoComplete?: string;
}) {
  return (
    <Field id={id} label={label} {...(hint ? { hint } : {})} error={error} required t={t}>
      <input
        id={id}
        type={type}
        value={value}
        {...(maxLength ? { maxLength } : {})}
        {...(autoComplete ? { autoComplete } : {})}
        onChange={(e) => onChange(e.target.value)}
        {...described(id, hint !== undefined, error)}
      />
    </Field>
  );
}

export function BackLink({ to, go, t }: { to: string; go: (to: string) => void; t: Strings }) {
  return (
    <p>
      <Link to={to} go={go}>
        ← {t.back}
      </Link>
    </p>
  );
}

/**
 * Who is signed in, from a session endpoint (`GET …/session` → `{ <who>, csrfToken }`): undefined while
 * asking, null when nobody (401, or the server cannot be reached); a setter for sign-in, and sign-out
 * (`DELETE …/session`, then nobody whatever the answer). The session's CSRF token is kept for the
 * requests that follow.
 */
export function useSession<T>(url: string, pick: (body: Record<string, unknown>) => T): [T | null | undefined, (who: T) => void, () => Promise<void>] {
  const [who, setWho] = useState<T | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    api
      .get<Record<string, unknown> & { csrfToken: string }>(url)
      .then((s) => {
        setCsrf(s.csrfToken);
        if (live) setWho(pick(s));
      })
      .catch(() => {
        if (live) setWho(null);
      });
    return () => {
      live = false;
    };
    // `pick` only projects the answer: a new one does not mean asking again.
  }, [url]);
  const signOut = useCallback(async (): Promise<void> => {
    try {
      await api.del(url);
    } finally {
      setWho(null);
    }
  }, [url]);
  return [who, setWho, signOut];
}

/** The signed-in line above a portal page, with the sign-out button. */
export function WhoAmI({ name, t, onSignOut }: { name: string; t: Strings; onSignOut: () => void }) {
  return (
    <p className="whoami">
      <span data-testid="signed-in">{t.signedInAs(name)}</span>{' '}
      <button type="button" onClick={onSignOut}>
        {t.signOut}
      </button>
    </p>
  );
}
