import type { Generated, Selectable } from 'kysely';
import type { Iso } from '../platform/platform.table.js';

/** A hotline or organisation people can turn to, by country; public information managed by administrators. */
export interface DirectoryEntryTable {
  id: string;
  office_id: string | null;
  country: string;
  kind: 'hotline' | 'organisation';
  name: string;
  services: string;
  phone: string | null;
  hours: string | null;
  /** JSON array of language codes (ISO 639-1) spoken on the line. */
  languages: Generated<string>;
  website: string | null;
  active: Generated<number>;
  version: Generated<number>;
  created_at: Iso;
  updated_at: Iso;
}

export type DirectoryEntry = Selectable<DirectoryEntryTable>;
