/** Wires the services of the HTTP app from one store: the same wiring for the server and the tests. */
import { ApplicantAuthService } from '../services/applicant-auth.ts';
import { ApplicationService } from '../services/applications.ts';
import { AuthService } from '../services/auth.ts';
import { AgentService } from '../services/authorisations.ts';
import { EmployerAuthService } from '../services/employer-auth.ts';
import { dispatchQueued, smsTransport, type HttpGatewaySettings } from '../services/sms.ts';
import { CalendarService } from '../services/calendar.ts';
import { EvidenceService } from '../services/evidence.ts';
import { PeopleService } from '../services/people.ts';
import { PublicInfoService } from '../services/public-info.ts';
import { ObjectionService } from '../services/objections.ts';
import { ObjectionRepository } from '../storage/repositories/objections.ts';
import { LocalBlobStore } from '../storage/blobs.ts';
import type { Store } from '../storage/db.ts';
import { ApplicationRepository } from '../storage/repositories/applications.ts';
import { AuthorisationRepository } from '../storage/repositories/authorisations.ts';
import { OrganisationRepository } from '../storage/repositories/organisations.ts';
import { CalendarRepository } from '../storage/repositories/calendar.ts';
import { EvidenceRepository } from '../storage/repositories/evidence.ts';
import { PeopleRepository } from '../storage/repositories/people.ts';
import { PublicInfoRepository } from '../storage/repositories/public-info.ts';
import { SmsRepository } from '../storage/repositories/sms.ts';
import { SnapshotRepository } from '../storage/repositories/snapshots.ts';
import { StaffRepository } from '../storage/repositories/staff.ts';
import type { AppDeps } from './app.ts';
import type { Logger } from './logger.ts';

export async function appDeps(store: Store, o: { logger: Logger; now: () => Date; webDir: string; uploadDir: string; evidenceDir: string; smsGateway?: HttpGatewaySettings | undefined }): Promise<AppDeps> {
  const staff = new StaffRepository(store.db);
  const calendar = new CalendarService(new CalendarRepository(store.db), o.now);
  await calendar.reload();
  const auth = new AuthService({ staff, now: o.now });
  const sms = new SmsRepository(store.db);
  const transport = smsTransport(o.smsGateway, sms, o.now);
  const applicantAuth = new ApplicantAuthService({ sms, people: new PeopleRepository(store.db), transport, now: o.now });
  const people = new PeopleService({ people: new PeopleRepository(store.db), snapshots: new SnapshotRepository(store.db), staff, now: o.now });
  const peopleRepo = new PeopleRepository(store.db);
  const applications = new ApplicationService({ applications: new ApplicationRepository(store.db), people: peopleRepo, calendar: () => calendar.calendar(), now: o.now });
  const organisations = new OrganisationRepository(store.db);
  const employerAuth = new EmployerAuthService({ organisations, now: o.now });
  const agents = new AgentService({ authorisations: new AuthorisationRepository(store.db), organisations, people: peopleRepo, applications, applicationRecords: new ApplicationRepository(store.db), now: o.now });
  const appRoutes = { applications, applicantAuth, auth, people: peopleRepo, agents };
  const evidence = { ...appRoutes, employerAuth, agents, evidence: new EvidenceService({ evidence: new EvidenceRepository(store.db), applications: new ApplicationRepository(store.db), blobs: new LocalBlobStore(o.evidenceDir), now: o.now }) };
  const objections = new ObjectionService({ objections: new ObjectionRepository(store.db), applications: new ApplicationRepository(store.db), people: peopleRepo, staff, calendar: () => calendar.calendar(), now: o.now });
  const publicInfo = { auth, publicInfo: new PublicInfoService({ repo: new PublicInfoRepository(store.db), now: o.now }) };
  return { objections: { objections, applications, applicantAuth, auth, people: peopleRepo, employerAuth, agents }, agents: { agents, applicantAuth, auth }, employer: { employerAuth, agents, applications }, evidence, dispatchSms: () => dispatchQueued(sms, transport), publicInfo, logger: o.logger, now: o.now, calendar, webDir: o.webDir, dialect: store.dialect, staff: { auth, people }, applicant: { applicantAuth, people }, outbox: { auth, sms }, applications: appRoutes, store, uploadDir: o.uploadDir };
}
