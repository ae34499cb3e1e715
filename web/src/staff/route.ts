/**
 * Client-side routing under /staff with the History API: `/staff` (sign-in or search),
 * `/staff/people/:id`, the work queues `/staff/queues`, a case `/staff/applications/:id`, the SMS
 * outbox `/staff/sms-outbox`, the windows and hotlines `/staff/windows`, and the objections
 * `/staff/objections` (dashboard and list) with one objection at `/staff/objections/:id`,
 * the settlement rounds `/staff/settlement` with one round at `/staff/settlement/:id`, the school rounds `/staff/school` with one at `/staff/school/:id`. The query string is kept as it is (only `?lang=` lives there); nothing
 * personal ever goes into a URL.
 */
import { useEffect, useState, type MouseEvent } from 'react';

export type Route =
  | { name: 'search' }
  | { name: 'person'; id: number }
  | { name: 'queues' }
  | { name: 'case'; id: number }
  | { name: 'outbox' }
  | { name: 'windows' }
  | { name: 'objections' }
  | { name: 'objection'; id: number }
  | { name: 'settlement' }
  | { name: 'settlementRound'; id: number }
  | { name: 'school' }
  | { name: 'schoolRound'; id: number }
  | { name: 'notFound' };

const FIXED: Record<string, Route> = {
  '/staff': { name: 'search' },
  '/staff/queues': { name: 'queues' },
  '/staff/sms-outbox': { name: 'outbox' },
  '/staff/windows': { name: 'windows' },
  '/staff/objections': { name: 'objections' },
  '/staff/settlement': { name: 'settlement' },
  '/staff/school': { name: 'school' },
};

const NAVIGATE = 'jifen:navigate';

export function parseRoute(pathname: string): Route {
  const p = pathname.replace(/\/+$/, '') || '/';
  const fixed = FIXED[p];
  if (fixed) return fixed;
  const round = /^\/staff\/settlement\/(\d{1,12})$/.exec(p);
  if (round && Number(round[1]) > 0) return { name: 'settlementRound', id: Number(round[1]) };
  const school = /^\/staff\/school\/(\d{1,12})$/.exec(p);
  if (school && Number(school[1]) > 0) return { name: 'schoolRound', id: Number(school[1]) };
  const m = /^\/staff\/(people|applications|objections)\/(\d{1,12})$/.exec(p);
  if (m) {
    const id = Number(m[2]);
    if (Number.isSafeInteger(id) && id > 0) return m[1] === 'people' ? { name: 'person', id } : m[1] === 'objections' ? { name: 'objection', id } : { name: 'case', id };
  }
  return { name: 'notFound' };
}

function sameRoute(a: Route, b: Route): boolean {
  return a.name === b.name && ('id' in a ? 'id' in b && a.id === b.id : true);
}

export const searchPath = '/staff';
export const personPath = (id: number): string => `/staff/people/${id}`;
export const casePath = (id: number): string => `/staff/applications/${id}`;
export const queuesPath = '/staff/queues';
export const outboxPath = '/staff/sms-outbox';
export const windowsPath = '/staff/windows';
export const objectionsPath = '/staff/objections';
export const objectionPath = (id: number): string => `/staff/objections/${id}`;
export const settlementPath = '/staff/settlement';
export const settlementRoundPath = (id: number): string => `/staff/settlement/${id}`;
export const schoolPath = '/staff/school';
export const schoolRoundPath = (id: number): string => `/staff/school/${id}`;

/** Goes to `path` within the console without reloading the page. */
export function navigate(path: string, replace = false): void {
  const url = `${path}${window.location.search}`;
  if (replace) window.history.replaceState(null, '', url);
  else window.history.pushState(null, '', url);
  window.dispatchEvent(new Event(NAVIGATE));
}

/** The route of the address bar; changes on back/forward and on `navigate`. */
export function useRoute(): Route {
  const [route, setRoute] = useState<Route>(() => parseRoute(window.location.pathname));
  useEffect(() => {
    // A jump to an anchor on the page fires popstate too: keep the same route object then.
    const update = (): void => {
      const next = parseRoute(window.location.pathname);
      setRoute((r) => (sameRoute(r, next) ? r : next));
    };
    window.addEventListener('popstate', update);
    window.addEventListener(NAVIGATE, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(NAVIGATE, update);
    };
  }, []);
  return route;
}

/** onClick for an in-console link: a plain click navigates in place; ctrl/shift/middle clicks open as usual. */
export function followLink(path: string) {
  return (e: MouseEvent<HTMLAnchorElement>): void => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(path);
  };
}
