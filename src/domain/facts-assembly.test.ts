import { describe, expect, it } from 'vitest';
import { factsSchema } from '../rules/facts.ts';
import { assembleFacts } from './facts-assembly.ts';
import type { PersonBundle } from './records.ts';

const bundle: PersonBundle = {
  idNumber: '340104199003071234',
  name: '王小明',
  phone: '13800000000',
  birthDate: '1990-03-07',
  sex: 'male',
  urbanHukou: false,
  fullCivilCapacity: true,
  district: '330106',
  permits: [{ permitNo: 'ZJ-1', kind: 'ic', district: '330106', issuedOn: '2016-05-10', endorsements: ['2017-05-01', '2018-08-20', '2019-05-01'] }],
  residence: [
    { from: '2016-01-01', to: null, status: 'registered', source: 'police', verified: false, sourceRef: 'R1' },
    { from: '2012-01-01', to: '2014-12-31', status: 'registered', source: 'handwritten', verified: true, sourceRef: 'R0' },
    { from: '2030-01-01', to: null, status: 'registered', source: 'police', verified: false, sourceRef: 'R9' },
  ],
  insurance: [
    { scheme: 'pension', fromMonth: 2016 * 12, toMonth: 2030 * 12, backPaid: false, transferredIn: false },
    { scheme: 'medical', fromMonth: 2014 * 12, toMonth: 2014 * 12 + 5, backPaid: true, transferredIn: false },
  ],
  declared: { education: { level: 'bachelor' }, bloodDonationMl: 400 },
};

describe('facts assembly', () => {
  const facts = assembleFacts(bundle, '2019-12-31');

  it('gives a document the facts schema accepts', () => {
    expect(factsSchema.safeParse(facts).success).toBe(true);
  });

  it('takes the permit and its status as of the date', () => {
    expect(facts.permit).toEqual({ kind: 'ic', issuedOn: '2016-05-10', status: 'valid', district: '330106' });
    expect(assembleFacts(bundle, '2018-06-01').permit?.status).toBe('suspended');
  });

  it('cuts police residence where the permit stood suspended, and stops at the date', () => {
    expect(facts.residence).toEqual([
      { from: '2016-01-01', to: '2018-05-10', status: 'registered', source: 'police' },
      { from: '2018-08-20', to: '2019-12-31', status: 'registered', source: 'police' },
      { from: '2012-01-01', to: '2014-12-31', status: 'registered', source: 'handwritten', verified: true },
    ]);
  });

  it('turns insurance runs into months up to the date, with flags only when set', () => {
    expect(facts.socialInsurance).toEqual([
      { from: '2016-01', to: '2019-12', scheme: 'pension' },
      { from: '2014-01', to: '2014-06', scheme: 'medical', backPaid: true },
    ]);
  });

  it('keeps the declared facts and the person', () => {
    expect(facts.education).toEqual({ level: 'bachelor' });
    expect(facts.person).toEqual({ birthDate: '1990-03-07' });
  });

  it('is deterministic', () => {
    expect(JSON.stringify(assembleFacts(bundle, '2019-12-31'))).toBe(JSON.stringify(facts));
  });
});
