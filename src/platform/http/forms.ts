import { FormatRegistry, type Static, type TObject, type TSchema, TypeGuard } from '@sinclair/typebox';
import { Value, ValueErrorType } from '@sinclair/typebox/value';
import type { FieldErrors } from '../views/components.js';
import { ValidationError } from './errors.js';

/**
 * HTML forms post strings; the API posts JSON. Both go through the same TypeBox schema: form values are
 * shaped first (empty strings dropped, single checkbox values made into arrays, numbers converted), then
 * checked, and each problem becomes a message key tied to its field.
 */
const EMAIL = /^[^\s@<>()[\]\\,;:"]{1,64}@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]{2,}$/u;
FormatRegistry.Set('email', (v) => EMAIL.test(v));
FormatRegistry.Set('date', (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)));
FormatRegistry.Set('uuid', (v) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(v));

export type FormResult<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors; raw: Record<string, unknown> };

function shape(schema: TObject, body: unknown): Record<string, unknown> {
  const input = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, prop] of Object.entries(schema.properties)) {
    let v = input[key];
    if (typeof v === 'string') v = v.replace(/\r\n/g, '\n');
    if (TypeGuard.IsArray(prop)) {
      if (v === undefined || v === '') v = [];
      else if (!Array.isArray(v)) v = [v];
      v = (v as unknown[]).filter((x) => x !== '');
    } else if (Array.isArray(v)) {
      v = v[v.length - 1];
    }
    if (typeof v === 'string' && v.trim() === '' && !TypeGuard.IsArray(prop)) continue;
    if (typeof v === 'string' && !(prop as { 'x-keep-space'?: boolean })['x-keep-space']) v = v.trim();
    if (v !== undefined) out[key] = v;
  }
  return out;
}

function messageFor(type: ValueErrorType, schema: TSchema): string {
  const custom = (schema as { 'x-error'?: string })['x-error'];
  if (custom) return custom;
  switch (type) {
    case ValueErrorType.ObjectRequiredProperty:
      // Said by the kind of control: a choice is chosen, a text is typed.
      if (TypeGuard.IsUnion(schema) || TypeGuard.IsLiteral(schema) || TypeGuard.IsBoolean(schema)) return 'errors.chooseOne';
      if (TypeGuard.IsArray(schema)) return 'errors.chooseSome';
      return 'errors.required';
    case ValueErrorType.StringMaxLength:
      return typeof schema.maxLength === 'number' ? `errors.tooLongMax|max=${schema.maxLength}` : 'errors.tooLong';
    case ValueErrorType.ArrayMaxItems:
      return 'errors.tooLong';
    case ValueErrorType.StringMinLength:
      return typeof schema.minLength === 'number' ? `errors.tooShortMin|min=${schema.minLength}` : 'errors.tooShort';
    case ValueErrorType.StringFormat:
      return schema.format === 'email' ? 'errors.email' : 'errors.format';
    case ValueErrorType.StringPattern:
      return 'errors.format';
    case ValueErrorType.Number:
    case ValueErrorType.Integer:
    case ValueErrorType.NumberMinimum:
    case ValueErrorType.NumberMaximum:
    case ValueErrorType.IntegerMinimum:
    case ValueErrorType.IntegerMaximum:
      return 'errors.number';
    case ValueErrorType.Union:
    case ValueErrorType.Literal:
    // An empty group of checkboxes: "choose", not "invalid".
    case ValueErrorType.ArrayMinItems:
      return 'errors.choice';
    default:
      return 'errors.invalid';
  }
}

export function parseForm<S extends TObject>(schema: S, body: unknown): FormResult<Static<S>> {
  const shaped = shape(schema, body);
  const converted = Value.Convert(schema, shaped) as Record<string, unknown>;
  const errors: FieldErrors = {};
  // PostgreSQL text cannot hold U+0000 (the insert would fail with a 500), and no one types it: refused as invalid.
  for (const [field, v] of Object.entries(shaped)) {
    if ((Array.isArray(v) ? v : [v]).some((x) => typeof x === 'string' && x.includes('\u0000'))) errors[field] = 'errors.invalid';
  }
  for (const e of Value.Errors(schema, converted)) {
    const field = e.path.split('/')[1] ?? '_';
    if (errors[field]) continue;
    const propSchema = (schema.properties[field] as TSchema | undefined) ?? e.schema;
    errors[field] = messageFor(e.type, e.type === ValueErrorType.ObjectRequiredProperty ? propSchema : e.schema);
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors, raw: shaped };
  return { ok: true, value: converted as Static<S> };
}

/** For JSON API bodies: same checks, a ValidationError (400 with field keys) on failure. */
export function parseBody<S extends TObject>(schema: S, body: unknown): Static<S> {
  const r = parseForm(schema, body);
  if (!r.ok) throw new ValidationError(r.errors);
  return r.value;
}
