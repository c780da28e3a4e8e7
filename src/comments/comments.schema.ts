import { Type } from '@sinclair/typebox';

/** Only the comment is needed: a name (a pseudonym is fine) and an email (only to reply, never published) are optional. */
export const CommentBody = Type.Object({
  name: Type.Optional(Type.String({ maxLength: 80 })),
  email: Type.Optional(Type.String({ format: 'email', maxLength: 200 })),
  comment: Type.String({ maxLength: 4000, 'x-keep-space': true }),
  /** The honeypot: hidden from people, filled in by robots. */
  website: Type.Optional(Type.String({ maxLength: 500 })),
});

export const ModerateBody = Type.Object({
  decision: Type.Union([Type.Literal('approve'), Type.Literal('reject'), Type.Literal('spam')]),
  version: Type.Integer({ minimum: 1 }),
});

export const ReplyBody = Type.Object({
  reply: Type.String({ maxLength: 4000, 'x-keep-space': true }),
});
