/**
 * The documents the indicator tables are taken from, one entry per clause we rely on.
 * Confidence labels follow shared/policy/hangzhou-rules.md; `interpretation` points to the entry in
 * docs/policy-interpretation.md where a reading had to be chosen.
 */
import type { Source } from '../policy.ts';

const s = (
  id: string,
  document: string,
  clause: string,
  confidence: Source['confidence'],
  interpretation?: string,
): Source => (interpretation ? { id, document, clause, confidence, interpretation } : { id, document, clause, confidence });

const FAQ = '2020杭州居住证积分办理常见问题解答 (杭州本地宝, 2020-03-09)';
const TRIAL = '杭州市居住证积分管理指标体系（试行）, 2018';
const R21 = '杭州市居住证积分管理办法 杭政办函〔2021〕3号 及指标体系';
const A2023 = '关于进一步深化户籍制度改革的实施意见 (2023-04-14, 自2023-05-08施行)';
const A2024 = '优化调整"杭州市居住证积分管理指标体系"公告 (2024-06-11, 自2024-07-01施行)';
const BENDIBAO_2021 = '杭州居住证积分加分指标表 (杭州本地宝, 2021-02-25)';

export const S = {
  faqQ1: s('faq2020.q1', FAQ, 'Q1 持有效《浙江省居住证》的流动人口均可申请', 'stated'),
  faqQ4: s('faq2020.q4', FAQ, 'Q4 国外或港澳台学位须《国外/港澳台学历学位认证书》', 'stated'),
  faqQ5: s('faq2020.q5', FAQ, 'Q5 手工填写的《暂住证》无法自动计入居住年限', 'stated', '#handwritten'),
  faqQ6: s('faq2020.q6', FAQ, 'Q6 居住年限累积计算;每满30天按1月,每满12个月按1年;不满12个月不计分', 'stated', '#residence-months'),
  faqQ6epidemic: s('faq2020.q6', FAQ, 'Q6 因疫情造成居住登记中断的,视为连续居住登记', 'stated', '#epidemic'),
  faqQ6cancelled: s(
    'faq2020.q6',
    FAQ,
    'Q6 居住登记注销的,租房合同、社保、劳动合同不中断,一律视为连续居住',
    'stated',
    '#cancelled',
  ),
  faqQ7: s('faq2020.q7', FAQ, 'Q7 社保按实际缴纳月份计0.25分/月,最高75分;补缴、转入、重复参保不计', 'stated', '#insurance-months'),
  faqQ8: s('faq2020.q8', FAQ, 'Q8 期房不能积分', 'stated'),
  faqQ9: s('faq2020.q9', FAQ, 'Q9 区级以上党委政府颁发的荣誉可积分;一般企事业单位荣誉证书不能积分', 'stated'),
  faqQ13: s('faq2020.q13', FAQ, 'Q13 居住时间以公安居住登记信息系统为准', 'stated'),
  faqQ14: s('faq2020.q14', FAQ, 'Q14 签注有效期延长至疫情结束后3个月', 'stated', '#epidemic'),
  faqQ15: s('faq2020.q15', FAQ, 'Q15 九年期老版纸质居住证可申请,须到线下窗口', 'stated'),

  trialAge: s('trial.age', TRIAL, '年龄: 56–60周岁5分,每年轻1岁加2分,最高30分', 'stated', '#age-under-18'),
  trialEducation: s('trial.education', TRIAL, '文化程度: 高中10, 大专30, 本科50, 硕士70, 博士90', 'stated'),
  trialQualification: s(
    'trial.qualification',
    TRIAL,
    '专业技术职称或技能: 正高100, 副高/高级技师80, 中级/技师60, 高级工40; 与文化程度取高者',
    'stated',
    '#highest-only',
  ),
  trialResidence: s('trial.residence', TRIAL, '居住年限: 每年3分, 最高45分 (2017征求意见稿数值)', 'inferred', '#trial-residence'),
  trialHousingOwned: s('trial.housing.owned', TRIAL, '住所: 自购产权住房且实际居住30分', 'stated', '#housing'),
  trialHousingRented: s('trial.housing.rented', TRIAL, '住所: 租住合法居住房屋每满1年6分, 最高30分', 'stated', '#housing'),
  trialHonours: s(
    'trial.honours',
    BENDIBAO_2021,
    '综合性表彰: 国家级80/项(最高240), 省级50(150), 市级30(90), 区县级10(30); 近5年; 同一事迹按最高计一次',
    'stated',
    '#honours-window',
  ),
  trialBoneMarrow: s('trial.boneMarrow', BENDIBAO_2021, '成功捐献骨髓(造血干细胞)80分', 'stated'),
  trialBlood: s('trial.blood', BENDIBAO_2021, '无偿献血: 首200毫升1分, 每增加100毫升加0.5分, 最高10分', 'stated'),
  trialVolunteer: s('trial.volunteer', BENDIBAO_2021, '志愿服务: 每20小时2分, 最高10分', 'stated'),
  trialDonation: s('trial.donation', BENDIBAO_2021, '慈善捐款: 每1000元2分, 最高10分', 'stated'),
  trialIncomeTax: s(
    'trial.incomeTax',
    BENDIBAO_2021,
    '投资纳税: 工资薪金个税满1万元1分, 每增5000元加1分; 经营个税满5万元1分, 每增3万元加1分; 合计最高20分',
    'stated',
    '#income-tax-cap',
  ),
  trialPatents: s('trial.patents', BENDIBAO_2021, '发明专利: 每项20分, 非第一发明人减半, 受让专利不计; 上限未见', 'stated', '#patents'),
  trialDeductions: s(
    'trial.deductions',
    TRIAL,
    '减分: 近5年内刑事犯罪、强制隔离戒毒、拘留、失信, 每项扣20–80分 (各项分值未见)',
    'inferred',
    '#trial-deductions',
  ),
  trialTotal: s('trial.total', TRIAL, '总积分 = 基础指标 + 加分指标 − 减分指标', 'stated', '#floor-at-zero'),
  trialVeto: s('trial.veto', TRIAL, '一票否决: 严重刑事犯罪、参加国家禁止的组织; 弄虚作假5年内不得申请', 'stated', '#veto'),
  trialDistricts: s('trial.districts', TRIAL, '市区: 上城、下城、江干、拱墅、西湖、滨江、萧山、余杭、富阳、临安', 'inferred', '#districts'),

  r21Residence: s('r21.residence', R21, '居住年限: 每满1年5分, 最高100分', 'stated', '#residence-months'),
  r21Insurance: s(
    'r21.insurance',
    R21,
    '社会保险: 每月0.5分, 最高120分; 养老或医疗保险均可; 补缴、外地转入不计; 计至申请前一个月',
    'stated',
    '#insurance-months',
  ),
  r21Blood: s('r21.blood', '杭州积分指标 (exambook 2023; bestofdance 2022)', '无偿献血最高20分', 'inferred'),
  r21Volunteer: s('r21.volunteer', '杭州积分指标 (exambook 2023)', '志愿服务最高20分', 'inferred'),
  r21Deductions: s(
    'r21.deductions',
    R21,
    '守法诚信: 近5年刑事犯罪每起−150, 强制隔离戒毒−100, 行政/司法拘留−60; 一行为按最高扣一次; 失信分值未见',
    'stated',
    '#deductions-one-act',
  ),
  r21Districts: s(
    'r21.districts',
    '杭州市区范围 (2021年行政区划调整后)',
    '上城、拱墅、西湖(含西湖风景名胜区)、滨江、萧山、余杭、临平、钱塘、富阳、临安',
    'stated',
    '#districts',
  ),
  r21Measures: s('r21.measures', R21, '管理办法 (2021-01-07施行)', 'stated'),

  a2023Age: s('a2023.age', A2023, '年龄: 18–40周岁30分, 40周岁以上每增1岁减2分, 减完为止', 'stated', '#age-under-18'),
  a2023Tax: s('a2023.tax', A2023, '个人所得税指标上限由20分提高到80分', 'stated'),
  a2024Housing: s('a2024.housing', A2024, '市区自购产权住房且实际居住由30分调整为80分', 'stated', '#housing'),
  a2025Unknown: s(
    'a2025.unknown',
    '关于优化调整"杭州市居住证积分管理指标体系"公告 (2025-06-16)',
    '社保、租赁合法住房、居住年限、志愿服务四项调整; 新分值未见',
    'notFound',
    '#policy-2025',
  ),
} as const;
