/**
 * The one place the page calls the engine: score, project, and put engine failures and schema
 * messages into the person's language.
 */
import {
  evaluate,
  POLICY_VERSIONS,
  PolicyLookupError,
  project,
  type Projection,
  type Result,
} from '../../src/rules/index.ts';
import type { Lang, Strings } from './i18n.ts';
import type { FormState, Input, UiError } from './model.ts';

export interface Output {
  result: Result;
  projection: Projection;
}

/** `field` names the form field at fault, when there is one. */
export type Run = { ok: true; output: Output } | { ok: false; message: string; field?: 'asOf' | 'policy' };

export function run(input: Input, lang: Lang, t: Strings): Run {
  try {
    const options = input.policy === '' ? { locale: lang } : { locale: lang, policy: input.policy };
    const result = evaluate(input.facts, input.asOf, options);
    const projection = project(input.facts, input.asOf, options);
    return { ok: true, output: { result, projection } };
  } catch (e) {
    if (e instanceof PolicyLookupError) {
      switch (e.code) {
        case 'NO_POLICY_IN_FORCE':
          return { ok: false, field: 'asOf', message: t.noPolicyInForce(input.asOf, POLICY_VERSIONS[0]?.effectiveFrom ?? '') };
        case 'UNKNOWN_POLICY':
          return { ok: false, field: 'policy', message: t.unknownPolicy };
      }
    }
    return { ok: false, message: `${t.engineError} ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** The field error in the page's language; zod's own message where the page has no better words. */
export function localizeError(e: UiError, t: Strings, form: FormState): string {
  switch (e.kind) {
    case 'required':
      return t.err.required;
    case 'date':
      return t.err.date;
    case 'month':
      return t.err.month;
    case 'before':
      return t.err.before(fromOf(e.key, form));
    case 'number':
      return t.err.number;
    case 'negative':
      return t.err.negative;
    case 'level':
      return t.err.level;
    case 'other':
      return e.message;
  }
}

/** The start date of the row whose end an error is about, for "must not be before …". */
function fromOf(key: string, form: FormState): string {
  const [list, id] = key.split('.');
  if (list === 'residence' || list === 'continuity' || list === 'socialInsurance') {
    return form[list].find((r) => r.id === id)?.from ?? '';
  }
  return '';
}
