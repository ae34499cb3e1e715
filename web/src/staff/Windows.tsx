/**
 * 受理窗口与咨询电话 (admin): the acceptance windows and hotlines the public pages list, with adding,
 * editing and deleting (the admin routes of src/http/routes/public-info.ts; the server checks the
 * role and every field and says which is wrong).
 */
import { App as AntApp, Button, Form, Input, Modal, Popconfirm, Select, Space, Table, type TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { useLoad } from './load.ts';
import { DISTRICTS, type Lang } from '../i18n.ts';
import { ApiError, type Api, type Hotline, type HotlineFields, type ServiceWindow, type WindowFields } from './api.ts';
import { districtName, type StaffStrings } from './i18n.ts';
import type { WorkStrings } from './i18n-work.ts';

type Editing = { what: 'window'; row: ServiceWindow | null } | { what: 'hotline'; row: Hotline | null } | null;

export function WindowsPage({ api, t, w, lang }: { api: Api; t: StaffStrings; w: WorkStrings; lang: Lang }) {
  const { load, reload } = useLoad(() => api.windows(), [api]);
  const [editing, setEditing] = useState<Editing>(null);
  const { message } = AntApp.useApp();

  useEffect(() => {
    document.title = t.docTitle(w.windowsTitle);
  }, [t, w]);

  const remove = async (go: () => Promise<unknown>): Promise<void> => {
    try {
      await go();
      void message.success(w.removed);
      reload();
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 401)) void message.error(e instanceof Error ? e.message : String(e));
    }
  };

  const actions = (onEdit: () => void, onRemove: () => Promise<void>) => (
    <Space>
      <Button size="small" onClick={onEdit}>
        {w.edit}
      </Button>
      <Popconfirm title={w.removeConfirm} okText={w.confirm} cancelText={w.cancel} onConfirm={() => void onRemove()}>
        <Button size="small" danger>
          {w.remove}
        </Button>
      </Popconfirm>
    </Space>
  );

  const windowColumns: TableColumnsType<ServiceWindow> = [
    { title: w.colDistrict, key: 'district', render: (_: unknown, r) => districtName(r.district, lang) },
    { title: w.wName, dataIndex: 'name' },
    { title: w.wAddress, dataIndex: 'address' },
    { title: w.wPhone, dataIndex: 'phone', className: 'mono' },
    { title: w.wHours, dataIndex: 'hours' },
    { title: w.wNote, dataIndex: 'note' },
    { title: w.colActions, key: 'actions', render: (_: unknown, r) => actions(() => setEditing({ what: 'window', row: r }), () => remove(() => api.deleteWindow(r.id))) },
  ];
  const hotlineColumns: TableColumnsType<Hotline> = [
    { title: w.hName, dataIndex: 'name' },
    { title: w.wPhone, dataIndex: 'phone', className: 'mono' },
    { title: w.wHours, dataIndex: 'hours' },
    { title: w.colActions, key: 'actions', render: (_: unknown, r) => actions(() => setEditing({ what: 'hotline', row: r }), () => remove(() => api.deleteHotline(r.id))) },
  ];

  return (
    <>
      <h1 className="page-title">{w.windowsTitle}</h1>
      {load.status === 'error' && (
        <div className="notice error" role="alert">
          <p>{load.error.message}</p>
        </div>
      )}
      <section className="case-section">
        <div className="list-bar">
          <h2>{w.windows}</h2>
          <Button type="primary" onClick={() => setEditing({ what: 'window', row: null })}>
            {w.add}
          </Button>
        </div>
        <Table<ServiceWindow> size="small" rowKey="id" columns={windowColumns} dataSource={load.status === 'ok' ? load.value.windows : []} loading={load.status === 'loading'} pagination={false} />
      </section>
      <section className="case-section">
        <div className="list-bar">
          <h2>{w.hotlines}</h2>
          <Button type="primary" onClick={() => setEditing({ what: 'hotline', row: null })}>
            {w.add}
          </Button>
        </div>
        <Table<Hotline> size="small" rowKey="id" columns={hotlineColumns} dataSource={load.status === 'ok' ? load.value.hotlines : []} loading={load.status === 'loading'} pagination={false} />
      </section>
      {editing !== null && (
        <EditModal
          editing={editing}
          api={api}
          w={w}
          lang={lang}
          onClose={(saved) => {
            setEditing(null);
            if (saved) {
              void message.success(w.saved);
              reload();
            }
          }}
        />
      )}
    </>
  );
}

function EditModal({ editing, api, w, lang, onClose }: { editing: NonNullable<Editing>; api: Api; w: WorkStrings; lang: Lang; onClose: (saved: boolean) => void }) {
  const [form] = Form.useForm<WindowFields & HotlineFields>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = async (v: WindowFields & HotlineFields): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      if (editing.what === 'window') {
        await api.saveWindow(editing.row?.id ?? null, { district: v.district, name: v.name, address: v.address, phone: v.phone, hours: v.hours, note: v.note ?? '' });
      } else {
        await api.saveHotline(editing.row?.id ?? null, { name: v.name, phone: v.phone, hours: v.hours });
      }
      onClose(true);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return;
      const err = e instanceof ApiError ? e : null;
      // Each field's own message next to it; the whole message above.
      if (err !== null && err.fields.length > 0) {
        form.setFields(err.fields.map((f) => ({ name: f.path.split('.')[0] as keyof (WindowFields & HotlineFields), errors: [f.message] })));
      }
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const required = (label: string) => [{ required: true, whitespace: true, message: w.required(label) }];
  return (
    <Modal open title={`${editing.row === null ? w.add : w.edit} · ${editing.what === 'window' ? w.windows : w.hotlines}`} okText={w.save} cancelText={w.cancel} confirmLoading={busy} onCancel={() => onClose(false)} onOk={() => form.submit()} forceRender>
      {error !== null && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
      <Form form={form} layout="vertical" initialValues={editing.row ?? {}} onFinish={(v) => void save(v)}>
        {editing.what === 'window' && (
          <Form.Item name="district" label={w.colDistrict} rules={[{ required: true, message: w.required(w.colDistrict) }]}>
            <Select options={DISTRICTS.filter((d) => d.group === 'urban').map((d) => ({ value: d.code, label: districtName(d.code, lang) }))} />
          </Form.Item>
        )}
        <Form.Item name="name" label={w.wName} rules={required(w.wName)}>
          <Input maxLength={100} />
        </Form.Item>
        {editing.what === 'window' && (
          <Form.Item name="address" label={w.wAddress} rules={required(w.wAddress)}>
            <Input maxLength={200} />
          </Form.Item>
        )}
        <Form.Item name="phone" label={w.wPhone} rules={required(w.wPhone)}>
          <Input maxLength={32} />
        </Form.Item>
        <Form.Item name="hours" label={w.wHours} rules={required(w.wHours)}>
          <Input maxLength={200} />
        </Form.Item>
        {editing.what === 'window' && (
          <Form.Item name="note" label={w.wNote}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
