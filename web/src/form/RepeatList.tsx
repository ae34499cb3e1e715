/**
 * A fieldset of repeatable rows (residence periods, insurance runs, honours…) with add and remove
 * buttons. Adding moves focus into the new row and removing moves it to a neighbour, so the list can
 * be worked from the keyboard alone.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import { fieldId, type ListKey, type RowOf } from '../model.ts';
import { useForm } from './context.ts';

export function RepeatList<K extends ListKey>({
  listKey,
  legend,
  hint,
  itemName,
  renderRow,
  rowStarted,
}: {
  listKey: K;
  legend: string;
  hint?: string;
  /** What one row is called, e.g. 居住登记 / residence period. */
  itemName: string;
  renderRow: (row: RowOf<K>, index: number) => ReactNode;
  /** Whether the row has the dates that make it part of the facts. */
  rowStarted: (row: RowOf<K>) => boolean;
}) {
  const { form, addRow, removeRow, t, error } = useForm();
  const rows = form[listKey] as Array<RowOf<K>>;
  const root = useRef<HTMLFieldSetElement>(null);
  const focusAfter = useRef<'last' | { index: number } | null>(null);
  const addId = fieldId(`${listKey}.add`);

  useEffect(() => {
    const want = focusAfter.current;
    if (want === null || !root.current) return;
    focusAfter.current = null;
    const rowEls = root.current.querySelectorAll<HTMLElement>('.row');
    const target = want === 'last' ? rowEls[rowEls.length - 1] : rowEls[Math.min(want.index, rowEls.length - 1)];
    const focusable = target?.querySelector<HTMLElement>('input, select') ?? document.getElementById(addId);
    focusable?.focus();
  }, [rows.length, addId]);

  return (
    <fieldset className="section" ref={root}>
      <legend>{legend}</legend>
      {hint !== undefined && <p className="hint">{hint}</p>}
      {rows.map((row, i) => {
        const title = t.rowTitle(itemName, i + 1);
        const rowErr = error(`${listKey}.${row.id}`);
        return (
          <fieldset className="row" key={row.id}>
            <legend>{title}</legend>
            <div className="grid">{renderRow(row, i)}</div>
            {!rowStarted(row) && <p className="hint">{t.emptyRowHint}</p>}
            {rowErr !== undefined && <p className="field-error">{rowErr}</p>}
            <button
              type="button"
              className="remove"
              aria-label={`${t.remove} ${title}`}
              onClick={() => {
                focusAfter.current = { index: i };
                removeRow(listKey, row.id);
              }}
            >
              {t.remove}
            </button>
          </fieldset>
        );
      })}
      <button
        type="button"
        className="add"
        id={addId}
        onClick={() => {
          focusAfter.current = 'last';
          addRow(listKey);
        }}
      >
        + {t.addItem(itemName)}
      </button>
    </fieldset>
  );
}
