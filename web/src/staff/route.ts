/**
 * Client-side routing under /staff with the History API: `/staff` (sign-in or search) and
 * `/staff/people/:id`. The query string is kept as it is (only `?lang=` lives there); nothing
 * personal ever goes into a URL.
 */
import { useEffect, useState, type MouseEvent } from 'react';

export type Route = { name: 'search' } | { name: 'person'; id: number } | { name: 'notFound' };

const NAVIGATE = 'jifen:navigate';

export function parseRoute(pathname: string): Route {
  const p = pathname.replace(/\/+$/, '') || '/';
  if (p === '/staff') return { name: 'search' };
  const m = /^\/staff\/people\/(\d{1,12})$/.exec(p);
  if (m) {
    const id = Number(m[1]);
    if (Number.isSafeInteger(id) && id > 0) return { name: 'person', id };
  }
  return { name: 'notFound' };
}

function sameRoute(a: Route, b: Route): boolean {
  return a.name === b.name && (a.name !== 'person' || (b.name === 'person' && a.id === b.id));
}

export const searchPath = '/staff';
export const personPath = (id: number): string => `/staff/people/${id}`;

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
