/**
 * One objection (积分异议) at /staff/objections/:id: the contested indicators and the reason, the
 * deadlines stored with each step (provisional ones marked), and the work the state machine opens to
 * the officer (`availableObjectionActions`): assign to me, a question to a department (公安, 人社,
 * 住建, …) and its answer keyed in, residence periods checked on a hand-written 暂住证 or other proof
 * (FAQ Q5), the district's outcome — upheld re-determines the points, and the determinations list
 * shows the old and new totals — or rejected with reasons; the city decides a review the same way.
 *
 * Every step sends the version the page shows; a 409 says 已被他人修改,请刷新; any other refusal is
 * shown as the server words it. Another district's case is refused by the server (403).
 */
import { Alert, App as AntApp, Button, Card, Descriptions, Form, Input, Modal, Select, Space, Table, Tag, Tooltip, type TableColumnsType } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState, type HTMLAttributes } from 'react';
import type { Actor } from '../../../src/domain/application.ts';
import { availableObjectionActions } from '../../../src/domain/objection.ts';
import type { Messages } from '../../../src/rules/index.ts';
import type { Lang } from '../i18n.ts';
import type { Api, StaffUser } from './api.ts';
import { ReasonModal } from './Case.tsx';
import { Crumbs, Loading } from './Crumbs.tsx';
import { type StaffStrings } from './i18n.ts';
import { OBJECTION_STRINGS, pointsText, type ObjectionStrings } from './i18n-objections.ts';
import { chinaMinute, type WorkStrings } from './i18n-work.ts';
import { asApiError, useLoad } from './load.ts';
import { ObjectionStateTag } from './Objections.tsx';
import { DEPARTMENTS, objectionApi, type Department, type Determination, type EvidencePeriod, type EvidenceSource, type ObjectionApi, type ObjectionCase, type ObjectionTask } from './objections-api.ts';
import { casePath, followLink, objectionsPath } from './route.ts';

type Decision = 'uphold' | 'reject' | 'review/uphold' | 'review/reject';
type Run = (what: string, go: () => Promise<unknown>) => Promise<boolean>;

interface Props {
  id: number;
  api: Api;
  t: StaffStrings;
  w: WorkStrings;
  m: Messages;
  lang: Lang;
  user: StaffUser;
}

function Dated({ day, provisional, o, testId }: { day: string | null; provisional: boolean; o: ObjectionStrings; testId?: string }) {
  return (
    <>
      <span className="mono" data-testid={testId}>
        {day ?? '—'}
      </span>
      {day !== null && provisional && (
        <Tooltip title={o.provisionalHint}>
          <Tag className="gap-left">{o.provisional}</Tag>
        </Tooltip>
      )}
    </>
  );
}

export function ObjectionCasePage({ id, api, t, w, m, lang, user }: Props) {
  const o = OBJECTION_STRINGS[lang];
  const oa = useMemo(() => objectionApi(api), [api]);
  const { load, reload } = useLoad(() => oa.get(id), [oa, id]);
  const [conflict, setConflict] = useState(false);
  const { message } = AntApp.useApp();
  const h1 = useRef<HTMLHeadingElement>(null);
  const focused = useRef(false);

  useEffect(() => {
    document.title = t.docTitle(load.status === 'error' && load.error.status === 403 ? t.forbiddenTitle : o.caseTitle(id));
    if (load.status !== 'loading' && !focused.current) {
      focused.current = true;
      h1.current?.focus();
    }
    if (load.status === 'ok') setConflict(false);
  }, [load, t, o, id]);

  /** Runs a step; a 409 asks for a reload, anything else is said as the server said it. */
  const run: Run = useCallback(
    async (what, go) => {
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
        } else {
          // Each field at fault named by its label on this page.
          const labels: Record<string, string> = { from: o.from, to: o.to, note: o.note, source: o.source, department: o.department, question: o.question, answer: o.answer, reason: w.reasonLabel };
          const fields = err.fields.map((f) => `${labels[f.path] ?? f.path}: ${f.message}`).join(';');
          void message.error(fields === '' ? err.message : `${err.message}(${fields})`);
        }
        return false;
      }
    },
    [message, reload, w, o],
  );

  const crumbs = <Crumbs label={t.breadcrumb} parent={{ href: objectionsPath, text: o.title }} current={o.caseCrumb} />;
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
    return (
      <>
        {crumbs}
        <div className={`refusal${e.status === 403 ? ' forbidden' : ''}`} data-testid={e.status === 403 ? 'forbidden' : e.status === 404 ? 'not-found' : 'load-error'}>
          <h1 ref={h1} tabIndex={-1}>
            {e.status === 403 ? t.forbiddenTitle : e.status === 404 ? t.notFoundTitle : t.loadFailed}
          </h1>
          <p className="refusal-main">{e.message}</p>
          {e.status !== 403 && e.status !== 404 && <Button onClick={reload}>{t.retry}</Button>}
        </div>
      </>
    );
  }

  const c = load.value;
  const obj = c.objection;
  const actions = availableObjectionActions(obj.state, user.role);
  const can = (a: (typeof actions)[number]): boolean => actions.includes(a);
  const indicatorName = (code: string): string => (m.indicator as Record<string, string>)[code] ?? code;
  const assigned = obj.assignedTo === null ? o.unassigned : obj.assignedTo === user.id ? `${user.displayName}(${o.assignedToMe})` : `#${obj.assignedTo}`;

  return (
    <>
      {crumbs}
      <div className="case-head">
        <h1 ref={h1} tabIndex={-1} data-testid="objection-title">
          {o.caseTitle(obj.id)}
        </h1>
        <span data-testid="objection-state">
          <ObjectionStateTag state={obj.state} lang={lang} />
        </span>
        <Button onClick={reload}>{w.refresh}</Button>
      </div>
      {conflict && (
        <div role="alert" data-testid="conflict">
          <Alert type="warning" showIcon title={w.conflict} action={<Button onClick={reload}>{w.refresh}</Button>} className="gap" />
        </div>
      )}
      <Decisions c={c} oa={oa} o={o} w={w} run={run} can={can} />

      <div className="case-grid">
        <Card title={<h2>{o.contested}</h2>} size="small">
          <Descriptions column={1} size="small">
            <Descriptions.Item label={o.application}>
              <a href={casePath(obj.applicationId)} onClick={followLink(casePath(obj.applicationId))} data-testid="objection-application">
                {o.openApplication(obj.applicationId)}
              </a>
            </Descriptions.Item>
            <Descriptions.Item label={o.channel}>{w.channel[obj.channel]}</Descriptions.Item>
            <Descriptions.Item label={o.filedByKind}>{w.actor[obj.filedByKind as Actor] ?? obj.filedByKind}</Descriptions.Item>
            <Descriptions.Item label={o.indicators}>
              <span data-testid="objection-indicators">{obj.indicators.map(indicatorName).join('、')}</span>
            </Descriptions.Item>
            <Descriptions.Item label={o.reason}>
              <span data-testid="objection-reason">{obj.reason}</span>
            </Descriptions.Item>
            <Descriptions.Item label={o.publishedOn}>
              <span className="mono">{obj.publishedOn}</span>
            </Descriptions.Item>
            {obj.reviewReason !== null && (
              <Descriptions.Item label={o.reviewReason}>
                <span data-testid="review-reason">{obj.reviewReason}</span>
              </Descriptions.Item>
            )}
          </Descriptions>
        </Card>
        <Card title={<h2>{o.deadlines}</h2>} size="small">
          <Descriptions column={1} size="small">
            <Descriptions.Item label={o.filedOn}>
              <span className="mono">{obj.filedOn}</span>
            </Descriptions.Item>
            <Descriptions.Item label={o.districtDeadline}>
              <Dated day={obj.districtDeadline} provisional={obj.districtDeadlineProvisional} o={o} testId="district-deadline" />
            </Descriptions.Item>
            <Descriptions.Item label={o.decidedOn}>
              <Dated day={obj.decidedOn} provisional={false} o={o} />
            </Descriptions.Item>
            {obj.decisionReason !== null && <Descriptions.Item label={o.decisionReason}>{obj.decisionReason}</Descriptions.Item>}
            {obj.reviewRequestedOn !== null && (
              <>
                <Descriptions.Item label={o.reviewRequestedOn}>
                  <Dated day={obj.reviewRequestedOn} provisional={false} o={o} />
                </Descriptions.Item>
                <Descriptions.Item label={o.reviewDeadline}>
                  <Dated day={obj.reviewDeadline} provisional={obj.reviewDeadlineProvisional === true} o={o} testId="review-deadline" />
                </Descriptions.Item>
              </>
            )}
            {obj.reviewDecidedOn !== null && (
              <Descriptions.Item label={o.reviewDecidedOn}>
                <Dated day={obj.reviewDecidedOn} provisional={false} o={o} />
              </Descriptions.Item>
            )}
            {obj.reviewDecisionReason !== null && <Descriptions.Item label={o.reviewDecisionReason}>{obj.reviewDecisionReason}</Descriptions.Item>}
            <Descriptions.Item label={o.assignedTo}>
              <span data-testid="objection-assigned">{assigned}</span>{' '}
              {(can('assign') || can('assignReview')) && obj.assignedTo !== user.id && (
                <Button size="small" type="primary" data-testid="assign-me" onClick={() => void run(o.assignMe, () => oa.assign(obj.id, obj.version))}>
                  {o.assignMe}
                </Button>
              )}
            </Descriptions.Item>
          </Descriptions>
        </Card>
      </div>

      <Tasks c={c} oa={oa} o={o} w={w} t={t} run={run} canSend={can('sendTask')} canAnswer={can('answerTask')} />
      <Periods personId={obj.personId} objectionId={obj.id} oa={oa} o={o} run={run} canEnter={user.role === 'clerk' || user.role === 'district'} />
      <Determinations list={c.determinations} o={o} t={t} />
    </>
  );
}

function Decisions({ c, oa, o, w, run, can }: { c: ObjectionCase; oa: ObjectionApi; o: ObjectionStrings; w: WorkStrings; run: Run; can: (a: ReturnType<typeof availableObjectionActions>[number]) => boolean }) {
  const [asking, setAsking] = useState<Decision | null>(null);
  const obj = c.objection;
  const shown: Array<[Decision, string, boolean]> = [
    ['uphold', o.uphold, can('uphold')],
    ['reject', o.reject, can('reject')],
    ['review/uphold', o.reviewUphold, can('reviewUphold')],
    ['review/reject', o.reviewReject, can('reviewReject')],
  ];
  const open = shown.filter(([, , ok]) => ok);
  const label = (d: Decision): string => shown.find(([x]) => x === d)?.[1] ?? d;
  return (
    <section className="case-actions" aria-label={o.decision}>
      {open.length === 0 ? (
        <p className="hint">{o.noActions}</p>
      ) : (
        <Space wrap>
          {open.map(([d, text]) => (
            <Button key={d} type={d.endsWith('uphold') ? 'primary' : 'default'} danger={d.endsWith('reject')} onClick={() => setAsking(d)} data-testid={`decide-${d.replace('/', '-')}`}>
              {text}
            </Button>
          ))}
        </Space>
      )}
      <ReasonModal
        open={asking !== null}
        title={asking === null ? '' : o.reasonTitle[asking]}
        w={w}
        onCancel={() => setAsking(null)}
        onOk={async (reason) => {
          if (asking === null) return;
          const d = asking;
          if (await run(label(d), () => oa.decide(obj.id, d, reason, obj.version))) setAsking(null);
        }}
      />
    </section>
  );
}

function Tasks({ c, oa, o, w, t, run, canSend, canAnswer }: { c: ObjectionCase; oa: ObjectionApi; o: ObjectionStrings; w: WorkStrings; t: StaffStrings; run: Run; canSend: boolean; canAnswer: boolean }) {
  const [form] = Form.useForm<{ department: Department; question: string }>();
  const [answering, setAnswering] = useState<ObjectionTask | null>(null);
  const [answerForm] = Form.useForm<{ answer: string }>();
  const [busy, setBusy] = useState(false);
  const obj = c.objection;
  const columns: TableColumnsType<ObjectionTask> = [
    { title: o.department, key: 'department', render: (_: unknown, r) => o.departments[r.department] },
    { title: o.question, dataIndex: 'question' },
    { title: o.sentOn, dataIndex: 'sentOn', className: 'mono' },
    { title: o.dueOn, dataIndex: 'dueOn', className: 'mono' },
    {
      title: o.answer,
      key: 'answer',
      render: (_: unknown, r) =>
        r.answer !== null ? (
          <span data-testid="task-answer">
            {r.answer} <span className="hint mono">{r.answeredOn}</span>
          </span>
        ) : canAnswer ? (
          <Button size="small" onClick={() => setAnswering(r)} data-testid="record-answer">
            {o.recordAnswer}
          </Button>
        ) : (
          t.dash
        ),
    },
  ];
  return (
    <Card title={<h2>{o.tasks}</h2>} size="small" className="case-section" data-testid="objection-tasks">
      <Table<ObjectionTask> size="small" rowKey="id" columns={columns} dataSource={c.tasks} pagination={false} locale={{ emptyText: o.noTasks }} onRow={(r) => ({ 'data-task-id': r.id }) as HTMLAttributes<HTMLElement>} />
      {canSend && (
        <Form
          form={form}
          name="objection-task"
          layout="inline"
          className="upload-bar"
          initialValues={{ department: 'police' }}
          onFinish={(v) => {
            setBusy(true);
            void run(o.sendTask, () => oa.sendTask(obj.id, v.department, v.question.trim(), obj.version))
              .then((ok) => {
                if (ok) form.resetFields();
              })
              .finally(() => setBusy(false));
          }}
        >
          <Form.Item name="department" label={o.department}>
            <Select<Department> className="kind-select" data-testid="task-department" options={DEPARTMENTS.map((d) => ({ value: d, label: o.departments[d] }))} />
          </Form.Item>
          <Form.Item name="question" label={o.question} rules={[{ required: true, whitespace: true, message: o.questionRequired }]}>
            <Input.TextArea rows={2} maxLength={2000} className="wide-input" />
          </Form.Item>
          <Form.Item>
            <Button htmlType="submit" loading={busy} data-testid="send-task">
              {o.sendTask}
            </Button>
          </Form.Item>
        </Form>
      )}
      <Modal
        open={answering !== null}
        title={answering === null ? '' : o.answerTitle(o.departments[answering.department])}
        okText={w.confirm}
        cancelText={w.cancel}
        onCancel={() => setAnswering(null)}
        onOk={() => answerForm.submit()}
        destroyOnHidden
        forceRender
      >
        <Form
          form={answerForm}
          name="objection-answer"
          layout="vertical"
          onFinish={(v) => {
            if (answering === null) return;
            const task = answering;
            void run(o.recordAnswer, () => oa.answer(obj.id, task.id, v.answer.trim(), obj.version)).then((ok) => {
              if (ok) setAnswering(null);
            });
          }}
        >
          <Form.Item name="answer" label={o.answer} rules={[{ required: true, whitespace: true, message: o.answerRequired }]}>
            <Input.TextArea rows={4} maxLength={4000} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

function Periods({ personId, objectionId, oa, o, run, canEnter }: { personId: number; objectionId: number; oa: ObjectionApi; o: ObjectionStrings; run: Run; canEnter: boolean }) {
  const { load, reload } = useLoad(() => oa.periods(personId), [oa, personId]);
  const [form] = Form.useForm<{ from: string; to: string; source: EvidenceSource; note: string }>();
  const [busy, setBusy] = useState(false);
  const columns: TableColumnsType<EvidencePeriod> = [
    { title: o.from, dataIndex: 'from', className: 'mono' },
    { title: o.to, dataIndex: 'to', className: 'mono' },
    { title: o.source, key: 'source', render: (_: unknown, r) => o.sources[r.source] },
    { title: o.note, dataIndex: 'note' },
    { title: o.enteredBy, key: 'by', render: (_: unknown, r) => `${r.enteredBy} · ${chinaMinute(r.enteredAt)}` },
  ];
  const date = { pattern: /^\d{4}-\d{2}-\d{2}$/, message: o.dateFormat };
  return (
    <Card title={<h2>{o.periods}</h2>} size="small" className="case-section" data-testid="residence-periods">
      <p className="hint">{o.periodsHint}</p>
      {load.status === 'error' ? (
        <Alert type="warning" showIcon title={load.error.message} />
      ) : (
        <Table<EvidencePeriod> size="small" rowKey="periodId" columns={columns} dataSource={load.status === 'ok' ? load.value.periods : []} loading={load.status === 'loading'} pagination={false} locale={{ emptyText: o.noPeriods }} />
      )}
      {canEnter && (
        <Form
          form={form}
          name="residence-period"
          layout="inline"
          className="upload-bar"
          initialValues={{ source: 'handwritten_permit' }}
          onFinish={(v) => {
            setBusy(true);
            void run(o.addPeriod, () => oa.addPeriod(personId, { from: v.from.trim(), to: v.to.trim(), source: v.source, note: v.note.trim(), objectionId }))
              .then((ok) => {
                if (ok) {
                  form.resetFields();
                  reload();
                }
              })
              .finally(() => setBusy(false));
          }}
        >
          <Form.Item name="from" label={o.from} rules={[{ required: true, message: o.periodRequired }, date]}>
            <Input placeholder="YYYY-MM-DD" maxLength={10} className="date-input" />
          </Form.Item>
          <Form.Item name="to" label={o.to} rules={[{ required: true, message: o.periodRequired }, date]}>
            <Input placeholder="YYYY-MM-DD" maxLength={10} className="date-input" />
          </Form.Item>
          <Form.Item name="source" label={o.source}>
            <Select<EvidenceSource> className="kind-select" options={(['handwritten_permit', 'other_proof'] as const).map((s) => ({ value: s, label: o.sources[s] }))} />
          </Form.Item>
          <Form.Item name="note" label={o.note} rules={[{ required: true, whitespace: true, message: o.periodRequired }]}>
            <Input maxLength={1000} className="wide-input" />
          </Form.Item>
          <Form.Item>
            <Button htmlType="submit" loading={busy} data-testid="add-period">
              {o.addPeriod}
            </Button>
          </Form.Item>
        </Form>
      )}
    </Card>
  );
}

function Determinations({ list, o, t }: { list: Determination[]; o: ObjectionStrings; t: StaffStrings }) {
  const current = list.at(-1);
  const previous = list.length > 1 ? list.at(-2) : undefined;
  const columns: TableColumnsType<Determination> = [
    { title: o.colReasonKind, key: 'reason', render: (_: unknown, r) => o.detReason[r.reason] },
    { title: o.colDetermined, key: 'at', className: 'mono', render: (_: unknown, r) => chinaMinute(r.determinedAt) },
    { title: o.colTotal, key: 'total', className: 'num', render: (_: unknown, r) => <span data-testid="determination-total">{pointsText(r.totalH)}</span> },
    { title: o.colPolicy, dataIndex: 'policyVersion' },
  ];
  return (
    <Card title={<h2>{o.determinations}</h2>} size="small" className="case-section" data-testid="determinations">
      {previous !== undefined && current !== undefined && (
        <p className="total-change" data-testid="total-change">
          <strong>{o.totalChange(pointsText(previous.totalH), pointsText(current.totalH))}</strong>
        </p>
      )}
      <Table<Determination> size="small" rowKey="id" columns={columns} dataSource={list} pagination={false} locale={{ emptyText: t.dash }} />
    </Card>
  );
}
