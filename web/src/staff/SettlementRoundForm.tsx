/**
 * The form of a settlement round's configuration (落户批次), used to create a round (落户批次 page)
 * and to edit a draft (the round's page, prefilled): name, application window, the indicator
 * cut-off (left empty: the default, the first day of the month before the window opens, shown as the
 * placeholder), the rule (a line, or a quota with the rule for ties at the line), the announcement's
 * working days and the move window. The server checks the configuration; each of its field errors
 * is shown beside its field (in the page's language, from the same pure check of
 * src/domain/settlement.ts). A refusal the caller handles itself (a 409 on an edit) is passed to it.
 */
import { Alert, Button, Form, Input, InputNumber, Radio, Select, Space } from 'antd';
import { useState, type ReactNode } from 'react';
import { defaultCutOff, validateRound } from '../../../src/domain/settlement.ts';
import type { Lang } from '../i18n.ts';
import type { ApiError } from './api.ts';
import { asApiError } from './load.ts';
import type { Round, RoundConfig } from './settlement-api.ts';
import { pick } from './SettlementText.ts';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** What the form holds: dates as typed, the line in points. */
export interface RoundDraft {
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

export const EMPTY_ROUND: RoundDraft = { name: '', opens: '', closes: '', cutOff: '', kind: 'line', line: 100, quota: null, tiesAtLine: 'admitAll', workingDays: 5, moveFrom: '', moveTo: '' };

/** A round as the form shows it (an edit): the cut-off as configured (empty for the default), the line in points. */
export function draftOf(r: Pick<Round, 'name' | 'config'>): RoundDraft {
  const c = r.config;
  return {
    name: r.name,
    opens: c.window.opens,
    closes: c.window.closes,
    cutOff: c.cutOff ?? '',
    kind: c.rule.kind,
    line: c.rule.kind === 'line' ? c.rule.line / 100 : EMPTY_ROUND.line,
    quota: c.rule.kind === 'quota' ? c.rule.quota : null,
    tiesAtLine: c.rule.kind === 'quota' ? (c.rule.tiesAtLine ?? 'admitAll') : 'admitAll',
    workingDays: c.announcement.workingDays,
    moveFrom: c.moveWindow.from,
    moveTo: c.moveWindow.to,
  };
}

/** The configuration the form sends. Numbers left empty go as they are (NaN is not JSON): the server names the field. */
export function configOf(d: RoundDraft): RoundConfig {
  return {
    window: { opens: d.opens.trim(), closes: d.closes.trim() },
    ...(d.cutOff.trim() !== '' ? { cutOff: d.cutOff.trim() } : {}),
    rule: d.kind === 'line' ? { kind: 'line', line: Math.round((d.line ?? 0) * 100) } : { kind: 'quota', quota: d.quota ?? 0, tiesAtLine: d.tiesAtLine },
    announcement: { workingDays: d.workingDays ?? 0 },
    moveWindow: { from: d.moveFrom.trim(), to: d.moveTo.trim() },
  };
}

/** The API's field paths, as the form names its fields. */
const FIELD_OF: Record<string, keyof RoundDraft> = {
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

export interface RoundFormProps {
  lang: Lang;
  /** Prefix of the fields' ids (two forms never share one). */
  idPrefix: string;
  initial: RoundDraft;
  submitLabel: string;
  /** The test id of the form's error line. */
  errorTestId: string;
  save: (name: string, config: RoundConfig) => Promise<Round>;
  onSaved: (r: Round) => void;
  /** A refusal the caller deals with itself (true: handled, nothing shown in the form). */
  onRefused?: (err: ApiError) => boolean;
  onCancel?: () => void;
}

export function RoundForm({ lang, idPrefix, initial, submitLabel, errorTestId, save, onSaved, onRefused, onCancel }: RoundFormProps) {
  const p = pick(lang);
  const [d, setD] = useState<RoundDraft>(initial);
  const [errors, setErrors] = useState<Partial<Record<keyof RoundDraft, string>>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof RoundDraft>(k: K, v: RoundDraft[K]): void => setD((x) => ({ ...x, [k]: v }));
  const fallbackCutOff = DAY.test(d.opens) ? defaultCutOff(d.opens) : null;
  const id = (k: keyof RoundDraft): string => `${idPrefix}-${k}`;

  const submit = async (): Promise<void> => {
    setBusy(true);
    setProblem(null);
    setErrors({});
    const config = configOf(d);
    try {
      const r = await save(d.name.trim(), config);
      setD(initial);
      onSaved(r);
    } catch (e) {
      const err = asApiError(e);
      if (err.status === 401 || onRefused?.(err) === true) return;
      // The API's field errors carry English messages; the same pure check names them in the page's language.
      const local = new Map(validateRound(config).map((x) => [`config.${x.path}`, x.text[lang]]));
      const next: Partial<Record<keyof RoundDraft, string>> = {};
      for (const f of err.fields) {
        const k = FIELD_OF[f.path];
        const text = local.get(f.path) ?? (f.path === 'name' ? p('请填写批次名称', 'the name is required') : f.message);
        if (k) next[k] = next[k] ? `${next[k]}; ${text}` : text;
      }
      setErrors(next);
      setProblem(err.message);
    } finally {
      setBusy(false);
    }
  };

  const item = (k: keyof RoundDraft, label: string, input: ReactNode, extra?: string) => (
    <Form.Item label={label} htmlFor={id(k)} validateStatus={errors[k] ? 'error' : undefined} help={errors[k] ? <span data-testid={`error-${k}`}>{errors[k]}</span> : undefined} extra={extra}>
      {input}
    </Form.Item>
  );
  const date = (k: 'opens' | 'closes' | 'cutOff' | 'moveFrom' | 'moveTo', placeholder = 'YYYY-MM-DD') => (
    <Input id={id(k)} className="mono" maxLength={10} placeholder={placeholder} value={d[k]} onChange={(e) => set(k, e.target.value)} />
  );

  return (
    <Form layout="vertical" onFinish={() => void submit()} className="round-form">
      {item('name', p('批次名称', 'Name'), <Input id={id('name')} maxLength={100} value={d.name} onChange={(e) => set('name', e.target.value)} />)}
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
        <Radio.Group value={d.kind} onChange={(e) => set('kind', e.target.value as RoundDraft['kind'])}>
          <Radio value="line">{p('分数线(达到即准入)', 'A line (everyone at or above)')}</Radio>
          <Radio value="quota">{p('名额(按排名划线)', 'A quota (line drawn from the ranking)')}</Radio>
        </Radio.Group>
      </Form.Item>
      {d.kind === 'line' && item('line', p('分数线(分)', 'Line (points)'), <InputNumber id={id('line')} min={0} step={1} value={d.line} onChange={(v) => set('line', v)} />)}
      {d.kind === 'quota' && (
        <>
          {item('quota', p('名额(人)', 'Quota (people)'), <InputNumber id={id('quota')} min={0} step={1} precision={0} value={d.quota} onChange={(v) => set('quota', v)} />)}
          {item(
            'tiesAtLine',
            p('线上并列', 'Ties at the line'),
            <Select
              id={id('tiesAtLine')}
              value={d.tiesAtLine}
              onChange={(v: RoundDraft['tiesAtLine']) => set('tiesAtLine', v)}
              options={[
                { value: 'admitAll', label: p('全部准入(可超出名额)', 'Admit all (may exceed the quota)') },
                { value: 'admitNone', label: p('均不准入(不超出名额)', 'Admit none (stay under the quota)') },
              ]}
            />,
          )}
        </>
      )}
      {item('workingDays', p('公示期(工作日)', 'Announcement (working days)'), <InputNumber id={id('workingDays')} min={0} step={1} precision={0} value={d.workingDays} onChange={(v) => set('workingDays', v)} />)}
      {item('moveFrom', p('迁移落户开始日期', 'Move window from'), date('moveFrom'))}
      {item('moveTo', p('迁移落户截止日期', 'Move window to'), date('moveTo'))}
      {problem !== null && <Alert type="error" showIcon role="alert" data-testid={errorTestId} title={problem} className="gap" />}
      <Space>
        <Button type="primary" htmlType="submit" loading={busy}>
          {submitLabel}
        </Button>
        {onCancel && <Button onClick={onCancel}>{p('取消', 'Cancel')}</Button>}
      </Space>
    </Form>
  );
}
