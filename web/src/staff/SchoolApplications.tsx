/**
 * The applications of a school round (积分入学, issue 6) on the round's page, for every staff role
 * (clerks and district officers see their district's, as the server answers): each child with the
 * other parent's status (无 / 待确认 / 已确认(本人确认|出生医学证明|户口簿) / 已拒绝), the points the
 * child uses now and the application's state (已撤回 among them), filterable to those waiting for
 * the other parent (待另一方父母确认). 核验亲子关系 records that a clerk saw the birth certificate or
 * the hukou book: a modal with the document and an optional note, saved on the version shown; the
 * server's refusal (another district, a change meanwhile) is shown by its message, and a saved check
 * says the new status and the points the child now uses.
 */
import { Alert, App as AntApp, Button, Form, Input, Modal, Radio, Select, Space, Table, Tag, Tooltip, type TableColumnsType } from 'antd';
import { useState } from 'react';
import type { Lang } from '../i18n.ts';
import { districtName } from './i18n.ts';
import { asApiError, useLoad } from './load.ts';
import type { OtherParentStatus, OtherParentVia, ParentageDocument, SchoolApi, SchoolApplicationState, SchoolRound, StaffSchoolApplication } from './school-api.ts';
import { pick, pointsOf } from './SettlementText.ts';

const OTHER_PARENT: Record<OtherParentStatus, [string, string]> = {
  none: ['无', 'none'],
  pending: ['待确认', 'pending'],
  confirmed: ['已确认', 'confirmed'],
  declined: ['已拒绝', 'declined'],
};
const VIA: Record<OtherParentVia, [string, string]> = {
  portal: ['本人确认', 'by the parent'],
  birth_certificate: ['出生医学证明', 'birth certificate'],
  hukou_book: ['户口簿', 'hukou book'],
};
const DOCUMENTS: readonly ParentageDocument[] = ['birth_certificate', 'hukou_book'];

/** An application's state as the round's page says it. */
export const APPLICATION_STATE: Record<SchoolApplicationState, [string, string]> = {
  filed: ['已申请', 'filed'],
  placed: ['已录取', 'placed'],
  no_seat: ['志愿学校已满', 'no seat left in the preferred schools'],
  no_preferences: ['未填本区学校', 'no school of the district preferred'],
  ineligible: ['不符合条件', 'not eligible'],
  withdrawn: ['已撤回', 'withdrawn'],
};

/** 无 / 待确认 / 已确认(出生医学证明) / 已拒绝. */
export function otherParentText(o: { status: OtherParentStatus; via: OtherParentVia | null }, lang: Lang): string {
  const i = lang === 'en' ? 1 : 0;
  const base = OTHER_PARENT[o.status][i];
  if (o.status !== 'confirmed' || o.via === null) return base;
  return lang === 'en' ? `${base} (${VIA[o.via][1]})` : `${base}(${VIA[o.via][0]})`;
}

export function OtherParentTag({ o, lang }: { o: { status: OtherParentStatus; via: OtherParentVia | null }; lang: Lang }) {
  const color = o.status === 'confirmed' ? 'success' : o.status === 'pending' ? 'warning' : o.status === 'declined' ? 'error' : 'default';
  return (
    <Tag color={color} data-testid="other-parent-status" data-status={o.status}>
      {otherParentText(o, lang)}
    </Tag>
  );
}

export function ApplicationStateTag({ state, lang }: { state: SchoolApplicationState; lang: Lang }) {
  return (
    <Tag color={state === 'placed' ? 'success' : state === 'withdrawn' ? 'default' : state === 'filed' ? 'processing' : 'warning'} data-testid="school-application-state" data-state={state}>
      {APPLICATION_STATE[state][lang === 'en' ? 1 : 0]}
    </Tag>
  );
}

type Filter = 'all' | 'pending';

/** What a saved check says, until the next one. */
interface Saved {
  id: number;
  child: string;
  via: ParentageDocument;
  pointsH: number | null;
}

export function SchoolApplications({ s, round, lang, onChanged }: { s: SchoolApi; round: SchoolRound; lang: Lang; onChanged: () => void }) {
  const p = pick(lang);
  const { message } = AntApp.useApp();
  // While the other parent's points may still count, what is left to do comes first.
  const [filter, setFilter] = useState<Filter>(round.state === 'open' || round.state === 'closed' ? 'pending' : 'all');
  const { load, reload } = useLoad(() => s.applications(round.id, filter === 'pending' ? 'pending' : undefined), [s, round.id, round.version, filter]);
  const [checking, setChecking] = useState<StaffSchoolApplication | null>(null);
  const [saved, setSaved] = useState<Saved | null>(null);
  const open = round.state === 'open' || round.state === 'closed';

  /** Why 核验亲子关系 is not possible for `a`, or null when it is. */
  const why = (a: StaffSchoolApplication): string | null => {
    if (a.otherParent.status !== 'pending') return p('另一方父母已确认或拒绝,或未填写', 'the other parent has decided, or none is named');
    if (a.state !== 'filed') return p(`申请当前为“${APPLICATION_STATE[a.state][0]}”`, `the application is ${APPLICATION_STATE[a.state][1]}`);
    if (!open) return p('本批次已分配学位,结果已确定', 'the round has been allocated');
    if (!a.otherParent.known) return p('另一方父母在本系统中没有记录,没有可计入的积分', 'the other parent is not known to the system and has no points to count');
    return null;
  };

  const columns: TableColumnsType<StaffSchoolApplication> = [
    { title: p('申请编号', 'Application'), dataIndex: 'id', className: 'mono' },
    { title: p('区县', 'District'), key: 'district', render: (_: unknown, a) => districtName(a.district, lang) },
    {
      title: p('儿童', 'Child'),
      key: 'child',
      render: (_: unknown, a) => (
        <>
          <span lang="zh-CN">{a.childName}</span>
          <br />
          <span className="mono muted">{a.childIdNumber}</span>
        </>
      ),
    },
    { title: p('申请人', 'Applicant'), key: 'applicant', render: (_: unknown, a) => <span lang="zh-CN">{a.applicant.name}</span> },
    {
      title: p('另一方父母', 'Other parent'),
      key: 'otherParent',
      render: (_: unknown, a) =>
        a.otherParent.status === 'none' ? (
          '—'
        ) : a.otherParent.known ? (
          <>
            <span lang="zh-CN">{a.otherParent.name}</span>
            <br />
            <span className="mono muted">{a.otherParent.idNumber}</span>
          </>
        ) : (
          <span className="muted">{p('本系统中没有记录', 'not known to the system')}</span>
        ),
    },
    { title: p('另一方父母确认', 'Other parent’s confirmation'), key: 'status', render: (_: unknown, a) => <OtherParentTag o={a.otherParent} lang={lang} /> },
    {
      title: p('使用积分', 'Points used'),
      key: 'points',
      render: (_: unknown, a) => (
        <span data-testid="points-used">
          <span className="mono">{a.points ?? '—'}</span>
          {a.pointsFrom !== null && <span className="muted">{a.pointsFrom === 'applicant' ? p('(申请人)', ' (applicant)') : p('(另一方父母)', ' (other parent)')}</span>}
        </span>
      ),
    },
    { title: p('状态', 'State'), key: 'state', render: (_: unknown, a) => <ApplicationStateTag state={a.state} lang={lang} /> },
    {
      title: p('操作', 'Actions'),
      key: 'actions',
      render: (_: unknown, a) => {
        if (a.otherParent.status !== 'pending') return null;
        const reason = why(a);
        const label = p('核验亲子关系', 'Check the relationship');
        const button = (
          <Button size="small" disabled={reason !== null} onClick={() => setChecking(a)} data-testid="check-parentage">
            {label}
          </Button>
        );
        return reason === null ? (
          button
        ) : (
          <Tooltip title={reason}>
            <span className="disabled-action" aria-label={`${label}: ${reason}`}>
              {button}
            </span>
          </Tooltip>
        );
      },
    },
  ];

  const list = load.status === 'ok' ? load.value.applications : [];
  return (
    <section data-testid="school-applications" aria-labelledby="school-applications-title">
      <h2 className="section-title" id="school-applications-title">
        {p('入学申请', 'Applications')}
      </h2>
      <Space wrap className="gap">
        <Radio.Group
          aria-label={p('显示哪些申请', 'Which applications')}
          optionType="button"
          value={filter}
          onChange={(e) => setFilter(e.target.value as Filter)}
          options={[
            { value: 'pending', label: p('待另一方父母确认', 'Awaiting the other parent') },
            { value: 'all', label: p('全部申请', 'All applications') },
          ]}
        />
        {load.status === 'ok' && (
          <span className="muted" data-testid="school-applications-count">
            {p(`共 ${list.length} 件`, `${list.length} in all`)}
          </span>
        )}
      </Space>
      {saved !== null && (
        <Alert
          type="success"
          showIcon
          role="status"
          data-testid="parentage-saved"
          className="gap"
          title={p(
            `申请 ${saved.id}(${saved.child}):已登记亲子关系核验,另一方父母${otherParentText({ status: 'confirmed', via: saved.via }, 'zh-CN')},使用积分 ${pointsOf(saved.pointsH)} 分`,
            `Application ${saved.id} (${saved.child}): relationship check recorded; other parent ${otherParentText({ status: 'confirmed', via: saved.via }, 'en')}; points used ${pointsOf(saved.pointsH)}`,
          )}
        />
      )}
      {load.status === 'error' ? (
        <Alert type="error" showIcon title={load.error.message} />
      ) : (
        <Table<StaffSchoolApplication>
          size="small"
          rowKey="id"
          loading={load.status === 'loading'}
          columns={columns}
          dataSource={list}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: filter === 'pending' ? p('没有待另一方父母确认的申请', 'No application awaits the other parent') : p('还没有申请', 'No applications yet') }}
        />
      )}
      {checking !== null && (
        <ParentageModal
          a={checking}
          s={s}
          lang={lang}
          onClose={() => setChecking(null)}
          onStale={() => {
            // Changed meanwhile: the list and the round are read again; the modal keeps the server's message.
            reload();
            onChanged();
          }}
          onSaved={(via, pointsH) => {
            setChecking(null);
            setSaved({ id: checking.id, child: checking.childName, via, pointsH });
            void message.success(p('已登记亲子关系核验', 'Relationship check recorded'));
            // The round's version moved on with the application's: the round is read again, and with it this list.
            onChanged();
          }}
        />
      )}
    </section>
  );
}

/** 核验亲子关系: which document the clerk saw, and a note; saved on the application's version as listed. */
function ParentageModal({
  a,
  s,
  lang,
  onClose,
  onSaved,
  onStale,
}: {
  a: StaffSchoolApplication;
  s: SchoolApi;
  lang: Lang;
  onClose: () => void;
  onSaved: (via: ParentageDocument, pointsH: number | null) => void;
  onStale: () => void;
}) {
  const p = pick(lang);
  const [doc, setDoc] = useState<ParentageDocument | null>(null);
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (): Promise<void> => {
    if (busy) return;
    if (doc === null) {
      setMissing(true);
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const out = await s.recordParentage(a.id, doc, note.trim(), a.version);
      onSaved(doc, out.pointsH);
    } catch (e) {
      const err = asApiError(e);
      if (err.status === 401) return;
      setProblem(err.message);
      if (err.status === 409) onStale();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={p(`核验亲子关系:申请 ${a.id}`, `Check the relationship: application ${a.id}`)}
      okText={p('确认核验', 'Record the check')}
      cancelText={p('取消', 'Cancel')}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={onClose}
      mask={{ closable: false }}
      destroyOnHidden
    >
      <div data-testid="parentage-modal">
        <p>
          {p(
            `儿童 ${a.childName}(${a.childIdNumber}),申请人 ${a.applicant.name},另一方父母 ${a.otherParent.name ?? ''}(${a.otherParent.idNumber ?? ''})。核对证明材料上的儿童与父母姓名后登记,另一方父母的积分即可计入。`,
            `Child ${a.childName} (${a.childIdNumber}), applicant ${a.applicant.name}, other parent ${a.otherParent.name ?? ''} (${a.otherParent.idNumber ?? ''}). Compare the names on the document before recording it; the other parent's points then count.`,
          )}
        </p>
        <Form layout="vertical" component="div">
          <Form.Item
            label={p('证明材料', 'Document seen')}
            htmlFor="parentage-document"
            required
            validateStatus={missing ? 'error' : undefined}
            help={missing ? <span role="alert">{p('请选择核验的证明材料', 'Choose the document you saw')}</span> : undefined}
          >
            <Select<ParentageDocument>
              id="parentage-document"
              value={doc ?? undefined}
              placeholder={p('选择证明材料', 'Choose a document')}
              onChange={(v) => {
                setDoc(v);
                setMissing(false);
              }}
              options={DOCUMENTS.map((d) => ({ value: d, label: VIA[d][lang === 'en' ? 1 : 0] }))}
            />
          </Form.Item>
          <Form.Item label={p('备注(选填)', 'Note (optional)')} htmlFor="parentage-note">
            <Input.TextArea id="parentage-note" rows={3} maxLength={500} showCount value={note} onChange={(e) => setNote(e.target.value)} />
          </Form.Item>
        </Form>
        {problem !== null && <Alert type="error" showIcon role="alert" data-testid="parentage-error" title={problem} />}
      </div>
    </Modal>
  );
}
