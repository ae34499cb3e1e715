/**
 * The page's own words (headings, labels, buttons, hints) in Chinese and English.
 * Everything the engine says — indicator names, details, reasons, warnings, level names — comes
 * from the engine's messages in the same locale, so the two never disagree.
 */
import type { Locale } from '../../src/rules/index.ts';

export type Lang = Locale;

const zh = {
  htmlLang: 'zh-CN',
  docTitle: '模拟积分 · 杭州市居住证积分',
  siteName: '杭州市居住证积分',
  title: '模拟积分',
  langSwitch: 'English',
  langSwitchLabel: 'Switch to English',
  intro:
    '填写您的情况,积分会随填写即时计算。计算全部在您的浏览器中完成,填写的内容不会上传。结果仅供参考,以积分核定结果为准。',
  fillExample: '填入示例',
  clearAll: '全部清空',
  required: '必填',
  optional: '选填',
  add: '添加',
  addItem: (name: string) => `添加${name}`,
  item: {
    residence: '居住登记',
    continuity: '连续居住证明',
    socialInsurance: '社保缴费',
    honours: '荣誉',
    patents: '专利',
    offences: '减分记录',
    veto: '否决情形',
  },
  remove: '删除',
  rowTitle: (section: string, n: number) => `${section} 第 ${n} 条`,
  emptyRowHint: '本条尚未填写日期,暂不计入。',

  // Assessment
  assessment: '核算设置',
  asOf: '积分核算日',
  asOfHint: '默认是今天(北京时间)。可改为申请日期或将来某一天。',
  policy: '政策版本',
  policyAuto: '按日期自动',
  policyPeriod: (from: string, to: string | undefined) => (to ? `${from} 至 ${to}` : `${from} 起`),

  // Person
  person: '个人情况',
  birthDate: '出生日期',
  hukou: '已有杭州市区户籍',
  fullCivilCapacity: '具有完全民事行为能力',

  // Permit
  permit: '浙江省居住证',
  permitKind: '居住证类型',
  permitNone: '没有居住证',
  permitIc: 'IC 卡居住证',
  permitPaper9: '九年期老版纸质居住证',
  permitIssuedOn: '签发日期',
  permitStatus: '状态',
  statusValid: '有效',
  statusSuspended: '中止(逾期未签注)',
  statusTerminated: '终止',
  permitDistrict: '签发地',
  districtUnset: '请选择',
  districtUrban: '杭州市区',
  districtOld: '2021 年撤销的区',
  districtCounty: '县、市(不属于市区)',

  // Residence
  residence: '居住登记',
  residenceHint: '临时居住证、居住登记、居住证的每一段期间。以公安居住登记系统为准。',
  from: '开始日期',
  to: '结束日期',
  fromMonth: '开始月份',
  toMonth: '结束月份',
  regStatus: '登记状态',
  registered: '登记有效',
  cancelled: '已注销',
  regSource: '来源',
  police: '公安系统登记',
  handwritten: '手工填写的《暂住证》',
  verified: '已在窗口核实',

  // Continuity
  continuity: '注销期间的连续居住证明',
  continuityHint: '居住登记注销期间,租房合同、社保或劳动合同不中断的,视为连续居住。',
  continuityKind: '证明类型',
  lease: '租房合同',
  socialInsuranceProof: '社会保险',
  labourContract: '劳动合同',

  // Insurance
  socialInsurance: '社会保险缴费',
  socialInsuranceHint: '在杭州市区实际缴纳的每一段月份。',
  scheme: '险种',
  backPaid: '补缴',
  transferredIn: '外地转入',

  // Education & qualification
  education: '文化程度',
  educationLevel: '最高学历',
  none: '无',
  abroad: '在国外或港澳台取得',
  certified: '有教育部留学服务中心认证书',
  qualification: '专业技术职称或技能等级',
  qualKind: '类型',
  qualTitle: '专业技术职称',
  qualSkill: '职业技能等级',
  qualLevel: '等级',

  // Housing
  housing: '住所',
  housingKind: '住房情况',
  owned: '自购产权住房',
  offPlan: '期房(尚未交付)',
  rented: '租住',
  housingFrom: '起始日期',
  livesThere: '本人在此实际居住',
  legalRental: '合法租赁住房(非违法建筑、非群租房)',

  // Honours
  honours: '表彰奖励和荣誉称号',
  honoursHint: '区级以上党委政府颁发的综合性荣誉。',
  honourLevel: '级别',
  issuer: '颁发单位',
  partyGovernment: '党委、政府',
  enterprise: '企事业单位',
  awardedOn: '获得日期',
  deedId: '事迹标记',
  deedIdHint: '同一事迹获多级表彰时填同一标记,只按最高一级计。',

  // Patents
  patents: '发明专利',
  grantedOn: '授权日期',
  firstInventor: '第一发明人',

  // Contributions
  contributions: '其他加分',
  bloodDonationMl: '在杭无偿献血量(毫升)',
  volunteerHours: '志愿服务时长(小时)',
  donationYuan: '慈善捐款(元)',
  boneMarrowDonated: '已成功捐献骨髓(造血干细胞)',
  wageYuan: '工资薪金个人所得税(元)',
  businessYuan: '经营所得个人所得税(元)',

  // Offences
  offences: '减分记录',
  offencesHint: '近 5 年内的记录。',
  offenceKind: '类别',
  offenceOn: '发生日期',
  actId: '同一行为标记',
  actIdHint: '同一行为涉及多项时填同一标记,只按最高分值扣一次。',

  veto: '一票否决情形',
  vetoHint: '存在以下情形的不能申请积分。',
  vetoKind: '情形',
  vetoOn: '日期',
  vetoSeriousCrime: '严重刑事犯罪',
  vetoBannedOrg: '参加国家禁止的组织',
  vetoFraudBan: '弄虚作假(5 年内不得申请)',

  // Results
  results: '积分结果',
  totalLabel: '当前积分',
  pointsUnit: '分',
  seeDetails: '查看明细',
  noResultYet: '填写出生日期后即开始计算。',
  staleTag: '已过期',
  stale: '输入有误或不完整,下面是上一次有效输入的结果,已过期。',
  fixThese: '请更正以下内容:',
  eligible: '可以申请积分',
  badgeEligible: '可申请',
  badgeIneligible: '暂不能申请',
  ineligible: '暂不能申请积分',
  policyApplied: '适用政策',
  items: '各项得分',
  itemPoints: (p: string) => `${p} 分`,
  explain: '计分依据',
  noTrace: '本项没有可计分的记录。',
  traceClause: '依据',
  traceRecord: '记录',
  traceEffect: '结果',
  traceReason: '说明',
  tracePoints: '分值',
  effect: { counted: '计入', excluded: '不计', capped: '封顶', applied: '适用' },
  warnings: '提示',
  noWarnings: '没有需要注意的提示。',
  projection: '达到 100 分的预计日期',
  reachedAlready: (d: string) => `已达到 100 分(${d})`,
  reachedOn: (d: string) => `预计 ${d} 达到 100 分`,
  notReached: (y: number) => `按目前情况,${y} 年内达不到 100 分`,
  totalThen: (p: string) => `届时积分约 ${p} 分`,
  noPolicyInForce: (asOf: string, first: string) => `${asOf} 杭州尚未实行居住证积分(首个版本自 ${first} 起施行)。`,
  unknownPolicy: '所选政策版本不存在。',
  engineError: '计算出错:',
  disclaimer: '本页为模拟计算,不是积分核定。实际积分以公安居住登记系统等部门数据和积分核定结果为准。',

  err: {
    required: '必填',
    date: '请填写有效日期(年-月-日)',
    month: '请填写有效月份(年-月)',
    before: (from: string) => `不能早于开始日期 ${from}`,
    number: '请填写数字',
    negative: '不能为负数',
    level: '请选择与类型相符的等级',
  },
};

export type Strings = typeof zh;

const en: Strings = {
  htmlLang: 'en',
  docTitle: 'Points simulator · Hangzhou residence-permit points',
  siteName: 'Hangzhou residence-permit points',
  title: 'Points simulator',
  langSwitch: '中文',
  langSwitchLabel: '切换到中文',
  intro:
    'Tell us about yourself and your points are worked out as you type. Everything is computed in your browser; nothing you enter is sent anywhere. The result is a guide only: the official determination decides.',
  fillExample: 'Fill in an example',
  clearAll: 'Clear all',
  required: 'required',
  optional: 'optional',
  add: 'Add',
  addItem: (name: string) => `Add ${name}`,
  item: {
    residence: 'residence period',
    continuity: 'continuity evidence',
    socialInsurance: 'insurance run',
    honours: 'honour',
    patents: 'patent',
    offences: 'deduction',
    veto: 'veto ground',
  },
  remove: 'Remove',
  rowTitle: (section: string, n: number) => `${section.charAt(0).toUpperCase()}${section.slice(1)} ${n}`,
  emptyRowHint: 'No dates entered yet, so this entry is not counted.',

  assessment: 'Assessment',
  asOf: 'Date of assessment',
  asOfHint: 'Today in China by default. Change it to the day you apply, or a day in the future.',
  policy: 'Policy version',
  policyAuto: 'By date (automatic)',
  policyPeriod: (from: string, to: string | undefined) => (to ? `${from} to ${to}` : `from ${from}`),

  person: 'About you',
  birthDate: 'Date of birth',
  hukou: 'I already hold a Hangzhou urban-area hukou',
  fullCivilCapacity: 'I have full civil capacity',

  permit: 'Zhejiang residence permit',
  permitKind: 'Kind of permit',
  permitNone: 'No permit',
  permitIc: 'IC-card permit',
  permitPaper9: 'Old 9-year paper permit',
  permitIssuedOn: 'Issued on',
  permitStatus: 'Status',
  statusValid: 'Valid',
  statusSuspended: 'Suspended (endorsement overdue)',
  statusTerminated: 'Terminated',
  permitDistrict: 'Issued in',
  districtUnset: 'Choose…',
  districtUrban: 'Hangzhou urban area',
  districtOld: 'Districts abolished in 2021',
  districtCounty: 'Counties and cities (not urban area)',

  residence: 'Residence registration',
  residenceHint: 'Each period of temporary residence permit, residence registration or residence permit, as the police system holds it.',
  from: 'From',
  to: 'To',
  fromMonth: 'From month',
  toMonth: 'To month',
  regStatus: 'Registration',
  registered: 'Registered',
  cancelled: 'Cancelled',
  regSource: 'Record',
  police: 'Police system',
  handwritten: 'Hand-written temporary permit',
  verified: 'Verified at a window',

  continuity: 'Continuity while a registration was cancelled',
  continuityHint: 'While a registration was cancelled, an unbroken lease, social insurance or labour contract counts as continuous residence.',
  continuityKind: 'Evidence',
  lease: 'Lease',
  socialInsuranceProof: 'Social insurance',
  labourContract: 'Labour contract',

  socialInsurance: 'Social insurance contributions',
  socialInsuranceHint: 'Each run of months actually paid in the urban area of Hangzhou.',
  scheme: 'Scheme',
  backPaid: 'Back-paid',
  transferredIn: 'Transferred in from elsewhere',

  education: 'Education',
  educationLevel: 'Highest education',
  none: 'None',
  abroad: 'Obtained abroad or in HK/Macao/Taiwan',
  certified: 'Have the CSCSE certificate',
  qualification: 'Professional title or skill level',
  qualKind: 'Kind',
  qualTitle: 'Professional title',
  qualSkill: 'Vocational skill level',
  qualLevel: 'Level',

  housing: 'Housing',
  housingKind: 'Your home',
  owned: 'Own home',
  offPlan: 'Off-plan (not yet handed over)',
  rented: 'Rented',
  housingFrom: 'Since',
  livesThere: 'I actually live there',
  legalRental: 'Legal rental (not an illegal building or group rental)',

  honours: 'Honours and awards',
  honoursHint: 'Comprehensive honours awarded by party committees or governments at district level or above.',
  honourLevel: 'Level',
  issuer: 'Awarded by',
  partyGovernment: 'Party committee or government',
  enterprise: 'Company or institution',
  awardedOn: 'Awarded on',
  deedId: 'Deed label',
  deedIdHint: 'Give the same label to awards for the same deed at several levels: only the highest counts.',

  patents: 'Invention patents',
  grantedOn: 'Granted on',
  firstInventor: 'First inventor',

  contributions: 'Other bonus points',
  bloodDonationMl: 'Blood donated in Hangzhou (ml)',
  volunteerHours: 'Volunteer service (hours)',
  donationYuan: 'Charitable donations (yuan)',
  boneMarrowDonated: 'I have donated bone marrow (stem cells)',
  wageYuan: 'Income tax on wages (yuan)',
  businessYuan: 'Income tax on business income (yuan)',

  offences: 'Deductions',
  offencesHint: 'Records within the last 5 years.',
  offenceKind: 'Kind',
  offenceOn: 'Date',
  actId: 'Act label',
  actIdHint: 'Give the same label to records of one act: it is deducted once, at the highest value.',

  veto: 'One-vote veto',
  vetoHint: 'Any of these bars a points application.',
  vetoKind: 'Ground',
  vetoOn: 'Date',
  vetoSeriousCrime: 'Serious crime',
  vetoBannedOrg: 'Member of a banned organisation',
  vetoFraudBan: 'Fraud (barred for 5 years)',

  results: 'Your points',
  totalLabel: 'Points now',
  pointsUnit: 'points',
  seeDetails: 'Details',
  noResultYet: 'Enter your date of birth to start.',
  staleTag: 'out of date',
  stale: 'Some input is invalid or incomplete. The result below is from your last valid input and is out of date.',
  fixThese: 'Please correct:',
  eligible: 'You can apply for points',
  badgeEligible: 'Eligible',
  badgeIneligible: 'Not eligible',
  ineligible: 'You cannot apply for points yet',
  policyApplied: 'Policy applied',
  items: 'Points by item',
  itemPoints: (p: string) => `${p} pts`,
  explain: 'How this was counted',
  noTrace: 'No records score in this item.',
  traceClause: 'Rule',
  traceRecord: 'Record',
  traceEffect: 'Effect',
  traceReason: 'Reason',
  tracePoints: 'Points',
  effect: { counted: 'counted', excluded: 'not counted', capped: 'capped', applied: 'applied' },
  warnings: 'Notes',
  noWarnings: 'Nothing to note.',
  projection: 'When you reach 100 points',
  reachedAlready: (d: string) => `100 points reached (${d})`,
  reachedOn: (d: string) => `Expected to reach 100 points on ${d}`,
  notReached: (y: number) => `Not expected to reach 100 points within ${y} years`,
  totalThen: (p: string) => `about ${p} points then`,
  noPolicyInForce: (asOf: string, first: string) =>
    `There was no residence-permit points system in Hangzhou on ${asOf} (the first version started ${first}).`,
  unknownPolicy: 'The chosen policy version does not exist.',
  engineError: 'Could not compute:',
  disclaimer:
    'This is a simulation, not a determination. Your actual points depend on the records of the police and other departments and on the official determination.',

  err: {
    required: 'required',
    date: 'enter a real date (year-month-day)',
    month: 'enter a real month (year-month)',
    before: (from: string) => `must not be before the start (${from})`,
    number: 'enter a number',
    negative: 'must not be negative',
    level: 'choose a level that fits the kind',
  },
};

export const STRINGS: Record<Lang, Strings> = { 'zh-CN': zh, en };

const STORAGE_KEY = 'jifen.lang';

/** `?lang=en` wins, then what the person chose last time, then Chinese. */
export function initialLang(): Lang {
  const q = new URLSearchParams(window.location.search).get('lang');
  if (q === 'en') return 'en';
  if (q === 'zh' || q === 'zh-CN') return 'zh-CN';
  try {
    const saved = window.localStorage.getItem(STORAGE_KEY);
    if (saved === 'en' || saved === 'zh-CN') return saved;
  } catch {
    // Storage may be disabled (private mode); fall through to the default.
  }
  return 'zh-CN';
}

export function rememberLang(lang: Lang): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Not remembered; the switch still works for this visit.
  }
}

/** Hangzhou's districts and counties, by administrative code. */
export const DISTRICTS: ReadonlyArray<{ code: string; zh: string; en: string; group: 'urban' | 'old' | 'county' }> = [
  { code: '330102', zh: '上城区', en: 'Shangcheng', group: 'urban' },
  { code: '330105', zh: '拱墅区', en: 'Gongshu', group: 'urban' },
  { code: '330106', zh: '西湖区', en: 'Xihu', group: 'urban' },
  { code: '330108', zh: '滨江区', en: 'Binjiang', group: 'urban' },
  { code: '330109', zh: '萧山区', en: 'Xiaoshan', group: 'urban' },
  { code: '330110', zh: '余杭区', en: 'Yuhang', group: 'urban' },
  { code: '330111', zh: '富阳区', en: 'Fuyang', group: 'urban' },
  { code: '330112', zh: '临安区', en: "Lin'an", group: 'urban' },
  { code: '330113', zh: '临平区', en: 'Linping', group: 'urban' },
  { code: '330114', zh: '钱塘区', en: 'Qiantang', group: 'urban' },
  { code: '330103', zh: '下城区', en: 'Xiacheng', group: 'old' },
  { code: '330104', zh: '江干区', en: 'Jianggan', group: 'old' },
  { code: '330122', zh: '桐庐县', en: 'Tonglu County', group: 'county' },
  { code: '330127', zh: '淳安县', en: "Chun'an County", group: 'county' },
  { code: '330182', zh: '建德市', en: 'Jiande', group: 'county' },
];
