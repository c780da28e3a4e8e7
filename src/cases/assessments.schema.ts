import { Type } from '@sinclair/typebox';
import { oneOf, RISK_LEVELS } from './cases.schema.js';

export const SAFETY_QUESTIONS = ['riskToLife', 'emergencyMedical', 'controllerPresent', 'safePlaceTonight'] as const;
export const NEEDS = [
  'shelter',
  'medical',
  'psychosocial',
  'legal',
  'food_clothing',
  'documents',
  'family_contact',
  'education',
  'livelihood',
  'interpretation',
  'financial',
] as const;
/** Risk and protective factors at the four levels of IOM's Determinants of Migrant Vulnerability model (DOMAIN.md §2.1). */
export const LEVELS = {
  individual: {
    risk: ['prior_abuse', 'health_condition', 'irregular_status', 'debt', 'low_education'],
    protective: ['skills_education', 'good_health', 'legal_status', 'coping'],
  },
  household: { risk: ['family_violence', 'family_involved', 'household_poverty', 'dependants'], protective: ['supportive_family', 'household_income'] },
  community: { risk: ['stigma', 'trafficker_presence', 'discrimination'], protective: ['community_support', 'services_access'] },
  structural: { risk: ['conflict_insecurity', 'weak_protection', 'restrictive_migration'], protective: ['legal_protection', 'social_protection'] },
} as const;
export type Level = keyof typeof LEVELS;
export const LEVEL_NAMES = Object.keys(LEVELS) as Level[];

const tri = () => Type.Optional(oneOf(['yes', 'no', 'unknown'] as const));
const codes = (values: readonly string[]) => Type.Array(oneOf(values), { maxItems: values.length });

export const AssessmentBody = Type.Object({
  assessedOn: Type.String({ format: 'date', maxLength: 10 }),
  riskToLife: tri(),
  emergencyMedical: tri(),
  controllerPresent: tri(),
  safePlaceTonight: tri(),
  needs: codes(NEEDS),
  individualRisk: codes(LEVELS.individual.risk),
  individualProtective: codes(LEVELS.individual.protective),
  householdRisk: codes(LEVELS.household.risk),
  householdProtective: codes(LEVELS.household.protective),
  communityRisk: codes(LEVELS.community.risk),
  communityProtective: codes(LEVELS.community.protective),
  structuralRisk: codes(LEVELS.structural.risk),
  structuralProtective: codes(LEVELS.structural.protective),
  riskLevel: oneOf(RISK_LEVELS),
  notes: Type.Optional(Type.String({ maxLength: 5000 })),
});
