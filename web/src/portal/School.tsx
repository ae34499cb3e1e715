/**
 * 积分入学 in the portal (issue 6), for a signed-in parent (/portal/school): the school rounds open
 * now with their schools per district, the application for a child under 16 (name, birth date and ID
 * number — the page checks that the two dates agree before sending; the district; the other
 * parent's ID number, whose points count if higher; the preferred schools of that district in order;
 * pre-registration when a parent's residence permit is expected by the round's proof day, 31 August),
 * and each application's outcome. The server decides everything and names every reason against;
 * the child's ID number comes back masked.
 *
 * The other parent's points count only once that parent confirms here, in their own session (the
 * section "awaiting my confirmation" lists the applications naming them: the child, the child's ID
 * number masked, the applicant's name masked), or a clerk has seen the relationship document; each
 * application says where that stands. A filed application may be withdrawn (撤回) by the parent who
 * filed it, after a confirm step, until the allocation. `ConfirmAction` is shared with Settlement.tsx.
 */
import { useCallback, useEffect, useState } from 'react';
import { parseIdNumber } from '../../../src/domain/id-number.ts';
import { DISTRICTS } from '../i18n.ts';
import { api, decideSchoolConfirmation, schoolConfirmations, withdrawSchool, type SchoolConfirmationRequest } from './api.ts';
import type { Lang, Strings } from './i18n.ts';
import { BackLink, described, ErrorBox, fieldsProblem, Field, Form, Notice, problemOf, TextField, type Problem } from './ui.tsx';

interface OpenSchoolRound {
  id: number;
  name: string;
  window: { opens: string; closes: string };
  ageOn: string;
  proofBy: string;
  schools: Array<{ id: number; district: string; name: string; seats: number }>;
}
type SchoolState = 'filed' | 'placed' | 'no_seat' | 'no_preferences' | 'ineligible' | 'withdrawn';
interface MySchoolApplication {
  id: number;
  roundId: number;
  childName: string;
  childBirthDate: string;
  /** Masked by the server. */
  childIdNumber: string;
  district: string;
  preferences: number[];
  preRegistered: boolean;
  pointsH: number | null;
  acceptedOn: string;
  state: SchoolState;
  schoolId: number | null;
  /** The school placed in, by name (also once its round has closed). */
  schoolName: string | null;
  choice: number | null;
  conditional: boolean | null;
  reasons: Array<{ code: string; text: { 'zh-CN': string; en: string } }> | null;
  version: number;
  otherParent: { status: OtherParentStatus; decidedAt: string | null; via: 'portal' | 'birth_certificate' | 'hukou_book' | null };
  /** False for the other parent, who sees the application once confirmed but cannot withdraw it. */
  filedByMe: boolean;
}
type OtherParentStatus = 'none' | 'pending' | 'confirmed' | 'declined';

const W = {
  'zh-CN': {
    title: '积分入学',
    intro: '持杭州市区居住证的父母可为未满16周岁的子女申请积分入学。子女使用父母双方中较高的积分核定结果,按积分由高到低依次分配到所填志愿学校。',
    openRounds: '正在受理的批次',
    noRounds: '目前没有正在受理的入学批次。',
    window: (o: string, c: string) => `申请期:${o} 至 ${c}`,
    ageOn: (d: string) => `截至 ${d} 未满16周岁`,
    childName: '子女姓名',
    childBirthDate: '子女出生日期',
    childIdNumber: '子女身份证号码',
    birthMismatch: '与身份证号码中的出生日期不一致',
    district: '就读区县',
    otherParent: '另一方父母的身份证号码',
    otherParentHint: '填写后,须由另一方父母登录本人账户确认(或到受理窗口出示出生医学证明或户口簿),其积分才计入;确认前子女只使用您的积分。',
    preferences: '志愿学校(按先后顺序)',
    choice: (n: number) => `第${n}志愿`,
    none: '不填',
    duplicate: '与前面的志愿重复',
    seats: (n: number) => `学位 ${n} 个`,
    preRegistered: (d: string) => `预登记:父母一方的居住证预计在 ${d} 前取得`,
    apply: '提交入学申请',
    applied: (id: number) => `已提交入学申请(编号 ${id})。`,
    mine: '我的入学申请',
    noneMine: '您还没有入学申请。',
    appNo: (id: number) => `入学申请 ${id}`,
    state: '结果:',
    points: (p: number) => `使用积分:${p} 分`,
    school: '录取学校:',
    choiceOf: (n: number) => `第${n}志愿`,
    conditional: '须在8月31日前取得居住证,否则取消录取',
    otherParentStatus: {
      none: null,
      pending: '另一方父母尚未确认:确认前子女只使用您的积分。',
      confirmed: '另一方父母已确认,子女使用父母双方中较高的积分。',
      declined: '另一方父母已拒绝,子女只使用您的积分。',
    } satisfies Record<OtherParentStatus, string | null>,
    verifiedByStaff: '(受理窗口已核验亲子关系证明)',
    withdraw: '撤回申请',
    withdrawAsk: '确定撤回这份入学申请吗?撤回后不参加本批次分配;申请期内可以重新申请。',
    withdrawYes: '确定撤回',
    cancel: '取消',
    withdrawnNotice: (id: number) => `入学申请 ${id} 已撤回。`,
    awaiting: '待我确认的入学申请',
    awaitingIntro: '以下申请把您填为子女的另一方父母。确认后,您的积分核定结果可用于该子女的积分入学;拒绝后不使用您的积分。',
    request: (child: string, id: string, who: string) => `子女 ${child}(${id}),申请人 ${who}`,
    confirm: '确认是我的子女',
    confirmAsk: '确认后,您的积分将用于该子女的积分入学申请,且不能撤销。确定吗?',
    confirmYes: '确定确认',
    decline: '拒绝',
    declineAsk: '拒绝后,该子女只使用申请人的积分,且不能撤销。确定吗?',
    declineYes: '确定拒绝',
    decided: { confirm: '已确认。', decline: '已拒绝。' },
    states: {
      filed: '已申请,等待分配',
      placed: '已录取',
      no_seat: '未录取:志愿学校学位已满',
      no_preferences: '未录取:未填报本区学校',
      ineligible: '不符合条件',
      withdrawn: '已撤回',
    } satisfies Record<SchoolState, string>,
  },
  en: {
    title: 'Points-based school admission',
    intro: 'Parents holding a Hangzhou urban residence permit may apply for a child under 16. The child uses the higher of the two parents’ points; children are placed in their preferred schools in order of points.',
    openRounds: 'Rounds open now',
    noRounds: 'No school round is open now.',
    window: (o: string, c: string) => `Applications: ${o} to ${c}`,
    ageOn: (d: string) => `Under 16 on ${d}`,
    childName: 'Child’s name',
    childBirthDate: 'Child’s date of birth',
    childIdNumber: 'Child’s ID number',
    birthMismatch: 'does not match the date of birth in the ID number',
    district: 'District',
    otherParent: 'The other parent’s ID number',
    otherParentHint: 'The other parent’s points count only once they confirm in their own account (or a service window sees the birth certificate or hukou book); until then the child uses your points.',
    preferences: 'Preferred schools (in order)',
    choice: (n: number) => `Choice ${n}`,
    none: 'None',
    duplicate: 'repeats an earlier choice',
    seats: (n: number) => `${n} seats`,
    preRegistered: (d: string) => `Pre-registration: a parent’s residence permit is expected by ${d}`,
    apply: 'File the school application',
    applied: (id: number) => `School application ${id} filed.`,
    mine: 'My school applications',
    noneMine: 'You have no school application.',
    appNo: (id: number) => `School application ${id}`,
    state: 'Outcome: ',
    points: (p: number) => `Points used: ${p}`,
    school: 'School: ',
    choiceOf: (n: number) => `choice ${n}`,
    conditional: 'The residence permit must be held by 31 August, or the place is withdrawn',
    otherParentStatus: {
      none: null,
      pending: 'The other parent has not confirmed yet: until then the child uses your points only.',
      confirmed: 'The other parent confirmed: the child uses the higher of the two parents’ points.',
      declined: 'The other parent declined: the child uses your points only.',
    } satisfies Record<OtherParentStatus, string | null>,
    verifiedByStaff: ' (a service window saw the relationship document)',
    withdraw: 'Withdraw the application',
    withdrawAsk: 'Withdraw this school application? It will not take part in this round’s allocation; you may apply again while applications are open.',
    withdrawYes: 'Yes, withdraw',
    cancel: 'Cancel',
    withdrawnNotice: (id: number) => `School application ${id} withdrawn.`,
    awaiting: 'Awaiting my confirmation',
    awaitingIntro: 'These applications name you as the child’s other parent. If you confirm, your points may count for the child’s school admission; if you decline, they do not.',
    request: (child: string, id: string, who: string) => `Child ${child} (${id}), filed by ${who}`,
    confirm: 'Confirm: this is my child',
    confirmAsk: 'Your points will count for this child’s school application, and this cannot be undone. Confirm?',
    confirmYes: 'Yes, confirm',
    decline: 'Decline',
    declineAsk: 'The child will use the applicant’s points only, and this cannot be undone. Decline?',
    declineYes: 'Yes, decline',
    decided: { confirm: 'Confirmed.', decline: 'Declined.' },
    states: {
      filed: 'Filed, awaiting the allocation',
      placed: 'Placed',
      no_seat: 'Not placed: the preferred schools are full',
      no_preferences: 'Not placed: no school of the district preferred',
      ineligible: 'Not eligible',
      withdrawn: 'Withdrawn',
    } satisfies Record<SchoolState, string>,
  },
};

const districtLabel = (code: string, lang: Lang): string => {
  const d = DISTRICTS.find((x) => x.code === code);
  return d ? (lang === 'en' ? d.en : d.zh) : code;
};

export function SchoolPortal({ t, lang, go }: { t: Strings; lang: Lang; go: (to: string) => void }) {
  const w = W[lang];
  const [rounds, setRounds] = useState<OpenSchoolRound[] | null>(null);
  const [mine, setMine] = useState<MySchoolApplication[] | null>(null);
  const [requests, setRequests] = useState<SchoolConfirmationRequest[]>([]);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const reload = useCallback(() => {
    Promise.all([api.get<{ rounds: OpenSchoolRound[] }>('/api/v1/applicant/school/rounds'), api.get<{ applications: MySchoolApplication[] }>('/api/v1/applicant/school'), schoolConfirmations()])
      .then(([r, m, c]) => {
        setRounds(r.rounds);
        setMine(m.applications);
        setRequests(c.requests);
      })
      .catch((e: unknown) => setProblem(problemOf(e, t)));
  }, [t]);
  useEffect(reload, [reload]);

  // Only open rounds list their schools: a school of a closed round is named by its choice.
  const schools = new Map((rounds ?? []).flatMap((r) => r.schools.map((s) => [s.id, s.name] as const)));
  return (
    <section>
      <BackLink to="/portal" go={go} t={t} />
      <h1 tabIndex={-1}>{w.title}</h1>
      <p className="intro">{w.intro}</p>
      <ErrorBox problem={problem} t={t} />
      <Notice text={notice} />
      {requests.length > 0 && (
        <section className="section" data-testid="school-confirmations">
          <h2>{w.awaiting}</h2>
          <p className="hint">{w.awaitingIntro}</p>
          <ul className="cards">
            {requests.map((q) => (
              <li key={q.applicationId} className="card" data-testid="school-confirmation">
                <p className="card-title">{q.roundName}</p>
                <p>
                  <span lang="zh-CN">{w.request(q.childName, q.childIdNumber, q.applicant)}</span>
                </p>
                <p>{districtLabel(q.district, lang)}</p>
                <div className="actions">
                  {(['confirm', 'decline'] as const).map((decision) => (
                    <ConfirmAction
                      key={decision}
                      t={t}
                      label={w[decision]}
                      question={decision === 'confirm' ? w.confirmAsk : w.declineAsk}
                      yes={decision === 'confirm' ? w.confirmYes : w.declineYes}
                      no={w.cancel}
                      testId={`school-${decision}`}
                      onConfirm={async () => {
                        await decideSchoolConfirmation(q.applicationId, decision, q.version);
                        setNotice(w.decided[decision]);
                        reload();
                      }}
                    />
                  ))}
                </div>
              </li>
            ))}
          </ul>
        </section>
      )}
      <h2>{w.openRounds}</h2>
      {rounds === null && !problem && <p role="status">{t.loading}</p>}
      {rounds?.length === 0 && <p className="empty">{w.noRounds}</p>}
      {rounds?.map((r) => <SchoolRoundCard key={r.id} r={r} t={t} lang={lang} onFiled={reload} />)}
      <h2>{w.mine}</h2>
      {mine?.length === 0 && <p className="empty">{w.noneMine}</p>}
      {mine && mine.length > 0 && (
        <ul className="cards" data-testid="school-applications">
          {mine.map((a) => (
            <li key={a.id} className="card" data-testid="school-application">
              <p className="card-title">
                {w.appNo(a.id)} · <span lang="zh-CN">{a.childName}</span>({a.childIdNumber})
              </p>
              <p>
                {w.state}<strong data-testid="school-state">{w.states[a.state]}</strong>
              </p>
              {a.state === 'placed' && a.schoolId !== null && (
                <p data-testid="school-placed">
                  {w.school}{a.schoolName ?? schools.get(a.schoolId) ?? districtLabel(a.district, lang)}
                  {a.choice !== null && `(${w.choiceOf(a.choice + 1)})`}
                </p>
              )}
              {a.conditional === true && <p className="hint">{w.conditional}</p>}
              {a.pointsH !== null && <p>{w.points(a.pointsH / 100)}</p>}
              {a.state !== 'withdrawn' && w.otherParentStatus[a.otherParent.status] !== null && (
                <p data-testid="school-other-parent" data-status={a.otherParent.status}>
                  {w.otherParentStatus[a.otherParent.status]}
                  {a.otherParent.status === 'confirmed' && a.otherParent.via !== 'portal' && a.otherParent.via !== null && w.verifiedByStaff}
                </p>
              )}
              {a.state === 'filed' && a.filedByMe && (
                <ConfirmAction
                  t={t}
                  label={w.withdraw}
                  question={w.withdrawAsk}
                  yes={w.withdrawYes}
                  no={w.cancel}
                  testId="school-withdraw"
                  onConfirm={async () => {
                    await withdrawSchool(a.id, a.version);
                    setNotice(w.withdrawnNotice(a.id));
                    reload();
                  }}
                />
              )}
              {a.reasons !== null && a.reasons.length > 0 && (
                <ul>
                  {a.reasons.map((x) => (
                    <li key={x.code}>{x.text[lang]}</li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

interface Draft {
  childName: string;
  birthDate: string;
  idNumber: string;
  district: string;
  otherParent: string;
  picks: string[];
  preRegistered: boolean;
}

function SchoolRoundCard({ r, t, lang, onFiled }: { r: OpenSchoolRound; t: Strings; lang: Lang; onFiled: () => void }) {
  const w = W[lang];
  const districts = [...new Set(r.schools.map((s) => s.district))];
  const empty: Draft = { childName: '', birthDate: '', idNumber: '', district: districts[0] ?? '', otherParent: '', picks: [], preRegistered: false };
  const [d, setD] = useState<Draft>(empty);
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const idp = `sc${r.id}`;
  const set = <K extends keyof Draft>(k: K, v: Draft[K]): void => setD((x) => ({ ...x, [k]: v }));
  const ofDistrict = r.schools.filter((s) => s.district === d.district);
  const labels: Record<string, string> = {
    'child.name': w.childName,
    'child.birthDate': w.childBirthDate,
    'child.idNumber': w.childIdNumber,
    district: w.district,
    otherParentIdNumber: w.otherParent,
    preferences: w.preferences,
    preRegistered: w.preRegistered(r.proofBy),
  };
  ofDistrict.forEach((_, i) => (labels[`pick${i}`] = w.choice(i + 1)));

  const apply = async (): Promise<void> => {
    const e: Record<string, string> = {};
    if (d.childName.trim() === '') e['child.name'] = t.required;
    const id = parseIdNumber(d.idNumber);
    if (!id.ok) e['child.idNumber'] = t.badIdNumber;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d.birthDate)) e['child.birthDate'] = t.required;
    else if (id.ok && id.info.birthDate !== d.birthDate) e['child.birthDate'] = w.birthMismatch;
    if (d.otherParent.trim() !== '' && !parseIdNumber(d.otherParent).ok) e.otherParentIdNumber = t.badIdNumber;
    const picks = d.picks.slice(0, ofDistrict.length);
    picks.forEach((x, i) => {
      if (x !== '' && picks.indexOf(x) < i) e[`pick${i}`] = w.duplicate;
    });
    setErrors(e);
    if (Object.keys(e).length > 0) {
      setProblem(fieldsProblem(t, e, labels));
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const out = await api.post<MySchoolApplication>(`/api/v1/applicant/school/rounds/${r.id}/applications`, {
        child: { name: d.childName.trim(), idNumber: d.idNumber.trim().toUpperCase() },
        otherParentIdNumber: d.otherParent.trim() === '' ? null : d.otherParent.trim().toUpperCase(),
        district: d.district,
        preferences: picks.filter((x) => x !== '').map(Number),
        preRegistered: d.preRegistered,
      });
      setNotice(w.applied(out.id));
      setD(empty);
      onFiled();
    } catch (err) {
      setProblem(problemOf(err, t, labels));
    } finally {
      setBusy(false);
    }
  };

  return (
    <article className="card" data-testid="open-school-round">
      <h3 className="card-title">{r.name}</h3>
      <p>{w.window(r.window.opens, r.window.closes)}</p>
      <p>{w.ageOn(r.ageOn)}</p>
      <Form onSubmit={apply}>
        <TextField id={`${idp}-name`} label={w.childName} error={errors['child.name']} value={d.childName} onChange={(v) => set('childName', v)} t={t} />
        <TextField id={`${idp}-birth`} label={w.childBirthDate} error={errors['child.birthDate']} type="date" value={d.birthDate} onChange={(v) => set('birthDate', v)} t={t} />
        <TextField id={`${idp}-id`} label={w.childIdNumber} error={errors['child.idNumber']} value={d.idNumber} onChange={(v) => set('idNumber', v)} maxLength={18} autoComplete="off" t={t} />
        <Field id={`${idp}-district`} label={w.district} required t={t}>
          <select id={`${idp}-district`} value={d.district} onChange={(e) => setD((x) => ({ ...x, district: e.target.value, picks: [] }))}>
            {districts.map((code) => (
              <option key={code} value={code}>
                {districtLabel(code, lang)}
              </option>
            ))}
          </select>
        </Field>
        <Field id={`${idp}-other`} label={w.otherParent} hint={w.otherParentHint} error={errors.otherParentIdNumber} t={t}>
          <input id={`${idp}-other`} type="text" autoComplete="off" maxLength={18} value={d.otherParent} onChange={(e) => set('otherParent', e.target.value)} {...described(`${idp}-other`, true, errors.otherParentIdNumber)} />
        </Field>
        <fieldset className="section">
          <legend>{w.preferences}</legend>
          {ofDistrict.map((_, i) => (
            <Field key={i} id={`${idp}-pick-${i}`} label={w.choice(i + 1)} error={errors[`pick${i}`]} t={t}>
              <select
                id={`${idp}-pick-${i}`}
                value={d.picks[i] ?? ''}
                onChange={(e) => {
                  const picks = [...d.picks];
                  while (picks.length <= i) picks.push('');
                  picks[i] = e.target.value;
                  set('picks', picks);
                }}
              >
                <option value="">{w.none}</option>
                {ofDistrict.map((s) => (
                  <option key={s.id} value={String(s.id)}>
                    {s.name}({w.seats(s.seats)})
                  </option>
                ))}
              </select>
            </Field>
          ))}
        </fieldset>
        <div className="field check">
          <label>
            <input type="checkbox" checked={d.preRegistered} onChange={(e) => set('preRegistered', e.target.checked)} />
            {w.preRegistered(r.proofBy)}
          </label>
        </div>
        <ErrorBox problem={problem} t={t} />
        <button type="submit" className="primary" disabled={busy}>
          {w.apply}
        </button>
      </Form>
      <Notice text={notice} />
    </article>
  );
}

/**
 * A button whose action runs only after a second, explicit yes (the question and the yes/no buttons
 * replace it until answered); a refusal from the server is shown under it.
 */
export function ConfirmAction({ t, label, question, yes, no, onConfirm, testId }: { t: Strings; label: string; question: string; yes: string; no: string; onConfirm: () => Promise<void>; testId?: string }) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const run = async (): Promise<void> => {
    setBusy(true);
    setProblem(null);
    try {
      await onConfirm();
      setAsking(false);
    } catch (e) {
      setProblem(problemOf(e, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="confirm-action" data-testid={testId}>
      {!asking ? (
        <button type="button" onClick={() => setAsking(true)} disabled={busy}>
          {label}
        </button>
      ) : (
        <div role="group" aria-label={label}>
          <p>{question}</p>
          <div className="actions">
            <button type="button" className="primary" onClick={() => void run()} disabled={busy} data-testid={testId ? `${testId}-yes` : undefined}>
              {yes}
            </button>
            <button type="button" onClick={() => setAsking(false)} disabled={busy}>
              {no}
            </button>
          </div>
        </div>
      )}
      <ErrorBox problem={problem} t={t} />
    </div>
  );
}
