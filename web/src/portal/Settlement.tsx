/**
 * 积分落户 in the portal (issue 6). For a signed-in applicant (/portal/settlement): the rounds open
 * now, an eligibility check that shows every reason standing against the application in plain
 * words (with the points counted as of the round's cut-off), the application with the spouse and
 * minor children who move along (name, ID number, relation; the documents each must bring come back
 * from the server), the state of each settlement application and, once issued, the link to the
 * printable admission notice (/settlement/notice/:id, a server page).
 *
 * In public (/settlement/announcement/:id): the announcement (公示) of a round during its period,
 * names and ID numbers masked by the server, searchable by name or the last four characters of the
 * ID number. The search is sent as `?q=`, the API's one way to ask; it holds no full value.
 */
import { useCallback, useEffect, useState } from 'react';
import { api, withdrawSettlement } from './api.ts';
import type { Lang, Strings } from './i18n.ts';
import { ConfirmAction } from './School.tsx';
import { BackLink, described, ErrorBox, Field, Form, Link, Notice, problemOf, type Problem } from './ui.tsx';

interface Reason {
  code: string;
  text: { 'zh-CN': string; en: string };
}
interface OpenRound {
  id: number;
  name: string;
  window: { opens: string; closes: string };
  cutOff: string;
  rule: { kind: 'line'; line: number } | { kind: 'quota'; quota: number };
}
interface Eligibility {
  cutOff: string;
  eligibility: { eligible: boolean; reasons: Reason[] };
  points: number | null;
}
type SettlementState = 'filed' | 'ineligible' | 'police_review' | 'ranked' | 'admitted' | 'not_admitted' | 'notice_issued' | 'moved' | 'forfeited' | 'withdrawn';
interface MyApplication {
  id: number;
  roundId: number;
  pointsH: number | null;
  acceptedOn: string;
  eligibility: { eligible: boolean; reasons: Reason[] };
  state: SettlementState;
  family: Array<{ relation: 'spouse' | 'child'; name: string; idNumber: string; documents: string[] }>;
  position: number | null;
  noticeNo: string | null;
  version: number;
}
interface Member {
  relation: 'spouse' | 'child';
  name: string;
  idNumber: string;
}
interface AnnouncementRow {
  position: number;
  rank: number;
  name: string;
  idNumber: string;
  points: number;
}

const W = {
  'zh-CN': {
    title: '积分落户',
    intro: '非杭州市区户籍、年满18周岁、具有完全民事行为能力、持有效的杭州市区居住证且在积分截止日有100分以上积分的人员,可在受理期内申请积分落户。配偶和未成年子女可以随迁。',
    openRounds: '正在受理的批次',
    noRounds: '目前没有正在受理的落户批次。',
    window: (o: string, c: string) => `申请期:${o} 至 ${c}`,
    cutOff: (d: string) => `积分截止日期:${d}`,
    rule: (r: OpenRound['rule']) => (r.kind === 'line' ? `准入规则:${r.line / 100} 分及以上` : `准入规则:名额 ${r.quota} 人,按积分排名`),
    check: '检查申请条件',
    eligible: (p: number | null, d: string) => `您符合申请条件。截至 ${d} 您的积分为 ${p ?? '—'} 分。`,
    notEligible: '您目前不符合申请条件,原因如下:',
    pointsAt: (p: number | null, d: string) => (p === null ? `截至 ${d} 您没有已公布的积分结果。` : `截至 ${d} 您的积分为 ${p} 分。`),
    family: '随迁人员(配偶、未成年子女)',
    familyHint: '没有随迁人员可不填。提交后会列出每位随迁人员须携带的材料。',
    addMember: '添加随迁人员',
    remove: '删除',
    relation: '关系',
    spouse: '配偶',
    child: '子女(未满18周岁)',
    name: '姓名',
    idNumber: '身份证号码',
    apply: '提交落户申请',
    applied: (id: number) => `已提交落户申请(编号 ${id})。`,
    mine: '我的落户申请',
    none: '您还没有落户申请。',
    appNo: (id: number) => `落户申请 ${id}`,
    round: (id: number, name: string | undefined) => name ?? `批次 ${id}`,
    state: '状态',
    points: '积分',
    position: '排名',
    reasons: '不符合的原因',
    documents: '须携带材料',
    notice: '查看并打印准入通知书',
    noticePdf: '下载 PDF 版',
    announcement: '查看公示名单',
    states: {
      filed: '已提交,等待公安审核',
      ineligible: '不符合申请条件',
      police_review: '公安审核中',
      ranked: '已排名',
      admitted: '拟准入(公示中)',
      not_admitted: '未准入',
      notice_issued: '已发准入通知书',
      moved: '已办理迁移落户',
      forfeited: '逾期未办理,视作放弃',
      withdrawn: '已撤回',
    } satisfies Record<SettlementState, string>,
    withdraw: '撤回申请',
    withdrawAsk: '确定撤回这份落户申请吗?批次排名前可以撤回;受理期内可以重新申请。排名后不能再撤回。',
    withdrawYes: '确定撤回',
    cancel: '取消',
    withdrawnNotice: (id: number) => `落户申请 ${id} 已撤回。`,
    // Public announcement
    pubTitle: '积分落户公示',
    pubIntro: '以下为拟准入积分落户人员名单,姓名和身份证号已作遮挡处理。公示期内对名单有异议的,可通过积分异议渠道提出。',
    roundNo: '批次编号',
    show: '查看',
    period: (f: string, t: string) => `公示期:${f} 至 ${t}`,
    search: '按姓名或身份证号后4位查询',
    find: '查询',
    clear: '显示全部',
    found: (n: number) => `共 ${n} 人`,
    noneFound: '没有找到符合条件的人员。',
    colPosition: '序号',
    colRank: '名次',
    colName: '姓名',
    colId: '身份证号',
    colPoints: '积分',
  },
  en: {
    title: 'Points-based settlement',
    intro: 'Adults without Hangzhou urban hukou, with full civil capacity, a valid Hangzhou urban residence permit and at least 100 points on the cut-off day may apply during a round. A spouse and minor children may move along.',
    openRounds: 'Rounds open now',
    noRounds: 'No settlement round is open now.',
    window: (o: string, c: string) => `Applications: ${o} to ${c}`,
    cutOff: (d: string) => `Points counted as of ${d}`,
    rule: (r: OpenRound['rule']) => (r.kind === 'line' ? `Rule: ${r.line / 100} points or more` : `Rule: a quota of ${r.quota}, by ranking`),
    check: 'Check eligibility',
    eligible: (p: number | null, d: string) => `You may apply. Your points as of ${d}: ${p ?? '—'}.`,
    notEligible: 'You cannot apply now, because:',
    pointsAt: (p: number | null, d: string) => (p === null ? `You have no published points result as of ${d}.` : `Your points as of ${d}: ${p}.`),
    family: 'Moving along (spouse, minor children)',
    familyHint: 'Leave empty if nobody moves along. After filing, the documents each must bring are listed.',
    addMember: 'Add a person',
    remove: 'Remove',
    relation: 'Relation',
    spouse: 'Spouse',
    child: 'Child (under 18)',
    name: 'Name',
    idNumber: 'ID number',
    apply: 'File the settlement application',
    applied: (id: number) => `Settlement application ${id} filed.`,
    mine: 'My settlement applications',
    none: 'You have no settlement application.',
    appNo: (id: number) => `Settlement application ${id}`,
    round: (id: number, name: string | undefined) => name ?? `Round ${id}`,
    state: 'State',
    points: 'Points',
    position: 'Position',
    reasons: 'Why not eligible',
    documents: 'Documents to bring',
    notice: 'Open and print the admission notice',
    noticePdf: 'Download as PDF',
    announcement: 'See the announcement',
    states: {
      filed: 'Filed, awaiting the police review',
      ineligible: 'Not eligible',
      police_review: 'Police review',
      ranked: 'Ranked',
      admitted: 'To be admitted (announced)',
      not_admitted: 'Not admitted',
      notice_issued: 'Admission notice issued',
      moved: 'Moved',
      forfeited: 'Not moved in time: forfeited',
      withdrawn: 'Withdrawn',
    } satisfies Record<SettlementState, string>,
    withdraw: 'Withdraw the application',
    withdrawAsk: 'Withdraw this settlement application? It can be withdrawn until the round is ranked, and filed again while the round is open. After the ranking it can no longer be withdrawn.',
    withdrawYes: 'Yes, withdraw',
    cancel: 'Cancel',
    withdrawnNotice: (id: number) => `Settlement application ${id} withdrawn.`,
    pubTitle: 'Settlement announcement',
    pubIntro: 'The people to be admitted for points-based settlement, names and ID numbers masked. Objections during the announcement go through the points objection channel.',
    roundNo: 'Round number',
    show: 'Show',
    period: (f: string, t: string) => `Announced from ${f} to ${t}`,
    search: 'Search by name or the last 4 of the ID number',
    find: 'Search',
    clear: 'Show all',
    found: (n: number) => `${n} people`,
    noneFound: 'Nobody matches.',
    colPosition: 'No.',
    colRank: 'Rank',
    colName: 'Name',
    colId: 'ID number',
    colPoints: 'Points',
  },
};

export function SettlementPortal({ t, lang, go }: { t: Strings; lang: Lang; go: (to: string) => void }) {
  const w = W[lang];
  const [rounds, setRounds] = useState<OpenRound[] | null>(null);
  const [mine, setMine] = useState<MyApplication[] | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [withdrawn, setWithdrawn] = useState<string | null>(null);
  const reload = useCallback(() => {
    Promise.all([api.get<{ rounds: OpenRound[] }>('/api/v1/applicant/settlement/rounds'), api.get<{ applications: MyApplication[] }>('/api/v1/applicant/settlement')])
      .then(([r, m]) => {
        setRounds(r.rounds);
        setMine(m.applications);
      })
      .catch((e: unknown) => setProblem(problemOf(e, t)));
  }, [t]);
  useEffect(reload, [reload]);

  const names = new Map((rounds ?? []).map((r) => [r.id, r.name]));
  return (
    <section>
      <BackLink to="/portal" go={go} t={t} />
      <h1 tabIndex={-1}>{w.title}</h1>
      <p className="intro">{w.intro}</p>
      <ErrorBox problem={problem} t={t} />
      <h2>{w.openRounds}</h2>
      {rounds === null && !problem && <p role="status">{t.loading}</p>}
      {rounds?.length === 0 && <p className="empty">{w.noRounds}</p>}
      {rounds?.map((r) => <RoundCard key={r.id} r={r} t={t} lang={lang} onFiled={reload} filed={(mine ?? []).some((a) => a.roundId === r.id && a.state !== 'ineligible' && a.state !== 'withdrawn')} />)}
      <h2>{w.mine}</h2>
      <Notice text={withdrawn} />
      {mine?.length === 0 && <p className="empty">{w.none}</p>}
      {mine && mine.length > 0 && (
        <ul className="cards" data-testid="settlement-applications">
          {mine.map((a) => (
            <li key={a.id} className="card" data-testid="settlement-application">
              <p className="card-title">
                {w.appNo(a.id)} · {w.round(a.roundId, names.get(a.roundId))}
              </p>
              <p>
                {w.state}: <strong data-testid="settlement-state">{w.states[a.state]}</strong>
              </p>
              {a.pointsH !== null && (
                <p>
                  {w.points}: {a.pointsH / 100}
                  {a.position !== null && ` · ${w.position}: ${a.position}`}
                </p>
              )}
              {a.eligibility.reasons.length > 0 && (
                <>
                  <p>{w.reasons}:</p>
                  <ul>
                    {a.eligibility.reasons.map((x) => (
                      <li key={x.code}>{x.text[lang]}</li>
                    ))}
                  </ul>
                </>
              )}
              {a.family.length > 0 && (
                <ul data-testid="family-documents">
                  {a.family.map((m) => (
                    <li key={m.idNumber}>
                      {m.relation === 'spouse' ? w.spouse : w.child} {m.name}({m.idNumber}):{w.documents} {m.documents.join('、')}
                    </li>
                  ))}
                </ul>
              )}
              {/* Until the ranking: filed and police-review applications exist only then; an ineligible one while its round is open (the rounds listed). */}
              {(a.state === 'filed' || a.state === 'police_review' || (a.state === 'ineligible' && names.has(a.roundId))) && (
                <ConfirmAction
                  t={t}
                  label={w.withdraw}
                  question={w.withdrawAsk}
                  yes={w.withdrawYes}
                  no={w.cancel}
                  testId="settlement-withdraw"
                  onConfirm={async () => {
                    await withdrawSettlement(a.id, a.version);
                    setWithdrawn(w.withdrawnNotice(a.id));
                    reload();
                  }}
                />
              )}
              {a.state === 'admitted' && (
                <p>
                  <Link to={`/settlement/announcement/${a.roundId}`} go={go}>
                    {w.announcement}
                  </Link>
                </p>
              )}
              {a.noticeNo !== null && (
                <p>
                  <a href={`/settlement/notice/${a.id}`} target="_blank" rel="noreferrer" data-testid="notice-link">
                    {w.notice}({a.noticeNo})
                  </a>
                  {' · '}
                  <a href={`/api/v1/applicant/settlement/${a.id}/notice.pdf`} download data-testid="notice-pdf-link">
                    {w.noticePdf}
                  </a>
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function RoundCard({ r, t, lang, onFiled, filed }: { r: OpenRound; t: Strings; lang: Lang; onFiled: () => void; filed: boolean }) {
  const w = W[lang];
  const [el, setEl] = useState<Eligibility | null>(null);
  const [family, setFamily] = useState<Member[]>([]);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const idp = `sr${r.id}`;

  const check = async (): Promise<void> => {
    setBusy(true);
    setProblem(null);
    try {
      setEl(await api.get<Eligibility>(`/api/v1/applicant/settlement/rounds/${r.id}/eligibility`));
    } catch (e) {
      setProblem(problemOf(e, t));
    } finally {
      setBusy(false);
    }
  };

  const labels: Record<string, string> = {};
  family.forEach((_, i) => {
    labels[`family[${i}].name`] = `${w.name} ${i + 1}`;
    labels[`family[${i}].idNumber`] = `${w.idNumber} ${i + 1}`;
    labels[`family[${i}].relation`] = `${w.relation} ${i + 1}`;
  });
  const apply = async (): Promise<void> => {
    setBusy(true);
    setProblem(null);
    try {
      const out = await api.post<{ application: { id: number } }>(`/api/v1/applicant/settlement/rounds/${r.id}/applications`, {
        family: family.map((m) => ({ relation: m.relation, name: m.name.trim(), idNumber: m.idNumber.trim().toUpperCase() })),
      });
      setNotice(w.applied(out.application.id));
      setFamily([]);
      onFiled();
    } catch (e) {
      setProblem(problemOf(e, t, labels));
    } finally {
      setBusy(false);
    }
  };
  const set = (i: number, m: Partial<Member>): void => setFamily(family.map((x, j) => (j === i ? { ...x, ...m } : x)));

  return (
    <article className="card" data-testid="open-round">
      <h3 className="card-title">{r.name}</h3>
      <p>{w.window(r.window.opens, r.window.closes)}</p>
      <p>{w.cutOff(r.cutOff)}</p>
      <p>{w.rule(r.rule)}</p>
      <div className="actions">
        <button type="button" onClick={() => void check()} disabled={busy}>
          {w.check}
        </button>
      </div>
      {el !== null && (
        <div data-testid="eligibility" className={el.eligibility.eligible ? 'ok' : 'errors'}>
          {el.eligibility.eligible ? (
            <p>{w.eligible(el.points, el.cutOff)}</p>
          ) : (
            <>
              <p>{w.notEligible}</p>
              <ul>
                {el.eligibility.reasons.map((x) => (
                  <li key={x.code} data-reason={x.code}>
                    {x.text[lang]}
                  </li>
                ))}
              </ul>
              <p>{w.pointsAt(el.points, el.cutOff)}</p>
            </>
          )}
        </div>
      )}
      {!filed && (
        <Form onSubmit={apply}>
          <fieldset className="section">
            <legend>{w.family}</legend>
            <p className="hint">{w.familyHint}</p>
            {family.map((m, i) => (
              <div key={i} className="family-member" data-testid="family-member">
                <Field id={`${idp}-rel-${i}`} label={`${w.relation} ${i + 1}`} required t={t}>
                  <select id={`${idp}-rel-${i}`} value={m.relation} onChange={(e) => set(i, { relation: e.target.value as Member['relation'] })}>
                    <option value="spouse">{w.spouse}</option>
                    <option value="child">{w.child}</option>
                  </select>
                </Field>
                <Field id={`${idp}-name-${i}`} label={`${w.name} ${i + 1}`} required t={t}>
                  <input id={`${idp}-name-${i}`} type="text" maxLength={64} value={m.name} onChange={(e) => set(i, { name: e.target.value })} />
                </Field>
                <Field id={`${idp}-id-${i}`} label={`${w.idNumber} ${i + 1}`} required t={t}>
                  <input id={`${idp}-id-${i}`} type="text" autoComplete="off" maxLength={18} value={m.idNumber} onChange={(e) => set(i, { idNumber: e.target.value })} {...described(`${idp}-id-${i}`, false, undefined)} />
                </Field>
                <button type="button" onClick={() => setFamily(family.filter((_, j) => j !== i))}>
                  {w.remove}
                </button>
              </div>
            ))}
            <button type="button" onClick={() => setFamily([...family, { relation: family.some((x) => x.relation === 'spouse') ? 'child' : 'spouse', name: '', idNumber: '' }])}>
              {w.addMember}
            </button>
          </fieldset>
          <ErrorBox problem={problem} t={t} />
          <button type="submit" className="primary" disabled={busy}>
            {w.apply}
          </button>
        </Form>
      )}
      {filed && <ErrorBox problem={problem} t={t} />}
      <Notice text={notice} />
    </article>
  );
}

/** The public announcement of a round: /settlement/announcement/:id (the bare path asks for the number). */
export function SettlementAnnouncement({ t, lang, path, go }: { t: Strings; lang: Lang; path: string; go: (to: string) => void }) {
  const w = W[lang];
  const m = /^\/settlement\/announcement\/(\d{1,12})$/.exec(path);
  const id = m ? Number(m[1]) : null;
  const [roundNo, setRoundNo] = useState('');
  const [q, setQ] = useState('');
  const [data, setData] = useState<{ round: { id: number; name: string; from: string; to: string }; rows: AnnouncementRow[] } | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  const fetchRows = useCallback(
    async (query: string): Promise<void> => {
      if (id === null) return;
      setProblem(null);
      try {
        const qs = query.trim() === '' ? '' : `?q=${encodeURIComponent(query.trim())}`;
        setData(await api.get(`/api/v1/public/settlement/rounds/${id}/announcement${qs}`));
      } catch (e) {
        setData(null);
        setProblem(problemOf(e, t));
      }
    },
    [id, t],
  );
  useEffect(() => {
    void fetchRows('');
  }, [fetchRows]);

  return (
    <section>
      <h1 tabIndex={-1}>{data ? `${w.pubTitle}:${data.round.name}` : w.pubTitle}</h1>
      <p className="intro">{w.pubIntro}</p>
      {id === null && (
        <Form onSubmit={() => Promise.resolve(/^\d{1,12}$/.test(roundNo.trim()) ? go(`/settlement/announcement/${roundNo.trim()}`) : undefined)}>
          <Field id="pub-round" label={w.roundNo} required t={t}>
            <input id="pub-round" type="text" inputMode="numeric" maxLength={12} value={roundNo} onChange={(e) => setRoundNo(e.target.value)} />
          </Field>
          <button type="submit" className="primary">
            {w.show}
          </button>
        </Form>
      )}
      <ErrorBox problem={problem} t={t} />
      {data && (
        <>
          <p data-testid="announcement-period">{w.period(data.round.from, data.round.to)}</p>
          <Form className="form search" onSubmit={() => fetchRows(q)}>
            <Field id="pub-q" label={w.search} t={t}>
              <input id="pub-q" type="search" maxLength={32} value={q} onChange={(e) => setQ(e.target.value)} />
            </Field>
            <div className="actions">
              <button type="submit" className="primary">
                {w.find}
              </button>
              <button
                type="button"
                onClick={() => {
                  setQ('');
                  void fetchRows('');
                }}
              >
                {w.clear}
              </button>
            </div>
          </Form>
          <p role="status" data-testid="announcement-count">
            {data.rows.length === 0 ? w.noneFound : w.found(data.rows.length)}
          </p>
          {data.rows.length > 0 && (
            <table className="table" data-testid="announcement">
              <thead>
                <tr>
                  <th scope="col">{w.colPosition}</th>
                  <th scope="col">{w.colRank}</th>
                  <th scope="col">{w.colName}</th>
                  <th scope="col">{w.colId}</th>
                  <th scope="col">{w.colPoints}</th>
                </tr>
              </thead>
              <tbody>
                {data.rows.map((r) => (
                  <tr key={r.position} data-testid="announcement-row">
                    <td>{r.position}</td>
                    <td>{r.rank}</td>
                    <td lang="zh-CN">{r.name}</td>
                    <td className="mono">{r.idNumber}</td>
                    <td>{r.points}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
