/**
 * 积分入学 in the portal (issue 6), for a signed-in parent (/portal/school): the school rounds open
 * now with their schools per district, the application for a child under 16 (name, birth date and ID
 * number — the page checks that the two dates agree before sending; the district; the other
 * parent's ID number, whose points count if higher; the preferred schools of that district in order;
 * pre-registration when a parent's residence permit is expected by the round's proof day, 31 August),
 * and each application's outcome. The server decides everything and names every reason against;
 * the child's ID number comes back masked.
 */
import { useCallback, useEffect, useState } from 'react';
import { parseIdNumber } from '../../../src/domain/id-number.ts';
import { DISTRICTS } from '../i18n.ts';
import { api } from './api.ts';
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
}

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
    otherParentHint: '填写后,子女使用父母双方中较高的积分。',
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
    otherParentHint: 'If given, the child uses the higher of the two parents’ points.',
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
  const [problem, setProblem] = useState<Problem | null>(null);
  const reload = useCallback(() => {
    Promise.all([api.get<{ rounds: OpenSchoolRound[] }>('/api/v1/applicant/school/rounds'), api.get<{ applications: MySchoolApplication[] }>('/api/v1/applicant/school')])
      .then(([r, m]) => {
        setRounds(r.rounds);
        setMine(m.applications);
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
