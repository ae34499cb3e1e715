/** What every form section needs: the state, ways to change it, the words, and the field errors. */
import { createContext, useContext } from 'react';
import type { Messages } from '../../../src/rules/index.ts';
import type { Lang, Strings } from '../i18n.ts';
import type { FormState, Id, ListKey, RowOf } from '../model.ts';

export interface FormApi {
  form: FormState;
  set: (patch: Partial<FormState>) => void;
  setRow: <K extends ListKey>(key: K, id: Id, patch: Partial<RowOf<K>>) => void;
  addRow: (key: ListKey) => void;
  removeRow: (key: ListKey, id: Id) => void;
  lang: Lang;
  t: Strings;
  /** The engine's words in the same language (level, honour and offence names). */
  m: Messages;
  /** The localized error for a form field key, if any. */
  error: (key: string) => string | undefined;
}

export const FormContext = createContext<FormApi | null>(null);

export function useForm(): FormApi {
  const api = useContext(FormContext);
  if (!api) throw new Error('useForm outside FormContext');
  return api;
}
