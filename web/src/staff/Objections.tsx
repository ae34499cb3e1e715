/**
 * 异议核查 at /staff/objections: the deadline dashboard (ObjectionDashboard.tsx) and the list of
 * objections by state (the open ones by default), oldest filed first, each opening its case page.
 * District officers see their district only (the server scopes it); the city sees all.
 */
import { Button, Select, Table, Tabs, Tag, type TableColumnsType } from 'antd';
import { useEffect, useMemo, useState, type HTMLAttributes, type MouseEvent } from 'react';
import { OBJECTION_STATE_NAMES, OBJECTION_STATES, type ObjectionState } from '../../../src/domain/objection.ts';
import type { Lang } from '../i18n.ts';
import type { Api, StaffUser } from './api.ts';
import { districtName, type StaffStrings } from './i18n.ts';
import { OBJECTION_STRINGS } from './i18n-objections.ts';
import type { WorkStrings } from './i18n-work.ts';
import { useLoad } from './load.ts';
import { idLink, ObjectionDashboard } from './ObjectionDashboard.tsx';
import { objectionApi, type Objection } from './objections-api.ts';
import { casePath, navigate, objectionPath } from './route.ts';

const STATE_COLOR: Record<ObjectionState, string> = {
  filed: 'processing',
  verifying: 'blue',
  upheld: 'success',
  rejected: 'default',
  review_requested: 'warning',
  review_upheld: 'success',
  review_rejected: 'default',
  withdrawn: 'default',
};

export function ObjectionStateTag({ state, lang }: { state: ObjectionState; lang: Lang }) {
  return (
    <Tag color={STATE_COLOR[state]} data-state={state}>
      {OBJECTION_STATE_NAMES[state][lang === 'en' ? 'en' : 'zh']}
    </Tag>
  );
}

export function ObjectionsPage({ api, t, w, lang, user }: { api: Api; t: StaffStrings; w: WorkStrings; lang: Lang; user: StaffUser }) {
  const o = OBJECTION_STRINGS[lang];
  const oa = useMemo(() => objectionApi(api), [api]);
  const [tab, setTab] = useState<'dashboard' | 'list'>('dashboard');
  useEffect(() => {
    document.title = t.docTitle(o.title);
  }, [t, o]);
  const scoped = user.role === 'clerk' || user.role === 'district';
  const area = scoped ? districtName(user.district, lang) : t.wholeCity;
  return (
    <>
      <h1 className="page-title">{o.title}</h1>
      <p className="muted">{o.intro(area)}</p>
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as 'dashboard' | 'list')}
        items={[
          { key: 'dashboard', label: <span data-testid="tab-dashboard">{o.tabDashboard}</span>, children: tab === 'dashboard' ? <ObjectionDashboard oa={oa} t={t} w={w} o={o} lang={lang} user={user} /> : null },
          { key: 'list', label: <span data-testid="tab-list">{o.tabList}</span>, children: tab === 'list' ? <ObjectionList oa={oa} t={t} w={w} lang={lang} /> : null },
        ]}
      />
    </>
  );
}

function ObjectionList({ oa, t, w, lang }: { oa: ReturnType<typeof objectionApi>; t: StaffStrings; w: WorkStrings; lang: Lang }) {
  const o = OBJECTION_STRINGS[lang];
  const [state, setState] = useState<ObjectionState | null>(null);
  const { load, reload } = useLoad(() => oa.list(state), [oa, state]);
  const columns: TableColumnsType<Objection> = [
    {
      title: o.colId,
      dataIndex: 'id',
      render: idLink(objectionPath),
    },
    {
      title: o.colApplication,
      dataIndex: 'applicationId',
      render: idLink(casePath),
    },
    { title: o.colDistrict, key: 'district', render: (_: unknown, r) => districtName(r.district ?? null, lang) },
    { title: o.colFiledOn, dataIndex: 'filedOn', className: 'mono' },
    { title: o.districtDeadline, dataIndex: 'districtDeadline', className: 'mono' },
    { title: o.reviewDeadline, key: 'review', className: 'mono', render: (_: unknown, r) => r.reviewDeadline ?? t.dash },
    { title: o.colState, key: 'state', render: (_: unknown, r) => <ObjectionStateTag state={r.state} lang={lang} /> },
  ];
  const open = (r: Objection) => (e: MouseEvent<HTMLElement>) => {
    if (e.defaultPrevented || (e.target as Element).closest('a') !== null) return;
    navigate(objectionPath(r.id));
  };
  return (
    <>
      <div className="list-bar">
        <label className="inline-field">
          <span>{o.stateFilter}</span>
          <Select<string>
            className="district-select"
            data-testid="objection-state-filter"
            value={state ?? ''}
            onChange={(v) => setState(v === '' ? null : (v as ObjectionState))}
            options={[{ value: '', label: o.openStates }, ...OBJECTION_STATES.map((s) => ({ value: s, label: OBJECTION_STATE_NAMES[s][lang === 'en' ? 'en' : 'zh'] }))]}
          />
        </label>
        <Button onClick={reload}>{w.refresh}</Button>
      </div>
      {load.status === 'error' ? (
        <div className="notice error" role="alert">
          <p>{load.error.message}</p>
          <Button onClick={reload}>{t.retry}</Button>
        </div>
      ) : (
        <Table<Objection>
          className="clickable"
          size="middle"
          rowKey="id"
          loading={load.status === 'loading'}
          columns={columns}
          dataSource={load.status === 'ok' ? load.value.objections : []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: o.noItems }}
          onRow={(r) => ({ onClick: open(r), 'data-objection-id': r.id }) as HTMLAttributes<HTMLElement>}
          data-testid="objection-list"
        />
      )}
    </>
  );
}
