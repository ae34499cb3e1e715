/**
 * The staff console: asks the server who is signed in, then shows the sign-in page or the console
 * (header, search, person pages). A 401 from any call ends the session on the page and brings back
 * the sign-in form at the same address, so that signing in again returns to the same page. Revealed
 * personal data lives only in the person page's state; search results live in memory only.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { messagesFor } from '../../../src/rules/index.ts';
import { initialLang, rememberLang, type Lang } from '../i18n.ts';
import { ApiError, createApi, type Session } from './api.ts';
import { districtName, STAFF_STRINGS, type StaffStrings } from './i18n.ts';
import { PersonPage } from './Person.tsx';
import { followLink, navigate, searchPath, useRoute } from './route.ts';
import { SearchPage, type SearchState } from './Search.tsx';
import { SignIn } from './SignIn.tsx';

type State =
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  | { status: 'signedOut'; notice: 'expired' | 'signedOut' | null }
  | { status: 'signedIn'; session: Session };

const EMPTY_SEARCH: SearchState = { query: '', submitted: null, people: null, error: null };

export function App() {
  const [lang, setLang] = useState<Lang>(initialLang);
  const [state, setState] = useState<State>({ status: 'loading' });
  const [search, setSearch] = useState<SearchState>(EMPTY_SEARCH);
  const [signingOut, setSigningOut] = useState(false);
  const [signOutError, setSignOutError] = useState<string | null>(null);
  const route = useRoute();
  const t = STAFF_STRINGS[lang];
  const m = messagesFor(lang);

  useEffect(() => {
    document.documentElement.lang = t.htmlLang;
  }, [t]);

  const onUnauthenticated = useCallback(() => {
    setSearch(EMPTY_SEARCH);
    setState((s) => (s.status === 'signedIn' ? { status: 'signedOut', notice: 'expired' } : s));
  }, []);

  const csrfToken = state.status === 'signedIn' ? state.session.csrfToken : null;
  const api = useMemo(() => createApi({ lang, csrfToken, onUnauthenticated, networkMessage: t.network }), [lang, csrfToken, onUnauthenticated, t]);

  // Who is signed in, once on load (and again after a failure, on "try again").
  const [attempt, setAttempt] = useState(0);
  const apiRef = useRef(api);
  useEffect(() => {
    apiRef.current = api;
  }, [api]);
  useEffect(() => {
    let live = true;
    apiRef.current
      .session()
      .then((s) => {
        if (live) setState(s ? { status: 'signedIn', session: s } : { status: 'signedOut', notice: null });
      })
      .catch((e: unknown) => {
        if (live) setState({ status: 'failed', message: e instanceof Error ? e.message : String(e) });
      });
    return () => {
      live = false;
    };
  }, [attempt]);

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

  const signOut = async (): Promise<void> => {
    setSigningOut(true);
    setSignOutError(null);
    try {
      await api.signOut();
    } catch (e) {
      // A 401 means the server had already ended the session; anything else leaves it open, so say so.
      if (!(e instanceof ApiError && e.status === 401)) {
        setSigningOut(false);
        setSignOutError(e instanceof Error ? e.message : String(e));
        return;
      }
    }
    setSigningOut(false);
    setSearch(EMPTY_SEARCH);
    setState({ status: 'signedOut', notice: 'signedOut' });
    navigate(searchPath);
  };

  const langButton = (
    <button type="button" className="lang" data-testid="lang-switch" lang={lang === 'en' ? 'zh-CN' : 'en'} aria-label={t.langSwitchLabel} onClick={switchLang}>
      {t.langSwitch}
    </button>
  );

  if (state.status === 'loading' || state.status === 'failed') {
    return (
      <>
        <header className="top">
          <div className="top-inner">
            <Brand t={t} />
            <div className="top-tools">{langButton}</div>
          </div>
        </header>
        <main className="page" id="main">
          {state.status === 'loading' ? (
            <p className="loading" role="status">
              {t.loading}
            </p>
          ) : (
            <div className="notice error" role="alert">
              <p>{state.message}</p>
              <button type="button" onClick={() => setAttempt((n) => n + 1)}>
                {t.retry}
              </button>
            </div>
          )}
        </main>
      </>
    );
  }

  if (state.status === 'signedOut') {
    return (
      <>
        <header className="top">
          <div className="top-inner">
            <Brand t={t} />
            <div className="top-tools">{langButton}</div>
          </div>
        </header>
        <main className="page signin-page" id="main">
          <SignIn api={api} t={t} notice={state.notice} onSignedIn={(session) => setState({ status: 'signedIn', session })} />
        </main>
      </>
    );
  }

  const { user } = state.session;
  const scope = user.role === 'clerk' || user.role === 'district' ? user.district : null;
  const area = user.district === null ? t.wholeCity : districtName(user.district, lang);
  return (
    <>
      <a className="skip" href="#main">
        {t.skip}
      </a>
      <header className="top">
        <div className="top-inner">
          <Brand t={t} />
          <nav className="top-nav" aria-label={t.nav}>
            <a href={searchPath} onClick={followLink(searchPath)} aria-current={route.name === 'search' ? 'page' : undefined}>
              {t.navSearch}
            </a>
          </nav>
          <div className="top-tools">
            <p className="who" data-testid="who">
              <span className="visually-hidden">{t.signedInAs}: </span>
              <span className="who-name" lang="zh-CN">
                {user.displayName}
              </span>
              <span className="who-meta">
                {t.role[user.role]} · {area}
              </span>
            </p>
            {langButton}
            <button type="button" className="signout" onClick={() => void signOut()} disabled={signingOut}>
              {signingOut ? t.signingOut : t.signOut}
            </button>
          </div>
        </div>
      </header>
      {signOutError !== null && (
        <div className="notice error page-notice" role="alert">
          <p>
            {t.signOutFailed}: {signOutError}
          </p>
        </div>
      )}
      <main className="page" id="main">
        {route.name === 'search' && <SearchPage api={api} t={t} lang={lang} scope={scope} state={search} setState={setSearch} />}
        {route.name === 'person' && <PersonPage key={route.id} id={route.id} api={api} t={t} m={m} lang={lang} scope={scope} />}
        {route.name === 'notFound' && <NotFound t={t} />}
      </main>
    </>
  );
}

function Brand({ t }: { t: StaffStrings }) {
  return (
    <p className="brand">
      <span className="brand-site">{t.siteName}</span>
      <span className="brand-console">{t.consoleName}</span>
    </p>
  );
}

function NotFound({ t }: { t: StaffStrings }) {
  const h1 = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = t.docTitle(t.pageNotFoundTitle);
    h1.current?.focus();
  }, [t]);
  return (
    <div className="refusal">
      <h1 ref={h1} tabIndex={-1}>
        {t.pageNotFoundTitle}
      </h1>
      <p>{t.pageNotFound}</p>
      <p>
        <a href={searchPath} onClick={followLink(searchPath)}>
          {t.backToSearch}
        </a>
      </p>
    </div>
  );
}
