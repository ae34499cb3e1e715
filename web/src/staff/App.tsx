/**
 * The staff console, on Ant Design in the conventions of Chinese office software: antd's zh_CN
 * locale (en_US on the English switch) and dayjs in the same language, a header with the officer,
 * and a side menu whose entries follow the role (work queues and search for everyone, objections for
 * district and city, the SMS outbox for city and admin, windows and hotlines for admin, the
 * settlement rounds 落户批次 and the school rounds 入学批次 for city and admin).
 *
 * It asks the server who is signed in, then shows the sign-in page or the console. A 401 from any
 * call ends the session on the page and brings back the sign-in form at the same address, so that
 * signing in again returns to the same page. Revealed personal data lives only in the person page's
 * state; search results live in memory only.
 */
import { App as AntApp, Button, ConfigProvider, Layout, Menu, Result, Spin } from 'antd';
import { STAFF_THEME } from './theme.ts';
import enUSModule from 'antd/es/locale/en_US.js';
import type { Locale as AntLocale } from 'antd/es/locale/index.js';
import zhCNModule from 'antd/es/locale/zh_CN.js';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn.js';
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { messagesFor } from '../../../src/rules/index.ts';
import { initialLang, rememberLang, type Lang } from '../i18n.ts';
import { ApiError, createApi, type Session, type StaffRole } from './api.ts';
import { districtName, STAFF_STRINGS, type StaffStrings } from './i18n.ts';
import { WORK_STRINGS, type WorkStrings } from './i18n-work.ts';
import { PersonPage } from './Person.tsx';
import { OBJECTION_STRINGS } from './i18n-objections.ts';
import { followLink, navigate, objectionsPath, outboxPath, queuesPath, searchPath, useRoute, windowsPath, settlementPath, schoolPath, type Route } from './route.ts';
import { SearchPage, type SearchState } from './Search.tsx';
import { SignIn } from './SignIn.tsx';

// The case work loads when first opened: sign-in and search come up without it.
const CasePage = lazy(() => import('./Case.tsx').then((m) => ({ default: m.CasePage })));
const QueuesPage = lazy(() => import('./Queues.tsx').then((m) => ({ default: m.QueuesPage })));
const OutboxPage = lazy(() => import('./Outbox.tsx').then((m) => ({ default: m.OutboxPage })));
const WindowsPage = lazy(() => import('./Windows.tsx').then((m) => ({ default: m.WindowsPage })));
const ObjectionsPage = lazy(() => import('./Objections.tsx').then((m) => ({ default: m.ObjectionsPage })));
const ObjectionCasePage = lazy(() => import('./ObjectionCase.tsx').then((m) => ({ default: m.ObjectionCasePage })));
const SettlementRoundsPage = lazy(() => import('./Settlement.tsx').then((m) => ({ default: m.SettlementRoundsPage })));
const SettlementRoundPage = lazy(() => import('./SettlementRound.tsx').then((m) => ({ default: m.SettlementRoundPage })));
const SchoolRoundsPage = lazy(() => import('./School.tsx').then((m) => ({ default: m.SchoolRoundsPage })));
const SchoolRoundPage = lazy(() => import('./School.tsx').then((m) => ({ default: m.SchoolRoundPage })));

/**
 * antd's ES modules come without `"type": "module"`, so TypeScript reads them as CommonJS (the
 * default import is the namespace) while Vite bundles them as ES modules (it is the locale).
 */
const esDefault = (m: unknown): AntLocale => (typeof m === 'object' && m !== null && 'default' in m ? m.default : m) as AntLocale;
const zhCN = esDefault(zhCNModule);
const enUS = esDefault(enUSModule);

type State =
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  | { status: 'signedOut'; notice: 'expired' | 'signedOut' | null }
  | { status: 'signedIn'; session: Session };

const EMPTY_SEARCH: SearchState = { query: '', submitted: null, people: null, error: null };

type MenuKey = 'queues' | 'objections' | 'search' | 'outbox' | 'windows' | 'settlement' | 'school';
const MENU_PATHS: Record<MenuKey, string> = { queues: queuesPath, objections: objectionsPath, search: searchPath, outbox: outboxPath, windows: windowsPath, settlement: settlementPath, school: schoolPath };

/** The side menu of a role. */
export function menuFor(role: StaffRole): MenuKey[] {
  switch (role) {
    // Clerks and district officers work their district's settlement filings (police review, moves,
    // printing notices) and school applications (the parentage check); rounds are configured by admin and city.
    case 'clerk':
      return ['queues', 'search', 'settlement', 'school'];
    case 'district':
      return ['queues', 'objections', 'search', 'settlement', 'school'];
    case 'city':
      return ['queues', 'objections', 'search', 'outbox', 'settlement', 'school'];
    case 'admin':
      return ['queues', 'search', 'outbox', 'windows', 'settlement', 'school'];
  }
}

function selectedKey(route: Route): MenuKey | null {
  switch (route.name) {
    case 'search':
    case 'person':
      return 'search';
    case 'queues':
    case 'case':
      return 'queues';
    case 'outbox':
      return 'outbox';
    case 'windows':
      return 'windows';
    case 'objections':
    case 'objection':
      return 'objections';
    case 'settlement':
    case 'settlementRound':
      return 'settlement';
    case 'school':
    case 'schoolRound':
      return 'school';
    case 'notFound':
      return null;
  }
}

export function App() {
  const [lang, setLang] = useState<Lang>(initialLang);
  const t = STAFF_STRINGS[lang];
  const w = WORK_STRINGS[lang];
  dayjs.locale(lang === 'en' ? 'en' : 'zh-cn');
  return (
    <ConfigProvider locale={lang === 'en' ? enUS : zhCN} button={{ autoInsertSpace: false }} theme={STAFF_THEME}>
      <AntApp>
        <Console lang={lang} setLang={setLang} t={t} w={w} />
      </AntApp>
    </ConfigProvider>
  );
}

function Console({ lang, setLang, t, w }: { lang: Lang; setLang: (l: Lang) => void; t: StaffStrings; w: WorkStrings }) {
  const [state, setState] = useState<State>({ status: 'loading' });
  const [search, setSearch] = useState<SearchState>(EMPTY_SEARCH);
  const [signingOut, setSigningOut] = useState(false);
  const [signOutError, setSignOutError] = useState<string | null>(null);
  const route = useRoute();
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
    <Button type="text" className="lang" data-testid="lang-switch" lang={lang === 'en' ? 'zh-CN' : 'en'} aria-label={t.langSwitchLabel} onClick={switchLang}>
      {t.langSwitch}
    </Button>
  );

  if (state.status !== 'signedIn') {
    return (
      <Layout className="console">
        <Header t={t} tools={langButton} />
        <Layout.Content className={`page${state.status === 'signedOut' ? ' signin-page' : ''}`} id="main">
          {state.status === 'loading' && (
            <div className="loading" role="status">
              <Spin /> {t.loading}
            </div>
          )}
          {state.status === 'failed' && (
            <Result
              status="error"
              title={<span role="alert">{state.message}</span>}
              extra={
                <Button type="primary" onClick={() => setAttempt((n) => n + 1)}>
                  {t.retry}
                </Button>
              }
            />
          )}
          {state.status === 'signedOut' && <SignIn api={api} t={t} notice={state.notice} onSignedIn={(session) => setState({ status: 'signedIn', session })} />}
        </Layout.Content>
      </Layout>
    );
  }

  const { user } = state.session;
  const scope = user.role === 'clerk' || user.role === 'district' ? user.district : null;
  const area = user.district === null ? t.wholeCity : districtName(user.district, lang);
  const menu = menuFor(user.role);
  const selected = selectedKey(route);
  const allowed = (k: MenuKey): boolean => menu.includes(k);
  const tools = (
    <>
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
      <Button className="signout" onClick={() => void signOut()} loading={signingOut}>
        {signingOut ? t.signingOut : t.signOut}
      </Button>
    </>
  );
  return (
    <Layout className="console">
      <a className="skip" href="#main">
        {t.skip}
      </a>
      <Header t={t} tools={tools} />
      <Layout hasSider>
        <Layout.Sider className="side" width={200} breakpoint="lg" collapsedWidth={0} theme="light">
          <nav aria-label={t.nav}>
            <Menu
              mode="inline"
              selectedKeys={selected === null ? [] : [selected]}
              items={menu.map((k) => ({
                key: k,
                label: (
                  <a href={MENU_PATHS[k]} onClick={followLink(MENU_PATHS[k])} aria-current={selected === k ? 'page' : undefined}>
                    {k === 'objections' ? OBJECTION_STRINGS[lang].menu : k === 'settlement' ? (lang === 'en' ? 'Settlement rounds' : '落户批次') : k === 'school' ? (lang === 'en' ? 'School rounds' : '入学批次') : w.menu[k]}
                  </a>
                ),
              }))}
            />
          </nav>
        </Layout.Sider>
        <Layout.Content className="page" id="main">
          {signOutError !== null && (
            <div className="notice error page-notice" role="alert">
              <p>
                {t.signOutFailed}: {signOutError}
              </p>
            </div>
          )}
          <Suspense
            fallback={
              <p className="loading" role="status">
                <Spin /> {t.loading}
              </p>
            }
          >
            {route.name === 'search' && <SearchPage api={api} t={t} w={w} lang={lang} scope={scope} state={search} setState={setSearch} />}
            {route.name === 'person' && <PersonPage key={route.id} id={route.id} api={api} t={t} w={w} m={m} lang={lang} scope={scope} role={user.role} />}
            {route.name === 'queues' && <QueuesPage api={api} t={t} w={w} lang={lang} user={user} />}
            {route.name === 'case' && <CasePage key={route.id} id={route.id} api={api} t={t} w={w} m={m} lang={lang} user={user} />}
            {route.name === 'outbox' && (allowed('outbox') ? <OutboxPage api={api} t={t} w={w} /> : <RoleOnly t={t} w={w} />)}
            {route.name === 'windows' && (allowed('windows') ? <WindowsPage api={api} t={t} w={w} lang={lang} /> : <RoleOnly t={t} w={w} />)}
            {route.name === 'objections' && (allowed('objections') ? <ObjectionsPage api={api} t={t} w={w} lang={lang} user={user} /> : <RoleOnly t={t} w={w} />)}
            {route.name === 'objection' && <ObjectionCasePage key={route.id} id={route.id} api={api} t={t} w={w} m={m} lang={lang} user={user} />}
            {route.name === 'settlement' && (allowed('settlement') ? <SettlementRoundsPage api={api} t={t} lang={lang} user={user} /> : <RoleOnly t={t} w={w} />)}
            {route.name === 'settlementRound' && (allowed('settlement') ? <SettlementRoundPage key={route.id} id={route.id} api={api} t={t} lang={lang} user={user} /> : <RoleOnly t={t} w={w} />)}
            {route.name === 'school' && (allowed('school') ? <SchoolRoundsPage api={api} t={t} lang={lang} user={user} /> : <RoleOnly t={t} w={w} />)}
            {route.name === 'schoolRound' && (allowed('school') ? <SchoolRoundPage key={route.id} id={route.id} api={api} t={t} lang={lang} user={user} /> : <RoleOnly t={t} w={w} />)}
            {route.name === 'notFound' && <NotFound t={t} />}
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

function Header({ t, tools }: { t: StaffStrings; tools: ReactNode }) {
  return (
    <Layout.Header className="top">
      <div className="top-inner">
        <p className="brand">
          <span className="brand-site">{t.siteName}</span>
          <span className="brand-console">{t.consoleName}</span>
        </p>
        <div className="top-tools">{tools}</div>
      </div>
    </Layout.Header>
  );
}

function RoleOnly({ t, w }: { t: StaffStrings; w: WorkStrings }) {
  return <Result status="403" title={<h1>{t.forbiddenTitle}</h1>} subTitle={<span data-testid="forbidden">{w.roleOnly}</span>} />;
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
