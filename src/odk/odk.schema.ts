import { Type } from '@sinclair/typebox';

/** Enrolling a device: its office, a label (a device, not a person), and whether its forms are encrypted. */
export const EnrolBody = Type.Object({
  officeId: Type.String({ format: 'uuid', 'x-error': 'odk.devices.officeRequired' }),
  displayName: Type.String({ minLength: 2, maxLength: 80 }),
  encrypted: Type.Optional(Type.Union([Type.Literal('1'), Type.Literal('0')])),
});

export const ResolveBody = Type.Object({
  action: Type.Union([Type.Literal('apply'), Type.Literal('discard')]),
});
