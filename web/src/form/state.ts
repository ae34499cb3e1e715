/**
 * The state of a points form (the simulator's, and the portal's declaration of indicators): the
 * values, and the four ways a section changes them. `dirty` turns true at the first change, so a
 * page can hold back "required" errors until the person has touched the form.
 */
import { useCallback, useState } from 'react';
import { newRow, type FormState, type ListKey, type RowOf } from '../model.ts';

export interface FormStateApi {
  form: FormState;
  dirty: boolean;
  /** Replaces the whole form (an example: dirty; a reset: clean). */
  replace: (update: (f: FormState) => FormState, dirty: boolean) => void;
  set: (patch: Partial<FormState>) => void;
  setRow: <K extends ListKey>(key: K, id: string, patch: Partial<RowOf<K>>) => void;
  addRow: (key: ListKey) => void;
  removeRow: (key: ListKey, id: string) => void;
}

export function useFormState(initial: () => FormState): FormStateApi {
  const [form, setForm] = useState<FormState>(initial);
  const [dirty, setDirty] = useState(false);
  const set = useCallback((patch: Partial<FormState>) => {
    setDirty(true);
    setForm((f) => ({ ...f, ...patch }));
  }, []);
  const setRow = useCallback(<K extends ListKey>(key: K, id: string, patch: Partial<RowOf<K>>) => {
    setDirty(true);
    setForm((f) => ({ ...f, [key]: (f[key] as Array<RowOf<K>>).map((r) => (r.id === id ? { ...r, ...patch } : r)) }));
  }, []);
  const addRow = useCallback((key: ListKey) => {
    setDirty(true);
    setForm((f) => ({ ...f, [key]: [...f[key], newRow(key)] }));
  }, []);
  const removeRow = useCallback((key: ListKey, id: string) => {
    setDirty(true);
    setForm((f) => ({ ...f, [key]: (f[key] as Array<{ id: string }>).filter((r) => r.id !== id) }));
  }, []);
  const replace = useCallback((update: (f: FormState) => FormState, isDirty: boolean) => {
    setDirty(isDirty);
    setForm(update);
  }, []);
  return { form, dirty, replace, set, setRow, addRow, removeRow };
}
