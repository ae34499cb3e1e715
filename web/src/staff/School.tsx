/**
 * 入学批次 (积分入学, issue 6; admin and city): the school rounds and the form that creates one (name,
 * application window, the day ages are taken on, the 31 August proof day for pre-registered
 * children, the districts taking part with each one's least points and rule for pre-registered
 * children), and one round: its configuration, its schools with their
 * seats per district (added while draft or open), the actions in order (开始受理, 截止受理, 分配学位;
 * only the next is enabled, allocating again is allowed), and after the allocation the results per
 * school — the children placed in order with the lowest points placed — the children not placed
 * with the reason, and the .xlsx export. Once it opens, the round's applications with the other
 * parent's status and 核验亲子关系 (web/src/staff/SchoolApplications.tsx), for clerks and district
 * officers too (their district's). Every change sends the version it was made on; the server
 * checks everything and its field errors are shown as it names them.
 */
import { Alert, App as AntApp, Button, Card, Descriptions, Form, Input, InputNumber, Select, Space, Table, Tag, type TableColumnsType } from 'antd';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { DISTRICTS, type Lang } from '../i18n.ts';
import type { Api, StaffRole, StaffUser } from './api.ts';
import { districtName, type StaffStrings } from './i18n.ts';
import { asApiError, useLoad } from './load.ts';
import { followLink, navigate, schoolPath, schoolRoundPath } from './route.ts';
import type { PreRegisteredRule } from '../../../src/domain/school-allocation.ts';
import { SCHOOL_ACTIONS, schoolApi, schoolResultsUrl, type DistrictRules, type SchoolAction, type SchoolApi, type SchoolResults, type SchoolRound, type SchoolRoundConfig, type StaffSchoolApplication } from './school-api.ts';
import { APPLICATION_STATE, OtherParentTag, SchoolApplications } from './SchoolApplications.tsx';
import { pick, pointsOf } from './SettlementText.ts';

const URBAN = DISTRICTS.filter((d) => d.group === 'urban');

const STATE: Record<SchoolRound['state'], [string, string]> = {
  draft: ['草稿', 'draft'],
  open: ['受理中', 'open'],
  closed: ['已截止', 'closed'],
  allocated: ['已分配', 'allocated'],
};
const ACTION: Record<SchoolAction, [string, string]> = {
  open: ['开始受理', 'Open'],
  close: ['截止受理', 'Close'],
  allocate: ['分配学位', 'Allocate'],
  notify: ['短信通知家长', 'Text the parents'],
};

function StateTag({ state, lang }: { state: SchoolRound['state']; lang: Lang }) {
  return (
    <Tag color={state === 'open' ? 'processing' : state === 'allocated' ? 'success' : 'default'} data-state={state} data-testid="school-round-state">
      {STATE[state][lang === 'en' ? 1 : 0]}
    </Tag>
  );
}

/** Field errors of the API as one line per field, for an Alert. */
function fieldLines(fields: ReadonlyArray<{ path: string; message: string }>): ReactNode {
  if (fields.length === 0) return undefined;
  return (
    <ul className="plain-list" data-testid="field-errors">
      {fields.map((f) => (
        <li key={f.path}>
          <span className="mono">{f.path}</span>: {f.message}
        </li>
      ))}
    </ul>
  );
}

export function SchoolRoundsPage({ api, t, lang, user }: { api: Api; t: StaffStrings; lang: Lang; user: StaffUser }) {
  const s = useMemo(() => schoolApi(api), [api]);
  const p = pick(lang);
  const { load, reload } = useLoad(() => s.rounds(), [s]);
  useEffect(() => {
    document.title = t.docTitle(p('入学批次', 'School rounds'));
  }, [t, p]);

  const columns: TableColumnsType<SchoolRound> = [
    {
      title: p('批次', 'Round'),
      dataIndex: 'name',
      render: (name: string, r) => (
        <a href={schoolRoundPath(r.id)} onClick={followLink(schoolRoundPath(r.id))}>
          {name}
        </a>
      ),
    },
    { title: p('状态', 'State'), key: 'state', render: (_: unknown, r) => <StateTag state={r.state} lang={lang} /> },
    { title: p('申请期', 'Window'), key: 'window', className: 'mono', render: (_: unknown, r) => `${r.config.window.opens} ~ ${r.config.window.closes}` },
    { title: p('参加区县', 'Districts'), key: 'districts', render: (_: unknown, r) => r.config.districts.map((d) => districtName(d.district, lang)).join('、') },
    { title: p('学校', 'Schools'), key: 'schools', render: (_: unknown, r) => r.schools.length },
  ];

  return (
    <>
      <h1 className="page-title">{p('入学批次', 'School rounds')}</h1>
      <p className="muted">{p('积分入学的批次:设置学校和学位、受理、按积分分配学位。', 'Points-based school admission rounds: schools and seats, applications, allocation by points.')}</p>
      {load.status === 'error' ? (
        <Alert type="error" showIcon title={load.error.message} />
      ) : (
        <div data-testid="school-rounds">
          <Table<SchoolRound>
            size="middle"
            rowKey="id"
            loading={load.status === 'loading'}
            columns={columns}
            dataSource={load.status === 'ok' ? [...load.value.rounds].reverse() : []}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            locale={{ emptyText: p('还没有入学批次', 'No rounds yet') }}
          />
        </div>
      )}
      {(user.role === 'admin' || user.role === 'city') && (
        <NewSchoolRound
          lang={lang}
          s={s}
          onCreated={(r) => {
            reload();
            navigate(schoolRoundPath(r.id));
          }}
        />
      )}
    </>
  );
}

interface Draft {
  name: string;
  opens: string;
  closes: string;
  ageOn: string;
  proofBy: string;
  districts: string[];
  /** Per district: the least points (in points; empty: none) and the rule for pre-registered children. */
  rules: Record<string, { minimum: number | null; preRegistered: PreRegisteredRule }>;
}

const PRE_REGISTERED: Record<PreRegisteredRule, [string, string]> = {
  compete: ['与其他儿童一起按积分分配', 'allocated with the others by points'],
  after: ['在其他儿童之后分配', 'allocated after the others'],
  excluded: ['不参加本次分配', 'left out of this allocation'],
};

/** A district's rules in words: 西湖区(最低积分 100 分;预登记儿童在其他儿童之后分配). */
function districtRulesText(d: DistrictRules, lang: Lang): string {
  const p = pick(lang);
  const parts = [
    ...(d.minimumPoints ? [p(`最低积分 ${pointsOf(d.minimumPoints)} 分`, `at least ${pointsOf(d.minimumPoints)} points`)] : []),
    ...(d.preRegistered && d.preRegistered !== 'compete' ? [p(`预登记儿童${PRE_REGISTERED[d.preRegistered][0]}`, `pre-registered children ${PRE_REGISTERED[d.preRegistered][1]}`)] : []),
  ];
  return parts.length === 0 ? districtName(d.district, lang) : `${districtName(d.district, lang)}(${parts.join(p(';', '; '))})`;
}

function NewSchoolRound({ lang, s, onCreated }: { lang: Lang; s: SchoolApi; onCreated: (r: SchoolRound) => void }) {
  const p = pick(lang);
  const { message } = AntApp.useApp();
  const year = new Date().getFullYear();
  const empty: Draft = { name: '', opens: '', closes: '', ageOn: `${year}-08-31`, proofBy: `${year}-08-31`, districts: [], rules: {} };
  const [d, setD] = useState<Draft>(empty);
  const [problem, setProblem] = useState<{ message: string; fields: Array<{ path: string; message: string }> } | null>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]): void => setD((x) => ({ ...x, [k]: v }));

  const submit = async (): Promise<void> => {
    setBusy(true);
    setProblem(null);
    const config: SchoolRoundConfig = {
      window: { opens: d.opens.trim(), closes: d.closes.trim() },
      ageOn: d.ageOn.trim(),
      proofBy: d.proofBy.trim(),
      districts: d.districts.map((district) => {
        const rule = d.rules[district];
        return { district, ...(rule?.minimum ? { minimumPoints: Math.round(rule.minimum * 100) } : {}), ...(rule ? { preRegistered: rule.preRegistered } : {}) };
      }),
    };
    try {
      const r = await s.createRound(d.name.trim(), config);
      void message.success(p(`已创建入学批次“${r.name}”`, `Round “${r.name}” created`));
      setD(empty);
      onCreated(r);
    } catch (e) {
      const err = asApiError(e);
      if (err.status !== 401) setProblem({ message: err.message, fields: err.fields });
    } finally {
      setBusy(false);
    }
  };

  const date = (k: 'opens' | 'closes' | 'ageOn' | 'proofBy', label: string, extra?: string) => (
    <Form.Item label={label} htmlFor={`ns-${k}`} extra={extra}>
      <Input id={`ns-${k}`} className="mono" maxLength={10} placeholder="YYYY-MM-DD" value={d[k]} onChange={(e) => set(k, e.target.value)} />
    </Form.Item>
  );

  return (
    <Card title={<h2 className="card-heading">{p('新建入学批次', 'New school round')}</h2>} style={{ marginTop: 16 }} data-testid="new-school-round">
      <Form layout="vertical" onFinish={() => void submit()} className="round-form">
        <Form.Item label={p('批次名称', 'Name')} htmlFor="ns-name">
          <Input id="ns-name" maxLength={100} value={d.name} onChange={(e) => set('name', e.target.value)} />
        </Form.Item>
        {date('opens', p('申请开始日期', 'Window opens'))}
        {date('closes', p('申请截止日期', 'Window closes'))}
        {date('ageOn', p('年龄计算日', 'Ages taken on'), p('此日已满16周岁的儿童不能申请', 'Children 16 or older on this day cannot apply'))}
        {date('proofBy', p('预登记居住证取得截止日', 'Pre-registered: permit by'), p('预登记儿童的父母须在此日前取得居住证', 'Parents of pre-registered children must hold the permit by this day'))}
        <Form.Item label={p('参加区县', 'Districts taking part')} htmlFor="ns-districts">
          <Select
            id="ns-districts"
            mode="multiple"
            value={d.districts}
            onChange={(v: string[]) => set('districts', v)}
            options={URBAN.map((x) => ({ value: x.code, label: lang === 'en' ? x.en : x.zh }))}
            placeholder={p('选择区县', 'Choose districts')}
          />
        </Form.Item>
        {d.districts.map((code) => {
          const rule = d.rules[code] ?? { minimum: null, preRegistered: 'compete' as const };
          const setRule = (next: Partial<typeof rule>): void => set('rules', { ...d.rules, [code]: { ...rule, ...next } });
          const name = districtName(code, lang);
          return (
            <Space key={code} wrap align="end" data-testid="district-rules">
              <Form.Item label={p(`${name}最低积分(分)`, `${name}: least points`)} htmlFor={`ns-min-${code}`} extra={p('不填:不设最低积分', 'Empty: none')}>
                <InputNumber id={`ns-min-${code}`} min={0} step={1} value={rule.minimum} onChange={(v) => setRule({ minimum: v })} />
              </Form.Item>
              <Form.Item label={p(`${name}预登记儿童`, `${name}: pre-registered children`)} htmlFor={`ns-pre-${code}`}>
                <Select
                  id={`ns-pre-${code}`}
                  style={{ minWidth: 220 }}
                  value={rule.preRegistered}
                  onChange={(v: PreRegisteredRule) => setRule({ preRegistered: v })}
                  options={(Object.keys(PRE_REGISTERED) as PreRegisteredRule[]).map((k) => ({ value: k, label: PRE_REGISTERED[k][lang === 'en' ? 1 : 0] }))}
                />
              </Form.Item>
            </Space>
          );
        })}
        {problem !== null && <Alert type="error" showIcon role="alert" data-testid="new-school-round-error" title={problem.message} description={fieldLines(problem.fields)} className="gap" />}
        <Button type="primary" htmlType="submit" loading={busy}>
          {p('创建批次', 'Create round')}
        </Button>
      </Form>
    </Card>
  );
}

/**
 * One round. `user` (when given) hides what only the administrator and the city may do from clerks and
 * district officers, who come here for the applications of their district.
 */
export function SchoolRoundPage({ id, api, t, lang, user }: { id: number; api: Api; t: StaffStrings; lang: Lang; user?: { role: StaffRole } }) {
  const s = useMemo(() => schoolApi(api), [api]);
  const p = pick(lang);
  const { message, modal } = AntApp.useApp();
  const { load, reload } = useLoad(() => s.round(id), [s, id]);
  // The round read again after a change to one of its applications, without leaving the page.
  const [fresh, setFresh] = useState<SchoolRound | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ message: string; fields: Array<{ path: string; message: string }> } | null>(null);

  useEffect(() => {
    if (load.status === 'ok') document.title = t.docTitle(load.value.name);
  }, [t, load]);

  if (load.status === 'loading') return <p role="status">{t.loading}</p>;
  if (load.status === 'error') return <Alert type="error" showIcon title={load.error.message} />;
  const r = fresh !== null && fresh.id === load.value.id && fresh.version > load.value.version ? fresh : load.value;
  const manages = user === undefined || user.role === 'admin' || user.role === 'city';
  const readAgain = (): void => {
    s.round(r.id).then(setFresh, (e: unknown) => {
      const err = asApiError(e);
      if (err.status !== 401) setProblem({ message: err.message, fields: err.fields });
    });
  };

  const run = async (go: () => Promise<SchoolRound>, done: string): Promise<boolean> => {
    setBusy(true);
    setProblem(null);
    try {
      await go();
      void message.success(done);
      reload();
      return true;
    } catch (e) {
      const err = asApiError(e);
      if (err.status !== 401) setProblem({ message: err.message, fields: err.fields });
      return false;
    } finally {
      setBusy(false);
    }
  };

  const c = r.config;
  return (
    <>
      <p>
        <a href={schoolPath} onClick={followLink(schoolPath)}>
          ← {p('入学批次', 'School rounds')}
        </a>
      </p>
      <h1 className="page-title">
        {r.name} <StateTag state={r.state} lang={lang} />
      </h1>
      <Descriptions size="small" bordered column={{ xs: 1, md: 2 }} data-testid="school-round-config">
        <Descriptions.Item label={p('申请期', 'Window')}>{`${c.window.opens} ~ ${c.window.closes}`}</Descriptions.Item>
        <Descriptions.Item label={p('年龄计算日', 'Ages taken on')}>{c.ageOn}</Descriptions.Item>
        <Descriptions.Item label={p('预登记居住证取得截止日', 'Pre-registered: permit by')}>{c.proofBy}</Descriptions.Item>
        <Descriptions.Item label={p('参加区县', 'Districts')}>{c.districts.map((d) => districtRulesText(d, lang)).join('、')}</Descriptions.Item>
      </Descriptions>
      {manages && (
        <Space wrap style={{ marginTop: 12 }} data-testid="school-round-actions">
          {SCHOOL_ACTIONS.map(({ action, from }) => {
            // Once the parents have been told, neither allocating again nor telling again.
            const next = from.includes(r.state) && !((action === 'allocate' || action === 'notify') && r.resultsSentAt !== null);
            return (
              <Button
                key={action}
                type={next ? 'primary' : 'default'}
                disabled={!next}
                loading={busy && next}
                data-testid={`school-action-${action}`}
                onClick={() => {
                  const go = (): void => void run(() => s.act(r.id, action, r.version), p(`已${ACTION[action][0]}`, `${ACTION[action][1]}: done`));
                  if (action !== 'notify') return go();
                  modal.confirm({
                    title: p('短信通知家长', 'Text the parents'),
                    content: p('每位申请家长将收到子女的分配结果。通知后不能重新分配学位。', "Each applying parent is texted the child's outcome. The allocation cannot be run again afterwards."),
                    okText: p('发送', 'Send'),
                    cancelText: p('取消', 'Cancel'),
                    onOk: go,
                  });
                }}
              >
                {action === 'allocate' && r.state === 'allocated' ? p('重新分配', 'Allocate again') : ACTION[action][lang === 'en' ? 1 : 0]}
              </Button>
            );
          })}
          {r.resultsSentAt !== null && (
            <span className="hint" data-testid="results-sent">
              {p(`已于 ${r.resultsSentAt.slice(0, 10)} 短信通知家长,分配结果不再变更`, `Parents texted on ${r.resultsSentAt.slice(0, 10)}; the allocation is final`)}
            </span>
          )}
        </Space>
      )}
      {problem !== null && <Alert type="error" showIcon role="alert" data-testid="school-round-error" title={problem.message} description={fieldLines(problem.fields)} style={{ marginTop: 12 }} />}
      <h2 className="section-title">{p('学校与学位', 'Schools and seats')}</h2>
      <Table
        size="small"
        rowKey="id"
        data-testid="schools"
        pagination={false}
        dataSource={r.schools}
        locale={{ emptyText: p('还没有学校', 'No schools yet') }}
        columns={[
          { title: p('区县', 'District'), key: 'district', render: (_: unknown, x: SchoolRound['schools'][number]) => districtName(x.district, lang) },
          { title: p('学校', 'School'), dataIndex: 'name' },
          { title: p('学位数', 'Seats'), dataIndex: 'seats', className: 'mono' },
          { title: p('已录取', 'Placed'), key: 'filled', className: 'mono', render: (_: unknown, x: SchoolRound['schools'][number]) => x.filled ?? '—' },
          { title: p('最低录取积分', 'Lowest points placed'), key: 'line', className: 'mono', render: (_: unknown, x: SchoolRound['schools'][number]) => pointsOf(x.lowestPointsH) },
        ]}
      />
      {manages && (r.state === 'draft' || r.state === 'open') && <AddSchool round={r} lang={lang} onAdd={(x) => run(() => s.addSchools(r.id, [x], r.version), p(`已添加学校“${x.name}”`, `School “${x.name}” added`))} />}
      {r.state !== 'draft' && <SchoolApplications s={s} round={r} lang={lang} onChanged={readAgain} />}
      {r.state === 'allocated' && <Results s={s} round={r} lang={lang} t={t} />}
    </>
  );
}

function AddSchool({ round, lang, onAdd }: { round: SchoolRound; lang: Lang; onAdd: (x: { district: string; name: string; seats: number }) => Promise<boolean> }) {
  const p = pick(lang);
  const first = round.config.districts[0]?.district ?? '';
  const [district, setDistrict] = useState(first);
  const [name, setName] = useState('');
  const [seats, setSeats] = useState<number | null>(null);
  return (
    <Card size="small" title={p('添加学校', 'Add a school')} style={{ marginTop: 12 }} data-testid="add-school">
      <Form
        layout="inline"
        onFinish={() =>
          void onAdd({ district, name: name.trim(), seats: seats ?? -1 }).then((ok) => {
            if (ok) {
              setName('');
              setSeats(null);
            }
          })
        }
      >
        <Form.Item label={p('区县', 'District')} htmlFor="as-district">
          <Select id="as-district" style={{ minWidth: 120 }} value={district} onChange={(v: string) => setDistrict(v)} options={round.config.districts.map((d) => ({ value: d.district, label: districtName(d.district, lang) }))} />
        </Form.Item>
        <Form.Item label={p('学校名称', 'School name')} htmlFor="as-name">
          <Input id="as-name" maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
        </Form.Item>
        <Form.Item label={p('学位数', 'Seats')} htmlFor="as-seats">
          <InputNumber id="as-seats" min={0} step={1} precision={0} value={seats} onChange={(v) => setSeats(v)} />
        </Form.Item>
        <Button htmlType="submit">{p('添加', 'Add')}</Button>
      </Form>
    </Card>
  );
}

type Placed = SchoolResults['schools'][number]['children'][number];
type Unplaced = SchoolResults['unplaced'][number];

function Results({ s, round, lang, t }: { s: SchoolApi; round: SchoolRound; lang: Lang; t: StaffStrings }) {
  const p = pick(lang);
  const { load } = useLoad(() => s.results(round.id), [s, round.id, round.version]);
  // The other parent's part, from the round's applications (the results name children masked only).
  const { load: apps } = useLoad(() => s.applications(round.id), [s, round.id, round.version]);
  const byId = new Map<number, StaffSchoolApplication>(apps.status === 'ok' ? apps.value.applications.map((a) => [a.id, a]) : []);
  const otherParent = (id: number): ReactNode => {
    const a = byId.get(id);
    return a === undefined ? '—' : <OtherParentTag o={a.otherParent} lang={lang} />;
  };
  const placedColumns: TableColumnsType<Placed> = [
    { title: p('序号', 'Position'), dataIndex: 'position', className: 'mono' },
    { title: p('名次', 'Rank'), dataIndex: 'rank', className: 'mono' },
    { title: p('儿童', 'Child'), dataIndex: 'child', render: (n: string) => <span lang="zh-CN">{n}</span> },
    { title: p('积分', 'Points'), key: 'points', className: 'mono', render: (_: unknown, x) => x.points ?? '—' },
    { title: p('另一方父母', 'Other parent'), key: 'otherParent', render: (_: unknown, x) => otherParent(x.applicationId) },
    { title: p('志愿', 'Choice'), key: 'choice', className: 'mono', render: (_: unknown, x) => (x.choice === null ? '—' : p(`第${x.choice + 1}志愿`, `choice ${x.choice + 1}`)) },
    { title: p('备注', 'Note'), key: 'conditional', render: (_: unknown, x) => (x.conditional ? <Tag color="warning">{p('待8月31日前交居住证', 'permit due by 31 August')}</Tag> : null) },
  ];
  const unplacedColumns: TableColumnsType<Unplaced> = [
    { title: p('区县', 'District'), key: 'district', render: (_: unknown, x) => districtName(x.district, lang) },
    { title: p('儿童', 'Child'), dataIndex: 'child', render: (n: string) => <span lang="zh-CN">{n}</span> },
    { title: p('积分', 'Points'), key: 'points', className: 'mono', render: (_: unknown, x) => x.points ?? '—' },
    { title: p('另一方父母', 'Other parent'), key: 'otherParent', render: (_: unknown, x) => otherParent(x.applicationId) },
    { title: p('原因', 'Reason'), key: 'state', render: (_: unknown, x) => <Tag data-state={x.state}>{APPLICATION_STATE[x.state][lang === 'en' ? 1 : 0]}</Tag> },
  ];
  return (
    <div data-testid="school-results">
      <h2 className="section-title">{p('分配结果', 'Results')}</h2>
      <Button href={schoolResultsUrl(round.id)} download data-testid="export-school-results" className="gap">
        {p('导出分配结果(Excel)', 'Export the results (Excel)')}
      </Button>
      {load.status === 'error' && <Alert type="error" showIcon title={load.error.message} />}
      {load.status === 'loading' && <p role="status">{t.loading}</p>}
      {load.status === 'ok' && (
        <>
          {load.value.schools.map(({ school, children }) => (
            <Card
              key={school.id}
              size="small"
              style={{ marginTop: 12 }}
              data-testid="school-result"
              data-school-id={school.id}
              title={`${districtName(school.district, lang)} · ${school.name}`}
              extra={
                <span data-testid="school-line">
                  {p(`学位 ${school.seats},录取 ${school.filled ?? 0},最低录取积分 ${pointsOf(school.lowestPointsH)}`, `${school.seats} seats, ${school.filled ?? 0} placed, lowest points placed ${pointsOf(school.lowestPointsH)}`)}
                </span>
              }
            >
              <Table<Placed> size="small" rowKey="applicationId" pagination={false} columns={placedColumns} dataSource={children} locale={{ emptyText: p('无录取', 'Nobody placed') }} />
            </Card>
          ))}
          <h3 className="section-title">{p('未录取', 'Not placed')}</h3>
          <Table<Unplaced> size="small" rowKey="applicationId" data-testid="unplaced" pagination={false} columns={unplacedColumns} dataSource={load.value.unplaced} locale={{ emptyText: p('无', 'None') }} />
        </>
      )}
    </div>
  );
}
