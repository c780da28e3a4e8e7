import { Type } from '@sinclair/typebox';

/** The text fields of the upload forms (the workbook itself is read from the multipart body as a Buffer). */
export const PreviewBody = Type.Object({ officeId: Type.Optional(Type.String({ format: 'uuid', maxLength: 36 })) });
export const ImportBody = Type.Object({
  officeId: Type.Optional(Type.String({ format: 'uuid', maxLength: 36 })),
  /** sha256 of the previewed workbook: the import takes the very same file. */
  digest: Type.String({ pattern: '^[0-9a-f]{64}$' }),
});
