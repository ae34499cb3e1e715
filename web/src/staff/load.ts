/**
 * What a page has fetched: loading, the value, or the refusal. A 401 is left to the App (it brings
 * back the sign-in form), so a page never shows it. `reload` fetches again, e.g. after a change.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from './api.ts';

export type Load<T> = { status: 'loading' } | { status: 'ok'; value: T } | { status: 'error'; error: ApiError };

export const asApiError = (e: unknown): ApiError => (e instanceof ApiError ? e : new ApiError(0, 'UNKNOWN', e instanceof Error ? e.message : String(e)));

/** Fetches with `get` whenever one of `deps` changes (and on `reload`); answers that come too late are dropped. */
export function useLoad<T>(get: () => Promise<T>, deps: readonly unknown[]): { load: Load<T>; reload: () => void } {
  const [load, setLoad] = useState<Load<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const getRef = useRef(get);
  useEffect(() => {
    getRef.current = get;
  });
  useEffect(() => {
    let live = true;
    setLoad({ status: 'loading' });
    getRef.current().then(
      (value) => {
        if (live) setLoad({ status: 'ok', value });
      },
      (e: unknown) => {
        const error = asApiError(e);
        if (live && error.status !== 401) setLoad({ status: 'error', error });
      },
    );
    return () => {
      live = false;
    };
    // The caller's dependencies decide when to fetch again.
  }, [...deps, attempt]);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { load, reload };
}
