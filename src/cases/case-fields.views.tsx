import type { Translator } from '../platform/i18n/i18n.js';
import { Choices, type FieldErrors, Select, TextArea, TextField, TriState } from '../platform/views/components.js';
import { options } from './case-ui.js';

/** One form of a case page: what it shows again, its errors and the label of each of its fields. */
export interface BoundForm {
  t: Translator;
  /** The value a field shows (what was typed, or the record's, or the form's default). */
  v: (name: string) => string;
  /** The ticked values of a group of checkboxes. */
  list?: ((name: string) => string[]) | undefined;
  errors?: FieldErrors | undefined;
  /** The same labels the form's error summary names the fields by. */
  labels: Record<string, string>;
}

interface More {
  hint?: string | undefined;
  required?: boolean | undefined;
}

/**
 * The fields of a case form, bound to the form: each names its field once, and its label, value and error follow
 * (a code list is labelled by its translations under `prefix`).
 */
export function caseFields(f: BoundForm) {
  const { t, errors } = f;
  const label = (name: string) => f.labels[name] ?? '';
  const common = (name: string, more: More) => ({ t, name, label: label(name), hint: more.hint, required: more.required, error: errors?.[name] });
  return {
    /** One code from a list, in a drop-down that starts at "choose". */
    select: (name: string, prefix: string, codes: readonly string[], more: More = {}) => (
      <Select {...common(name, more)} options={options(t, prefix, codes)} value={f.v(name)} emptyLabel={t('forms.choose')} />
    ),
    /** Any codes of a list, as checkboxes. */
    ticks: (name: string, prefix: string, codes: readonly string[], more: More = {}) => (
      <Choices {...common(name, more)} multiple options={options(t, prefix, codes)} value={f.list ? f.list(name) : []} />
    ),
    /** Yes or no, side by side. */
    yesNo: (name: string, more: More = {}) => (
      <Choices
        {...common(name, more)}
        inline
        options={[
          { value: 'yes', label: t('forms.yes') },
          { value: 'no', label: t('forms.no') },
        ]}
        value={f.v(name)}
      />
    ),
    /** Yes, no or don't know. */
    tri: (name: string, more: More = {}) => <TriState {...common(name, more)} value={f.v(name)} />,
    text: (name: string, more: More = {}) => <TextField {...common(name, more)} value={f.v(name)} />,
    date: (name: string, more: More = {}) => <TextField {...common(name, more)} type="date" value={f.v(name)} width="medium" />,
    area: (name: string, rows: number, more: More = {}) => <TextArea {...common(name, more)} value={f.v(name)} rows={rows} />,
  };
}
