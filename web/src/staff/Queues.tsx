/**
 * 工作台: the work queues, one tab per state (待受理, 审核中, 退回补正, 已核定, 已公布, 不予受理), oldest
 * first, for the officer's district (city and admin: all, or one district by the filter), each with
 * its export to Excel. The rows come from the same server function as the export, so the file is
 * exactly the list on screen, applicant masked.
 */
import { Button, Select, Table, Tabs, Tag, Tooltip, type TableColumnsType } from 'antd';
import { useEffect, useState, type HTMLAttributes, type MouseEvent } from 'react';
import { DISTRICTS, type Lang } from '../i18n.ts';
import type { Api, QueueState, StaffUser, WorklistRow } from './api.ts';
import { districtName, type StaffStrings } from './i18n.ts';
import { chinaMinute, type WorkStrings } from './i18n-work.ts';
import { casePath, followLink, navigate } from './route.ts';
import { useLoad } from './load.ts';
import { useExport } from './Search.tsx';
import { StateTag } from './Case.tsx';

const TABS: readonly QueueState[] = ['submitted', 'accepted', 'returned', 'determined', 'published', 'refused'];

export function QueuesPage({ api, t, w, lang, user }: { api: Api; t: StaffStrings; w: WorkStrings; lang: Lang; user: StaffUser }) {
  const scoped = user.role === 'clerk' || user.role === 'district';
  const [tab, setTab] = useState<QueueState>('submitted');
  const [district, setDistrict] = useState<string | null>(null);
  const { load, reload } = useLoad(() => api.worklist(tab, scoped ? null : district), [api, tab, district, scoped]);
  const exporter = useExport(w);

  useEffect(() => {
    document.title = t.docTitle(w.queuesTitle);
  }, [t, w]);

  const columns: TableColumnsType<WorklistRow> = [
    {
      title: w.colId,
      dataIndex: 'id',
      render: (id: number) => (
        <a href={casePath(id)} onClick={followLink(casePath(id))} className="mono">
          {id}
        </a>
      ),
    },
    { title: w.colApplicant, dataIndex: 'applicant', render: (s: string) => <span lang="zh-CN">{s}</span> },
    { title: w.colDistrict, key: 'district', render: (_: unknown, r) => districtName(r.district, lang) },
    { title: w.colChannel, key: 'channel', render: (_: unknown, r) => w.channel[r.channel] },
    { title: w.colUse, key: 'use', render: (_: unknown, r) => w.use[r.intendedUse] },
    { title: w.colFiledBy, key: 'filedBy', render: (_: unknown, r) => w.filedByName[r.filedBy] },
    { title: w.colSubmittedAt, key: 'submittedAt', className: 'mono', render: (_: unknown, r) => chinaMinute(r.submittedAt) },
    { title: w.colAcceptedOn, key: 'acceptedOn', className: 'mono', render: (_: unknown, r) => r.acceptedOn ?? t.dash },
    {
      title: w.colVisibleOn,
      key: 'visible',
      className: 'mono',
      render: (_: unknown, r) =>
        r.resultVisibleOn === null ? (
          t.dash
        ) : (
          <>
            {r.resultVisibleOn}
            {r.resultProvisional === true && (
              <Tooltip title={w.provisionalHint}>
                <Tag className="gap-left">{w.provisional}</Tag>
              </Tooltip>
            )}
          </>
        ),
    },
    { title: w.colState, key: 'state', render: (_: unknown, r) => <StateTag state={r.state} w={w} /> },
  ];

  const open = (r: WorklistRow) => (e: MouseEvent<HTMLElement>) => {
    if (e.defaultPrevented || (e.target as Element).closest('a') !== null) return;
    navigate(casePath(r.id));
  };

  const area = scoped ? districtName(user.district, lang) : district === null ? t.wholeCity : districtName(district, lang);
  return (
    <>
      <h1 className="page-title">{w.queuesTitle}</h1>
      <p className="muted">{w.queuesIntro(area)}</p>
      <div className="list-bar">
        {!scoped && (
          <label className="inline-field">
            <span>{w.districtFilter}</span>
            <Select
              data-testid="district-filter"
              className="district-select"
              value={district ?? ''}
              onChange={(v: string) => setDistrict(v === '' ? null : v)}
              options={[{ value: '', label: w.allDistricts }, ...DISTRICTS.filter((d) => d.group === 'urban').map((d) => ({ value: d.code, label: districtName(d.code, lang) }))]}
            />
          </label>
        )}
        <Button onClick={reload}>{w.refresh}</Button>
        <Button type="primary" loading={exporter.busy} onClick={() => void exporter.run(() => api.exportWorklist(tab, scoped ? null : district))} data-testid="export-queue">
          {w.export}
        </Button>
      </div>
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as QueueState)}
        items={TABS.map((s) => ({
          key: s,
          label: <span data-testid={`tab-${s}`}>{w.state[s]}</span>,
          children:
            tab !== s ? null : load.status === 'error' ? (
              <div className="notice error" role="alert">
                <p>{load.error.message}</p>
                <Button onClick={reload}>{t.retry}</Button>
              </div>
            ) : (
              <div data-testid="queue">
                <Table<WorklistRow>
                  className="clickable"
                  size="middle"
                  rowKey="id"
                  loading={load.status === 'loading'}
                  columns={columns}
                  dataSource={load.status === 'ok' ? load.value.rows : []}
                  pagination={{ pageSize: 20, hideOnSinglePage: true }}
                  locale={{ emptyText: w.emptyQueue }}
                  onRow={(r) => ({ onClick: open(r), 'data-application-id': r.id }) as HTMLAttributes<HTMLElement>}
                />
              </div>
            ),
        }))}
      />
    </>
  );
}
