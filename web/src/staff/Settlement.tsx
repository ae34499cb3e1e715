/**
 * 落户批次 (admin and city): the settlement rounds, newest first, and the form that creates one —
 * name, application window, the indicator cut-off (left empty: the default, the first day of the
 * month before the window opens, shown as the placeholder), the rule (a line, or a quota with the
 * rule for ties at the line), the announcement's working days and the move window. The server
 * checks the configuration; each of its field errors is shown beside its field (in the page's
 * language, from the same pure check of src/domain/settlement.ts).
 */
import { Alert, App as AntApp, Button, Card, Form, Input, InputNumber, Radio, Select, Table, Tag, type TableColumnsType } from 'antd';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { defaultCutOff, validateRound } from '../../../src/domain/settlement.ts';
import type { Lang } from '../i18n.ts';
import type { Api } from './api.ts';
import type { StaffStrings } from './i18n.ts';
import { asApiError, useLoad } from './load.ts';
import { followLink, navigate, settlementRoundPath } from './route.ts';
import { settlementApi, type Round, type RoundConfig } from './settlement-api.ts';
import { pick, ROUND_STATE, ruleText } from './SettlementText.ts';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function RoundStateTag({ state, lang }: { state: Round['state']; lang: Lang }) {
  const color = state === 'open' ? 'processing' : state === 'announced' ? 'warning' : state === 'final' ? 'success' : 'default';
  return (
    <Tag color={color} data-state={state} data-testid="round-state">
      {ROUND_STATE[state][lang === 'en' ? 1 : 0]}
    </Tag>
  );
}

export function SettlementRoundsPage({ api, t, lang }: { api: Api; t: StaffStrings; lang: Lang }) {
  const s = useMemo(() => settlementApi(api), [api]);
  const p = pick(lang);
  const { load, reload } = useLoad(() => s.rounds(), [s]);

  useEffect(() => {
    document.title = t.docTitle(p('落户批次', 'Settlement rounds'));
  }, [t, p]);

  const columns: TableColumnsType<Round> = [
    {
      title: p('批次', 'Round'),
      dataIndex: 'name',
      render: (name: string, r) => (
        <a href={settlementRoundPath(r.id)} onClick={followLink(settlementRoundPath(r.id))}>
          {name}
        </a>
      ),
    },
    { title: p('状态', 'State'), key: 'state', render: (_: unknown, r) => <RoundStateTag state={r.state} lang={lang} /> },
    { title: p('申请期', 'Window'), key: 'window', className: 'mono', render: (_: unknown, r) => `${r.config.window.opens} ~ ${r.config.window.closes}` },
    { title: p('积分截止日', 'Cut-off'), dataIndex: 'cutOff', className: 'mono' },
    { title: p('规则', 'Rule'), key: 'rule', render: (_: unknown, r) => ruleText(r.config.rule, lang) },
  ];

  return (
    <>
      <h1 className="page-title">{p('落户批次', 'Settlement rounds')}</h1>
      <p className="muted">{p('积分落户的申请批次:设置、受理、公安审核、排名、公示、发放准入通知书。', 'Points-based settlement rounds: configure, accept, police review, rank, announce, issue notices.')}</p>
      {load.status === 'error' ? (
        <Alert type="error" showIcon title={load.error.message} />
      ) : (
        <div data-testid="rounds">
          <Table<Round>
            size="middle"
            rowKey="id"
            loading={load.status === 'loading'}
            columns={columns}
            dataSource={load.status === 'ok' ? [...load.value.rounds].reverse() : []}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            locale={{ emptyText: p('还没有落户批次', 'No rounds yet') }}
          />
        </div>
      )}
      <NewRound lang={lang} s={s} onCreated={(r) => {
        reload();
        navigate(settlementRoundPath(r.id));
      }} />
    </>
  );
}

interface Draft {
  name: string;
  opens: string;
  closes: string;
  cutOff: string;
  kind: 'line' | 'quota';
  line: number | null;
  quota: number | null;
  tiesAtLine: 'admitAll' | 'admitNone';
  workingDays: number | null;
  moveFrom: string;
  moveTo: string;
}

const EMPTY: Draft = { name: '', opens: '', closes: '', cutOff: '', kind: 'line', line: 100, quota: null, tiesAtLine: 'admitAll', workingDays: 5, moveFrom: '', moveTo: '' };

/** The API's field paths, as the form names its fields. */
const FIELD_OF: Record<string, keyof Draft> = {
  name: 'name',
  'config.window.opens': 'opens',
  'config.window.closes': 'closes',
  'config.cutOff': 'cutOff',
  'config.rule.line': 'line',
  'config.rule.quota': 'quota',
  'config.rule.tiesAtLine': 'tiesAtLine',
  'config.rule.kind': 'kind',
  'config.announcement.workingDays': 'workingDays',
  'config.moveWindow.from': 'moveFrom',
  'config.moveWindow.to': 'moveTo',
};

function NewRound({ lang, s, onCreated }: { lang: Lang; s: ReturnType<typeof settlementApi>; onCreated: (r: Round) => void }) {
  const p = pick(lang);
  const { message } = AntApp.useApp();
  const [d, setD] = useState<Draft>(EMPTY);
  const [errors, setErrors] = useState<Partial<Record<keyof Draft, string>>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]): void => setD((x) => ({ ...x, [k]: v }));
  const fallbackCutOff = DAY.test(d.opens) ? defaultCutOff(d.opens) : null;

  const submit = async (): Promise<void> => {
    setBusy(true);
    setProblem(null);
    setErrors({});
    // Numbers left empty go as they are (NaN is not JSON): the server names the field.
    const config: RoundConfig = {
      window: { opens: d.opens.trim(), closes: d.closes.trim() },
      ...(d.cutOff.trim() !== '' ? { cutOff: d.cutOff.trim() } : {}),
      rule: d.kind === 'line' ? { kind: 'line', line: Math.round((d.line ?? 0) * 100) } : { kind: 'quota', quota: d.quota ?? 0, tiesAtLine: d.tiesAtLine },
      announcement: { workingDays: d.workingDays ?? 0 },
      moveWindow: { from: d.moveFrom.trim(), to: d.moveTo.trim() },
    };
    try {
      const r = await s.createRound(d.name.trim(), config);
      void message.success(p(`已创建落户批次“${r.name}”`, `Round “${r.name}” created`));
      setD(EMPTY);
      onCreated(r);
    } catch (e) {
      const err = asApiError(e);
      if (err.status === 401) return;
      // The API's field errors carry English messages; the same pure check names them in the page's language.
      const local = new Map(validateRound(config).map((x) => [`config.${x.path}`, x.text[lang]]));
      const next: Partial<Record<keyof Draft, string>> = {};
      for (const f of err.fields) {
        const k = FIELD_OF[f.path];
        const text = local.get(f.path) ?? f.message;
        if (k) next[k] = next[k] ? `${next[k]}; ${text}` : text;
      }
      setErrors(next);
      setProblem(err.message);
    } finally {
      setBusy(false);
    }
  };

  const item = (k: keyof Draft, label: string, input: ReactNode, extra?: string) => (
    <Form.Item label={label} htmlFor={`nr-${k}`} validateStatus={errors[k] ? 'error' : undefined} help={errors[k] ? <span data-testid={`error-${k}`}>{errors[k]}</span> : undefined} extra={extra}>
      {input}
    </Form.Item>
  );
  const date = (k: 'opens' | 'closes' | 'cutOff' | 'moveFrom' | 'moveTo', placeholder = 'YYYY-MM-DD') => (
    <Input id={`nr-${k}`} className="mono" maxLength={10} placeholder={placeholder} value={d[k]} onChange={(e) => set(k, e.target.value)} />
  );

  return (
    <Card title={<h2 className="card-heading">{p('新建落户批次', 'New round')}</h2>} style={{ marginTop: 16 }} data-testid="new-round">
      <Form layout="vertical" onFinish={() => void submit()} className="round-form">
        {item('name', p('批次名称', 'Name'), <Input id="nr-name" maxLength={100} value={d.name} onChange={(e) => set('name', e.target.value)} />)}
        {item('opens', p('申请开始日期', 'Window opens'), date('opens'))}
        {item('closes', p('申请截止日期', 'Window closes'), date('closes'))}
        {item(
          'cutOff',
          p('积分截止日期', 'Indicator cut-off'),
          date('cutOff', fallbackCutOff ?? 'YYYY-MM-DD'),
          fallbackCutOff === null
            ? p('不填:申请开始前一个月的1日', 'Empty: the first day of the month before the window opens')
            : p(`不填则为默认值 ${fallbackCutOff}(申请开始前一个月的1日)`, `Empty: the default ${fallbackCutOff} (the first day of the month before the window opens)`),
        )}
        <Form.Item label={p('准入规则', 'Rule')} validateStatus={errors.kind ? 'error' : undefined} help={errors.kind}>
          <Radio.Group value={d.kind} onChange={(e) => set('kind', e.target.value as Draft['kind'])}>
            <Radio value="line">{p('分数线(达到即准入)', 'A line (everyone at or above)')}</Radio>
            <Radio value="quota">{p('名额(按排名划线)', 'A quota (line drawn from the ranking)')}</Radio>
          </Radio.Group>
        </Form.Item>
        {d.kind === 'line' &&
          item('line', p('分数线(分)', 'Line (points)'), <InputNumber id="nr-line" min={0} step={1} value={d.line} onChange={(v) => set('line', v)} />)}
        {d.kind === 'quota' && (
          <>
            {item('quota', p('名额(人)', 'Quota (people)'), <InputNumber id="nr-quota" min={0} step={1} precision={0} value={d.quota} onChange={(v) => set('quota', v)} />)}
            {item(
              'tiesAtLine',
              p('线上并列', 'Ties at the line'),
              <Select
                id="nr-tiesAtLine"
                value={d.tiesAtLine}
                onChange={(v: Draft['tiesAtLine']) => set('tiesAtLine', v)}
                options={[
                  { value: 'admitAll', label: p('全部准入(可超出名额)', 'Admit all (may exceed the quota)') },
                  { value: 'admitNone', label: p('均不准入(不超出名额)', 'Admit none (stay under the quota)') },
                ]}
              />,
            )}
          </>
        )}
        {item('workingDays', p('公示期(工作日)', 'Announcement (working days)'), <InputNumber id="nr-workingDays" min={0} step={1} precision={0} value={d.workingDays} onChange={(v) => set('workingDays', v)} />)}
        {item('moveFrom', p('迁移落户开始日期', 'Move window from'), date('moveFrom'))}
        {item('moveTo', p('迁移落户截止日期', 'Move window to'), date('moveTo'))}
        {problem !== null && <Alert type="error" showIcon role="alert" data-testid="new-round-error" title={problem} className="gap" />}
        <Button type="primary" htmlType="submit" loading={busy}>
          {p('创建批次', 'Create round')}
        </Button>
      </Form>
    </Card>
  );
}
