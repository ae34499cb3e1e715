/**
 * People for tests of points applications: valid ID numbers (GB 11643 check digit) of 西湖区 born
 * 1988-04-01, and a person eligible to apply on 2026-12-01 (an IC permit endorsed every year to 2026,
 * police residence since 2016, pension, a declared degree), with overrides. The phone is
 * `13800000<seq>` so a test can find the person's SMS.
 */
import { checkCharacter } from '../../src/domain/id-number.ts';
import type { PersonBundle } from '../../src/domain/records.ts';

export function testIdNumber(seq: number): string {
  const first17 = `33010619880401${String(seq).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
}

export const testPhone = (seq: number): string => `13800000${String(seq).padStart(3, '0')}`;

export function eligiblePerson(seq: number, over: Partial<PersonBundle> = {}): PersonBundle {
  const district = over.district ?? '330106';
  return {
    idNumber: testIdNumber(seq),
    name: `申请人${seq}`,
    phone: testPhone(seq),
    birthDate: '1988-04-01',
    sex: 'male',
    urbanHukou: false,
    fullCivilCapacity: true,
    district,
    permits: [{ permitNo: `P${seq}`, kind: 'ic', district, issuedOn: '2022-03-01', endorsements: ['2023-02-15', '2024-02-15', '2025-02-15', '2026-02-15'] }],
    residence: [{ from: '2016-01-01', to: null, status: 'registered', source: 'police', verified: false, sourceRef: `R${seq}` }],
    insurance: [{ scheme: 'pension', fromMonth: 2016 * 12, toMonth: 2026 * 12 + 10, backPaid: false, transferredIn: false }],
    declared: { education: { level: 'bachelor' } },
    ...over,
  };
}

/** A valid ID number of 西湖区 for someone born on `birth` (YYYY-MM-DD): children and spouses in the tests. */
export function childIdNumber(birth: string, seq: number): string {
  const first17 = `330106${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
}
