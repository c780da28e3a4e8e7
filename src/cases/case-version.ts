/** The version-checked case update, the touch and the stages, kept at this path for the features that import them. */
export { laterStage, type Stage, STAGES } from './case-values.js';
export { touchCase, updateCaseChecked } from './cases.repository.js';
