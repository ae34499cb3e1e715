/**
 * hangzhou-2018: the trial system (《杭州市居住证积分管理办法（试行）》 and its 指标体系), in force from
 * 2018-01-01 until the 2021 Measures took over on 2021-01-07. The 2020 FAQ describes this version.
 */
import { cite, type OffenceKind, type PolicyVersion } from '../policy.ts';
import { S } from './sources.ts';

/** 2020-01-23 Zhejiang's first-level response; 2023-01-08 the switch to class-B management. */
export const EPIDEMIC_WINDOW = { from: '2020-01-23', to: '2023-01-07' };

export const hangzhou2018: PolicyVersion = {
  id: 'hangzhou-2018',
  title: { zh: '杭州市居住证积分管理（试行）', en: 'Hangzhou residence-permit points, trial system' },
  instrument: '《杭州市居住证积分管理办法（试行）》《实施细则（试行）》《指标体系（试行）》',
  effectiveFrom: '2018-01-01',
  effectiveTo: '2021-01-06',
  urbanDistricts: cite(
    {
      '330102': '上城区',
      '330103': '下城区',
      '330104': '江干区',
      '330105': '拱墅区',
      '330106': '西湖区',
      '330108': '滨江区',
      '330109': '萧山区',
      '330110': '余杭区',
      '330111': '富阳区',
      '330112': '临安区',
    },
    S.trialDistricts,
  ),
  indicators: {
    age: {
      bands: cite(
        [
          { fromAge: null, toAge: 55, points: 7, perYearYounger: 2 },
          { fromAge: 56, toAge: 60, points: 5 },
          { fromAge: 61, toAge: null, points: 0 },
        ],
        S.trialAge,
      ),
      cap: cite(30, S.trialAge),
    },
    education: {
      points: cite({ highSchool: 10, juniorCollege: 30, bachelor: 50, master: 70, doctorate: 90 }, S.trialEducation),
      foreignNeedsCertificate: cite(true, S.faqQ4),
    },
    qualification: {
      points: cite(
        { senior: 100, deputySenior: 80, intermediate: 60, seniorTechnician: 80, technician: 60, seniorWorker: 40 },
        S.trialQualification,
      ),
    },
    residence: {
      perYear: cite(3, S.trialResidence),
      cap: cite(45, S.trialResidence),
      daysPerMonth: cite(30, S.faqQ6),
      monthsPerYear: cite(12, S.faqQ6),
      epidemicWindow: cite(EPIDEMIC_WINDOW, S.faqQ6epidemic),
      cancelledCountsWithContinuity: cite(true, S.faqQ6cancelled),
    },
    socialInsurance: {
      perMonth: cite(0.25, S.faqQ7),
      cap: cite(75, S.faqQ7),
      schemes: cite<Array<'pension' | 'medical'>>(['pension'], S.faqQ7),
    },
    housing: {
      owned: cite(30, S.trialHousingOwned),
      rentedPerYear: cite(6, S.trialHousingRented),
      rentedCap: cite(30, S.trialHousingRented),
    },
    honours: {
      windowYears: cite(5, S.trialHonours),
      perAward: cite({ national: 80, provincial: 50, city: 30, district: 10 }, S.trialHonours),
      capPerLevel: cite({ national: 240, provincial: 150, city: 90, district: 30 }, S.trialHonours),
    },
    boneMarrow: { points: cite(80, S.trialBoneMarrow) },
    bloodDonation: {
      steps: cite({ firstAmount: 200, firstPoints: 1, stepAmount: 100, stepPoints: 0.5 }, S.trialBlood),
      cap: cite(10, S.trialBlood),
    },
    volunteering: {
      steps: cite({ firstAmount: 20, firstPoints: 2, stepAmount: 20, stepPoints: 2 }, S.trialVolunteer),
      cap: cite(10, S.trialVolunteer),
    },
    donation: {
      steps: cite({ firstAmount: 1000, firstPoints: 2, stepAmount: 1000, stepPoints: 2 }, S.trialDonation),
      cap: cite(10, S.trialDonation),
    },
    incomeTax: {
      wage: cite({ firstAmount: 10000, firstPoints: 1, stepAmount: 5000, stepPoints: 1 }, S.trialIncomeTax),
      business: cite({ firstAmount: 50000, firstPoints: 1, stepAmount: 30000, stepPoints: 1 }, S.trialIncomeTax),
      cap: cite(20, S.trialIncomeTax),
    },
    patents: {
      perPatent: cite(20, S.trialPatents),
      otherInventorShare: cite(0.5, S.trialPatents),
      cap: cite<number | null>(null, S.trialPatents),
    },
    deductions: {
      windowYears: cite(5, S.trialDeductions),
      perCase: cite({ crime: 80, drugRehab: 60, detention: 40, dishonest: 20 }, S.trialDeductions),
      unconfirmedKinds: cite<OffenceKind[]>(['crime', 'drugRehab', 'detention', 'dishonest'], S.trialDeductions),
    },
  },
  highestOnly: cite(['education', 'qualification'], S.trialQualification),
  floorAtZero: cite(true, S.trialTotal),
  fraudBanYears: cite(5, S.trialVeto),
};
