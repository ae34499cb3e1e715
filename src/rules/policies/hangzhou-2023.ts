/**
 * hangzhou-2023: the 2021 Measures as amended from 2023-05-08 by the household-registration reform
 * opinions: age 18–40 scores 30, then 2 less a year; the income-tax cap rises from 20 to 80.
 */
import { amend, cite } from '../policy.ts';
import { hangzhou2021 } from './hangzhou-2021.ts';
import { S } from './sources.ts';

export const hangzhou2023 = amend(hangzhou2021, {
  id: 'hangzhou-2023',
  title: { zh: '杭州市居住证积分管理（2023年5月修订）', en: 'Hangzhou residence-permit points, amended May 2023' },
  instrument: '《关于进一步深化户籍制度改革的实施意见》(2023-05-08施行)',
  effectiveFrom: '2023-05-08',
  effectiveTo: '2024-06-30',
  indicators: {
    age: {
      bands: cite(
        [
          { fromAge: null, toAge: 40, points: 30 },
          { fromAge: 41, toAge: 55, points: 0, perYearYounger: 2 },
          { fromAge: 56, toAge: null, points: 0 },
        ],
        S.a2023Age,
      ),
      cap: cite(30, S.a2023Age),
    },
    incomeTax: { cap: cite(80, S.a2023Tax) },
  },
});
