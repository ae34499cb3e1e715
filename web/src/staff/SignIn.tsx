/**
 * Sign-in: user name and password, the API's own message when it refuses (wrong password, account
 * locked, too many attempts), and a note when the page came back here because a session ended.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ApiError, type Api, type Session } from './api.ts';
import type { StaffStrings } from './i18n.ts';

interface Props {
  api: Api;
  t: StaffStrings;
  notice: 'expired' | 'signedOut' | null;
  onSignedIn: (s: Session) => void;
}

interface Failure {
  code: string;
  message: string;
}

export function SignIn({ api, t, notice, onSignedIn }: Props) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [missing, setMissing] = useState<{ username: boolean; password: boolean }>({ username: false, password: false });
  const userRef = useRef<HTMLInputElement>(null);
  const passRef = useRef<HTMLInputElement>(null);
  const id = useId();

  useEffect(() => {
    document.title = t.docTitle(t.signInTitle);
  }, [t]);
  useEffect(() => {
    userRef.current?.focus();
  }, []);

  const submit = async (e: FormEvent<HTMLFormElement>): Promise<void> => {
    e.preventDefault();
    const miss = { username: username.trim() === '', password: password === '' };
    setMissing(miss);
    if (miss.username || miss.password) {
      setFailure(null);
      (miss.username ? userRef : passRef).current?.focus();
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      const s = await api.signIn(username.trim(), password);
      onSignedIn(s);
    } catch (err) {
      setBusy(false);
      setPassword('');
      setFailure(err instanceof ApiError ? { code: err.code, message: err.message } : { code: 'UNKNOWN', message: String(err) });
      // The message is announced (role=alert); the cursor goes back to where the officer retypes.
      passRef.current?.focus();
    }
  };

  const hint = failure?.code === 'ACCOUNT_LOCKED' ? t.lockedHint : failure?.code === 'TOO_MANY_ATTEMPTS' ? t.tooManyHint : null;
  const userErr = missing.username ? t.required(t.username) : null;
  const passErr = missing.password ? t.required(t.password) : null;

  return (
    <section className="signin" aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>{t.signInTitle}</h1>
      <p className="muted">{t.signInIntro}</p>
      {notice !== null && failure === null && (
        <p className={`notice ${notice === 'expired' ? 'warn' : 'info'}`} role="status" data-testid="signin-notice">
          {notice === 'expired' ? t.expired : t.signedOut}
        </p>
      )}
      <div role="alert" aria-atomic="true">
        {failure !== null && (
          <div className={`notice error${failure.code === 'ACCOUNT_LOCKED' || failure.code === 'TOO_MANY_ATTEMPTS' ? ' locked' : ''}`} data-testid="signin-error" data-code={failure.code}>
            <p className="notice-title">{t.signInFailed}</p>
            <p>{failure.message}</p>
            {hint !== null && <p>{hint}</p>}
          </div>
        )}
      </div>
      <form noValidate onSubmit={(e) => void submit(e)}>
        <div className={`field${userErr ? ' has-error' : ''}`}>
          <label htmlFor={`${id}-user`}>{t.username}</label>
          <input
            ref={userRef}
            id={`${id}-user`}
            name="username"
            type="text"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            aria-required="true"
            aria-invalid={userErr ? true : undefined}
            aria-describedby={userErr ? `${id}-user-err` : undefined}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
          {userErr && (
            <p className="field-error" id={`${id}-user-err`}>
              {userErr}
            </p>
          )}
        </div>
        <div className={`field${passErr ? ' has-error' : ''}`}>
          <label htmlFor={`${id}-pass`}>{t.password}</label>
          <input
            ref={passRef}
            id={`${id}-pass`}
            name="password"
            type="password"
            autoComplete="current-password"
            required
            aria-required="true"
            aria-invalid={passErr ? true : undefined}
            aria-describedby={passErr ? `${id}-pass-err` : undefined}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          {passErr && (
            <p className="field-error" id={`${id}-pass-err`}>
              {passErr}
            </p>
          )}
        </div>
        <button type="submit" className="primary wide" disabled={busy}>
          {busy ? t.signingIn : t.signIn}
        </button>
      </form>
    </section>
  );
}
