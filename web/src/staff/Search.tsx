/**
 * Person search: one box (ID number, mobile or the start of a name) and a table of the people found,
 * with masked ID numbers and phones, and its export to Excel (the query goes in the export's body,
 * never in a URL). Each row opens the person; the name in it is a real link, so the table is usable
 * from the keyboard (Tab to a name, Enter) and links open in a new tab as usual. The search lives in
 * the App's memory, not the URL: a query may be a full ID number.
 */
import { App as AntApp, Button, Form, Input, Space, Table, type InputRef, type TableColumnsType } from 'antd';
import { useEffect, useId, useRef, useState, type HTMLAttributes, type MouseEvent } from 'react';
import type { Lang } from '../i18n.ts';
import { ApiError, type Api, type PersonSummary } from './api.ts';
import { districtName, type StaffStrings } from './i18n.ts';
import type { WorkStrings } from './i18n-work.ts';
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
  w: WorkStrings;
  lang: Lang;
  /** The district the officer is confined to, or null. */
  scope: string | null;
  state: SearchState;
  setState: (update: (s: SearchState) => SearchState) => void;
}

/** Runs an export and says how it went. */
export function useExport(w: WorkStrings) {
  const { message } = AntApp.useApp();
  const [busy, setBusy] = useState(false);
  const run = async (go: () => Promise<{ filename: string; rows: number | null }>): Promise<void> => {
    setBusy(true);
    try {
      const { filename, rows } = await go();
      void message.success(w.exported(filename, rows));
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 401)) void message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return { busy, run };
}

export function SearchPage({ api, t, w, lang, scope, state, setState }: Props) {
  const [busy, setBusy] = useState(false);
  const input = useRef<InputRef>(null);
  const id = useId();
  const exporter = useExport(w);

  useEffect(() => {
    document.title = t.docTitle(t.searchTitle);
  }, [t]);
  useEffect(() => {
    input.current?.focus();
  }, []);

  const submit = async (): Promise<void> => {
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

  const openRow = (person: PersonSummary) => (e: MouseEvent<HTMLElement>) => {
    // The name link handles its own clicks; a drag that selected text is not a click on the row.
    if (e.defaultPrevented || (e.target as Element).closest('a') !== null) return;
    if ((window.getSelection()?.toString() ?? '') !== '') return;
    navigate(personPath(person.id));
  };

  const columns: TableColumnsType<PersonSummary> = [
    {
      title: t.colName,
      key: 'name',
      render: (_: unknown, p) => (
        <a href={personPath(p.id)} onClick={followLink(personPath(p.id))} lang="zh-CN">
          {p.name}
        </a>
      ),
      onCell: () => ({ scope: 'row' }) as HTMLAttributes<HTMLElement>,
    },
    { title: t.colIdNumber, dataIndex: 'idNumber', className: 'mono' },
    { title: t.colPhone, key: 'phone', className: 'mono', render: (_: unknown, p) => p.phone ?? t.dash },
    { title: t.colDistrict, key: 'district', render: (_: unknown, p) => districtName(p.district, lang) },
    { title: t.colBirthDate, dataIndex: 'birthDate', className: 'mono' },
  ];

  const people = state.people;
  return (
    <>
      <h1 className="page-title">{t.searchTitle}</h1>
      <Form className="search" role="search" layout="vertical" noValidate onFinish={() => void submit()}>
        <Form.Item
          label={t.searchLabel}
          htmlFor={`${id}-q`}
          validateStatus={state.error ? 'error' : ''}
          extra={
            <span id={`${id}-hint`}>
              {t.searchHint}
              {lang === 'en' ? ' ' : ''}
              {scope === null ? t.searchScopeCity : t.searchScope(districtName(scope, lang))}
            </span>
          }
          help={
            state.error ? (
              <span id={`${id}-err`} role="alert" data-testid="search-error">
                {state.error}
              </span>
            ) : undefined
          }
        >
          <Space.Compact className="search-row">
            <Input
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
            <Button type="primary" htmlType="submit" disabled={busy}>
              {busy ? t.searching : t.searchButton}
            </Button>
            <Button
              onClick={() => {
                setState(() => ({ query: '', submitted: null, people: null, error: null }));
                input.current?.focus();
              }}
            >
              {t.clear}
            </Button>
          </Space.Compact>
        </Form.Item>
      </Form>

      <div className="list-bar">
        <div role="status" className="search-status" data-testid="search-status">
          {people !== null && (people.length === 0 ? t.noneFound : t.found(people.length))}
          {people !== null && state.truncated && <span className="warn-text"> {t.truncated(SEARCH_LIMIT)}</span>}
        </div>
        {people !== null && people.length > 0 && state.submitted !== null && (
          <Button loading={exporter.busy} onClick={() => void exporter.run(() => api.exportPeople(state.submitted ?? ''))} data-testid="export-people">
            {w.export}
          </Button>
        )}
      </div>

      {people !== null && people.length > 0 && (
        <div data-testid="search-results">
          <Table<PersonSummary>
            className="clickable"
            size="middle"
            rowKey="id"
            columns={columns}
            dataSource={people}
            pagination={false}
            onRow={(p) => ({ onClick: openRow(p), 'data-person-id': p.id }) as HTMLAttributes<HTMLElement>}
          />
        </div>
      )}
    </>
  );
}
