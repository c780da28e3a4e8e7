import type { Feature } from '../platform/features/feature.js';
import { CASES_TABS } from './case-tabs.js';
import { reindexNamesCommand } from './cases.cli.js';
import { casesPlugin } from './cases.plugin.js';

/** Victim case management: record, consent, screening, children's safeguards, assessments, notes, files, history. */
export const casesFeature: Feature = {
  name: 'cases',
  routes: [casesPlugin],
  caseTabs: CASES_TABS,
  nav: [{ href: '/staff/cases', labelKey: 'cases.nav', order: 20, permission: 'cases.work' }],
  cli: [reindexNamesCommand],
};

// What other features use of case management: the sealed-field groups and their key labels, the age rule.
export {
  attachmentContentKeyLabel,
  attachmentNameKeyLabel,
  assessmentNotesKeyLabel,
  biaKeyLabel,
  bidKeyLabel,
  CASE_RECORD_SEALED_COLUMNS,
  type CasePerson,
  closureNoteKeyLabel,
  contactKeyLabel,
  contextKeyLabel,
  familyNotesKeyLabel,
  guardianKeyLabel,
  identityKeyLabel,
  type IncomingReferral,
  noteKeyLabel,
  PERSON_GROUPS,
  type PersonContact,
  type PersonGroup,
  type PersonIdentity,
  perpetratorKeyLabel,
  personKeyLabel,
  recordKeyLabel,
  referralKeyLabel,
  reminderKeyLabel,
  screeningNotesKeyLabel,
  type TraffickingContext,
} from './person.js';
export { ageOnOpening, presumeChild } from './age.policy.js';
export { insertNewCase, lookupTokens, openCase, type OpenCaseInput } from './cases.service.js';
// What the HTCDS bulk import (src/htcds-import) uses: the duplicate check a case worker sees before opening a case.
export { type DuplicateResult, findDuplicates } from './duplicates.service.js';
// What plans, referrals, solutions and statistics use of a case: access, the case page, consent, versions, the policy.
export { loadCaseFor } from './case-access.js';
export { correctionsOf, type CorrectionView, keepCorrection, latestReasons, requiredReason } from './corrections.service.js';
export { CasePage } from './case-layout.js';
export { touchCase, updateCaseChecked } from './case-version.js';
export { can as canOnCase } from './cases.policy.js';
export { findCase, scopedCases } from './cases.repository.js';
export { assertDurableSolutionAllowed } from './children.js';
export { assertConsent, hasConsent, recordConsent } from './consent.js';
// What the OpenRosa intake (src/odk) uses: the draft case from the field, and the value lists its XForm is generated from.
export {
  attachFieldMedia,
  type FieldIntake,
  type FieldScreeningResult,
  openFieldCase,
  recordFieldScreening,
  type SealedFieldMedia,
  sealFieldMedia,
} from './field-intake.service.js';
export { ACTS, MEANS, PURPOSES } from './screening/screening-rules.js';
export { DIMENSIONS, ILO, ILO_VERSION, type ListId } from './screening/ilo.js';
export { GENDERS } from './cases.schema.js';
export { CONSENT_PURPOSES, type ConsentPurpose } from './case-values.js';
// One notion of "due" (plan actions and reminders): the list, the counts, and the case's next due date kept in step.
export { type DueItem, type DueWindow, dueCount, dueInDays, dueItems, dueToday } from './due.service.js';
export { syncNextDue } from './due.repository.js';
export { type CaseWork, caseWork, type WorkCard } from './mywork.service.js';
