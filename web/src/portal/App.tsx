/**
 * The portal page (portal.html): one small app for the public pages /guide, /faq and /windows, the
 * applicant's /portal/* and the employer's /employer/*, in the simulator's look (header, colours,
 * focus ring), Chinese first with an English switch that the simulator shares.
 */
import { useEffect, useState } from 'react';
import { setApiLang } from './api.ts';
import { ApplicantPortal } from './Applicant.tsx';
import { EmployerPortal } from './Employer.tsx';
import { initialLang, rememberLang, STRINGS, type Lang, type Strings } from './i18n.ts';
import { Faq, Guide, Windows } from './Public.tsx';
import { SettlementAnnouncement } from './Settlement.tsx';
import { Link, usePath } from './ui.tsx';

type Section = 'guide' | 'faq' | 'windows' | 'portal' | 'employer' | 'announcement';

function sectionOf(path: string): Section {
  if (path.startsWith('/employer')) return 'employer';
  if (path.startsWith('/guide')) return 'guide';
  if (path.startsWith('/faq')) return 'faq';
  if (path.startsWith('/windows')) return 'windows';
  if (path.startsWith('/settlement/announcement')) return 'announcement';
  return 'portal';
}

function Nav({ t, current, go }: { t: Strings; current: Section; go: (to: string) => void }) {
  const links: Array<[Section | 'simulator', string, string]> = [
    ['simulator', '/simulator', t.nav.simulator],
    ['guide', '/guide', t.nav.guide],
    ['faq', '/faq', t.nav.faq],
    ['windows', '/windows', t.nav.windows],
    ['portal', '/portal', t.nav.portal],
    ['employer', '/employer', t.nav.employer],
  ];
  return (
    <nav className="site-nav" aria-label={t.nav.label}>
      <ul>
        {links.map(([key, to, label]) => (
          <li key={key}>
            {key === 'simulator' ? (
              <a href={to}>{label}</a>
            ) : (
              <Link to={to} go={go} current={key === current}>
                {label}
              </Link>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function App() {
  const [lang, setLang] = useState<Lang>(initialLang);
  const [path, go] = usePath();
  const t = STRINGS[lang];
  const section = sectionOf(path);
  const title = section === 'announcement' ? (lang === 'en' ? 'Settlement announcement' : '积分落户公示') : t.titles[section];
  setApiLang(lang);

  useEffect(() => {
    document.documentElement.lang = t.htmlLang;
    document.title = `${title} · ${t.siteName}`;
  }, [t, title]);

  const switchLang = (): void => {
    const next: Lang = lang === 'en' ? 'zh-CN' : 'en';
    rememberLang(next);
    setLang(next);
    const url = new URL(window.location.href);
    if (url.searchParams.has('lang')) {
      url.searchParams.set('lang', next);
      window.history.replaceState(null, '', url);
    }
  };

  let body;
  switch (section) {
    case 'guide':
      body = <Guide t={t} lang={lang} go={go} />;
      break;
    case 'faq':
      body = <Faq t={t} />;
      break;
    case 'windows':
      body = <Windows t={t} lang={lang} />;
      break;
    case 'employer':
      body = <EmployerPortal t={t} lang={lang} path={path} go={go} />;
      break;
    case 'announcement':
      body = <SettlementAnnouncement t={t} lang={lang} path={path} go={go} />;
      break;
    case 'portal':
      body = <ApplicantPortal t={t} lang={lang} path={path} go={go} />;
      break;
  }

  return (
    <>
      <a className="skip" href="#main">
        {t.skip}
      </a>
      <header className="top">
        <div className="top-inner">
          <p className="site">{t.siteName}</p>
          <p className="top-title">{title}</p>
          <button type="button" className="lang" data-testid="lang-switch" lang={lang === 'en' ? 'zh-CN' : 'en'} aria-label={t.langSwitchLabel} onClick={switchLang}>
            {t.langSwitch}
          </button>
        </div>
        <Nav t={t} current={section} go={go} />
      </header>
      <main id="main" className={`portal-page section-${section}`}>
        {body}
      </main>
    </>
  );
}
