/**
 * Person search: one box (ID number, mobile or the start of a name) and a table of the people found,
 * with masked ID numbers and phones. Each row opens the person; the name in it is a real link, so
 * the table is usable from the keyboard (Tab to a name, Enter) and links open in a new tab as usual.
 * The search lives in the App's memory, not the URL: a query may be a full ID number.
 */
import { useEffect, useId, useRef, useState, type FormEvent, type MouseEvent } from 'react';
import type { Lang } from '../i18n.ts';
import { ApiError, type Api, type PersonSummary } from './api.ts';
import { districtName, type StaffStrings } from './i18n.ts';
import { followLink, navigate, personPath } from './route.ts';

/** The server returns at most this many people. */
const SEARCH_LIMIT = 50;

export interface SearchState {
  query: string;
  /** The query of the results shown. */
  submitted: string | null;
  people: PersonSummary[] | null;
  /** More matched than were sent (the server sends at most SEARCH_LIMIT). */
  truncated?: boolean;
  error: string | null;
}

interface Props {
  api: Api;
  t: StaffStrings;
  lang: Lang;
  /** The district the officer is confined to, or null. */
  scope: string | null;
  state: SearchState;
  setState: (update: (s: SearchState) => SearchState) => void;
}

export function SearchPage({ api, t, lang, scope, state, setState }: Props) {
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const id = useId();

  useEffect(() => {
    document.title = t.docTitle(t.searchTitle);
  }, [t]);
  useEffect(() => {
    input.current?.focus();
  }, []);

  const submit = async (e: FormEvent<HTMLFormElement>): Promise<void> => {
    e.preventDefault();
    const query = state.query.trim();
    if (query === '') {
      setState((s) => ({ ...s, error: t.searchRequired, people: null, submitted: null }));
      input.current?.focus();
      return;
    }
    setBusy(true);
    try {
      const { people, truncated } = await api.search(query);
      setState((s) => ({ ...s, submitted: query, people, truncated, error: null }));
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return;
      setState((s) => ({ ...s, submitted: null, people: null, error: err instanceof Error ? err.message : String(err) }));
      input.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  const openRow = (person: PersonSummary) => (e: MouseEvent<HTMLTableRowElement>) => {
    // The name link handles its own clicks; a drag that selected text is not a click on the row.
    if (e.defaultPrevented || (e.target as Element).closest('a') !== null) return;
    if ((window.getSelection()?.toString() ?? '') !== '') return;
    navigate(personPath(person.id));
  };

  const people = state.people;
  return (
    <>
      <h1 className="page-title">{t.searchTitle}</h1>
      <form className="search" role="search" noValidate onSubmit={(e) => void submit(e)}>
        <div className={`field${state.error ? ' has-error' : ''}`}>
          <label htmlFor={`${id}-q`}>{t.searchLabel}</label>
          <div className="search-row">
            <input
              ref={input}
              id={`${id}-q`}
              type="search"
              name="query"
              inputMode="text"
              autoComplete="off"
              spellCheck={false}
              maxLength={64}
              aria-describedby={`${id}-hint${state.error ? ` ${id}-err` : ''}`}
              aria-invalid={state.error ? true : undefined}
              value={state.query}
              onChange={(e) => {
                const query = e.target.value;
                setState((s) => ({ ...s, query }));
              }}
            />
            <button type="submit" className="primary" disabled={busy}>
              {busy ? t.searching : t.searchButton}
            </button>
            <button
              type="button"
              onClick={() => {
                setState(() => ({ query: '', submitted: null, people: null, error: null }));
                input.current?.focus();
              }}
            >
              {t.clear}
            </button>
          </div>
          <p className="hint" id={`${id}-hint`}>
            {t.searchHint}
            {lang === 'en' ? ' ' : ''}
            {scope === null ? t.searchScopeCity : t.searchScope(districtName(scope, lang))}
          </p>
          {state.error && (
            <p className="field-error" id={`${id}-err`} role="alert" data-testid="search-error">
              {state.error}
            </p>
          )}
        </div>
      </form>

      <div role="status" className="search-status" data-testid="search-status">
        {people !== null && (people.length === 0 ? t.noneFound : t.found(people.length))}
        {people !== null && state.truncated && <span className="warn-text"> {t.truncated(SEARCH_LIMIT)}</span>}
      </div>

      {people !== null && people.length > 0 && (
        <div className="table-wrap">
          <table className="data clickable" data-testid="search-results">
            <caption className="visually-hidden">{t.resultsCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{t.colName}</th>
                <th scope="col">{t.colIdNumber}</th>
                <th scope="col">{t.colPhone}</th>
                <th scope="col">{t.colDistrict}</th>
                <th scope="col">{t.colBirthDate}</th>
              </tr>
            </thead>
            <tbody>
              {people.map((p) => (
                <tr key={p.id} onClick={openRow(p)} data-person-id={p.id}>
                  <th scope="row">
                    <a href={personPath(p.id)} onClick={followLink(personPath(p.id))} lang="zh-CN">
                      {p.name}
                    </a>
                  </th>
                  <td className="mono">{p.idNumber}</td>
                  <td className="mono">{p.phone ?? t.dash}</td>
                  <td>{districtName(p.district, lang)}</td>
                  <td className="mono">{p.birthDate}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
