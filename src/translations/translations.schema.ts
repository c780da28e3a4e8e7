import { Type } from '@sinclair/typebox';

export const MarkBody = Type.Object({
  namespace: Type.String({ pattern: '^[A-Za-z][A-Za-z0-9]{0,40}$', 'x-error': 'translations.errors.namespace' }),
  status: Type.Union([Type.Literal('reviewed'), Type.Literal('draft')]),
});
