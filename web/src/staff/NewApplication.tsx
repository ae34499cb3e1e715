/**
 * 窗口受理: a window clerk files an application on a person's behalf — the use, the child for a
 * school application, and who files (the person, an employer or a guardian with the agent's ID number
 * and, for a guardian, the ground of 2020 FAQ Q3). The draft is created here; the case page then
 * takes the scans, the submission and the acceptance. A person with a nine-year paper permit can
 * apply only at a window (Q15), so this is where they are filed.
 */
import { Alert, App as AntApp, Button, DatePicker, Form, Input, Modal, Radio, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { ApiError, type Api, type FiledBy, type GuardianGround, type IntendedUse } from './api.ts';
import type { WorkStrings } from './i18n-work.ts';
import { casePath, navigate } from './route.ts';

interface Values {
  intendedUse: IntendedUse;
  childName?: string;
  childBirthDate?: Dayjs;
  filedBy: Exclude<FiledBy, 'clerk'>;
  agentIdNumber?: string;
  filedByRef?: string;
  guardianGround?: GuardianGround;
}

export function NewApplication({ api, w, personId, personName, paperPermit }: { api: Api; w: WorkStrings; personId: number; personName: string; paperPermit: boolean }) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<Values>();
  const use = Form.useWatch('intendedUse', form);
  const filedBy = Form.useWatch('filedBy', form);
  const { message } = AntApp.useApp();

  const create = async (v: Values): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const a = await api.createWindowApplication({
        personId,
        intendedUse: v.intendedUse,
        channel: 'window',
        child: v.intendedUse === 'school' && v.childName && v.childBirthDate ? { name: v.childName.trim(), birthDate: v.childBirthDate.format('YYYY-MM-DD') } : null,
        filedBy: v.filedBy,
        ...(v.filedBy !== 'self' && v.agentIdNumber ? { agentIdNumber: v.agentIdNumber.trim() } : {}),
        ...(v.filedBy !== 'self' && v.filedByRef?.trim() ? { filedByRef: v.filedByRef.trim() } : {}),
        ...(v.filedBy === 'guardian' && v.guardianGround ? { guardianGround: v.guardianGround } : {}),
      });
      void message.success(w.created(a.id));
      setOpen(false);
      navigate(casePath(a.id));
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 401)) setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button type="primary" onClick={() => setOpen(true)} data-testid="new-application">
        {w.newApplication}
      </Button>
      <Modal
        open={open}
        title={w.newApplicationTitle}
        okText={w.create}
        cancelText={w.cancel}
        confirmLoading={busy}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        destroyOnHidden
        forceRender
      >
        <p className="hint">
          <span lang="zh-CN">{personName}</span> · {w.newApplicationHint}
        </p>
        {paperPermit && <Alert type="info" showIcon title={w.paperPermit} className="gap" />}
        {error !== null && (
          <div role="alert" data-testid="new-application-error">
            <Alert type="error" showIcon title={error} className="gap" />
          </div>
        )}
        <Form<Values> form={form} layout="vertical" initialValues={{ intendedUse: 'settlement', filedBy: 'self' }} onFinish={(v) => void create(v)}>
          <Form.Item name="intendedUse" label={w.intendedUse}>
            <Radio.Group
              options={(['settlement', 'school'] as const).map((u) => ({ value: u, label: w.use[u] }))}
              optionType="button"
            />
          </Form.Item>
          {use === 'school' && (
            <>
              <Form.Item name="childName" label={w.childName} rules={[{ required: true, whitespace: true, message: w.required(w.childName) }]}>
                <Input maxLength={64} />
              </Form.Item>
              <Form.Item name="childBirthDate" label={w.childBirthDate} rules={[{ required: true, message: w.required(w.childBirthDate) }]}>
                <DatePicker />
              </Form.Item>
            </>
          )}
          <Form.Item name="filedBy" label={w.filedBy}>
            <Radio.Group options={(['self', 'employer', 'guardian'] as const).map((f) => ({ value: f, label: w.filedByName[f] }))} optionType="button" />
          </Form.Item>
          {filedBy !== undefined && filedBy !== 'self' && (
            <>
              <Form.Item name="filedByRef" label={filedBy === 'employer' ? w.employerRef : w.guardianRef}>
                <Input maxLength={128} autoComplete="off" />
              </Form.Item>
              <Form.Item name="agentIdNumber" label={w.agentId} rules={[{ required: true, whitespace: true, message: w.agentIdRequired }]}>
                <Input maxLength={18} autoComplete="off" spellCheck={false} />
              </Form.Item>
            </>
          )}
          {filedBy === 'guardian' && (
            <Form.Item name="guardianGround" label={w.ground} rules={[{ required: true, message: w.groundRequired }]}>
              <Select options={(['minor', 'elderly', 'disabled'] as const).map((g) => ({ value: g, label: w.groundName[g] }))} />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </>
  );
}
