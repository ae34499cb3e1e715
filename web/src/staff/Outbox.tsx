/**
 * 短信发件箱 (city and admin): the latest messages of the SMS outbox, phones masked by the server,
 * and their export to Excel. With the default transport this is where the demo's sign-in codes are
 * read.
 */
import { Button, Table, Tag, type TableColumnsType } from 'antd';
import { useEffect } from 'react';
import type { Api, OutboxRow } from './api.ts';
import type { StaffStrings } from './i18n.ts';
import { chinaMinute, type WorkStrings } from './i18n-work.ts';
import { useLoad } from './load.ts';
import { useExport } from './Search.tsx';

export function OutboxPage({ api, t, w }: { api: Api; t: StaffStrings; w: WorkStrings }) {
  const { load, reload } = useLoad(() => api.outbox(), [api]);
  const exporter = useExport(w);

  useEffect(() => {
    document.title = t.docTitle(w.outboxTitle);
  }, [t, w]);

  const columns: TableColumnsType<OutboxRow> = [
    { title: w.colId, dataIndex: 'id', className: 'mono' },
    { title: w.colPhone, dataIndex: 'to', className: 'mono' },
    { title: w.colKind, dataIndex: 'kind' },
    { title: w.colText, dataIndex: 'text', render: (s: string) => <span lang="zh-CN">{s}</span> },
    { title: w.colStatus, dataIndex: 'status', render: (s: string) => <Tag color={s === 'sent' || s === 'outbox' ? 'success' : s === 'failed' ? 'error' : 'default'}>{s}</Tag> },
    { title: w.colCreated, key: 'created', className: 'mono', render: (_: unknown, r) => chinaMinute(r.createdAt) },
    { title: w.colSent, key: 'sent', className: 'mono', render: (_: unknown, r) => chinaMinute(r.sentAt) },
  ];

  return (
    <>
      <h1 className="page-title">{w.outboxTitle}</h1>
      <p className="muted">{w.outboxIntro}</p>
      <div className="list-bar">
        <Button onClick={reload}>{w.refresh}</Button>
        <Button type="primary" loading={exporter.busy} onClick={() => void exporter.run(() => api.exportOutbox())} data-testid="export-outbox">
          {w.export}
        </Button>
      </div>
      {load.status === 'error' ? (
        <div className="notice error" role="alert">
          <p>{load.error.message}</p>
        </div>
      ) : (
        <div data-testid="outbox">
          <Table<OutboxRow> size="small" rowKey="id" columns={columns} dataSource={load.status === 'ok' ? load.value.messages : []} loading={load.status === 'loading'} pagination={{ pageSize: 20, hideOnSinglePage: true }} />
        </div>
      )}
    </>
  );
}
