/**
 * Sign-in: user name and password, the API's own message when it refuses (wrong password, account
 * locked, too many attempts), and a note when the page came back here because a session ended.
 * antd's Form and Alert; the checks are our own so that the cursor goes where the officer retypes.
 */
import { Alert, Button, Card, Form, Input, type InputRef } from 'antd';
import { useEffect, useId, useRef, useState } from 'react';
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
  const userRef = useRef<InputRef>(null);
  const passRef = useRef<InputRef>(null);
  const id = useId();

  useEffect(() => {
    document.title = t.docTitle(t.signInTitle);
  }, [t]);
  useEffect(() => {
    userRef.current?.focus();
  }, []);

  const submit = async (): Promise<void> => {
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

  const locked = failure?.code === 'ACCOUNT_LOCKED' || failure?.code === 'TOO_MANY_ATTEMPTS';
  const hint = failure?.code === 'ACCOUNT_LOCKED' ? t.lockedHint : failure?.code === 'TOO_MANY_ATTEMPTS' ? t.tooManyHint : null;
  const userErr = missing.username ? t.required(t.username) : null;
  const passErr = missing.password ? t.required(t.password) : null;

  return (
    <Card className="signin" aria-labelledby={`${id}-title`} role="region">
      <h1 id={`${id}-title`}>{t.signInTitle}</h1>
      <p className="muted">{t.signInIntro}</p>
      {notice !== null && failure === null && (
        <div role="status" data-testid="signin-notice">
          <Alert type={notice === 'expired' ? 'warning' : 'info'} showIcon title={notice === 'expired' ? t.expired : t.signedOut} />
        </div>
      )}
      <div role="alert" aria-atomic="true">
        {failure !== null && (
          <div data-testid="signin-error" data-code={failure.code} className={locked ? 'locked' : undefined}>
            <Alert
              type="error"
              showIcon
              title={t.signInFailed}
              description={
                <>
                  <p>{failure.message}</p>
                  {hint !== null && <p>{hint}</p>}
                </>
              }
            />
          </div>
        )}
      </div>
      <Form layout="vertical" noValidate onFinish={() => void submit()} requiredMark={false}>
        <Form.Item label={t.username} htmlFor={`${id}-user`} validateStatus={userErr ? 'error' : ''} help={userErr}>
          <Input
            ref={userRef}
            id={`${id}-user`}
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            aria-required="true"
            aria-invalid={userErr ? true : undefined}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        </Form.Item>
        <Form.Item label={t.password} htmlFor={`${id}-pass`} validateStatus={passErr ? 'error' : ''} help={passErr}>
          <Input.Password
            ref={passRef}
            id={`${id}-pass`}
            name="password"
            autoComplete="current-password"
            aria-required="true"
            aria-invalid={passErr ? true : undefined}
            visibilityToggle={false}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" block disabled={busy}>
          {busy ? t.signingIn : t.signIn}
        </Button>
      </Form>
    </Card>
  );
}
