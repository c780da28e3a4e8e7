import type { Generated } from 'kysely';
import type { Iso } from '../platform/platform.table.js';

/**
 * Coded facts of a case for the dashboards and the CTDC export, derived from the encrypted trafficking context and
 * identity (see facts.ts). Codes and bands only: no name, date of birth, free text or place.
 */
export interface CaseFactTable {
  case_id: string;
  office_id: string;
  opened_at: Iso;
  /** CTDC age band at registration (0--8, 9--17, 18--20 ... 48+), null when unknown. */
  age_band: string | null;
  /** HTCDS vic_MethodOfRecruitment code. */
  recruitment_method: string | null;
  /** HTCDS vic_RelationshipToTrafficker code. */
  relationship: string | null;
  /** CTDC labour sector derived from the recorded industry (Agriculture, Construction...), never the free text. */
  labour_sector: string | null;
  /** ISO alpha-2: the country named as the place of exploitation, else the office's country (CTDC's rule). */
  exploitation_country: string | null;
  months_exploited: number | null;
  /** HTCDS codes joined by '|', null when not recorded. */
  exploitation_codes: string | null;
  control_codes: string | null;
  /** The case's updated_at these facts were derived from. */
  source_updated_at: Iso;
}

/** One row per value of a multi-valued fact (exploitation types, means of control), for grouped counts. */
export interface CaseFactCodeTable {
  case_id: string;
  office_id: string;
  opened_at: Iso;
  dim: string;
  code: string;
}

/** Pre-counted figures: how many rows of a figure's population fell in a category, per office and month. */
export interface DashboardCountTable {
  /** YYYY-MM (UTC). */
  month: string;
  office_id: string;
  figure: string;
  /** The category; '' when not recorded. */
  key: string;
  n: number;
}

/** (office, month) buckets whose counts are stale, marked by triggers on the counted tables. */
export interface DashboardDirtyTable {
  office_id: string;
  month: string;
}

/** One recount of an office's months lo..hi (YYYY-MM), for the server processes' in-memory copies of the counts. */
export interface DashboardRecountTable {
  seq: Generated<number>;
  office_id: string;
  lo: string;
  hi: string;
  at: string;
}
