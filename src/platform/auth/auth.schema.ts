import { Type } from '@sinclair/typebox';
import { LOCALES } from '../i18n/i18n.js';
import { PASSWORD_MAX } from './passwords.js';

export const SignInBody = Type.Object({
  email: Type.String({ minLength: 3, maxLength: 254 }),
  password: Type.String({ minLength: 1, maxLength: PASSWORD_MAX, 'x-keep-space': true }),
  next: Type.Optional(Type.String({ maxLength: 500 })),
});

export const CodeBody = Type.Object({
  code: Type.String({ minLength: 6, maxLength: 20 }),
});

export const SetPasswordBody = Type.Object({
  password: Type.String({ minLength: 1, maxLength: PASSWORD_MAX, 'x-keep-space': true }),
  confirm: Type.String({ minLength: 1, maxLength: PASSWORD_MAX, 'x-keep-space': true }),
});

export const ChangePasswordBody = Type.Object({
  current: Type.String({ minLength: 1, maxLength: PASSWORD_MAX, 'x-keep-space': true }),
  password: Type.String({ minLength: 1, maxLength: PASSWORD_MAX, 'x-keep-space': true }),
  confirm: Type.String({ minLength: 1, maxLength: PASSWORD_MAX, 'x-keep-space': true }),
});

export const SetupBody = Type.Object({
  displayName: Type.String({ minLength: 1, maxLength: 120 }),
  email: Type.String({ format: 'email', maxLength: 254 }),
  password: Type.String({ minLength: 1, maxLength: PASSWORD_MAX, 'x-keep-space': true }),
  confirm: Type.String({ minLength: 1, maxLength: PASSWORD_MAX, 'x-keep-space': true }),
});

export const LocaleBody = Type.Object({
  locale: Type.Union(LOCALES.map((l) => Type.Literal(l))),
  back: Type.Optional(Type.String({ maxLength: 500 })),
});

export const TimeZoneBody = Type.Object({
  timeZone: Type.String({ minLength: 1, maxLength: 64 }),
});

export const ApiTokenBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 80 }),
  days: Type.Optional(Type.Integer({ minimum: 1, maximum: 365, 'x-error': 'tokens.errors.days' })),
  tokenPassword: Type.String({ minLength: 1, maxLength: PASSWORD_MAX, 'x-keep-space': true }),
  code: Type.String({ minLength: 6, maxLength: 20 }),
});
