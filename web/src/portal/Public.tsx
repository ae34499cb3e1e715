/**
 * The public pages: /guide (how to apply, in plain words, each part citing the 2020 FAQ question it
 * rests on), /faq (the FAQ as published, with a filter box) and /windows (acceptance windows per
 * district and hotlines, from GET /api/v1/public/windows).
 */
import { useEffect, useMemo, useState } from 'react';
import { DISTRICTS } from '../i18n.ts';
import { api, type Hotline, type PublicWindow } from './api.ts';
import { FAQ, type FaqEntry } from './faq.ts';
import type { Lang, Strings } from './i18n.ts';
import { ErrorBox, Link, problemOf, type Problem } from './ui.tsx';

interface GuidePart {
  title: string;
  faq: number[];
  body: string[];
}

const GUIDE: Record<Lang, GuidePart[]> = {
  'zh-CN': [
    {
      title: '谁可以申请',
      faq: [1, 2],
      body: [
        '在杭州市区持有有效《浙江省居住证》的流动人口,都可以申请积分。',
        '申请前可以先用“模拟积分”估算一下自己的分数。',
      ],
    },
    {
      title: '可以请别人代办吗',
      faq: [3],
      body: [
        '可以书面委托您的工作单位代为申请。',
        '未满 16 周岁的孩子,以及行动不便的老人、残疾人,可以由监护人或近亲属代为申请。',
        '代办时要同时提供委托人和代办人的有效身份证件。',
      ],
    },
    {
      title: '要准备哪些材料',
      faq: [4, 9, 10, 13],
      body: [
        '居住年限、社保等由系统自动调取,不用您提供。',
        '学历、荣誉等需要您申报的项目,准备好证明材料,网上申请时拍照上传。',
        '在国外或港澳台取得的学位,还要有教育部留学服务中心的学历学位认证书。',
        '荣誉要区级以上党委、政府颁发的才计分,一般企业、事业单位发的荣誉证书不计分。',
        '去年申请时交过的材料:窗口申请的,本人确认后不用再交;网上申请的,拍照上传即可。',
      ],
    },
    {
      title: '持老版纸质居住证的',
      faq: [15],
      body: ['持九年期老版纸质居住证也可以申请,但系统无法在线调取,请到受理窗口办理。'],
    },
    {
      title: '什么时候出结果',
      faq: [11],
      body: ['申请受理后 20 个工作日可以查询积分结果;市流动人口办也会发短信告诉您积分。'],
    },
    {
      title: '对结果有异议怎么办',
      faq: [12],
      body: [
        '拿到积分后 7 个工作日内,带上《浙江省居住证》到区流动人口服务管理委员会办公室申请核查。',
        '区里在 15 个工作日内给出核查结果。',
        '对核查结果还有异议的,7 个工作日内可以向市流动人口办申请复核。',
      ],
    },
  ],
  en: [
    {
      title: 'Who may apply',
      faq: [1, 2],
      body: [
        'Anyone from outside the city who holds a valid Zhejiang residence permit in Hangzhou’s urban districts may apply for points.',
        'You can estimate your points first with the simulator.',
      ],
    },
    {
      title: 'Can someone apply for me?',
      faq: [3],
      body: [
        'You may authorise your employer in writing to apply for you.',
        'A guardian or close relative may apply for a child under 16, or for an elderly or disabled person who cannot come.',
        'Both the applicant’s and the agent’s identity documents are needed.',
      ],
    },
    {
      title: 'What to prepare',
      faq: [4, 9, 10, 13],
      body: [
        'Years of residence and social insurance are taken from the source systems; you need not prove them.',
        'For what you declare (education, honours, …) prepare evidence and upload a photo when applying online.',
        'A degree from abroad, Hong Kong, Macao or Taiwan also needs the Ministry of Education’s certificate of recognition.',
        'Only honours awarded by district-level Party committees or governments or higher count; certificates from ordinary companies or institutions do not.',
        'Evidence you gave last year: at a window, it need not be given again once you confirm it; online, upload a photo.',
      ],
    },
    {
      title: 'If you hold the old paper permit',
      faq: [15],
      body: ['Holders of the old nine-year paper permit may apply, but it cannot be read online: please apply at a window.'],
    },
    {
      title: 'When the result comes',
      faq: [11],
      body: ['The result can be seen 20 working days after your application is accepted; the city office also sends you an SMS with your points.'],
    },
    {
      title: 'If you disagree with the result',
      faq: [12],
      body: [
        'Within 7 working days of getting your points, take your Zhejiang residence permit to the district migrant-population office and ask for a check.',
        'The district answers within 15 working days.',
        'If you still disagree, ask the city office for a review within 7 working days.',
      ],
    },
  ],
};

export function Guide({ t, lang, go }: { t: Strings; lang: Lang; go: (to: string) => void }) {
  return (
    <article className="prose" data-testid="guide">
      <h1 tabIndex={-1}>{t.titles.guide}</h1>
      <p className="intro">{t.guideIntro}</p>
      {GUIDE[lang].map((part) => (
        <section key={part.title} className="section">
          <h2>{part.title}</h2>
          <ul>
            {part.body.map((b) => (
              <li key={b}>{b}</li>
            ))}
          </ul>
          <p className="cite">
            {lang === 'en' ? 'FAQ ' : '常见问题 '}
            {part.faq.map((n, i) => (
              <span key={n}>
                {i > 0 && ', '}
                <Link to={`/faq#q${n}`} go={go}>
                  {lang === 'en' ? `Q${n}` : `第 ${n} 问`}
                </Link>
              </span>
            ))}
          </p>
        </section>
      ))}
      <p className="actions">
        <a href="/simulator" className="button">
          {t.nav.simulator}
        </a>
        <Link to="/portal" go={go} className="button primary">
          {t.nav.portal}
        </Link>
        <Link to="/windows" go={go} className="button">
          {t.nav.windows}
        </Link>
      </p>
      <p className="disclaimer">{t.guideSourceNote}</p>
    </article>
  );
}

const matches = (e: FaqEntry, q: string): boolean => q === '' || e.q.includes(q) || e.a.includes(q) || String(e.n) === q;

export function Faq({ t }: { t: Strings }) {
  const [query, setQuery] = useState('');
  const q = query.trim();
  const shown = useMemo(() => FAQ.filter((e) => matches(e, q)), [q]);
  // Opened at a question (/faq#q12, from the guide): show that question.
  useEffect(() => {
    const target = window.location.hash.slice(1);
    if (target) window.setTimeout(() => document.getElementById(target)?.scrollIntoView(), 0);
  }, []);
  return (
    <article className="prose" data-testid="faq">
      <h1 tabIndex={-1}>{t.titles.faq}</h1>
      <p className="intro">{t.faqIntro}</p>
      {t.faqOriginalLanguage && <p className="hint">{t.faqOriginalLanguage}</p>}
      <div className="field">
        <label htmlFor="faq-filter">{t.faqFilter}</label>
        <p className="hint" id="faq-filter-hint">
          {t.faqFilterHint}
        </p>
        <input id="faq-filter" type="search" value={query} aria-describedby="faq-filter-hint faq-count" onChange={(e) => setQuery(e.target.value)} />
      </div>
      <p id="faq-count" role="status" aria-live="polite" data-testid="faq-count">
        {t.faqCount(shown.length, FAQ.length)}
      </p>
      {shown.length === 0 && <p className="empty">{t.faqNone}</p>}
      <ol className="faq" lang="zh-CN">
        {shown.map((e) => (
          <li key={e.n} id={`q${e.n}`} className="faq-item" data-testid="faq-item">
            <h2>
              {e.n}. {e.q}
            </h2>
            <p>{e.a}</p>
          </li>
        ))}
      </ol>
      <p className="disclaimer">{t.faqSource}</p>
    </article>
  );
}

function districtLabel(code: string, fallback: string, lang: Lang): string {
  const d = DISTRICTS.find((x) => x.code === code);
  return d ? (lang === 'en' ? d.en : d.zh) : fallback;
}

export function Windows({ t, lang }: { t: Strings; lang: Lang }) {
  const [data, setData] = useState<{ windows: PublicWindow[]; hotlines: Hotline[] } | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [district, setDistrict] = useState('');
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    api
      .get<{ windows: PublicWindow[]; hotlines: Hotline[] }>('/api/v1/public/windows')
      .then((d) => {
        if (live) {
          setData(d);
          setProblem(null);
        }
      })
      .catch((e: unknown) => {
        if (live) setProblem(problemOf(e, t));
      });
    return () => {
      live = false;
    };
  }, [attempt, t]);

  const districts = useMemo(() => [...new Map((data?.windows ?? []).map((w) => [w.district, w.districtName])).entries()], [data]);
  const shown = (data?.windows ?? []).filter((w) => district === '' || w.district === district);

  return (
    <article className="prose" data-testid="windows">
      <h1 tabIndex={-1}>{t.titles.windows}</h1>
      <p className="intro">{t.windowsIntro}</p>
      <ErrorBox problem={problem} t={t} />
      {problem && (
        <button type="button" onClick={() => setAttempt((n) => n + 1)}>
          {t.retry}
        </button>
      )}
      {data === null && problem === null && <p role="status">{t.loading}</p>}
      {data && (
        <>
          <section className="section">
            <h2>{t.hotlines}</h2>
            <ul className="cards">
              {data.hotlines.map((h) => (
                <li key={h.id} className="card" data-testid="hotline">
                  <p className="card-title">{h.name}</p>
                  <p>
                    {t.phone}: <a href={`tel:${h.phone}`}>{h.phone}</a>
                  </p>
                  <p>
                    {t.hours}: {h.hours}
                  </p>
                </li>
              ))}
            </ul>
          </section>
          <section className="section">
            <h2>{t.windowsByDistrict}</h2>
            <div className="field">
              <label htmlFor="district-filter">{t.districtFilter}</label>
              <select id="district-filter" value={district} onChange={(e) => setDistrict(e.target.value)}>
                <option value="">{t.allDistricts}</option>
                {districts.map(([code, name]) => (
                  <option key={code} value={code}>
                    {districtLabel(code, name, lang)}
                  </option>
                ))}
              </select>
            </div>
            {shown.length === 0 && <p className="empty">{t.noWindows}</p>}
            <ul className="cards">
              {shown.map((w) => (
                <li key={w.id} className="card" data-testid="window">
                  <p className="card-title">
                    {districtLabel(w.district, w.districtName, lang)} · <span lang="zh-CN">{w.name}</span>
                  </p>
                  <dl className="facts">
                    <div>
                      <dt>{t.address}</dt>
                      <dd lang="zh-CN">{w.address}</dd>
                    </div>
                    <div>
                      <dt>{t.phone}</dt>
                      <dd>
                        <a href={`tel:${w.phone}`}>{w.phone}</a>
                      </dd>
                    </div>
                    <div>
                      <dt>{t.hours}</dt>
                      <dd lang="zh-CN">{w.hours}</dd>
                    </div>
                    {w.note && (
                      <div>
                        <dt>{t.note}</dt>
                        <dd lang="zh-CN">{w.note}</dd>
                      </div>
                    )}
                  </dl>
                </li>
              ))}
            </ul>
          </section>
        </>
      )}
    </article>
  );
}
