/**
 * One settlement round (落户批次): its configuration and state, the actions in the order the round
 * goes through them (开始受理, 截止受理, 排名, 公示, 发放准入通知书; only the next one is enabled), and
 * four tabs — the applications with their eligibility reasons and the police review (refer, record
 * the outcome; city and district officers), the ranking with the line marked (admin and city), the
 * .xlsx exports, and the statistics: counts, an ECharts bar chart of the 10-point bands with the
 * line, and the counts per district. Every change sends the version it was made on.
 */
import { Alert, App as AntApp, Button, Descriptions, Input, Space, Statistic, Table, Tabs, Tag, type TableColumnsType } from 'antd';
import { lazy, Suspense, useEffect, useMemo, useState, type HTMLAttributes } from 'react';
import type { Lang } from '../i18n.ts';
import type { Api, StaffUser } from './api.ts';
import { districtName, type StaffStrings } from './i18n.ts';
import { asApiError, useLoad } from './load.ts';
import { followLink, personPath, settlementPath } from './route.ts';
import { RoundStateTag } from './Settlement.tsx';
import { announcementPage, exportUrl, ROUND_ACTIONS, settlementApi, type RankingRow, type Round, type SettlementApi, type SettlementApplication } from './settlement-api.ts';
import { ACTION, lineText, pick, pointsOf, ruleText, SETTLEMENT_STATE } from './SettlementText.ts';

const PointsChart = lazy(() => import('./SettlementChart.tsx'));

type Tab = 'applications' | 'ranking' | 'statistics';

export function SettlementRoundPage({ id, api, t, lang, user }: { id: number; api: Api; t: StaffStrings; lang: Lang; user: StaffUser }) {
  const s = useMemo(() => settlementApi(api), [api]);
  const p = pick(lang);
  const { message } = AntApp.useApp();
  const { load, reload } = useLoad(() => s.round(id), [s, id]);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [tab, setTab] = useState<Tab>('applications');
  const [changes, setChanges] = useState(0);
  const seesRanking = user.role === 'admin' || user.role === 'city';

  useEffect(() => {
    if (load.status === 'ok') document.title = t.docTitle(load.value.name);
  }, [t, load]);

  if (load.status === 'loading') return <p role="status">{t.loading}</p>;
  if (load.status === 'error') return <Alert type="error" showIcon title={load.error.message} />;
  const r = load.value;

  const act = async (action: (typeof ROUND_ACTIONS)[number]['action']): Promise<void> => {
    setBusy(true);
    setProblem(null);
    try {
      const next = await s.act(r.id, action, r.version);
      void message.success(p(`已${ACTION[action][0]}`, `${ACTION[action][1]}: done`));
      if (next.state === 'ranked') setTab('ranking');
      reload();
      setChanges((n) => n + 1);
    } catch (e) {
      const err = asApiError(e);
      if (err.status !== 401) setProblem(err.message);
    } finally {
      setBusy(false);
    }
  };

  const c = r.config;
  return (
    <>
      <p>
        <a href={settlementPath} onClick={followLink(settlementPath)}>
          ← {p('落户批次', 'Settlement rounds')}
        </a>
      </p>
      <h1 className="page-title">
        {r.name} <RoundStateTag state={r.state} lang={lang} />
      </h1>
      <Descriptions size="small" bordered column={{ xs: 1, md: 2 }} data-testid="round-config">
        <Descriptions.Item label={p('申请期', 'Window')}>{`${c.window.opens} ~ ${c.window.closes}`}</Descriptions.Item>
        <Descriptions.Item label={p('积分截止日期', 'Cut-off')}>{r.cutOff}</Descriptions.Item>
        <Descriptions.Item label={p('准入规则', 'Rule')}>{ruleText(c.rule, lang)}</Descriptions.Item>
        <Descriptions.Item label={p('公示期', 'Announcement')}>
          {r.announcedFrom !== null ? `${r.announcedFrom} ~ ${r.announcedTo ?? ''}` : p(`${c.announcement.workingDays} 个工作日`, `${c.announcement.workingDays} working days`)}
          {r.announcedProvisional === true && <Tag className="gap-left">{p('日历未定,暂定', 'provisional')}</Tag>}
        </Descriptions.Item>
        <Descriptions.Item label={p('迁移落户期', 'Move window')}>{`${c.moveWindow.from} ~ ${c.moveWindow.to}`}</Descriptions.Item>
        <Descriptions.Item label={p('划线结果', 'Line')}>
          <span data-testid="round-line">{lineText(r.line, lang)}</span>
        </Descriptions.Item>
      </Descriptions>
      {seesRanking && (
        <Space wrap style={{ marginTop: 12 }} data-testid="round-actions">
          {ROUND_ACTIONS.map(({ action, from }) => (
            <Button key={action} type={r.state === from ? 'primary' : 'default'} disabled={r.state !== from && !(action === 'rank' && r.state === 'ranked')} loading={busy && r.state === from} onClick={() => void act(action)}>
              {action === 'rank' && r.state === 'ranked' ? p('重新排名', 'Rank again') : ACTION[action][lang === 'en' ? 1 : 0]}
            </Button>
          ))}
          {r.state === 'announced' && (
            <a href={announcementPage(r.id)} target="_blank" rel="noreferrer">
              {p('查看公示页面', 'Open the public announcement')}
            </a>
          )}
        </Space>
      )}
      {problem !== null && <Alert type="error" showIcon role="alert" data-testid="round-error" title={problem} style={{ marginTop: 12 }} />}
      <Tabs
        style={{ marginTop: 12 }}
        activeKey={tab}
        onChange={(k) => setTab(k as Tab)}
        items={[
          { key: 'applications', label: <span data-testid="tab-applications">{p('申请', 'Applications')}</span>, children: tab === 'applications' && <Applications s={s} round={r} lang={lang} user={user} changes={changes} /> },
          ...(seesRanking ? [{ key: 'ranking', label: <span data-testid="tab-ranking">{p('排名', 'Ranking')}</span>, children: tab === 'ranking' && <Ranking s={s} round={r} lang={lang} /> }] : []),
          { key: 'statistics', label: <span data-testid="tab-statistics">{p('统计', 'Statistics')}</span>, children: tab === 'statistics' && <Statistics s={s} round={r} lang={lang} t={t} /> },
        ]}
      />
    </>
  );
}

function Reasons({ a, lang }: { a: SettlementApplication; lang: Lang }) {
  if (a.eligibility.reasons.length === 0) return <span>{pick(lang)('符合条件', 'eligible')}</span>;
  return (
    <ul className="plain-list" data-testid="reasons">
      {a.eligibility.reasons.map((x) => (
        <li key={x.code}>{x.text[lang]}</li>
      ))}
    </ul>
  );
}

function Applications({ s, round, lang, user, changes }: { s: SettlementApi; round: Round; lang: Lang; user: StaffUser; changes: number }) {
  const p = pick(lang);
  const { message } = AntApp.useApp();
  const { load, reload } = useLoad(() => s.applications(round.id), [s, round.id, changes]);
  const [notes, setNotes] = useState<Record<number, string>>({});
  const [busy, setBusy] = useState<number | null>(null);
  const police = user.role === 'city' || user.role === 'district';
  const reviewing = round.state === 'open' || round.state === 'closed';

  const run = async (a: SettlementApplication, go: () => Promise<SettlementApplication>): Promise<void> => {
    setBusy(a.id);
    try {
      const next = await go();
      void message.success(p(`申请 ${a.id}:${SETTLEMENT_STATE[next.state][0]}`, `Application ${a.id}: ${SETTLEMENT_STATE[next.state][1]}`));
      reload();
    } catch (e) {
      const err = asApiError(e);
      if (err.status !== 401) void message.error(err.message);
    } finally {
      setBusy(null);
    }
  };

  const columns: TableColumnsType<SettlementApplication> = [
    { title: p('编号', 'No.'), dataIndex: 'id', className: 'mono' },
    {
      title: p('申请人', 'Applicant'),
      dataIndex: 'personId',
      render: (pid: number) => (
        <a href={personPath(pid)} onClick={followLink(personPath(pid))} className="mono">
          {p(`人员 ${pid}`, `person ${pid}`)}
        </a>
      ),
    },
    { title: p('截止日积分', 'Points at cut-off'), key: 'points', className: 'mono', render: (_: unknown, a) => pointsOf(a.pointsH) },
    { title: p('申请日', 'Filed on'), dataIndex: 'acceptedOn', className: 'mono' },
    { title: p('资格', 'Eligibility'), key: 'eligibility', render: (_: unknown, a) => <Reasons a={a} lang={lang} /> },
    { title: p('随迁人员', 'Moving along'), key: 'family', render: (_: unknown, a) => (a.family.length === 0 ? '—' : a.family.map((m) => `${m.relation === 'spouse' ? p('配偶', 'spouse') : p('子女', 'child')} ${m.name}`).join('、')) },
    {
      title: p('公安审核', 'Police review'),
      key: 'police',
      render: (_: unknown, a) => (
        <>
          {a.policeReviewOutcome === null ? (a.state === 'filed' ? p('未审核', 'not reviewed') : '—') : a.policeReviewOutcome === 'passed' ? <Tag color="success">{p('通过', 'passed')}</Tag> : <Tag color="error">{p('未通过', 'failed')}</Tag>}
          {a.policeReviewNote !== null && <span className="muted"> {a.policeReviewNote}</span>}
        </>
      ),
    },
    { title: p('状态', 'State'), key: 'state', render: (_: unknown, a) => <Tag data-state={a.state}>{SETTLEMENT_STATE[a.state][lang === 'en' ? 1 : 0]}</Tag> },
    ...(police && reviewing
      ? [
          {
            title: p('操作', 'Actions'),
            key: 'actions',
            render: (_: unknown, a: SettlementApplication) =>
              a.state === 'filed' || (a.state === 'police_review' && a.policeReviewOutcome === null) ? (
                <Space direction="vertical" size="small">
                  {a.state === 'filed' && (
                    <Button size="small" loading={busy === a.id} onClick={() => void run(a, () => s.refer(a.id, a.version))}>
                      {p('提交公安审核', 'Refer to the police')}
                    </Button>
                  )}
                  <Input size="small" aria-label={p(`申请 ${a.id} 审核意见`, `Note on application ${a.id}`)} placeholder={p('审核意见(不通过时必填)', 'Note (required when failed)')} value={notes[a.id] ?? ''} onChange={(e) => setNotes({ ...notes, [a.id]: e.target.value })} />
                  <Space>
                    <Button size="small" type="primary" loading={busy === a.id} onClick={() => void run(a, () => s.policeReview(a.id, 'passed', notes[a.id] ?? '', a.version))}>
                      {p('审核通过', 'Passed')}
                    </Button>
                    <Button size="small" danger loading={busy === a.id} onClick={() => void run(a, () => s.policeReview(a.id, 'failed', notes[a.id] ?? '', a.version))}>
                      {p('审核不通过', 'Failed')}
                    </Button>
                  </Space>
                </Space>
              ) : null,
          },
        ]
      : []),
  ];

  if (load.status === 'error') return <Alert type="error" showIcon title={load.error.message} />;
  return (
    <div data-testid="settlement-applications">
      {!police && reviewing && <p className="muted">{p('公安审核结果由市级或区级工作人员登记。', 'City and district officers record the police review.')}</p>}
      <Table<SettlementApplication>
        size="middle"
        rowKey="id"
        loading={load.status === 'loading'}
        columns={columns}
        dataSource={load.status === 'ok' ? load.value.applications : []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: p('还没有申请', 'No applications yet') }}
        onRow={(a) => ({ 'data-application-id': a.id }) as HTMLAttributes<HTMLElement>}
      />
    </div>
  );
}

function Ranking({ s, round, lang }: { s: SettlementApi; round: Round; lang: Lang }) {
  const p = pick(lang);
  const { load } = useLoad(() => s.ranking(round.id), [s, round.id, round.version]);
  const lastAdmitted = load.status === 'ok' ? (round.line?.admitted ?? 0) : 0;
  const columns: TableColumnsType<RankingRow> = [
    { title: p('序号', 'Position'), dataIndex: 'position', className: 'mono' },
    { title: p('名次', 'Rank'), dataIndex: 'rank', className: 'mono' },
    { title: p('姓名', 'Name'), dataIndex: 'name', render: (n: string) => <span lang="zh-CN">{n}</span> },
    { title: p('身份证号', 'ID number'), dataIndex: 'idNumber', className: 'mono' },
    { title: p('所在区', 'District'), key: 'district', render: (_: unknown, a) => districtName(a.district, lang) },
    { title: p('积分', 'Points'), key: 'points', className: 'mono', render: (_: unknown, a) => pointsOf(a.pointsH) },
    { title: p('居住登记月数', 'Residence months'), dataIndex: 'residenceMonths', className: 'mono' },
    { title: p('社保积分', 'Social insurance'), key: 'si', className: 'mono', render: (_: unknown, a) => pointsOf(a.socialInsuranceH) },
    { title: p('基础积分', 'Basic'), key: 'basic', className: 'mono', render: (_: unknown, a) => pointsOf(a.basicH) },
    {
      title: p('结果', 'Outcome'),
      key: 'state',
      render: (_: unknown, a) => (
        <>
          <Tag color={a.state === 'not_admitted' ? 'default' : 'success'}>{SETTLEMENT_STATE[a.state][lang === 'en' ? 1 : 0]}</Tag>
          {a.position === lastAdmitted && <Tag color="red" data-testid="line-marker">{p('分数线', 'line')}</Tag>}
        </>
      ),
    },
  ];
  return (
    <div data-testid="ranking">
      <Alert type="info" showIcon title={<span data-testid="ranking-line">{lineText(round.line, lang)}</span>} className="gap" />
      <Space className="gap">
        <Button href={exportUrl(round.id, 'ranking')} download data-testid="export-ranking">
          {p('导出排名(Excel)', 'Export the ranking (Excel)')}
        </Button>
        {(round.state === 'announced' || round.state === 'final') && (
          <Button href={exportUrl(round.id, 'announcement')} download data-testid="export-announcement">
            {p('导出公示名单(Excel)', 'Export the announcement list (Excel)')}
          </Button>
        )}
      </Space>
      {load.status === 'error' ? (
        <Alert type="error" showIcon title={load.error.message} />
      ) : (
        <Table<RankingRow>
          size="middle"
          rowKey="id"
          loading={load.status === 'loading'}
          columns={columns}
          dataSource={load.status === 'ok' ? load.value.ranking : []}
          rowClassName={(a) => (a.position === lastAdmitted ? 'at-line' : a.position !== null && a.position < lastAdmitted ? 'above-line' : 'below-line')}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          locale={{ emptyText: p('尚未排名', 'Not ranked yet') }}
          onRow={(a) => ({ 'data-position': a.position }) as HTMLAttributes<HTMLElement>}
        />
      )}
    </div>
  );
}

function Statistics({ s, round, lang, t }: { s: SettlementApi; round: Round; lang: Lang; t: StaffStrings }) {
  const p = pick(lang);
  const { load } = useLoad(() => s.statistics(round.id), [s, round.id, round.version]);
  const words = useMemo(() => ({ admitted: p('准入', 'admitted'), others: p('其他', 'others'), line: p('分数线', 'line'), points: p('积分(分)', 'points'), people: p('人数', 'people') }), [p]);
  if (load.status === 'loading') return <p role="status">{t.loading}</p>;
  if (load.status === 'error') return <Alert type="error" showIcon title={load.error.message} />;
  const st = load.value;
  return (
    <div data-testid="statistics">
      <Space size="large" wrap>
        <Statistic title={p('申请', 'Applications')} value={st.applications} />
        <Statistic title={p('符合条件', 'Eligible')} value={st.eligible} />
        <Statistic title={p('准入', 'Admitted')} value={st.admitted} />
        <Statistic title={p('分数线', 'Line')} value={st.line?.total == null ? '—' : pointsOf(st.line.total)} />
      </Space>
      <h2 className="section-title">{p('积分分布(每10分一档)', 'Points distribution (10-point bands)')}</h2>
      <Suspense fallback={<p role="status">{t.loading}</p>}>
        <PointsChart stats={st} words={words} />
      </Suspense>
      <h2 className="section-title">{p('各区', 'Per district')}</h2>
      <Table
        size="small"
        rowKey="district"
        data-testid="by-district"
        pagination={false}
        dataSource={st.byDistrict}
        columns={[
          { title: p('区', 'District'), key: 'district', render: (_: unknown, d: RoundStatisticsRow) => districtName(d.district === '' ? null : d.district, lang) },
          { title: p('申请', 'Applications'), dataIndex: 'applications' },
          { title: p('准入', 'Admitted'), dataIndex: 'admitted' },
        ]}
      />
    </div>
  );
}

type RoundStatisticsRow = { district: string; applications: number; admitted: number };
