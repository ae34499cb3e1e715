/**
 * The objection dashboard (issue 5): open cases counted by working days remaining on the official
 * calendar (overdue, due today, within three working days, on time), the cases themselves earliest
 * deadline first with the days left — a missed deadline in red, never hidden, until the case is
 * decided — and each officer's open items. A district officer sees their district; the city sees all
 * and may narrow to one district. The counts are the server's (`GET /staff/objections/dashboard`).
 */
import { Button, Card, Col, Input, Row, Select, Statistic, Table, Tag, Tooltip, type TableColumnsType } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { OBJECTION_STATE_NAMES } from '../../../src/domain/objection.ts';
import { DISTRICTS, type Lang } from '../i18n.ts';
import type { StaffUser } from './api.ts';
import { districtName, type StaffStrings } from './i18n.ts';
import type { ObjectionStrings } from './i18n-objections.ts';
import type { WorkStrings } from './i18n-work.ts';
import { useLoad } from './load.ts';
import type { DeadlineItem, ObjectionApi } from './objections-api.ts';
import { casePath, followLink, objectionPath } from './route.ts';

/** A table cell's number as an in-console link to its page (an objection's, an application's). */
export const idLink =
  (to: (id: number) => string) =>
  (id: number) => (
    <a href={to(id)} onClick={followLink(to(id))} className="mono">
      {id}
    </a>
  );

export function ObjectionDashboard({ oa, t, w, o, lang, user }: { oa: ObjectionApi; t: StaffStrings; w: WorkStrings; o: ObjectionStrings; lang: Lang; user: StaffUser }) {
  const scoped = user.role === 'clerk' || user.role === 'district';
  const [district, setDistrict] = useState<string | null>(null);
  // A past or future day's view ("where will we be on Friday?"); empty: today on the server's calendar.
  const [asOf, setAsOf] = useState('');
  const day = /^\d{4}-\d{2}-\d{2}$/.test(asOf) ? asOf : null;
  const { load, reload } = useLoad(() => oa.dashboard(scoped ? null : district, day), [oa, district, scoped, day]);

  if (load.status === 'error') {
    return (
      <div className="notice error" role="alert">
        <p>{load.error.message}</p>
        <Button onClick={reload}>{t.retry}</Button>
      </div>
    );
  }
  const d = load.status === 'ok' ? load.value : null;
  const names = new Map((d?.officers ?? []).map((x) => [x.staffId, x.name]));
  const officer = (id: number | null): string => (id === null ? o.unassigned : (names.get(id) ?? `#${id}`));

  const columns: TableColumnsType<DeadlineItem> = [
    {
      title: o.colId,
      dataIndex: 'objectionId',
      render: idLink(objectionPath),
    },
    {
      title: o.colApplication,
      dataIndex: 'applicationId',
      render: idLink(casePath),
    },
    { title: o.colDistrict, key: 'district', render: (_: unknown, r) => districtName(r.district, lang) },
    { title: o.colPhase, key: 'phase', render: (_: unknown, r) => o.phase[r.phase] },
    { title: o.colState, key: 'state', render: (_: unknown, r) => OBJECTION_STATE_NAMES[r.state][lang === 'en' ? 'en' : 'zh'] },
    { title: o.colFiledOn, dataIndex: 'filedOn', className: 'mono' },
    {
      title: o.colDeadline,
      key: 'deadline',
      className: 'mono',
      render: (_: unknown, r) => (
        <>
          {r.deadline}
          {r.provisional && (
            <Tooltip title={o.provisionalHint}>
              <Tag className="gap-left">{o.provisional}</Tag>
            </Tooltip>
          )}
        </>
      ),
    },
    {
      title: o.colRemaining,
      key: 'remaining',
      render: (_: unknown, r) => (
        <Tag color={r.flag === 'overdue' ? 'error' : r.flag === 'near' ? 'warning' : 'success'} data-testid="remaining" data-days={r.daysRemaining}>
          {o.remaining(r.daysRemaining)}
        </Tag>
      ),
    },
    { title: o.colAssigned, key: 'assigned', render: (_: unknown, r) => officer(r.assignedTo) },
    { title: o.colOverdueTasks, dataIndex: 'overdueTasks', className: 'num', render: (n: number) => (n > 0 ? <Tag color="error">{n}</Tag> : n) },
  ];

  const onTime = d === null ? 0 : d.bands['4-7'] + d.bands['8+'];
  const bands: Array<[string, string, number, string | undefined]> = [
    ['overdue', o.band.overdue, d?.bands.overdue ?? 0, '#cf1322'],
    ['today', o.band.today, d?.bands.today ?? 0, '#d46b08'],
    ['near', o.band.near, d?.bands['1-3'] ?? 0, '#d48806'],
    ['on-time', o.band.onTime, onTime, undefined],
  ];

  return (
    <div data-testid="objection-dashboard">
      <div className="list-bar">
        {!scoped && (
          <label className="inline-field">
            <span>{w.districtFilter}</span>
            <Select
              data-testid="objection-district-filter"
              className="district-select"
              value={district ?? ''}
              onChange={(v: string) => setDistrict(v === '' ? null : v)}
              options={[{ value: '', label: w.allDistricts }, ...DISTRICTS.filter((x) => x.group === 'urban').map((x) => ({ value: x.code, label: districtName(x.code, lang) }))]}
            />
          </label>
        )}
        <label className="inline-field">
          <span>{o.asOfLabel}</span>
          <Input type="date" data-testid="dashboard-as-of" value={asOf} onChange={(e) => setAsOf(e.target.value)} style={{ width: 160 }} />
        </label>
        <Button onClick={reload}>{w.refresh}</Button>
        {d !== null && <span className="muted">{o.asOf(d.asOf)}</span>}
      </div>
      <Row gutter={[12, 12]} role="list" aria-label={o.tabDashboard}>
        {bands.map(([key, title, value, color]) => (
          <Col key={key} xs={12} md={6} role="listitem">
            <Card size="small">
              <Statistic title={title} value={value} loading={d === null} data-testid={`band-${key}`} {...(color !== undefined && value > 0 ? { styles: { content: { color } } } : {})} />
              {key === 'on-time' && d !== null && <p className="hint">{o.bandDetail(d.bands)}</p>}
            </Card>
          </Col>
        ))}
      </Row>
      <Card title={<h2>{o.items}</h2>} size="small" className="case-section">
        <Table<DeadlineItem>
          size="small"
          rowKey="objectionId"
          loading={d === null}
          columns={columns}
          dataSource={d?.items ?? []}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          locale={{ emptyText: o.noItems }}
          onRow={(r) => ({ 'data-objection-id': r.objectionId, 'data-flag': r.flag }) as HTMLAttributes<HTMLElement>}
          data-testid="dashboard-items"
        />
      </Card>
      <Card title={<h2>{o.officers}</h2>} size="small" className="case-section">
        <Table
          size="small"
          rowKey={(r) => String(r.staffId)}
          loading={d === null}
          dataSource={d?.officers ?? []}
          pagination={false}
          data-testid="dashboard-officers"
          columns={[
            { title: o.colOfficer, key: 'name', render: (_: unknown, r) => (r.staffId === null ? o.unassigned : (r.name ?? `#${r.staffId}`)) },
            { title: o.colOpen, dataIndex: 'open', className: 'num' },
            { title: o.colNear, dataIndex: 'near', className: 'num' },
            { title: o.colOverdue, dataIndex: 'overdue', className: 'num', render: (n: number) => (n > 0 ? <Tag color="error">{n}</Tag> : n) },
          ]}
        />
      </Card>
    </div>
  );
}
