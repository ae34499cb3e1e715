/**
 * 落户批次 (admin and city): the settlement rounds, newest first, and the form that creates one
 * (SettlementRoundForm.tsx, the same form that edits a draft on the round's page): name, application
 * window, the indicator cut-off, the rule, the announcement's working days and the move window, each
 * field error of the server shown beside its field.
 */
import { Alert, App as AntApp, Card, Table, Tag, type TableColumnsType } from 'antd';
import { useEffect, useMemo } from 'react';
import type { Lang } from '../i18n.ts';
import type { Api, StaffUser } from './api.ts';
import type { StaffStrings } from './i18n.ts';
import { useLoad } from './load.ts';
import { followLink, navigate, settlementRoundPath } from './route.ts';
import { settlementApi, type Round } from './settlement-api.ts';
import { EMPTY_ROUND, RoundForm } from './SettlementRoundForm.tsx';
import { pick, ROUND_STATE, ruleText } from './SettlementText.ts';

export function RoundStateTag({ state, lang }: { state: Round['state']; lang: Lang }) {
  const color = state === 'open' ? 'processing' : state === 'announced' ? 'warning' : state === 'final' ? 'success' : 'default';
  return (
    <Tag color={color} data-state={state} data-testid="round-state">
      {ROUND_STATE[state][lang === 'en' ? 1 : 0]}
    </Tag>
  );
}

export function SettlementRoundsPage({ api, t, lang, user }: { api: Api; t: StaffStrings; lang: Lang; user: StaffUser }) {
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
      {(user.role === 'admin' || user.role === 'city') && (
        <NewRound lang={lang} s={s} onCreated={(r) => {
          reload();
          navigate(settlementRoundPath(r.id));
        }} />
      )}
    </>
  );
}

function NewRound({ lang, s, onCreated }: { lang: Lang; s: ReturnType<typeof settlementApi>; onCreated: (r: Round) => void }) {
  const p = pick(lang);
  const { message } = AntApp.useApp();
  return (
    <Card title={<h2 className="card-heading">{p('新建落户批次', 'New round')}</h2>} style={{ marginTop: 16 }} data-testid="new-round">
      <RoundForm
        lang={lang}
        idPrefix="nr"
        initial={EMPTY_ROUND}
        submitLabel={p('创建批次', 'Create round')}
        errorTestId="new-round-error"
        save={(name, config) => s.createRound(name, config)}
        onSaved={(r) => {
          void message.success(p(`已创建落户批次“${r.name}”`, `Round “${r.name}” created`));
          onCreated(r);
        }}
      />
    </Card>
  );
}
