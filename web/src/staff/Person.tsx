/**
 * A person's page: basic information (masked, with the audited reveal), residence permits,
 * residence registrations, social-insurance runs, declared indicators, the points now with their
 * trace, and the points history; for a window clerk, 新建窗口申请 (window filing). Fetched again when the language changes (the engine's texts come
 * from the server). Revealed values exist only in this component's state and go when it unmounts.
 */
import { Alert, Button, Card, Descriptions, Tag } from 'antd';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { Messages } from '../../../src/rules/index.ts';
import type { Lang } from '../i18n.ts';
import { ApiError, type Api, type Declared, type InsuranceView, type PermitView, type PersonView, type Revealed, type StaffRole } from './api.ts';
import { districtName, type StaffStrings } from './i18n.ts';
import type { WorkStrings } from './i18n-work.ts';
import { Crumbs, Loading } from './Crumbs.tsx';
import { NewApplication } from './NewApplication.tsx';
import { CurrentPoints, PointsHistory } from './Points.tsx';
import { followLink, searchPath } from './route.ts';

interface Props {
  id: number;
  api: Api;
  t: StaffStrings;
  w: WorkStrings;
  m: Messages;
  lang: Lang;
  scope: string | null;
  role: StaffRole;
}

type Load = { status: 'loading' } | { status: 'ok'; view: PersonView } | { status: 'error'; error: ApiError };

export function PersonPage({ id, api, t, w, m, lang, scope, role }: Props) {
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const h1 = useRef<HTMLHeadingElement>(null);
  const focused = useRef(false);

  useEffect(() => {
    let live = true;
    api.person(id).then(
      (view) => {
        if (live) setLoad({ status: 'ok', view });
      },
      (e: unknown) => {
        if (!live) return;
        const error = e instanceof ApiError ? e : new ApiError(0, 'UNKNOWN', String(e));
        if (error.status === 401) return; // the App shows the sign-in form
        setLoad({ status: 'error', error });
      },
    );
    return () => {
      live = false;
    };
    // `api` changes with the language: the engine's texts are fetched again in the new one.
  }, [api, id, attempt]);

  useEffect(() => {
    document.title = t.docTitle(load.status === 'error' && load.error.status === 403 ? t.forbiddenTitle : t.personTitle);
    // Focus the heading once the page has something to say, so that a screen reader starts here.
    if (load.status !== 'loading' && !focused.current) {
      focused.current = true;
      h1.current?.focus();
    }
  }, [load, t]);

  const crumbs = <Crumbs label={t.breadcrumb} parent={{ href: searchPath, text: t.navSearch }} current={t.personTitle} />;

  if (load.status === 'loading') {
    return (
      <>
        {crumbs}
        <Loading text={t.loading} />
      </>
    );
  }

  if (load.status === 'error') {
    const e = load.error;
    const forbidden = e.status === 403 && e.code === 'FORBIDDEN';
    const notFound = e.status === 404;
    return (
      <>
        {crumbs}
        <div className={`refusal${forbidden ? ' forbidden' : ''}`} data-testid={forbidden ? 'forbidden' : notFound ? 'not-found' : 'load-error'}>
          <h1 ref={h1} tabIndex={-1}>
            {forbidden ? t.forbiddenTitle : notFound ? t.notFoundTitle : t.loadFailed}
          </h1>
          {forbidden ? (
            <>
              <p className="refusal-main">{t.forbidden}</p>
              {scope !== null && <p>{t.forbiddenHint(districtName(scope, lang))}</p>}
            </>
          ) : notFound ? (
            <p className="refusal-main">{t.notFound}</p>
          ) : (
            <>
              <p className="refusal-main">{e.message}</p>
              <p>
                <button type="button" onClick={() => setAttempt((n) => n + 1)}>
                  {t.retry}
                </button>
              </p>
            </>
          )}
          <p>
            <a href={searchPath} onClick={followLink(searchPath)}>
              {t.backToSearch}
            </a>
          </p>
        </div>
      </>
    );
  }

  const v = load.view;
  const toc: Array<[string, string]> = [
    ['basic', t.basic],
    ['permits', t.permits],
    ['residence', t.residence],
    ['insurance', t.insurance],
    ['declared', t.declared],
    ['current', t.current],
    ['history', t.history],
  ];
  return (
    <>
      {crumbs}
      <div className="person-head">
        <div>
          <h1 ref={h1} tabIndex={-1} data-testid="person-name" lang="zh-CN">
            {v.person.name}
          </h1>
          <p className="person-sub">
            {districtName(v.person.district, lang)} · {t.sexName[v.person.sex]} · {v.person.birthDate}
          </p>
        </div>
        <div className="head-score" aria-hidden="true">
          <span className="head-score-label">{t.current}</span>
          <span className="head-score-value">
            {String(v.current.total)} <small>{t.pointsUnit}</small>
          </span>
          <span className={`badge ${v.current.eligible ? 'ok' : 'no'}`}>{v.current.eligible ? t.badgeEligible : t.badgeIneligible}</span>
        </div>
      </div>
      {role === 'clerk' && (
        <div className="person-actions">
          <NewApplication api={api} w={w} personId={id} personName={v.person.name} paperPermit={v.permits.some((p) => p.kind === 'paper9' && p.status !== 'terminated')} />
        </div>
      )}
      <nav className="toc" aria-label={t.sections}>
        <ul>
          {toc.map(([key, label]) => (
            <li key={key}>
              <a href={`#sec-${key}`}>{label}</a>
            </li>
          ))}
        </ul>
      </nav>

      <div className="person-grid">
        <div className="person-records">
          <BasicInfo id={id} api={api} view={v} t={t} lang={lang} />
          <Permits permits={v.permits} t={t} lang={lang} />
          <Residence view={v} t={t} />
          <Insurance runs={v.insurance} t={t} m={m} />
          <DeclaredSection declared={v.declared} t={t} m={m} />
        </div>
        <div className="person-points">
          <CurrentPoints result={v.current} history={v.history} t={t} m={m} lang={lang} />
        </div>
      </div>
      <PointsHistory history={v.history} t={t} m={m} lang={lang} />
    </>
  );
}

/** A titled section of the person page: an antd Card whose title is the section's heading. */
function Section({ id, title, actions, children, className }: { id: string; title: string; actions?: ReactNode; children: ReactNode; className?: string }) {
  return (
    <Card
      size="small"
      className={`person-card${className ? ` ${className}` : ''}`}
      id={`sec-${id}`}
      role="region"
      aria-labelledby={`sec-${id}-title`}
      title={<h2 id={`sec-${id}-title`}>{title}</h2>}
      extra={actions}
    >
      {children}
    </Card>
  );
}

function BasicInfo({ id, api, view, t, lang }: { id: number; api: Api; view: PersonView; t: StaffStrings; lang: Lang }) {
  const [revealed, setRevealed] = useState<Revealed | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const noteId = useId();
  const p = view.person;

  const toggle = async (): Promise<void> => {
    if (revealed !== null) {
      setRevealed(null);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      setRevealed(await api.reveal(id));
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 401)) setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const button = (
    <Button type={revealed !== null ? 'default' : 'primary'} ghost={revealed === null} aria-describedby={noteId} aria-pressed={revealed !== null} onClick={() => void toggle()} disabled={busy} data-testid="reveal">
      {busy ? t.revealing : revealed !== null ? t.hide : t.reveal}
    </Button>
  );
  return (
    <Section id="basic" title={t.basic} actions={button}>
      <p className="hint" id={noteId}>
        {revealed !== null ? t.revealedNote : t.revealNote}
      </p>
      {error !== null && (
        <div role="alert">
          <Alert type="error" showIcon title={error} className="gap" />
        </div>
      )}
      <Descriptions column={2} size="small" bordered>
        <Descriptions.Item label={t.name}>
          <span lang="zh-CN">{p.name}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t.sex}>{t.sexName[p.sex]}</Descriptions.Item>
        <Descriptions.Item label={t.birthDate}>{p.birthDate}</Descriptions.Item>
        <Descriptions.Item label={t.district}>{districtName(p.district, lang)}</Descriptions.Item>
        <Descriptions.Item label={t.idNumber}>
          <span className={`mono${revealed ? ' revealed' : ''}`} data-testid="id-number">
            {revealed ? revealed.idNumber : p.idNumber}
          </span>
          {!revealed && <span className="visually-hidden"> {t.masked}</span>}
        </Descriptions.Item>
        <Descriptions.Item label={t.phone}>
          <span className={`mono${revealed ? ' revealed' : ''}`} data-testid="phone">
            {(revealed ? revealed.phone : p.phone) ?? t.dash}
          </span>
          {!revealed && p.phone !== null && <span className="visually-hidden"> {t.masked}</span>}
        </Descriptions.Item>
        <Descriptions.Item label={t.urbanHukou}>{p.urbanHukou ? t.yes : t.no}</Descriptions.Item>
        <Descriptions.Item label={t.fullCivilCapacity}>{p.fullCivilCapacity ? t.yes : t.no}</Descriptions.Item>
      </Descriptions>
    </Section>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

const PERMIT_COLOR: Record<PermitView['status'], string> = { valid: 'success', suspended: 'warning', terminated: 'error', notIssued: 'default' };

export function StatusBadge({ status, t }: { status: PermitView['status']; t: StaffStrings }) {
  return (
    <Tag color={PERMIT_COLOR[status]} data-status={status}>
      {t.statusName[status]}
    </Tag>
  );
}

function Permits({ permits, t, lang }: { permits: PermitView[]; t: StaffStrings; lang: Lang }) {
  // Newest first: the permit that counts is the latest one issued.
  const sorted = [...permits].sort((a, b) => (a.issuedOn < b.issuedOn ? 1 : a.issuedOn > b.issuedOn ? -1 : 0));
  return (
    <Section id="permits" title={t.permits}>
      {sorted.length === 0 ? (
        <p className="empty">{t.noPermits}</p>
      ) : (
        sorted.map((p) => (
          <article className={`permit permit-${p.status}`} key={p.permitNo} data-testid="permit" aria-label={`${t.permitNo} ${p.permitNo}`}>
            <div className="permit-head">
              <span className="mono permit-no">{p.permitNo}</span>
              <StatusBadge status={p.status} t={t} />
            </div>
            <dl className="facts">
              <Fact label={t.permitKind}>{t.kindName[p.kind]}</Fact>
              <Fact label={t.permitDistrict}>{districtName(p.district, lang)}</Fact>
              <Fact label={t.issuedOn}>{p.issuedOn}</Fact>
              {p.terminatedOn !== null ? (
                <Fact label={t.terminatedOn}>{p.terminatedOn}</Fact>
              ) : (
                <Fact label={t.nextDeadline}>{p.nextDeadline ?? t.dash}</Fact>
              )}
              <Fact label={t.endorsements}>
                {p.endorsements.length === 0 ? (
                  t.noEndorsements
                ) : (
                  <ul className="chips">
                    {p.endorsements.map((d) => (
                      <li key={d}>{d}</li>
                    ))}
                  </ul>
                )}
              </Fact>
              <Fact label={t.suspensions}>
                {p.suspensions.length === 0 ? (
                  t.noSuspensions
                ) : (
                  <ul className="chips warn">
                    {p.suspensions.map((s) => (
                      <li key={s.from}>{t.range(s.from, s.to)}</li>
                    ))}
                  </ul>
                )}
              </Fact>
            </dl>
          </article>
        ))
      )}
    </Section>
  );
}

function Residence({ view, t }: { view: PersonView; t: StaffStrings }) {
  return (
    <Section id="residence" title={t.residence}>
      {view.residence.length === 0 ? (
        <p className="empty">{t.noResidence}</p>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th scope="col" className="num">
                  {t.colNo}
                </th>
                <th scope="col">{t.from}</th>
                <th scope="col">{t.to}</th>
                <th scope="col">{t.regStatus}</th>
                <th scope="col">{t.source}</th>
                <th scope="col">{t.verified}</th>
              </tr>
            </thead>
            <tbody>
              {view.residence.map((r, i) => (
                <tr key={`${r.from}-${i}`}>
                  <td className="num">{i + 1}</td>
                  <td className="mono">{r.from}</td>
                  <td className="mono">{r.to ?? t.untilNow}</td>
                  <td>{r.status === 'cancelled' ? <Tag>{t.regStatusName.cancelled}</Tag> : t.regStatusName.registered}</td>
                  <td>{t.sourceName[r.source]}</td>
                  <td>{r.source === 'handwritten' ? (r.verified ? t.yes : t.no) : t.dash}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}

function monthsBetween(from: string, to: string): number {
  const [fy, fm] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  if (fy === undefined || fm === undefined || ty === undefined || tm === undefined) return 0;
  return ty * 12 + tm - (fy * 12 + fm) + 1;
}

function Insurance({ runs, t, m }: { runs: InsuranceView[]; t: StaffStrings; m: Messages }) {
  return (
    <Section id="insurance" title={t.insurance}>
      {runs.length === 0 ? (
        <p className="empty">{t.noInsurance}</p>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th scope="col" className="num">
                  {t.colNo}
                </th>
                <th scope="col">{t.scheme}</th>
                <th scope="col">{t.fromMonth}</th>
                <th scope="col">{t.toMonth}</th>
                <th scope="col" className="num">
                  {t.months}
                </th>
                <th scope="col">{t.flags}</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((r, i) => (
                <tr key={`${r.scheme}-${r.from}-${i}`} className={r.backPaid || r.transferredIn ? 'flagged' : undefined}>
                  <td className="num">{i + 1}</td>
                  <td>{m.scheme[r.scheme]}</td>
                  <td className="mono">{r.from}</td>
                  <td className="mono">{r.to}</td>
                  <td className="num">{monthsBetween(r.from, r.to)}</td>
                  <td>
                    {!r.backPaid && !r.transferredIn && t.dash}
                    {r.backPaid && (
                      <Tag color="warning" title={t.backPaidTitle}>
                        {t.backPaid}
                      </Tag>
                    )}
                    {r.transferredIn && (
                      <Tag color="warning" title={t.transferredInTitle}>
                        {t.transferredIn}
                      </Tag>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}

/** The declared facts as label/value lines in the page's language. */
export function declaredLines(d: Declared, t: StaffStrings, m: Messages): Array<[string, ReactNode]> {
  const out: Array<[string, ReactNode]> = [];
  const join = (parts: Array<string | false | undefined>): string => parts.filter((p): p is string => typeof p === 'string' && p !== '').join(t.htmlLang === 'en' ? ', ' : ',');
  const list = (items: string[]): ReactNode =>
    items.length === 1 ? (
      items[0]
    ) : (
      <ul className="plain">
        {items.map((s, i) => (
          <li key={i}>{s}</li>
        ))}
      </ul>
    );
  if (d.education) out.push([t.education, join([m.level[d.education.level] ?? d.education.level, d.education.abroad && t.abroad, d.education.abroad && d.education.certified && t.certified])]);
  if (d.qualification) out.push([t.qualification, `${t.qualKind[d.qualification.kind]}: ${m.level[d.qualification.level] ?? d.qualification.level}`]);
  if (d.housing) {
    const h = d.housing;
    out.push([
      t.housing,
      join([t.housingKind[h.kind], t.housingSince(h.from), h.livesThere ? t.livesThere : t.notLivingThere, h.kind === 'rented' && (h.legalRental ? t.legalRental : t.rentalUnconfirmed)]),
    ]);
  }
  if (d.continuity?.length) out.push([t.continuity, list(d.continuity.map((c) => `${t.continuityKind[c.kind]} ${t.range(c.from, c.to)}`))]);
  if (d.honours?.length) out.push([t.honours, list(d.honours.map((h) => join([m.honourLevel[h.level], t.honourIssuer[h.issuer], h.awardedOn])))]);
  if (d.patents?.length) {
    out.push([t.patents, list(d.patents.map((p) => join([t.patentGranted(p.grantedOn), p.firstInventor ? t.firstInventor : t.otherInventor, p.transferredIn && t.transferredPatent])))]);
  }
  if (d.bloodDonationMl !== undefined) out.push([t.bloodDonation, t.ml(d.bloodDonationMl)]);
  if (d.volunteerHours !== undefined) out.push([t.volunteering, t.hours(d.volunteerHours)]);
  if (d.donationYuan !== undefined) out.push([t.donation, t.yuan(d.donationYuan)]);
  if (d.boneMarrowDonated) out.push([t.boneMarrow, t.boneMarrowDone]);
  if (d.incomeTax && (d.incomeTax.wageYuan !== undefined || d.incomeTax.businessYuan !== undefined)) {
    out.push([
      t.incomeTax,
      join([
        d.incomeTax.wageYuan !== undefined && `${t.wage} ${t.yuan(d.incomeTax.wageYuan)}`,
        d.incomeTax.businessYuan !== undefined && `${t.business} ${t.yuan(d.incomeTax.businessYuan)}`,
      ]),
    ]);
  }
  if (d.offences?.length) out.push([t.offences, list(d.offences.map((o) => join([m.offence[o.kind], t.offenceOn(o.on), o.actId !== undefined && t.actId(o.actId)])))]);
  if (d.veto?.length) out.push([t.veto, list(d.veto.map((v) => join([m.veto[v.kind] ?? v.kind, v.on])))]);
  return out;
}

function DeclaredSection({ declared, t, m }: { declared: Declared; t: StaffStrings; m: Messages }) {
  const lines = declaredLines(declared, t, m);
  return (
    <Section id="declared" title={t.declared}>
      <p className="hint">{t.declaredHint}</p>
      {lines.length === 0 ? (
        <p className="empty">{t.noDeclared}</p>
      ) : (
        <dl className="facts wide">
          {lines.map(([label, value]) => (
            <Fact key={label} label={label}>
              {value}
            </Fact>
          ))}
        </dl>
      )}
    </Section>
  );
}
