import { Type } from '@sinclair/typebox';

/** An analyst's upload of a CTDC file (multipart): the file as bytes, an optional name for the data set. */
export const ReferenceImportBody = Type.Object({
  name: Type.Optional(Type.String()),
  file: Type.Unknown(),
});

/** A button with nothing but its CSRF token. */
export const EmptyBody = Type.Object({});
