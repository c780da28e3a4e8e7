import type { Insertable, Selectable } from 'kysely';
import type { Iso } from '../platform/platform.table.js';
import type { ReferenceValues } from './ctdc/variables.js';

/** One imported CTDC file: reference data, never mixed with an office's cases. */
export interface CtdcDatasetTable {
  id: string;
  name: string;
  /** global-kanon | global-synthetic-2021 | global-synthetic-2024 | vp-synthetic-2022 */
  format: string;
  file_name: string;
  file_sha256: string;
  rows_read: number;
  rows_imported: number;
  rows_rejected: number;
  imported_by: string | null;
  imported_at: Iso;
}
export type CtdcDataset = Selectable<CtdcDatasetTable>;

/** One record of an imported file in the reference model (see ctdc/variables.ts). */
export type CtdcRecordTable = {
  dataset_id: string;
  /** Line of the record in the file, so a figure can be traced back to the source. */
  line_no: number;
} & ReferenceValues;
export type NewCtdcRecord = Insertable<CtdcRecordTable>;
