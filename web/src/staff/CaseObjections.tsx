/**
 * The part of a case page (Case.tsx) about what happened to it: the application's objections, each
 * linking to its objection page with its state and deadline, and the case history as a timeline —
 * the audit events of the application and its objections (`GET /staff/applications/:id/history`,
 * without personal data), oldest first.
 */
import { App as AntApp, Button, Card, Checkbox, Form, Input, Modal, Tag, Timeline } from 'antd';
import { useMemo, useState } from 'react';
import { INDICATOR_ORDER, type Messages } from '../../../src/rules/index.ts';
import type { Lang } from '../i18n.ts';
import type { Api } from './api.ts';
import { HISTORY_ACTIONS, OBJECTION_STRINGS, type ObjectionStrings } from './i18n-objections.ts';
import { chinaMinute, type WorkStrings } from './i18n-work.ts';
import { asApiError, useLoad } from './load.ts';
import { ObjectionStateTag } from './Objections.tsx';
import { objectionApi, type HistoryEvent, type ObjectionApi } from './objections-api.ts';
import { followLink, navigate, objectionPath } from './route.ts';

/** "application.accept" → the detail's move, e.g. "submitted → accepted", when it has one. */
function move(e: HistoryEvent): string {
  const from = e.detail.from;
  const to = e.detail.to;
  if (typeof to !== 'string') return '';
  return `${typeof from === 'string' ? from : '—'} → ${to}`;
}

/**
 * `canFile`: the case is published and the officer works at a window or the district office, so an
 * objection brought to a window can be filed for the applicant (`POST /staff/objections`).
 */
export function CaseObjections({ api, id, lang, attempt, canFile, w, m }: { api: Api; id: number; lang: Lang; attempt: number; canFile: boolean; w: WorkStrings; m: Messages }) {
  const o = OBJECTION_STRINGS[lang];
  const oa = useMemo(() => objectionApi(api), [api]);
  const objections = useLoad(() => oa.ofApplication(id), [oa, id, attempt]).load;
  const [filing, setFiling] = useState(false);
  const history = useLoad(() => oa.history(id), [oa, id, attempt]).load;
  return (
    <>
      <Card title={<h2>{o.caseObjections}</h2>} size="small" className="case-section" data-testid="case-objections">
        {objections.status === 'error' ? (
          <p className="muted">{objections.error.message}</p>
        ) : objections.status === 'ok' && objections.value.objections.length === 0 ? (
          <p className="muted">{o.noCaseObjections}</p>
        ) : (
          <ul className="plain">
            {(objections.status === 'ok' ? objections.value.objections : []).map((x) => (
              <li key={x.id}>
                <a href={objectionPath(x.id)} onClick={followLink(objectionPath(x.id))} data-testid="case-objection-link">
                  {o.caseTitle(x.id)}
                </a>{' '}
                <ObjectionStateTag state={x.state} lang={lang} /> {o.filedOn} <span className="mono">{x.filedOn}</span> · {o.districtDeadline} <span className="mono">{x.districtDeadline}</span>
              </li>
            ))}
          </ul>
        )}
        {canFile && objections.status === 'ok' && objections.value.objections.every((x) => x.state === 'withdrawn') && (
          <Button onClick={() => setFiling(true)} data-testid="window-objection">
            {o.windowFile}
          </Button>
        )}
        <WindowFiling open={filing} id={id} oa={oa} o={o} w={w} m={m} onClose={() => setFiling(false)} />
      </Card>
      <Card title={<h2>{o.history}</h2>} size="small" className="case-section" data-testid="case-history">
        {history.status === 'error' ? (
          <p className="muted">
            {o.historyUnavailable}: {history.error.message}
          </p>
        ) : history.status === 'ok' && history.value.events.length === 0 ? (
          <p className="muted">{o.noHistory}</p>
        ) : (
          <Timeline
            items={(history.status === 'ok' ? history.value.events : []).map((e) => ({
              key: e.id,
              content: (
                <span data-testid="history-event" data-action={e.action}>
                  <span className="mono">{chinaMinute(e.at)}</span> <Tag>{HISTORY_ACTIONS[e.action]?.[lang === 'en' ? 1 : 0] ?? e.action}</Tag> {move(e)} <span className="hint">{e.actorName[lang === 'en' ? 'en' : 'zh-CN']}</span>
                  {typeof e.detail.reason === 'string' && <span className="hint"> · {e.detail.reason}</span>}
                </span>
              ),
            }))}
          />
        )}
      </Card>
    </>
  );
}

/** An objection brought to a window, filed for the applicant; on success its page opens. */
function WindowFiling({ open, id, oa, o, w, m, onClose }: { open: boolean; id: number; oa: ObjectionApi; o: ObjectionStrings; w: WorkStrings; m: Messages; onClose: () => void }) {
  const [form] = Form.useForm<{ indicators: string[]; reason: string }>();
  const [busy, setBusy] = useState(false);
  const { message } = AntApp.useApp();
  return (
    <Modal open={open} title={o.windowFile} okText={w.confirm} cancelText={w.cancel} confirmLoading={busy} onCancel={onClose} onOk={() => form.submit()} destroyOnHidden forceRender>
      <Form
        form={form}
        name="window-objection"
        layout="vertical"
        onFinish={(v) => {
          setBusy(true);
          oa.file(id, v.indicators, v.reason.trim())
            .then((x) => {
              onClose();
              navigate(objectionPath(x.id));
            })
            .catch((e: unknown) => {
              const err = asApiError(e);
              if (err.status !== 401) void message.error(err.message);
            })
            .finally(() => setBusy(false));
        }}
      >
        <Form.Item name="indicators" label={o.indicators} rules={[{ required: true, message: o.chooseIndicator }]}>
          <Checkbox.Group options={INDICATOR_ORDER.map((c) => ({ value: c, label: m.indicator[c] }))} />
        </Form.Item>
        <Form.Item name="reason" label={o.reason} rules={[{ required: true, whitespace: true, message: w.reasonRequired }]}>
          <Input.TextArea rows={4} maxLength={2000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
