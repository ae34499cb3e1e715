/**
 * One settlement round (落户批次): its configuration and state, the actions in the order the round
 * goes through them (开始受理, 截止受理, 排名, 公示, 发放准入通知书; only the next one is enabled), and
 * four tabs — the applications with their eligibility reasons and the police review (refer, record
 * the outcome; city and district officers), the ranking with the line marked (admin and city), the
 * .xlsx exports, and the statistics: counts, an ECharts bar chart of the 10-point bands with the
 * line, and the counts per district. While the round is a draft, 编辑 opens the form that created
 * it (SettlementRoundForm.tsx), prefilled; a save on a version changed meanwhile (409) is refused
 * and the round reloaded. Once the notices are out, city and district officers and clerks record a
 * completed move (登记落户) per admitted person, and the list counts the notices valid / moved /
 * forfeited. Every change sends the version it was made on.
 */
import { Alert, App as AntApp, Button, Descriptions, Form, Input, Modal, Space, Statistic, Table, Tabs, Tag, type TableColumnsType } from 'antd';
import { lazy, Suspense, useEffect, useMemo, useState, type HTMLAttributes } from 'react';
import { todayInChina } from '../../../src/rules/dates.ts';
import type { Lang } from '../i18n.ts';
import type { Api, StaffUser } from './api.ts';
import { districtName, type StaffStrings } from './i18n.ts';
import { asApiError, useLoad } from './load.ts';
import { followLink, personPath, settlementPath } from './route.ts';
import { RoundStateTag } from './Settlement.tsx';
import { announcementPage, exportUrl, noticePdfUrl, ROUND_ACTIONS, settlementApi, type AnnouncementIssues, type RankingRow, type Round, type SettlementApi, type SettlementApplication } from './settlement-api.ts';
import { draftOf, RoundForm } from './SettlementRoundForm.tsx';
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
  const [editing, setEditing] = useState(false);
  const seesRanking = user.role === 'admin' || user.role === 'city';
  const announced = load.status === 'ok' && load.value.state === 'announced';
  const issues = useLoad(() => (announced ? s.issues(id) : Promise.resolve(null)), [s, id, announced, changes]).load;
  const changedPoints = issues.status === 'ok' && issues.value !== null ? issues.value.changed.length : 0;

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
            <Button
              key={action}
              type={r.state === from || (action === 'rank' && changedPoints > 0) ? 'primary' : 'default'}
              disabled={r.state !== from && !(action === 'rank' && (r.state === 'ranked' || changedPoints > 0))}
              loading={busy && r.state === from}
              onClick={() => void act(action)}
            >
              {action === 'rank' && (r.state === 'ranked' || changedPoints > 0) ? p('重新排名', 'Rank again') : ACTION[action][lang === 'en' ? 1 : 0]}
            </Button>
          ))}
          {r.state === 'draft' && (
            <Button
              data-testid="edit-round-open"
              onClick={() => {
                setProblem(null);
                setEditing(true);
              }}
            >
              {p('编辑', 'Edit')}
            </Button>
          )}
          {r.state === 'announced' && (
            <a href={announcementPage(r.id)} target="_blank" rel="noreferrer">
              {p('查看公示页面', 'Open the public announcement')}
            </a>
          )}
        </Space>
      )}
      {issues.status === 'ok' && issues.value !== null && <IssuesAlert issues={issues.value} lang={lang} />}
      {problem !== null && <Alert type="error" showIcon role="alert" data-testid="round-error" title={problem} style={{ marginTop: 12 }} />}
      <Modal open={editing && r.state === 'draft'} title={p('编辑落户批次', 'Edit the round')} footer={null} width={640} mask={{ closable: false }} onCancel={() => setEditing(false)} destroyOnHidden>
        <div data-testid="edit-round">
          <RoundForm
            lang={lang}
            idPrefix="er"
            initial={draftOf(r)}
            submitLabel={p('保存修改', 'Save changes')}
            errorTestId="edit-round-error"
            save={(name, config) => s.updateRound(r.id, name, config, r.version)}
            onSaved={(next) => {
              void message.success(p(`已保存落户批次“${next.name}”`, `Round “${next.name}” saved`));
              setEditing(false);
              reload();
            }}
            onRefused={(err) => {
              // Changed meanwhile (another version, or no longer a draft): the page shows it as it is now.
              if (err.status !== 409) return false;
              setEditing(false);
              const why = err.code === 'CONFLICT' ? '' : `(${err.message})`;
              setProblem(p(`此落户批次已被他人修改或已不是草稿,未保存;已重新载入最新内容。${why}`, `This round was changed meanwhile or is no longer a draft; nothing was saved and it has been reloaded. ${why}`.trim()));
              reload();
              return true;
            }}
            onCancel={() => setEditing(false)}
          />
        </div>
      </Modal>
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

/**
 * What holds back the notices of an announced round: objections on listed people's points still open,
 * and points an upheld objection changed (the round must be ranked again and announced again).
 */
function IssuesAlert({ issues, lang }: { issues: AnnouncementIssues; lang: Lang }) {
  const p = pick(lang);
  if (issues.openObjections.length === 0 && issues.changed.length === 0) return null;
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="round-issues"
      style={{ marginTop: 12 }}
      title={p('公示期间的积分异议', 'Objections during the announcement')}
      description={
        <ul className="plain-list">
          {issues.openObjections.map((o) => (
            <li key={`o${o.objectionId}`}>{p(`申请 ${o.id}:积分异议 ${o.objectionId} 尚未办结,办结前不能发放准入通知书`, `Application ${o.id}: objection ${o.objectionId} is still open; no notices until it is decided`)}</li>
          ))}
          {issues.changed.map((c) => (
            <li key={`c${c.id}`}>
              {p(`申请 ${c.id}:积分经异议由 ${(c.fromH ?? 0) / 100} 分变为 ${c.toH / 100} 分,须重新排名并重新公示`, `Application ${c.id}: points changed from ${(c.fromH ?? 0) / 100} to ${c.toH / 100} after an objection; rank again and announce again`)}
            </li>
          ))}
        </ul>
      }
    />
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
  const [moving, setMoving] = useState<SettlementApplication | null>(null);
  const police = user.role === 'city' || user.role === 'district';
  const reviewing = round.state === 'open' || round.state === 'closed';
  // recordMove: city, district and clerk accounts (districts and clerks their own district's people).
  const recordsMoves = (user.role === 'city' || user.role === 'district' || user.role === 'clerk') && round.state === 'final';
  const ownDistrict = user.role === 'district' || user.role === 'clerk';

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
    ...(recordsMoves
      ? [
          {
            title: p('迁移落户', 'Move'),
            key: 'move',
            render: (_: unknown, a: SettlementApplication) =>
              a.state === 'notice_issued' ? (
                <Space size="small">
                  <Button size="small" onClick={() => setMoving(a)}>
                    {p('登记落户', 'Record the move')}
                  </Button>
                  <a href={noticePdfUrl(a.id)} download data-testid="notice-pdf">
                    {p('打印通知书(PDF)', 'Print the notice (PDF)')}
                  </a>
                </Space>
              ) : a.state === 'moved' && a.movedOn !== null ? (
                <span className="mono" data-testid="moved-on">
                  {a.movedOn}
                </span>
              ) : null,
          },
        ]
      : []),
  ];

  if (load.status === 'error') return <Alert type="error" showIcon title={load.error.message} />;
  const list = load.status === 'ok' ? load.value.applications : [];
  return (
    <div data-testid="settlement-applications">
      <Space className="gap">
        <Button href={exportUrl(round.id, 'applications')} download data-testid="export-applications">
          {p(ownDistrict ? '导出本区申请(Excel)' : '导出申请(Excel)', ownDistrict ? "Export my district's applications (Excel)" : 'Export the applications (Excel)')}
        </Button>
      </Space>
      {!police && reviewing && <p className="muted">{p('公安审核结果由市级或区级工作人员登记。', 'City and district officers record the police review.')}</p>}
      {round.state === 'final' && load.status === 'ok' && <NoticeCounts list={list} lang={lang} ownDistrict={ownDistrict} />}
      {!recordsMoves && round.state === 'final' && <p className="muted">{p('迁移落户由市级、区级工作人员或受理窗口登记。', 'City and district officers and clerks record the moves.')}</p>}
      <Table<SettlementApplication>
        size="middle"
        rowKey="id"
        loading={load.status === 'loading'}
        columns={columns}
        dataSource={list}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: p('还没有申请', 'No applications yet') }}
        onRow={(a) => ({ 'data-application-id': a.id }) as HTMLAttributes<HTMLElement>}
      />
      {moving !== null && (
        <MoveModal
          // The row as last loaded: after a conflict the list is reloaded and the next save uses its version.
          a={list.find((x) => x.id === moving.id) ?? moving}
          round={round}
          s={s}
          lang={lang}
          onClose={() => setMoving(null)}
          onMoved={(next) => {
            setMoving(null);
            void message.success(p(`申请 ${next.id}:${SETTLEMENT_STATE[next.state][0]}`, `Application ${next.id}: ${SETTLEMENT_STATE[next.state][1]}`));
            reload();
          }}
          onStale={reload}
        />
      )}
    </div>
  );
}

/** The notices of a final round as the list has them: still valid, moved, forfeited. */
function NoticeCounts({ list, lang, ownDistrict }: { list: readonly SettlementApplication[]; lang: Lang; ownDistrict: boolean }) {
  const p = pick(lang);
  const count = (state: SettlementApplication['state']): number => list.filter((a) => a.state === state).length;
  return (
    <div className="gap" data-testid="notice-counts">
      <h2 className="section-title">{ownDistrict ? p('准入通知书(本区)', 'Admission notices (your district)') : p('准入通知书', 'Admission notices')}</h2>
      <Space size="large" wrap>
        {(
          [
            ['notice_issued', 'notices-valid', p('有效(待落户)', 'Valid (not yet moved)')],
            ['moved', 'notices-moved', p('已落户', 'Moved')],
            ['forfeited', 'notices-forfeited', p('逾期视作放弃', 'Forfeited')],
          ] as const
        ).map(([state, id, title]) => (
          <div key={state} data-testid={id} data-count={count(state)}>
            <Statistic title={title} value={count(state)} />
          </div>
        ))}
      </Space>
    </div>
  );
}

/**
 * 登记落户: the day the admitted person completed the move, today unless told otherwise; the server
 * holds it to the move window. Its refusal is shown here, beside the date when it names the date.
 */
function MoveModal({ a, round, s, lang, onClose, onMoved, onStale }: { a: SettlementApplication; round: Round; s: SettlementApi; lang: Lang; onClose: () => void; onMoved: (next: SettlementApplication) => void; onStale: () => void }) {
  const p = pick(lang);
  const w = round.config.moveWindow;
  const [day, setDay] = useState(() => todayInChina());
  const [dayError, setDayError] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (): Promise<void> => {
    if (busy) return;
    setBusy(true);
    setDayError(null);
    setProblem(null);
    try {
      onMoved(await s.recordMove(a.id, day.trim(), a.version));
    } catch (e) {
      const err = asApiError(e);
      if (err.status === 401) return;
      const onDay = err.fields.filter((f) => f.path === 'movedOn');
      if (onDay.length > 0) {
        // The API's field message is in English; the same two checks say it in the page's language.
        const d = day.trim();
        setDayError(
          !/^\d{4}-\d{2}-\d{2}$/.test(d)
            ? p('请填写有效日期(YYYY-MM-DD)', onDay[0]!.message)
            : d < w.from || d > w.to
              ? p(`落户日期须在迁移落户期 ${w.from} 至 ${w.to} 之内`, onDay[0]!.message)
              : onDay.map((f) => f.message).join('; '),
        );
      } else {
        setProblem(err.message);
        if (err.status === 409) onStale();
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={p(`登记落户:申请 ${a.id}`, `Record the move: application ${a.id}`)}
      okText={p('保存', 'Save')}
      cancelText={p('取消', 'Cancel')}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={onClose}
      mask={{ closable: false }}
      destroyOnHidden
    >
      <div data-testid="move-modal">
        <p>
          {p(`准入通知书 ${a.noticeNo ?? ''},迁移落户期 ${w.from} 至 ${w.to}。`, `Admission notice ${a.noticeNo ?? ''}; move window ${w.from} to ${w.to}.`)}
        </p>
        <Form layout="vertical" component="div">
          <Form.Item label={p('落户日期', 'Moved on')} htmlFor="move-date" validateStatus={dayError !== null ? 'error' : undefined} help={dayError !== null ? <span role="alert" data-testid="move-date-error">{dayError}</span> : undefined} extra={dayError === null ? p('办理迁移落户手续的日期,默认今天', 'The day the move was completed; today unless changed') : undefined}>
            <Input id="move-date" type="date" className="mono" value={day} onChange={(e) => setDay(e.target.value)} onPressEnter={() => void submit()} />
          </Form.Item>
        </Form>
        {problem !== null && <Alert type="error" showIcon role="alert" data-testid="move-error" title={problem} />}
      </div>
    </Modal>
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
          {a.position === lastAdmitted && <Tag color="error" data-testid="line-marker">{p('分数线', 'line')}</Tag>}
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
