import { describe, expect, it } from 'vitest';
import { permitState, type PermitInput } from './permit.ts';

const base: PermitInput = { kind: 'ic', district: '330106', issuedOn: '2016-05-10', endorsements: [] };

describe('residence permit endorsements', () => {
  it('is valid in its first year without any endorsement', () => {
    expect(permitState(base, '2017-05-10')).toMatchObject({ status: 'valid', suspensions: [], nextDeadline: '2017-05-10' });
  });

  it('is suspended the day after an anniversary passes unendorsed', () => {
    expect(permitState(base, '2017-05-11')).toMatchObject({ status: 'suspended', suspensions: [{ from: '2017-05-11', to: '2017-05-11' }] });
  });

  it('counts an endorsement within the month before the anniversary as on time', () => {
    const p = { ...base, endorsements: ['2017-04-10', '2018-05-10'] };
    expect(permitState(p, '2019-01-01')).toMatchObject({ status: 'valid', suspensions: [], lateEndorsements: 0, nextDeadline: '2019-05-10' });
  });

  it('does not count an endorsement made more than a month early', () => {
    const p = { ...base, endorsements: ['2017-04-09'] };
    expect(permitState(p, '2017-06-01').status).toBe('suspended');
  });

  it('restores a permit endorsed late, leaving the gap as a suspension', () => {
    const p = { ...base, endorsements: ['2017-05-01', '2018-08-20', '2019-05-01'] };
    const s = permitState(p, '2019-12-31');
    expect(s).toMatchObject({ status: 'valid', lateEndorsements: 1, suspensions: [{ from: '2018-05-11', to: '2018-08-19' }] });
  });

  it('lets a late endorsement made inside the next anniversary window renew that year too', () => {
    // Lapsed at the 2023-10-27 anniversary; endorsed on 2024-10-12, inside the window of 2024-10-27.
    const p: PermitInput = { ...base, issuedOn: '2020-10-27', endorsements: ['2023-03-01', '2024-10-12'] };
    expect(permitState(p, '2025-03-01')).toMatchObject({
      status: 'valid',
      lateEndorsements: 1,
      suspensions: [{ from: '2023-10-28', to: '2024-10-11' }],
      nextDeadline: '2025-10-27',
    });
  });

  it('extends an anniversary that fell in the epidemic to three months after it ended', () => {
    const p: PermitInput = { ...base, issuedOn: '2019-03-01', endorsements: ['2023-03-15'] };
    // Anniversaries 2020-03-01, 2021-03-01 and 2022-03-01 all fell in the epidemic: one endorsement by
    // 2023-04-07 keeps the permit valid; the 2023-03-01 anniversary is then covered by the same act.
    expect(permitState(p, '2023-04-01')).toMatchObject({ status: 'valid', suspensions: [] });
    expect(permitState(p, '2023-06-01')).toMatchObject({ status: 'valid', suspensions: [], nextDeadline: '2024-03-01' });
    expect(permitState({ ...p, endorsements: [] }, '2023-04-08')).toMatchObject({ status: 'suspended', suspensions: [{ from: '2023-04-08', to: '2023-04-08' }] });
  });

  it('is terminated from its termination date', () => {
    const p = { ...base, endorsements: ['2017-05-01'], terminatedOn: '2017-09-01' };
    expect(permitState(p, '2017-08-31').status).toBe('valid');
    expect(permitState(p, '2017-09-01').status).toBe('terminated');
  });

  it('did not exist before its issue date', () => {
    expect(permitState(base, '2016-05-09').status).toBe('notIssued');
  });
});
