import type { Selectable } from 'kysely';
import type { Iso } from '../platform/platform.table.js';

/**
 * An HTCDS workbook being checked (`preview`) or imported (`import`) in the background, and how far it got. The
 * workbook waits here sealed under the office's key (`file_enc`) only while the job has not ended: it is emptied in
 * the statement that marks the job done or failed. The outcome (the preview's errors and duplicates, or the count
 * imported, or why it failed) is sealed too, since a row error repeats what a cell held.
 */
export interface ImportJobTable {
  id: string;
  office_id: string;
  /** Who started it: the only one who sees it, and whose permissions it runs with. */
  user_id: string;
  kind: 'preview' | 'import';
  status: 'waiting' | 'running' | 'done' | 'failed';
  /** sha256 of the workbook: an import must be the very file that was previewed. */
  digest: string;
  file_enc: string | null;
  rows_read: number;
  rows_checked: number;
  rows_imported: number;
  /** Sealed JSON: the preview, `{ count }` of an import, or `{ key, values }` of a failure. */
  result_enc: string | null;
  /** The process running it and until when (renewed as it progresses): a job is taken by one process at a time. */
  holder: string | null;
  lease_until: Iso | null;
  created_at: Iso;
  started_at: Iso | null;
  finished_at: Iso | null;
}

export type ImportJob = Selectable<ImportJobTable>;
