/**
 * The demo employer (loaded with the rest of the demo data on an empty database): 杭州示例科技有限公司
 * with a valid credit code in 西湖区, one HR account `hr-demo` whose random password is shown once,
 * and one verified authorisation of the first adult of 西湖区 (by id) who holds a valid IC permit, so
 * the employer portal has someone to file for. The authorisation is written as a clerk would: created,
 * then verified, each audited (actor system:demo).
 */
import { randomBytes } from 'node:crypto';
import { creditCodeCheckCharacter } from '../domain/credit-code.ts';
import { checkCharacter } from '../domain/id-number.ts';
import { permitState } from '../domain/permit.ts';
import { addYears, formatDay, fullYears, toDay, todayInChina } from '../rules/dates.ts';
import type { Store } from '../storage/db.ts';
import { AuthorisationRepository } from '../storage/repositories/authorisations.ts';
import { OrganisationRepository } from '../storage/repositories/organisations.ts';
import { PeopleRepository } from '../storage/repositories/people.ts';
import { EmployerAuthService } from './employer-auth.ts';

const DISTRICT = '330106';
const NAME = '杭州示例科技有限公司';
const CREDIT_CODE = `91330106MA27Y0001${creditCodeCheckCharacter('91330106MA27Y0001')}`;
/** The demo HR officer's ID number (a valid check digit; 1985-05-05, 西湖区). */
const AGENT_ID = `33010619850505001${checkCharacter('33010619850505001')}`;

/** Creates the demo employer; returns the lines for the demo notes. */
export async function loadDemoEmployer(store: Store, now: () => Date): Promise<string[]> {
  const today = todayInChina(now());
  const organisations = new OrganisationRepository(store.db);
  const password = randomBytes(9).toString('base64url');
  const { organisationId } = await new EmployerAuthService({ organisations, now }).createOrganisation(
    { name: NAME, creditCode: CREDIT_CODE, district: DISTRICT, username: 'hr-demo', displayName: '人事专员(演示)', password, agentIdNumber: AGENT_ID },
    'system:demo',
  );
  const lines = [`  ${'hr-demo'.padEnd(12)} ${password}  ${NAME} 人事 (用人单位 / employer, /employer)`];
  const candidates = await new PeopleRepository(store.db).search({}, DISTRICT, 500);
  const person = candidates.find(
    (p) => fullYears(toDay(p.birthDate), toDay(today)) >= 18 && p.permits.some((x) => x.kind === 'ic' && x.district === DISTRICT && permitState(x, today).status === 'valid'),
  );
  if (!person?.id) return lines;
  const authorisations = new AuthorisationRepository(store.db);
  const at = now().toISOString();
  const expiresOn = formatDay(addYears(toDay(today), 1));
  const a = await authorisations.create({ organisationId, personId: person.id, scope: 'apply_and_track', validFrom: today, expiresOn, createdBy: 'system:demo' }, at, (id) => ({
    at,
    actor: 'system:demo',
    action: 'authorisation.create',
    subject: `authorisation:${id}`,
    detail: { organisationId, personId: person.id, scope: 'apply_and_track', validFrom: today, expiresOn },
  }));
  await authorisations.change(a.id, a.version, ['pending'], { status: 'verified', checkedBy: 'system:demo', checkedAt: at, checkReason: null }, {
    at,
    actor: 'system:demo',
    action: 'authorisation.verify',
    subject: `authorisation:${a.id}`,
    detail: { from: 'pending', to: 'verified' },
  });
  lines.push(`               已核验的委托 / a verified authorisation: ${person.name} (${DISTRICT}), 至 / until ${expiresOn}`);
  return lines;
}
