import type { ComponentChildren } from 'preact';
import { timeZoneGroups } from '../i18n/time-zones.js';
import type { Translator } from '../i18n/i18n.js';

/** Field name → message key, as produced by parseForm or a ValidationError. */
export type FieldErrors = Record<string, string>;

export interface FormProps {
  t: Translator;
  action: string;
  csrf?: string | undefined;
  errors?: FieldErrors | undefined;
  /** Labels of the fields, so the error summary can name them. */
  labels?: Record<string, string>;
  multipart?: boolean;
  /** Show "required fields are marked *" at the top (when the form has any). */
  hasRequired?: boolean;
  method?: 'post' | 'get';
  id?: string;
  class?: string;
  /** When the page holds several forms with a field of the same name: the prefix that keeps their ids apart. */
  idPrefix?: string;
  /** "off" on forms that hold testimony: the browser then neither suggests nor restores what was typed. */
  autocomplete?: 'off';
  children: ComponentChildren;
}

/** A form with the error summary and the required-fields explanation at its top. */
export function Form(props: FormProps) {
  const { t, errors } = props;
  const entries = Object.entries(errors ?? {});
  return (
    <form
      method={props.method ?? 'post'}
      action={props.action}
      enctype={props.multipart ? 'multipart/form-data' : undefined}
      id={props.id}
      class={props.class ?? 'form'}
      autoComplete={props.autocomplete}
      noValidate
    >
      {entries.length > 0 ? (
        <div class="error-summary" id={`${props.id ?? 'form'}-errors`} role="alert" aria-labelledby={`${props.id ?? 'form'}-errors-title`} tabIndex={-1}>
          <h2 id={`${props.id ?? 'form'}-errors-title`}>{t('forms.errorSummaryTitle')}</h2>
          <ul>
            {entries.map(([field, key]) => (
              <li>
                <a href={`#${fieldId(field, props.idPrefix)}`}>
                  {props.labels?.[field] ? `${props.labels[field]}: ` : ''}
                  {t(key)}
                </a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {props.hasRequired ? <p class="required-explanation">{t('forms.requiredExplanation')}</p> : null}
      {props.csrf ? <input type="hidden" name="_csrf" value={props.csrf} /> : null}
      {props.children}
    </form>
  );
}

export function fieldId(name: string, prefix?: string): string {
  return `f-${prefix ? `${prefix}-` : ''}${name.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
}

interface FieldBase {
  t: Translator;
  name: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  required?: boolean;
  /** The form's idPrefix, where the page repeats this field's name in another form. */
  idPrefix?: string;
}

/** The star after a required field's label, hidden from screen readers. */
function RequiredMark(props: { required?: boolean | undefined }) {
  return props.required ? (
    <span class="required" aria-hidden="true">
      {' '}
      *
    </span>
  ) : null;
}

function Label(props: FieldBase & { forId: string }) {
  return (
    <label for={props.forId} class="label">
      {props.label}
      <RequiredMark required={props.required} />
    </label>
  );
}

function describedBy(id: string, hint?: string, error?: string): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function HintAndError(props: { t: Translator; id: string; hint?: string | undefined; error?: string | undefined }) {
  return (
    <>
      {props.hint ? (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p class="field-error" id={`${props.id}-error`}>
          <span class="visually-hidden">{props.t('forms.errorPrefix')} </span>
          {props.t(props.error)}
        </p>
      ) : null}
    </>
  );
}

/** A field's frame: its label, hint and error above the control, marked when the field has an error. */
function FieldFrame(props: FieldBase & { id: string; children: ComponentChildren }) {
  return (
    <div class={`field${props.error ? ' field-has-error' : ''}`}>
      <Label {...props} forId={props.id} />
      <HintAndError t={props.t} id={props.id} hint={props.hint} error={props.error} />
      {props.children}
    </div>
  );
}

/** What a control says of its field's state: required, invalid, and which hint and error describe it. */
function controlState(props: FieldBase, id: string) {
  return {
    required: props.required,
    'aria-required': props.required ? ('true' as const) : undefined,
    'aria-invalid': props.error ? ('true' as const) : undefined,
    'aria-describedby': describedBy(id, props.hint, props.error),
  };
}

export function TextField(
  props: FieldBase & {
    value?: string | number | null | undefined;
    type?: 'text' | 'email' | 'password' | 'tel' | 'date' | 'month' | 'number' | 'url' | 'search';
    autocomplete?: string;
    inputMode?: 'numeric' | 'text' | 'tel' | 'email';
    maxLength?: number;
    width?: 'short' | 'medium' | 'full';
    dir?: 'auto' | 'ltr' | 'rtl';
  },
) {
  const id = fieldId(props.name, props.idPrefix);
  return (
    <FieldFrame {...props} id={id}>
      <input
        id={id}
        name={props.name}
        type={(props.type ?? 'text') as 'text'}
        value={props.value ?? ''}
        {...controlState(props, id)}
        autoComplete={props.autocomplete}
        inputMode={props.inputMode}
        maxLength={props.maxLength}
        dir={props.dir}
        class={`input input-${props.width ?? 'full'}`}
      />
    </FieldFrame>
  );
}

export function TextArea(props: FieldBase & { value?: string | null | undefined; rows?: number; maxLength?: number }) {
  const id = fieldId(props.name, props.idPrefix);
  return (
    <FieldFrame {...props} id={id}>
      <textarea id={id} name={props.name} rows={props.rows ?? 5} {...controlState(props, id)} maxLength={props.maxLength} dir="auto" class="input">
        {props.value ?? ''}
      </textarea>
    </FieldFrame>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function Select(props: FieldBase & { options: Option[]; value?: string | null | undefined; emptyLabel?: string }) {
  const id = fieldId(props.name, props.idPrefix);
  return (
    <FieldFrame {...props} id={id}>
      <select id={id} name={props.name} {...controlState(props, id)} class="input">
        {props.emptyLabel !== undefined ? <option value="">{props.emptyLabel}</option> : null}
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === props.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

/** Radios or checkboxes in a fieldset with a legend. */
export function Choices(
  props: FieldBase & {
    options: Option[];
    multiple?: boolean;
    value?: string | string[] | null | undefined;
    inline?: boolean;
  },
) {
  const id = fieldId(props.name, props.idPrefix);
  const selected = new Set(Array.isArray(props.value) ? props.value : props.value ? [props.value] : []);
  return (
    <div class={`field${props.error ? ' field-has-error' : ''}`}>
      <fieldset
        class={`fieldset${props.inline ? ' fieldset-inline' : ''}`}
        id={id}
        aria-describedby={describedBy(id, props.hint, props.error)}
        aria-invalid={props.error ? 'true' : undefined}
      >
        <legend class="label">
          {props.label}
          <RequiredMark required={props.required} />
        </legend>
        <HintAndError t={props.t} id={id} hint={props.hint} error={props.error} />
        {props.options.map((o, i) => (
          <div class="choice">
            <input
              type={props.multiple ? 'checkbox' : 'radio'}
              id={`${id}-${i}`}
              name={props.name}
              value={o.value}
              checked={selected.has(o.value)}
              required={!props.multiple && props.required}
            />
            <label for={`${id}-${i}`}>{o.label}</label>
          </div>
        ))}
      </fieldset>
    </div>
  );
}

/** Yes / no / don't know: questions about a person's experience are never forced into yes or no. */
export function TriState(props: FieldBase & { value?: string | null | undefined }) {
  const { t } = props;
  return (
    <Choices
      {...props}
      inline
      options={[
        { value: 'yes', label: t('forms.yes') },
        { value: 'no', label: t('forms.no') },
        { value: 'unknown', label: t('forms.unknown') },
      ]}
    />
  );
}

export function Submit(props: { label: string; secondary?: boolean; name?: string; value?: string }) {
  return (
    <button type="submit" class={props.secondary ? 'button button-secondary' : 'button'} name={props.name} value={props.value}>
      {props.label}
    </button>
  );
}

/** A POST button for a single action (sign out, approve...), with its CSRF token. */
export function ActionButton(props: { action: string; csrf: string; label: string; fields?: Record<string, string>; danger?: boolean }) {
  return (
    <form method="post" action={props.action} class="inline-form">
      <input type="hidden" name="_csrf" value={props.csrf} />
      {Object.entries(props.fields ?? {}).map(([k, v]) => (
        <input type="hidden" name={k} value={v} />
      ))}
      <button type="submit" class={props.danger ? 'button button-danger' : 'button button-secondary'}>
        {props.label}
      </button>
    </form>
  );
}

export function Table(props: { caption: string; head: string[]; rows: ComponentChildren[][]; empty?: string }) {
  if (props.rows.length === 0 && props.empty) return <p class="empty">{props.empty}</p>;
  return (
    <div class="table-wrap">
      <table class="stack">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            {props.head.map((h) => (
              <th scope="col">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr>
              {r.map((c, i) => (
                <td data-label={props.head[i] || undefined}>{c}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function SummaryList(props: { items: Array<[string, ComponentChildren]> }) {
  return (
    <dl class="summary-list">
      {props.items.map(([k, v]) => (
        <div class="summary-row">
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * The time-zone chooser: the IANA list (platform/i18n/time-zones.ts) grouped by region, one name per option
 * (Africa/Tunis), the current value selected; the server checks the answer against the same list.
 */
export function TimeZoneSelect(props: FieldBase & { value?: string | null | undefined }) {
  const id = fieldId(props.name, props.idPrefix);
  return (
    <FieldFrame {...props} id={id}>
      <select id={id} name={props.name} {...controlState(props, id)} class="input input-medium" dir="ltr">
        {timeZoneGroups().map((g) => (
          <optgroup label={g.region}>
            {g.zones.map((z) => (
              <option value={z} selected={z === (props.value || 'UTC')}>
                {z.replace(/_/g, ' ')}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </FieldFrame>
  );
}
