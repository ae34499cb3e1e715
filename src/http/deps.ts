/** Wires the services of the HTTP app from one store: the same wiring for the server and the tests. */
import { ApplicantAuthService } from '../services/applicant-auth.ts';
import { ApplicationService } from '../services/applications.ts';
import { AuthService } from '../services/auth.ts';
import { smsTransport, type HttpGatewaySettings } from '../services/sms.ts';
import { CalendarService } from '../services/calendar.ts';
import { PeopleService } from '../services/people.ts';
import type { Store } from '../storage/db.ts';
import { ApplicationRepository } from '../storage/repositories/applications.ts';
import { CalendarRepository } from '../storage/repositories/calendar.ts';
import { PeopleRepository } from '../storage/repositories/people.ts';
import { SmsRepository } from '../storage/repositories/sms.ts';
import { SnapshotRepository } from '../storage/repositories/snapshots.ts';
import { StaffRepository } from '../storage/repositories/staff.ts';
import type { AppDeps } from './app.ts';
import type { Logger } from './logger.ts';

export async function appDeps(store: Store, o: { logger: Logger; now: () => Date; webDir: string; uploadDir: string; smsGateway?: HttpGatewaySettings | undefined }): Promise<AppDeps> {
  const staff = new StaffRepository(store.db);
  const calendar = new CalendarService(new CalendarRepository(store.db), o.now);
  await calendar.reload();
  const auth = new AuthService({ staff, now: o.now });
  const sms = new SmsRepository(store.db);
  const applicantAuth = new ApplicantAuthService({ sms, people: new PeopleRepository(store.db), transport: smsTransport(o.smsGateway, sms, o.now), now: o.now });
  const people = new PeopleService({ people: new PeopleRepository(store.db), snapshots: new SnapshotRepository(store.db), staff, now: o.now });
  const peopleRepo = new PeopleRepository(store.db);
  const applications = new ApplicationService({ applications: new ApplicationRepository(store.db), people: peopleRepo, calendar: () => calendar.calendar(), now: o.now });
  const appRoutes = { applications, applicantAuth, auth, people: peopleRepo };
  return { logger: o.logger, now: o.now, calendar, webDir: o.webDir, dialect: store.dialect, staff: { auth, people }, applicant: { applicantAuth }, outbox: { auth, sms }, applications: appRoutes, store, uploadDir: o.uploadDir };
}
