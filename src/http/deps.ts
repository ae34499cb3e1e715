/** Wires the services of the HTTP app from one store: the same wiring for the server and the tests. */
import { AuthService } from '../services/auth.ts';
import { CalendarService } from '../services/calendar.ts';
import { PeopleService } from '../services/people.ts';
import type { Store } from '../storage/db.ts';
import { CalendarRepository } from '../storage/repositories/calendar.ts';
import { PeopleRepository } from '../storage/repositories/people.ts';
import { SnapshotRepository } from '../storage/repositories/snapshots.ts';
import { StaffRepository } from '../storage/repositories/staff.ts';
import type { AppDeps } from './app.ts';
import type { Logger } from './logger.ts';

export async function appDeps(store: Store, o: { logger: Logger; now: () => Date; webDir: string; uploadDir: string }): Promise<AppDeps> {
  const staff = new StaffRepository(store.db);
  const calendar = new CalendarService(new CalendarRepository(store.db), o.now);
  await calendar.reload();
  const auth = new AuthService({ staff, now: o.now });
  const people = new PeopleService({ people: new PeopleRepository(store.db), snapshots: new SnapshotRepository(store.db), staff, now: o.now });
  return { logger: o.logger, now: o.now, calendar, webDir: o.webDir, dialect: store.dialect, staff: { auth, people }, store, uploadDir: o.uploadDir };
}
