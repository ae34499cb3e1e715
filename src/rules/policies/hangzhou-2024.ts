/**
 * hangzhou-2024: the indicator table as adjusted from 2024-07-01: a self-purchased home in the urban
 * area, actually lived in, scores 80 instead of 30. Still in force as far as we know; the 2025
 * announcement changed four indicators whose new values we have not found (see unconfirmedChanges).
 */
import { amend, cite } from '../policy.ts';
import { hangzhou2023 } from './hangzhou-2023.ts';
import { S } from './sources.ts';

export const hangzhou2024 = amend(hangzhou2023, {
  id: 'hangzhou-2024',
  title: { zh: '杭州市居住证积分管理（2024年7月调整）', en: 'Hangzhou residence-permit points, adjusted July 2024' },
  instrument: '优化调整"杭州市居住证积分管理指标体系"公告 (2024-07-01施行)',
  effectiveFrom: '2024-07-01',
  indicators: {
    housing: { owned: cite(80, S.a2024Housing) },
  },
  unconfirmedChanges: cite(
    { from: '2025-07-01', indicators: ['socialInsurance', 'housing', 'residence', 'volunteering'] },
    S.a2025Unknown,
  ),
});
