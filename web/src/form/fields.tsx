/**
 * Labelled inputs. Each has a visible <label>, an id derived from its field key, and — when the
 * schema objects to its value — an error below it that the input points to with aria-describedby.
 */
import type { ReactNode } from 'react';
import { fieldId } from '../model.ts';
import { useForm } from './context.ts';

interface Base {
  /** Form field key, e.g. `birthDate` or `residence.r3.to`; also the source of the id. */
  k: string;
  label: string;
  hint?: string;
  required?: boolean;
}

function Described({ k, hint, children }: { k: string; hint?: string; children: ReactNode }) {
  const { error } = useForm();
  const id = fieldId(k);
  const err = error(k);
  return (
    <>
      {children}
      {hint !== undefined && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {err !== undefined && (
        <p className="field-error" id={`${id}-err`}>
          {err}
        </p>
      )}
    </>
  );
}

function aria(k: string, hint: string | undefined, err: string | undefined) {
  const id = fieldId(k);
  const by = [hint !== undefined ? `${id}-hint` : '', err !== undefined ? `${id}-err` : ''].filter(Boolean).join(' ');
  return {
    id,
    'aria-invalid': err !== undefined ? true : undefined,
    'aria-describedby': by === '' ? undefined : by,
  } as const;
}

function LabelText({ label, required }: { label: string; required?: boolean }) {
  const { t } = useForm();
  return (
    <>
      {label}
      {required === true && <span className="req"> ({t.required})</span>}
    </>
  );
}

export function InputField({
  k,
  label,
  hint,
  required,
  type,
  value,
  onChange,
  placeholder,
  min,
  step,
  inputMode,
}: Base & {
  type: 'date' | 'month' | 'number' | 'text';
  value: string;
  onChange: (v: string) => void;
  placeholder?: string;
  min?: string;
  step?: string;
  inputMode?: 'numeric' | 'decimal';
}) {
  const { error } = useForm();
  const err = error(k);
  return (
    <div className={`field${err !== undefined ? ' has-error' : ''}`}>
      <label htmlFor={fieldId(k)}>
        <LabelText label={label} required={required} />
      </label>
      <Described k={k} hint={hint}>
        <input
          {...aria(k, hint, err)}
          type={type}
          value={value}
          placeholder={placeholder ?? (type === 'month' ? 'YYYY-MM' : type === 'date' ? 'YYYY-MM-DD' : undefined)}
          pattern={type === 'month' ? '\\d{4}-\\d{2}' : undefined}
          min={min}
          step={step}
          inputMode={inputMode}
          required={required}
          onChange={(e) => onChange(e.target.value)}
        />
      </Described>
    </div>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function SelectField({
  k,
  label,
  hint,
  required,
  value,
  options,
  groups,
  onChange,
}: Base & {
  value: string;
  options?: readonly Option[];
  groups?: ReadonlyArray<{ label: string; options: readonly Option[] }>;
  onChange: (v: string) => void;
}) {
  const { error } = useForm();
  const err = error(k);
  return (
    <div className={`field${err !== undefined ? ' has-error' : ''}`}>
      <label htmlFor={fieldId(k)}>
        <LabelText label={label} required={required} />
      </label>
      <Described k={k} hint={hint}>
        <select {...aria(k, hint, err)} value={value} onChange={(e) => onChange(e.target.value)}>
          {options?.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
          {groups?.map((g) => (
            <optgroup key={g.label} label={g.label}>
              {g.options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </Described>
    </div>
  );
}

export function CheckField({ k, label, hint, checked, onChange }: Base & { checked: boolean; onChange: (v: boolean) => void }) {
  const { error } = useForm();
  const err = error(k);
  return (
    <div className={`field check${err !== undefined ? ' has-error' : ''}`}>
      <Described k={k} hint={hint}>
        <label htmlFor={fieldId(k)}>
          <input {...aria(k, hint, err)} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
          <span>{label}</span>
        </label>
      </Described>
    </div>
  );
}
