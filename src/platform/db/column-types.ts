/** Dates and times are ISO-8601 strings in UTC on both dialects: portable, sortable, unambiguous. */
export type Iso = string;
