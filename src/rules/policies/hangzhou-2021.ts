/**
 * hangzhou-2021: 《杭州市居住证积分管理办法》 杭政办函〔2021〕3号, in force from 2021-01-07. It doubled social
 * insurance to 0.5 a month (cap 120), counts medical as well as pension months, set residence at 5 a
 * year (cap 100), and made deductions heavier.
 */
import { amend, cite, type OffenceKind } from '../policy.ts';
import { hangzhou2018 } from './hangzhou-2018.ts';
import { S } from './sources.ts';

export const hangzhou2021 = amend(hangzhou2018, {
  id: 'hangzhou-2021',
  title: { zh: '杭州市居住证积分管理（杭政办函〔2021〕3号）', en: 'Hangzhou residence-permit points, 2021 Measures' },
  instrument: '《杭州市居住证积分管理办法》杭政办函〔2021〕3号',
  effectiveFrom: '2021-01-07',
  effectiveTo: '2023-05-07',
  urbanDistricts: cite(
    {
      '330102': '上城区',
      '330103': '下城区 (2021-04 并入拱墅区)',
      '330104': '江干区 (2021-04 分设上城区、钱塘区)',
      '330105': '拱墅区',
      '330106': '西湖区',
      '330108': '滨江区',
      '330109': '萧山区',
      '330110': '余杭区',
      '330111': '富阳区',
      '330112': '临安区',
      '330113': '临平区',
      '330114': '钱塘区',
    },
    S.r21Districts,
  ),
  indicators: {
    residence: {
      perYear: cite(5, S.r21Residence),
      cap: cite(100, S.r21Residence),
    },
    socialInsurance: {
      perMonth: cite(0.5, S.r21Insurance),
      cap: cite(120, S.r21Insurance),
      schemes: cite<Array<'pension' | 'medical'>>(['pension', 'medical'], S.r21Insurance),
    },
    bloodDonation: { cap: cite(20, S.r21Blood) },
    volunteering: { cap: cite(20, S.r21Volunteer) },
    deductions: {
      windowYears: cite(5, S.r21Deductions),
      perCase: cite({ crime: 150, drugRehab: 100, detention: 60, dishonest: 20 }, S.r21Deductions),
      unconfirmedKinds: cite<OffenceKind[]>(['dishonest'], S.r21Deductions),
    },
  },
});
