/**
 * Every sentence the engine says to a person, in Chinese (the default) and English.
 * Kept apart from the arithmetic so that wording can change without touching a rule, and so that a
 * new language is one more object of the same type.
 */
import type { HonourLevel, IndicatorCode, OffenceKind } from './policy.ts';

export type Locale = 'zh-CN' | 'en';

export type WarningCode =
  | 'PERMIT_MISSING'
  | 'PERMIT_SUSPENDED'
  | 'PERMIT_TERMINATED'
  | 'PERMIT_NOT_URBAN'
  | 'PERMIT_NOT_YET_ISSUED'
  | 'PAPER_PERMIT_WINDOW_ONLY'
  | 'HUKOU_ALREADY_URBAN'
  | 'VETO'
  | 'FOREIGN_DEGREE_UNCERTIFIED'
  | 'HANDWRITTEN_RESIDENCE_NOT_COUNTED'
  | 'RENTAL_LEGALITY_UNCONFIRMED'
  | 'ENTERPRISE_HONOUR_NOT_COUNTED'
  | 'DEDUCTION_VALUE_UNCONFIRMED'
  | 'POLICY_NOT_IN_FORCE'
  | 'POLICY_VALUES_UNCONFIRMED';

export interface Messages {
  indicator: Record<IndicatorCode, string>;
  honourLevel: Record<HonourLevel, string>;
  offence: Record<OffenceKind, string>;
  /** Names of the veto kinds the engine knows; any other kind is shown as given. */
  veto: Record<string, string>;
  none: string;
  capped: (cap: string) => string;
  detail: {
    age: (age: number, asOf: string) => string;
    education: (level: string) => string;
    qualification: (level: string) => string;
    lowerOfTwo: (other: string) => string;
    residence: (days: number, months: number, years: number) => string;
    socialInsurance: (months: number) => string;
    housingOwned: string;
    housingRented: (years: number) => string;
    housingNone: (why: string) => string;
    honours: (n: number) => string;
    boneMarrow: string;
    amount: (amount: number, unit: string) => string;
    patents: (n: number) => string;
    deductions: (n: number) => string;
  };
  reason: {
    counted: string;
    futureRecord: string;
    afterCutoff: (month: string) => string;
    handwritten: string;
    handwrittenVerified: string;
    cancelledNoContinuity: string;
    cancelledContinuity: (from: string, to: string) => string;
    epidemicGap: (from: string, to: string) => string;
    overlap: (days: number) => string;
    backPaid: string;
    transferredIn: string;
    schemeNotCounted: (scheme: string) => string;
    duplicateMonths: (n: number) => string;
    underOneYear: string;
    uncertifiedDegree: string;
    offPlan: string;
    notLivingThere: string;
    illegalRental: string;
    enterpriseHonour: string;
    outsideWindow: (years: number) => string;
    sameDeed: string;
    transferredPatent: string;
    otherInventor: string;
    sameAct: string;
    levelCap: (level: string, cap: string) => string;
  };
  level: Record<string, string>;
  scheme: Record<'pension' | 'medical', string>;
  warning: Record<WarningCode, (p: Record<string, string>) => string>;
}

const zh: Messages = {
  indicator: {
    age: '年龄',
    education: '文化程度',
    qualification: '专业技术职称或技能等级',
    residence: '居住年限',
    socialInsurance: '社会保险',
    housing: '住所',
    honours: '表彰奖励和荣誉称号',
    boneMarrow: '捐献骨髓(造血干细胞)',
    bloodDonation: '无偿献血',
    volunteering: '志愿服务',
    donation: '慈善捐款',
    incomeTax: '投资纳税',
    patents: '发明专利',
    deductions: '减分(守法诚信)',
  },
  honourLevel: { national: '国家级', provincial: '省级', city: '市级', district: '区、县(市)级' },
  offence: { crime: '刑事犯罪记录', drugRehab: '强制隔离戒毒', detention: '行政拘留或司法拘留', dishonest: '失信记录' },
  veto: { seriousCrime: '严重刑事犯罪', bannedOrganisation: '参加国家禁止的组织或活动', fraudBan: '弄虚作假,5年内不得申请', fraud: '弄虚作假,5年内不得申请' },
  none: '未填报,不计分',
  capped: (cap) => `已达上限 ${cap} 分`,
  detail: {
    age: (age, asOf) => `截至 ${asOf} 年满 ${age} 周岁`,
    education: (level) => `最高学历: ${level}`,
    qualification: (level) => `职称或技能等级: ${level}`,
    lowerOfTwo: (other) => `文化程度与职称技能只取高者,本项低于${other},不计分`,
    residence: (days, months, years) => `累计居住登记 ${days} 天,折合 ${months} 个月,满 ${years} 年`,
    socialInsurance: (months) => `实际缴纳 ${months} 个月`,
    housingOwned: '自购产权住房且实际居住',
    housingRented: (years) => `租住合法居住房屋满 ${years} 年`,
    housingNone: (why) => `住所不计分: ${why}`,
    honours: (n) => `计入 ${n} 项表彰奖励`,
    boneMarrow: '已成功捐献骨髓(造血干细胞)',
    amount: (amount, unit) => `${amount} ${unit}`,
    patents: (n) => `计入 ${n} 项发明专利`,
    deductions: (n) => `近5年内 ${n} 项减分记录`,
  },
  reason: {
    counted: '计入',
    futureRecord: '发生在积分核算日之后,不计',
    afterCutoff: (month) => `只计至申请前一个月(${month}),之后的月份不计`,
    handwritten: '手工填写的《暂住证》不在公安系统中,不能自动计入;请到窗口提交或在积分核定后提出异议',
    handwrittenVerified: '手工填写的《暂住证》已经窗口核实,计入',
    cancelledNoContinuity: '居住登记已注销,且无不中断的租房合同、社保或劳动合同,不计',
    cancelledContinuity: (from, to) => `居住登记注销期间,${from} 至 ${to} 租房合同、社保或劳动合同未中断,视为连续居住`,
    epidemicGap: (from, to) => `${from} 至 ${to} 因疫情中断居住登记,视为连续居住登记`,
    overlap: (days) => `与其他记录重叠的 ${days} 天只计一次`,
    backPaid: '补缴的月份不计',
    transferredIn: '外地转入的月份不计',
    schemeNotCounted: (scheme) => `本版本只计养老保险缴费月份,${scheme}不单独计`,
    duplicateMonths: (n) => `重复参保的 ${n} 个月只计一次`,
    underOneYear: '累计不满12个月,不计分',
    uncertifiedDegree: '国外或港澳台学位须有教育部留学服务中心认证书,未认证不计分',
    offPlan: '期房尚不能居住,不符合"自购产权住房且实际居住"',
    notLivingThere: '未在该住房实际居住(实际居住地须与居住登记、居住证地址一致)',
    illegalRental: '未确认为合法租赁住房(违法建筑、群租房不计分)',
    enterpriseHonour: '一般企事业单位颁发的荣誉证书不计分,只计区级以上党委政府颁发的荣誉',
    outsideWindow: (years) => `不在近 ${years} 年内,不计`,
    sameDeed: '同一事迹获多级表彰,只按最高一级计一次',
    transferredPatent: '受让取得的专利不计分',
    otherInventor: '非第一发明人,减半计分',
    sameAct: '同一行为涉及多项减分指标,按最高分值扣一次',
    levelCap: (level, cap) => `${level}表彰最高 ${cap} 分`,
  },
  level: {
    highSchool: '高中(中专)',
    juniorCollege: '大专',
    bachelor: '本科',
    master: '硕士研究生',
    doctorate: '博士研究生',
    senior: '正高级职称',
    deputySenior: '副高级职称',
    intermediate: '中级职称',
    seniorTechnician: '高级技师(一级)',
    technician: '技师(二级)',
    seniorWorker: '高级工(三级)',
  },
  scheme: { pension: '养老保险', medical: '医疗保险' },
  warning: {
    PERMIT_MISSING: () => '未填写有效的《浙江省居住证》:持有市区有效居住证才能申请积分',
    PERMIT_SUSPENDED: () => '居住证已中止(逾期未签注):积分暂时无效,办理签注恢复后重新确认',
    PERMIT_TERMINATED: () => '居住证已终止:积分永久失效',
    PERMIT_NOT_URBAN: (p) => `居住证签发地 ${p.district ?? ''} 不在杭州市区范围内`,
    PERMIT_NOT_YET_ISSUED: (p) => `居住证签发日期 ${p.issuedOn ?? ''} 晚于积分核算日`,
    PAPER_PERMIT_WINDOW_ONLY: () => '九年期老版纸质居住证无法线上调取,请到线下窗口申请',
    HUKOU_ALREADY_URBAN: () => '已有杭州市区户籍,不属于积分对象(流动人口)',
    VETO: (p) => `存在一票否决情形(${p.kind ?? ''},${p.on ?? ''}),不能申请积分`,
    FOREIGN_DEGREE_UNCERTIFIED: () => '国外或港澳台学位须同时提交教育部留学服务中心出具的学历学位认证书,否则不计分',
    HANDWRITTEN_RESIDENCE_NOT_COUNTED: () =>
      '手工填写的《暂住证》期间未自动计入居住年限:可在窗口申请时提供,或在积分核定后到异议受理窗口申请核查',
    RENTAL_LEGALITY_UNCONFIRMED: () => '租赁住房未确认为合法居住房屋,住所指标不计分',
    ENTERPRISE_HONOUR_NOT_COUNTED: () => '一般企事业单位颁发的荣誉证书不能积分',
    DEDUCTION_VALUE_UNCONFIRMED: (p) => `减分项"${p.kind ?? ''}"的分值未见官方文本,按推定值计算,以核定结果为准`,
    POLICY_NOT_IN_FORCE: (p) => `所选政策版本 ${p.policy ?? ''} 在 ${p.asOf ?? ''} 并未施行`,
    POLICY_VALUES_UNCONFIRMED: (p) =>
      `${p.from ?? ''} 起 ${p.indicators ?? ''} 等指标已调整,新分值尚未录入,本结果按此前分值计算,仅供参考`,
  },
};

const en: Messages = {
  indicator: {
    age: 'Age',
    education: 'Education',
    qualification: 'Professional title or skill level',
    residence: 'Years of residence',
    socialInsurance: 'Social insurance',
    housing: 'Housing',
    honours: 'Honours and awards',
    boneMarrow: 'Bone-marrow donation',
    bloodDonation: 'Blood donation',
    volunteering: 'Volunteering',
    donation: 'Charitable donation',
    incomeTax: 'Income tax',
    patents: 'Invention patents',
    deductions: 'Deductions (law and credit)',
  },
  honourLevel: { national: 'national', provincial: 'provincial', city: 'city', district: 'district/county' },
  offence: {
    crime: 'criminal record',
    drugRehab: 'compulsory drug rehabilitation',
    detention: 'administrative or judicial detention',
    dishonest: 'dishonesty listing',
  },
  veto: {
    seriousCrime: 'serious crime',
    bannedOrganisation: 'taking part in a banned organisation or activity',
    fraudBan: 'false materials: barred for 5 years',
    fraud: 'false materials: barred for 5 years',
  },
  none: 'nothing declared, no points',
  capped: (cap) => `capped at ${cap} points`,
  detail: {
    age: (age, asOf) => `${age} full years of age on ${asOf}`,
    education: (level) => `highest education: ${level}`,
    qualification: (level) => `title or skill: ${level}`,
    lowerOfTwo: (other) => `only the higher of education and title/skill counts; this one is below ${other}, so it scores 0`,
    residence: (days, months, years) => `${days} days registered, ${months} months, ${years} full years`,
    socialInsurance: (months) => `${months} months actually paid`,
    housingOwned: 'own home, actually lived in',
    housingRented: (years) => `${years} full years in a legal rental`,
    housingNone: (why) => `no housing points: ${why}`,
    honours: (n) => `${n} awards counted`,
    boneMarrow: 'bone marrow (stem cells) donated',
    amount: (amount, unit) => `${amount} ${unit}`,
    patents: (n) => `${n} patents counted`,
    deductions: (n) => `${n} deductions within the last 5 years`,
  },
  reason: {
    counted: 'counted',
    futureRecord: 'after the date of assessment, not counted',
    afterCutoff: (month) => `counted up to the month before application (${month}); later months are not`,
    handwritten:
      'a hand-written temporary residence permit is not in the police system and is not counted automatically; bring it to a window or raise it in an objection',
    handwrittenVerified: 'hand-written temporary residence permit verified at a window, counted',
    cancelledNoContinuity: 'registration cancelled, with no unbroken lease, insurance or labour contract: not counted',
    cancelledContinuity: (from, to) =>
      `registration cancelled, but a lease, insurance or labour contract ran unbroken from ${from} to ${to}: counted as continuous`,
    epidemicGap: (from, to) => `registration interrupted by the epidemic from ${from} to ${to}: counted as continuous`,
    overlap: (days) => `${days} days overlapping other records counted once`,
    backPaid: 'back-paid months are not counted',
    transferredIn: 'months transferred in from elsewhere are not counted',
    schemeNotCounted: (scheme) => `this version counts pension months only; ${scheme} alone is not counted`,
    duplicateMonths: (n) => `${n} months insured twice counted once`,
    underOneYear: 'under 12 months in total: no points',
    uncertifiedDegree: 'a degree from abroad or HK/Macao/Taiwan needs the certificate of the Chinese Service Center for Scholarly Exchange',
    offPlan: 'an off-plan home cannot be lived in yet, so it is not an own home actually lived in',
    notLivingThere: 'not actually living there (the address must match the registration and the permit)',
    illegalRental: 'not confirmed as a legal rental (illegal buildings and group rentals score nothing)',
    enterpriseHonour: 'certificates from companies or institutions do not count; only district-level-and-above party and government honours do',
    outsideWindow: (years) => `not within the last ${years} years`,
    sameDeed: 'the same deed honoured at several levels counts once, at the highest',
    transferredPatent: 'a patent acquired by transfer does not count',
    otherInventor: 'not the first inventor: half points',
    sameAct: 'one act caught by several deductions is deducted once, at the highest value',
    levelCap: (level, cap) => `${level} honours are capped at ${cap} points`,
  },
  level: {
    highSchool: 'high school',
    juniorCollege: 'junior college',
    bachelor: "bachelor's degree",
    master: "master's degree",
    doctorate: 'doctorate',
    senior: 'senior title',
    deputySenior: 'deputy senior title',
    intermediate: 'intermediate title',
    seniorTechnician: 'senior technician (level 1)',
    technician: 'technician (level 2)',
    seniorWorker: 'senior worker (level 3)',
  },
  scheme: { pension: 'pension insurance', medical: 'medical insurance' },
  warning: {
    PERMIT_MISSING: () => 'No valid Zhejiang residence permit: only holders of a valid urban-area permit may apply for points',
    PERMIT_SUSPENDED: () => 'The permit is suspended (endorsement overdue): points are void until it is endorsed again',
    PERMIT_TERMINATED: () => 'The permit is terminated: its points are permanently void',
    PERMIT_NOT_URBAN: (p) => `The permit was issued in ${p.district ?? ''}, outside the urban area of Hangzhou`,
    PERMIT_NOT_YET_ISSUED: (p) => `The permit was issued on ${p.issuedOn ?? ''}, after the date of assessment`,
    PAPER_PERMIT_WINDOW_ONLY: () => 'The old 9-year paper permit cannot be read online: apply at a window',
    HUKOU_ALREADY_URBAN: () => 'Already holds a Hangzhou urban-area hukou: the points system is for the floating population',
    VETO: (p) => `A one-vote veto applies (${p.kind ?? ''}, ${p.on ?? ''}): no points application is possible`,
    FOREIGN_DEGREE_UNCERTIFIED: () =>
      'A degree from abroad or HK/Macao/Taiwan counts only with the certificate of the Chinese Service Center for Scholarly Exchange',
    HANDWRITTEN_RESIDENCE_NOT_COUNTED: () =>
      'Periods on a hand-written temporary residence permit were not counted: bring it to a window when applying, or raise it in an objection once the points are determined',
    RENTAL_LEGALITY_UNCONFIRMED: () => 'The rental is not confirmed as legal housing, so it scores no housing points',
    ENTERPRISE_HONOUR_NOT_COUNTED: () => 'Honour certificates from companies and institutions do not score',
    DEDUCTION_VALUE_UNCONFIRMED: (p) =>
      `The value of the deduction "${p.kind ?? ''}" is not in any official text we have; a presumed value is used and the determination decides`,
    POLICY_NOT_IN_FORCE: (p) => `Policy version ${p.policy ?? ''} was not in force on ${p.asOf ?? ''}`,
    POLICY_VALUES_UNCONFIRMED: (p) =>
      `From ${p.from ?? ''} the indicators ${p.indicators ?? ''} changed and the new values are not yet entered: this result uses the previous values and is indicative only`,
  },
};

export const MESSAGES: Record<Locale, Messages> = { 'zh-CN': zh, en };

export function messagesFor(locale: Locale | undefined): Messages {
  return locale === 'en' ? en : zh;
}
