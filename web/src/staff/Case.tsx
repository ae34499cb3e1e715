/**
 * A case (积分申请) at /staff/applications/:id: its state and the actions open to the officer (the
 * state machine's own `availableActions`; the others disabled with the reason), the applicant
 * (masked), the filing (employer authorisation to verify or reject, a guardian's ground), the
 * evidence (preview, scans at the window, reused items and the applicant's confirmation of them),
 * the declared indicators with a decision on each, and, once determined, the points with their
 * trace, recomputed here from the stored facts under the stored policy version; then the case's
 * objections and its history (CaseObjections.tsx).
 *
 * Every action sends the version the page shows; a 409 says 已被他人修改,请刷新. Another district's
 * case is refused by the server (403) and nothing of it is shown.
 */
import { Alert, App as AntApp, Button, Card, Descriptions, Form, Input, Modal, Select, Space, Table, Tag, Tooltip, Upload, type TableColumnsType } from 'antd';
import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { APPLICATION_RULES, availableActions, type ApplicationAction, type ApplicationState, type Actor } from '../../../src/domain/application.ts';
import { evaluate, type Messages, type Result as EngineResult } from '../../../src/rules/index.ts';
import type { Lang } from '../i18n.ts';
import { TraceList } from '../shared/TraceList.tsx';
import { ApiError, type Api, type CaseView, type Declared, type EvidenceItem, type EvidenceKind, type PersonView, type StaffUser } from './api.ts';
import { districtName, type StaffStrings } from './i18n.ts';
import { chinaMinute, type WorkStrings } from './i18n-work.ts';
import { asApiError } from './load.ts';
import { Crumbs, Loading } from './Crumbs.tsx';
import { CaseObjections } from './CaseObjections.tsx';
import { declaredLines } from './Person.tsx';
import { followLink, personPath, queuesPath } from './route.ts';

/** The declared indicators and the field of the facts that carries each (as DECLARED_INDICATORS in src/services/applications.ts). */
const DECLARED: ReadonlyArray<[string, keyof Declared]> = [
  ['education', 'education'],
  ['qualification', 'qualification'],
  ['housing', 'housing'],
  ['honours', 'honours'],
  ['boneMarrow', 'boneMarrowDonated'],
  ['bloodDonation', 'bloodDonationMl'],
  ['volunteering', 'volunteerHours'],
  ['donation', 'donationYuan'],
  ['incomeTax', 'incomeTax'],
  ['patents', 'patents'],
];

/**
 * The actions a case page offers (the staff routes have no withdraw or supplement: those are the
 * applicant's); the four decisions are always shown, submission when it applies.
 */
const SHOWN: readonly ApplicationAction[] = ['submit', 'accept', 'refuse', 'return', 'determine'];
const ALWAYS: readonly ApplicationAction[] = ['accept', 'refuse', 'return', 'determine'];
const KINDS: readonly EvidenceKind[] = ['permit', 'identity', 'handwritten_permit', 'indicator', 'authorisation', 'relationship', 'other'];

const STATE_COLOR: Record<ApplicationState, string> = {
  draft: 'default',
  submitted: 'processing',
  accepted: 'blue',
  returned: 'warning',
  determined: 'geekblue',
  published: 'success',
  refused: 'error',
  withdrawn: 'default',
};

export function StateTag({ state, w, long = false }: { state: ApplicationState; w: WorkStrings; long?: boolean }) {
  return (
    <Tag color={STATE_COLOR[state]} data-state={state}>
      {long ? w.caseState[state] : w.state[state]}
    </Tag>
  );
}

interface Props {
  id: number;
  api: Api;
  t: StaffStrings;
  w: WorkStrings;
  m: Messages;
  lang: Lang;
  user: StaffUser;
}

type Load = { status: 'loading' } | { status: 'ok'; view: CaseView; person: PersonView | null } | { status: 'error'; error: ApiError };

export function CasePage({ id, api, t, w, m, lang, user }: Props) {
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [conflict, setConflict] = useState(false);
  const { message } = AntApp.useApp();
  const h1 = useRef<HTMLHeadingElement>(null);
  const focused = useRef(false);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);

  useEffect(() => {
    let live = true;
    (async () => {
      const view = await api.case(id);
      // The person page's view: the applicant (masked) and what they declared.
      let person: PersonView | null = null;
      try {
        person = await api.person(view.application.personId);
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) throw e;
      }
      if (live) {
        setLoad({ status: 'ok', view, person });
        setConflict(false);
      }
    })().catch((e: unknown) => {
      const error = asApiError(e);
      if (live && error.status !== 401) setLoad({ status: 'error', error });
    });
    return () => {
      live = false;
    };
  }, [api, id, attempt]);

  useEffect(() => {
    document.title = t.docTitle(load.status === 'error' && load.error.status === 403 ? t.forbiddenTitle : w.caseTitle(id));
    if (load.status !== 'loading' && !focused.current) {
      focused.current = true;
      h1.current?.focus();
    }
  }, [load, t, w, id]);

  /** Runs a change; a 409 asks for a reload, anything else is said as the server said it. */
  const run = useCallback(
    async (what: string, go: () => Promise<unknown>): Promise<boolean> => {
      try {
        await go();
        void message.success(w.done(what));
        reload();
        return true;
      } catch (e) {
        const err = asApiError(e);
        if (err.status === 401) return false;
        if (err.status === 409) {
          setConflict(true);
          void message.error(w.conflict);
        } else void message.error(err.message);
        return false;
      }
    },
    [message, reload, w],
  );

  const crumbs = <Crumbs label={t.breadcrumb} parent={{ href: queuesPath, text: w.menu.queues }} current={w.caseCrumb} />;

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
    const forbidden = e.status === 403;
    const notFound = e.status === 404;
    return (
      <>
        {crumbs}
        <div className={`refusal${forbidden ? ' forbidden' : ''}`} data-testid={forbidden ? 'forbidden' : notFound ? 'not-found' : 'load-error'}>
          <h1 ref={h1} tabIndex={-1}>
            {forbidden ? t.forbiddenTitle : notFound ? t.notFoundTitle : t.loadFailed}
          </h1>
          <p className="refusal-main">{forbidden ? w.forbidden : notFound ? w.notFound : e.message}</p>
          {forbidden && user.district !== null && <p>{w.forbiddenHint(districtName(user.district, lang))}</p>}
          {!forbidden && !notFound && <Button onClick={reload}>{t.retry}</Button>}
          <p>
            <a href={queuesPath} onClick={followLink(queuesPath)}>
              {w.menu.queues}
            </a>
          </p>
        </div>
      </>
    );
  }

  const { application: a, reviews, authorisation } = load.view;
  const person = load.person;
  const actor: Actor = user.role;
  const open = availableActions(a.state, actor);
  return (
    <>
      {crumbs}
      <div className="case-head">
        <h1 ref={h1} tabIndex={-1} data-testid="case-title">
          {w.caseTitle(a.id)}
        </h1>
        <span data-testid="case-state">
          <StateTag state={a.state} w={w} long />
        </span>
        <Button onClick={reload}>{w.refresh}</Button>
      </div>
      {conflict && (
        <div role="alert" data-testid="conflict">
          <Alert type="warning" showIcon title={w.conflict} action={<Button onClick={reload}>{w.refresh}</Button>} className="gap" />
        </div>
      )}
      <Actions a={load.view.application} open={open} actor={actor} w={w} api={api} run={run} />

      <div className="case-grid">
        <Card title={<h2>{w.applicantInfo}</h2>} size="small">
          {person === null ? (
            <p className="muted">{t.dash}</p>
          ) : (
            <Descriptions column={1} size="small">
              <Descriptions.Item label={w.name}>
                <span lang="zh-CN" data-testid="case-applicant">
                  {person.person.name}
                </span>
              </Descriptions.Item>
              <Descriptions.Item label={w.idNumber}>
                <span className="mono" data-testid="case-id-number">
                  {person.person.idNumber}
                </span>
              </Descriptions.Item>
              <Descriptions.Item label={w.district}>{districtName(person.person.district, lang)}</Descriptions.Item>
              <Descriptions.Item label={w.permit}>
                {person.permits.length === 0
                  ? t.noPermits
                  : person.permits.map((p) => (
                      <span key={p.permitNo} className="permit-line">
                        <span className="mono">{p.permitNo}</span> {t.kindName[p.kind]} · {t.statusName[p.status]}
                      </span>
                    ))}
              </Descriptions.Item>
              <Descriptions.Item label="">
                <a href={personPath(a.personId)} onClick={followLink(personPath(a.personId))}>
                  {w.openPerson}
                </a>
              </Descriptions.Item>
            </Descriptions>
          )}
        </Card>
        <Card title={<h2>{w.caseInfo}</h2>} size="small">
          <Descriptions column={1} size="small">
            <Descriptions.Item label={w.use_}>{w.use[a.intendedUse]}</Descriptions.Item>
            {a.child !== null && (
              <Descriptions.Item label={w.child}>
                <span lang="zh-CN">{a.child.name}</span> · {a.child.birthDate}
              </Descriptions.Item>
            )}
            <Descriptions.Item label={w.channel_}>{w.channel[a.channel]}</Descriptions.Item>
            <Descriptions.Item label={w.submittedAt}>{chinaMinute(a.submittedAt)}</Descriptions.Item>
            <Descriptions.Item label={w.acceptedOn}>
              <span className="mono" data-testid="accepted-on">
                {a.acceptedOn ?? t.dash}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={w.resultVisibleOn}>
              <span className="mono" data-testid="result-visible-on">
                {a.resultVisibleOn ?? t.dash}
              </span>
              {a.resultProvisional === true && (
                <Tooltip title={w.provisionalHint}>
                  <Tag className="gap-left">{w.provisional}</Tag>
                </Tooltip>
              )}
            </Descriptions.Item>
            {a.refusedReason !== null && <Descriptions.Item label={w.refusedReason}>{a.refusedReason}</Descriptions.Item>}
            {a.returnReason !== null && <Descriptions.Item label={w.returnReason}>{a.returnReason}</Descriptions.Item>}
          </Descriptions>
        </Card>
        <AgentCard view={load.view} w={w} api={api} run={run} authorisation={authorisation ?? null} canDecide={actor === 'clerk' || actor === 'district'} />
      </div>

      <Materials id={a.id} api={api} w={w} t={t} m={m} attempt={attempt} run={run} canUpload={actor === 'clerk' || actor === 'district'} declared={person?.declared ?? {}} />
      <Indicators a={load.view} declared={person?.declared ?? null} api={api} t={t} w={w} m={m} run={run} canReview={(actor === 'clerk' || actor === 'district') && (a.state === 'accepted' || a.state === 'returned')} reviews={reviews} />
      {(a.state === 'determined' || a.state === 'published') && <Breakdown view={load.view} t={t} w={w} m={m} lang={lang} />}
      <CaseObjections api={api} id={a.id} lang={lang} attempt={attempt} w={w} m={m} canFile={a.state === 'published' && (actor === 'clerk' || actor === 'district')} />
    </>
  );
}

type Run = (what: string, go: () => Promise<unknown>) => Promise<boolean>;

function Actions({ a, open, actor, w, api, run }: { a: CaseView['application']; open: ApplicationAction[]; actor: Actor; w: WorkStrings; api: Api; run: Run }) {
  const [asking, setAsking] = useState<'refuse' | 'return' | null>(null);
  const shown = SHOWN.filter((x) => ALWAYS.includes(x) || open.includes(x));
  const why = (x: ApplicationAction): string | null => {
    if (open.includes(x)) return null;
    const rule = APPLICATION_RULES[x];
    if (!rule.from.includes(a.state)) return w.notFromState(rule.from.map((s) => w.state[s]).join('/'));
    return w.notForRole(rule.by.map((b) => w.actor[b]).join('、'));
  };
  const act = (x: ApplicationAction): void => {
    if (x === 'refuse' || x === 'return') {
      setAsking(x);
      return;
    }
    if (x === 'submit' || x === 'accept' || x === 'determine') void run(w.action[x], () => api.act(a.id, x, a.version));
  };
  return (
    <section className="case-actions" aria-label={w.actions}>
      <Space wrap>
        {shown.map((x) => {
          const reason = why(x);
          const button = (
            <Button key={x} type={x === 'accept' || x === 'determine' || x === 'submit' ? 'primary' : 'default'} danger={x === 'refuse'} disabled={reason !== null} onClick={() => act(x)} data-testid={`action-${x}`}>
              {w.action[x]}
            </Button>
          );
          return reason === null ? (
            button
          ) : (
            <Tooltip key={x} title={reason}>
              <span className="disabled-action" aria-label={`${w.action[x]}: ${reason}`}>
                {button}
              </span>
            </Tooltip>
          );
        })}
      </Space>
      <ReasonModal
        open={asking !== null}
        title={asking === null ? '' : w.reasonTitle[asking]}
        w={w}
        onCancel={() => setAsking(null)}
        onOk={async (reason) => {
          if (asking === null) return;
          const x = asking;
          if (await run(w.action[x], () => api.actWithReason(a.id, x, reason, a.version))) setAsking(null);
        }}
      />
      {actor !== 'clerk' && actor !== 'district' && open.length === 0 && <p className="hint">{w.notForRole(`${w.actor.clerk}、${w.actor.district}`)}</p>}
    </section>
  );
}

export function ReasonModal({ open, title, w, onCancel, onOk }: { open: boolean; title: string; w: WorkStrings; onCancel: () => void; onOk: (reason: string) => Promise<void> }) {
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  // Several of these are on a page: the form's name keeps their fields' ids apart.
  const formName = `reason-${useId().replace(/[^A-Za-z0-9]/g, '')}`;
  return (
    <Modal open={open} title={title} okText={w.confirm} cancelText={w.cancel} confirmLoading={busy} onCancel={onCancel} onOk={() => form.submit()} destroyOnHidden forceRender>
      <Form
        form={form}
        name={formName}
        layout="vertical"
        onFinish={(v) => {
          setBusy(true);
          void onOk(v.reason.trim()).finally(() => setBusy(false));
        }}
      >
        <Form.Item name="reason" label={w.reasonLabel} rules={[{ required: true, whitespace: true, message: w.reasonRequired }]}>
          <Input.TextArea rows={4} maxLength={1000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function AgentCard({
  view,
  w,
  api,
  run,
  authorisation,
  canDecide,
}: {
  view: CaseView;
  w: WorkStrings;
  api: Api;
  run: Run;
  authorisation: NonNullable<CaseView['authorisation']> | null;
  canDecide: boolean;
}) {
  const a = view.application;
  const [rejecting, setRejecting] = useState(false);
  return (
    <Card title={<h2>{w.agent}</h2>} size="small">
      <Descriptions column={1} size="small">
        <Descriptions.Item label={w.filedBy_}>{w.filedByName[a.filedByKind]}</Descriptions.Item>
        {a.filedByKind !== 'self' && <Descriptions.Item label={w.filedByRef}>{a.filedByRef}</Descriptions.Item>}
        {a.agentIdNumber !== null && (
          <Descriptions.Item label={w.agentIdNumber}>
            <span className="mono">{a.agentIdNumber}</span>
          </Descriptions.Item>
        )}
        {a.guardianGround !== null && <Descriptions.Item label={w.ground_}>{w.groundName[a.guardianGround]}</Descriptions.Item>}
      </Descriptions>
      {a.filedByKind === 'employer' && (
        <>
          <h3>{w.authorisation}</h3>
          {authorisation === null ? (
            <p className="muted">{w.noAuthorisation}</p>
          ) : (
            <>
              <Descriptions column={1} size="small">
                <Descriptions.Item label={w.filedByRef}>
                  {authorisation.organisation.name} <span className="mono">{authorisation.organisation.creditCode}</span>
                </Descriptions.Item>
                <Descriptions.Item label={w.authStatus}>
                  <Tag color={authorisation.usable ? 'success' : authorisation.effectiveStatus === 'pending' ? 'processing' : 'error'} data-testid="authorisation-status">
                    {w.authStatusName[authorisation.effectiveStatus]}
                  </Tag>
                  {authorisation.checkReason !== null && <span className="hint">{authorisation.checkReason}</span>}
                </Descriptions.Item>
                <Descriptions.Item label={w.authScope}>{w.authScopeName[authorisation.scope]}</Descriptions.Item>
                <Descriptions.Item label={w.authExpires}>
                  <span className="mono">
                    {authorisation.validFrom} – {authorisation.expiresOn}
                  </span>
                </Descriptions.Item>
              </Descriptions>
              {canDecide && authorisation.status === 'pending' && (
                <Space>
                  <Button onClick={() => void run(w.verify, () => api.authorisation(authorisation.id, 'verify'))}>{w.verify}</Button>
                  <Button danger onClick={() => setRejecting(true)}>
                    {w.reject}
                  </Button>
                </Space>
              )}
              <ReasonModal
                open={rejecting}
                title={w.rejectReason}
                w={w}
                onCancel={() => setRejecting(false)}
                onOk={async (reason) => {
                  if (await run(w.reject, () => api.authorisation(authorisation.id, 'reject', reason))) setRejecting(false);
                }}
              />
            </>
          )}
        </>
      )}
    </Card>
  );
}

type Items = { status: 'loading' } | { status: 'ok'; items: EvidenceItem[]; reusable: EvidenceItem[] } | { status: 'unavailable'; message: string };

function Materials({
  id,
  api,
  w,
  t,
  m,
  attempt,
  run,
  canUpload,
  declared,
}: {
  id: number;
  api: Api;
  w: WorkStrings;
  t: StaffStrings;
  m: Messages;
  attempt: number;
  run: Run;
  canUpload: boolean;
  declared: Declared;
}) {
  const [items, setItems] = useState<Items>({ status: 'loading' });
  const [kind, setKind] = useState<EvidenceKind>('permit');
  const [indicator, setIndicator] = useState<string | null>(null);
  const [mine, setMine] = useState(0);
  const { message } = AntApp.useApp();

  useEffect(() => {
    let live = true;
    (async () => {
      const { items: list } = await api.evidence(id);
      let reusable: EvidenceItem[] = [];
      try {
        reusable = (await api.reusable(id)).items;
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) throw e;
      }
      if (live) setItems({ status: 'ok', items: list, reusable });
    })().catch((e: unknown) => {
      const err = asApiError(e);
      if (live && err.status !== 401) setItems({ status: 'unavailable', message: err.message });
    });
    return () => {
      live = false;
    };
  }, [api, id, attempt, mine]);

  const declaredCodes = DECLARED.filter(([, f]) => declared[f] !== undefined).map(([c]) => c);
  const columns: TableColumnsType<EvidenceItem> = [
    { title: w.kind_, key: 'kind', render: (_: unknown, e) => w.kind[e.kind] ?? e.kind },
    { title: w.forIndicator, key: 'indicator', render: (_: unknown, e) => (e.indicator === null ? t.dash : (m.indicator as Record<string, string>)[e.indicator] ?? e.indicator) },
    { title: t.name, dataIndex: 'name' },
    { title: w.colCreated, key: 'at', className: 'mono', render: (_: unknown, e) => chinaMinute(e.uploadedAt) },
    {
      title: '',
      key: 'reuse',
      render: (_: unknown, e) =>
        e.reusedFrom === null ? null : (
          <>
            <Tag>{w.reused(e.reusedFrom)}</Tag> {e.confirmed === null ? <Tag color="warning">{w.unconfirmed}</Tag> : <Tag color="success">{w.confirmedAt(chinaMinute(e.confirmed.at))}</Tag>}
          </>
        ),
    },
    {
      title: w.preview,
      key: 'preview',
      render: (_: unknown, e) =>
        e.mime.startsWith('image/') ? (
          <a href={api.evidenceUrl(e.id)} target="_blank" rel="noopener noreferrer">
            <img src={api.evidenceUrl(e.id)} alt={e.name} className="evidence-thumb" />
          </a>
        ) : (
          <a href={api.evidenceUrl(e.id)} target="_blank" rel="noopener noreferrer" data-testid="evidence-open">
            {w.preview}
          </a>
        ),
    },
  ];

  return (
    <Card title={<h2>{w.materials}</h2>} size="small" className="case-section" data-testid="materials">
      {items.status === 'unavailable' ? (
        <Alert type="warning" showIcon title={w.evidenceUnavailable} description={items.message} />
      ) : (
        <Table<EvidenceItem> size="small" rowKey="id" columns={columns} dataSource={items.status === 'ok' ? items.items : []} loading={items.status === 'loading'} pagination={false} locale={{ emptyText: w.noMaterials }} />
      )}
      {canUpload && items.status !== 'unavailable' && (
        <div className="upload-bar">
          <label className="inline-field">
            <span>{w.kind_}</span>
            <Select<EvidenceKind> value={kind} onChange={setKind} className="kind-select" data-testid="evidence-kind" options={KINDS.map((k) => ({ value: k, label: w.kind[k] }))} />
          </label>
          {kind === 'indicator' && (
            <label className="inline-field">
              <span>{w.forIndicator}</span>
              <Select<string> value={indicator ?? undefined} onChange={setIndicator} className="kind-select" options={declaredCodes.map((c) => ({ value: c, label: (m.indicator as Record<string, string>)[c] ?? c }))} />
            </label>
          )}
          <Upload
            accept=".jpg,.jpeg,.png,.pdf,image/jpeg,image/png,application/pdf"
            showUploadList={false}
            customRequest={(o) => {
              const file = o.file as File;
              api.upload(id, file, kind, kind === 'indicator' ? indicator : null).then(
                () => {
                  void message.success(w.uploaded(file.name));
                  o.onSuccess?.(null);
                  setMine((n) => n + 1);
                },
                (e: unknown) => {
                  const err = asApiError(e);
                  if (err.status !== 401) void message.error(err.message);
                  o.onError?.(err);
                },
              );
            }}
          >
            <Button data-testid="upload">{w.upload}</Button>
          </Upload>
          <span className="hint">{w.uploadHint}</span>
        </div>
      )}
      {items.status === 'ok' && items.reusable.length > 0 && (
        <>
          <h3>{w.reusable}</h3>
          <p className="hint">{w.reusableHint}</p>
          <ul className="plain">
            {items.reusable.map((e) => (
              <li key={e.id}>
                {w.kind[e.kind] ?? e.kind} · {e.name}{' '}
                <a href={api.evidenceUrl(e.id)} target="_blank" rel="noopener noreferrer">
                  {w.preview}
                </a>{' '}
                {canUpload && (
                  <Button size="small" onClick={() => void run(w.confirmReuse, () => api.reuse(id, e.id)).then(() => setMine((n) => n + 1))}>
                    {w.confirmReuse}
                  </Button>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </Card>
  );
}

interface IndicatorRow {
  code: string;
  lines: Array<[string, ReactNode]>;
  review: CaseView['reviews'][number] | undefined;
}

function Indicators({
  a,
  declared,
  api,
  t,
  w,
  m,
  run,
  canReview,
  reviews,
}: {
  a: CaseView;
  declared: Declared | null;
  api: Api;
  t: StaffStrings;
  w: WorkStrings;
  m: Messages;
  run: Run;
  canReview: boolean;
  reviews: CaseView['reviews'];
}) {
  const [rejecting, setRejecting] = useState<string | null>(null);
  const app = a.application;
  const rows: IndicatorRow[] =
    declared === null
      ? []
      : DECLARED.filter(([, f]) => declared[f] !== undefined).map(([code, f]) => ({
          code,
          lines: declaredLines({ [f]: declared[f] }, t, m),
          review: reviews.find((r) => r.indicator === code),
        }));
  const name = (code: string): string => (m.indicator as Record<string, string>)[code] ?? code;
  const columns: TableColumnsType<IndicatorRow> = [
    { title: w.colIndicator, key: 'name', render: (_: unknown, r) => name(r.code) },
    { title: w.colDeclared, key: 'declared', render: (_: unknown, r) => r.lines.map(([, v], i) => <div key={i}>{v}</div>) },
    {
      title: w.colDecision,
      key: 'decision',
      render: (_: unknown, r) =>
        r.review === undefined ? (
          <Tag>{w.undecided}</Tag>
        ) : (
          <>
            <Tag color={r.review.decision === 'accepted' ? 'success' : 'error'} data-decision={r.review.decision}>
              {w.decision[r.review.decision]}
            </Tag>
            {r.review.reason !== '' && <span className="hint">{r.review.reason}</span>}
          </>
        ),
    },
    ...(canReview
      ? [
          {
            title: w.colActions,
            key: 'actions',
            render: (_: unknown, r: IndicatorRow) => (
              <Space>
                <Button size="small" onClick={() => void run(`${w.accept} ${name(r.code)}`, () => api.review(app.id, r.code, 'accepted', '', app.version))} data-testid={`review-accept-${r.code}`}>
                  {w.accept}
                </Button>
                <Button size="small" danger onClick={() => setRejecting(r.code)} data-testid={`review-reject-${r.code}`}>
                  {w.decision.rejected}
                </Button>
              </Space>
            ),
          },
        ]
      : []),
  ];
  return (
    <Card title={<h2>{w.indicators}</h2>} size="small" className="case-section" data-testid="indicators">
      <p className="hint">{w.indicatorsHint}</p>
      <Table<IndicatorRow> size="small" rowKey="code" columns={columns} dataSource={rows} pagination={false} locale={{ emptyText: w.noIndicators }} />
      <ReasonModal
        open={rejecting !== null}
        title={rejecting === null ? '' : `${w.decision.rejected}: ${name(rejecting)}`}
        w={w}
        onCancel={() => setRejecting(null)}
        onOk={async (reason) => {
          if (rejecting === null) return;
          const code = rejecting;
          if (await run(`${w.decision.rejected} ${name(code)}`, () => api.review(app.id, code, 'rejected', reason, app.version))) setRejecting(null);
        }}
      />
    </Card>
  );
}

function Breakdown({ view, t, w, m, lang }: { view: CaseView; t: StaffStrings; w: WorkStrings; m: Messages; lang: Lang }) {
  const a = view.application;
  let result: EngineResult | null = null;
  if (a.factsJson !== null && a.acceptedOn !== null) {
    try {
      result = evaluate(JSON.parse(a.factsJson) as Parameters<typeof evaluate>[0], a.acceptedOn, { ...(a.policyVersion ? { policy: a.policyVersion } : {}), locale: lang });
    } catch {
      result = null;
    }
  }
  const total = a.totalH === null ? null : a.totalH / 100;
  const mismatch = result !== null && total !== null && Math.round(result.total * 100) !== a.totalH;
  return (
    <Card title={<h2>{w.breakdown}</h2>} size="small" className="case-section" data-testid="breakdown">
      <Descriptions column={3} size="small">
        <Descriptions.Item label={w.total}>
          <strong data-testid="determined-total">{total === null ? t.dash : String(total)}</strong> {t.pointsUnit}
        </Descriptions.Item>
        <Descriptions.Item label="">{a.eligible === null ? t.dash : a.eligible ? w.eligible : w.ineligible}</Descriptions.Item>
        <Descriptions.Item label={w.policy}>{a.policyVersion ?? t.dash}</Descriptions.Item>
      </Descriptions>
      {a.acceptedOn !== null && <p className="hint">{w.asOf(a.acceptedOn)}</p>}
      {mismatch && <Alert type="error" showIcon title={w.traceMismatch} />}
      {result !== null && (
        <table className="data items-table">
          <thead>
            <tr>
              <th scope="col">{w.colIndicator}</th>
              <th scope="col" className="num">
                {w.colPoints}
              </th>
              <th scope="col">{w.colDetail}</th>
            </tr>
          </thead>
          <tbody>
            {result.items.map((item) => (
              <tr key={item.indicator} data-testid={`determined-${item.indicator}`}>
                <th scope="row">{item.name}</th>
                <td className="num num-strong">{String(item.points)}</td>
                <td>
                  <span className="item-detail">{item.detail}</span>
                  {item.trace.length > 0 && (
                    <details>
                      <summary>{t.explain}</summary>
                      <TraceList trace={item.trace} t={t} m={m} recordLabel={(r) => r} pointsClass="num-strong" />
                    </details>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}
