import { Type } from '@sinclair/typebox';

/** A gateway number (E.164, or a shortcode of 3 to 8 digits) and the office its reports go to. */
export const ChannelNumberBody = Type.Object({
  number: Type.String({ minLength: 3, maxLength: 30, 'x-error': 'channels.numbers.errors.number' }),
  officeId: Type.String({ minLength: 1, maxLength: 64, 'x-error': 'channels.numbers.errors.office' }),
});
export const EmptyBody = Type.Object({});
