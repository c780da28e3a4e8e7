import { readFileSync } from 'node:fs';
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

/**
 * Domain data Abri owns (README.md beside this file): versioned JSON files in the repository, each naming its
 * source, each checked against a TypeBox schema when first imported — that is, at start-up, since the app imports
 * every module that uses them. An invalid file stops the start with the file, the path and what is wrong.
 */
export class DomainDataError extends Error {
  override readonly name = 'DomainDataError';
}

const Grade = Type.Union([Type.Literal('strong'), Type.Literal('medium'), Type.Literal('weak')]);
const Indicator = Type.Object({ dimension: Type.String({ minLength: 1 }), id: Type.String({ pattern: '^[a-z0-9-]+$' }), label: Type.String({ minLength: 1 }), grade: Grade }, { additionalProperties: true });
const IndicatorList = Type.Array(Indicator, { minItems: 1 });
const Combination = Type.Object({
  strong: Type.Optional(Type.Integer({ minimum: 0 })),
  medium: Type.Optional(Type.Integer({ minimum: 0 })),
  weak: Type.Optional(Type.Integer({ minimum: 0 })),
  mediumOrWeak: Type.Optional(Type.Integer({ minimum: 0 })),
});

export const IloFileSchema = Type.Object(
  {
    source: Type.Object({ title: Type.String({ minLength: 1 }), publisher: Type.String({ minLength: 1 }), revised: Type.String({ pattern: '^\\d{4}-\\d{2}$' }), iloRef: Type.String() }, { additionalProperties: true }),
    dimensions: Type.Array(Type.Object({ id: Type.String({ minLength: 1 }), label: Type.String(), phase: Type.Union([Type.Literal('recruitment'), Type.Literal('destination')]) }, { additionalProperties: true }), { minItems: 6, maxItems: 6 }),
    combinationRule: Type.Object({ dimensionPositiveIfAny: Type.Array(Combination, { minItems: 1 }) }, { additionalProperties: true }),
    lists: Type.Object({ adultsLabour: IndicatorList, adultsSexual: IndicatorList, childrenLabour: IndicatorList, childrenSexual: IndicatorList }),
  },
  { additionalProperties: true },
);
export type IloFile = Static<typeof IloFileSchema>;

const SurveyDimension = Type.Union([Type.Literal('economic'), Type.Literal('social'), Type.Literal('psychosocial')]);
export const SurveyFileSchema = Type.Object(
  {
    source: Type.Object({ primary: Type.String({ minLength: 1 }) }, { additionalProperties: true }),
    dimensions: Type.Array(SurveyDimension, { minItems: 3, maxItems: 3 }),
    items: Type.Array(
      Type.Object(
        {
          id: Type.String({ pattern: '^[a-z0-9-]+$' }),
          dimension: SurveyDimension,
          question: Type.String({ minLength: 1 }),
          weight: Type.Union([Type.Number({ exclusiveMinimum: 0 }), Type.Null()]),
          answers: Type.Array(Type.Object({ value: Type.Integer(), label: Type.String({ minLength: 1 }), score: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()]) }, { additionalProperties: true }), { minItems: 2 }),
        },
        { additionalProperties: true },
      ),
      { minItems: 1 },
    ),
  },
  { additionalProperties: true },
);
export type SurveyFile = Static<typeof SurveyFileSchema>;

export const CountriesFileSchema = Type.Object(
  {
    source: Type.Object({ countries: Type.String({ minLength: 1 }), regions: Type.String({ minLength: 1 }) }, { additionalProperties: true }),
    version: Type.String({ minLength: 1 }),
    countries: Type.Array(Type.Tuple([Type.String({ pattern: '^[A-Z][A-Z0-9]$' }), Type.String({ pattern: '^[A-Z]{3}$' })]), { minItems: 200 }),
    regions: Type.Array(Type.Object({ id: Type.String({ pattern: '^[a-z-]+$' }), region: Type.String({ pattern: '^[a-z-]+$' }), countries: Type.Array(Type.String(), { minItems: 1 }) }), { minItems: 1 }),
    /** Codes read on old records and CTDC files but never offered in a form. */
    legacy: Type.Array(Type.String({ pattern: '^[A-Z][A-Z0-9]$' })),
  },
  { additionalProperties: true },
);
export type CountriesFile = Static<typeof CountriesFileSchema>;

/** Parses and checks one file's text; `check` adds the rules a schema cannot say (references, uniqueness). */
export function parseDomainData<T extends TSchema>({
  name,
  text,
  schema,
  check,
}: {
  name: string;
  text: string;
  schema: T;
  check?: (value: Static<T>) => string[];
}): Static<T> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new DomainDataError(`Domain data file src/data/${name} is not valid JSON: ${(e as Error).message}`);
  }
  const problems = Value.Check(schema, value) ? (check?.(value as Static<T>) ?? []) : [...Value.Errors(schema, value)].map((e) => `${e.path || '/'}: ${e.message}`);
  if (problems.length) throw new DomainDataError(`Domain data file src/data/${name} is invalid:\n  ${problems.slice(0, 10).join('\n  ')}`);
  return value as Static<T>;
}

export function readDomainData(name: string): string {
  return readFileSync(new URL(`./${name}`, import.meta.url), 'utf8');
}

export function checkIlo(file: IloFile): string[] {
  const dims = new Set(file.dimensions.map((d) => d.id));
  const problems: string[] = [];
  for (const [list, items] of Object.entries(file.lists)) {
    const keys = new Set<string>();
    items.forEach((item, i) => {
      if (!dims.has(item.dimension)) problems.push(`/lists/${list}/${i}/dimension: unknown dimension "${item.dimension}"`);
      const key = `${item.dimension}:${item.id}`;
      if (keys.has(key)) problems.push(`/lists/${list}/${i}: "${key}" appears twice`);
      keys.add(key);
    });
  }
  return problems;
}

export function checkSurvey(file: SurveyFile): string[] {
  const ids = new Set<string>();
  const problems: string[] = [];
  file.items.forEach((item, i) => {
    if (ids.has(item.id)) problems.push(`/items/${i}/id: "${item.id}" appears twice`);
    ids.add(item.id);
    if (!item.answers.some((a) => a.score !== null)) problems.push(`/items/${i}/answers: no answer has a score`);
  });
  return problems;
}

export function checkCountries(file: CountriesFile): string[] {
  const known = new Set(file.countries.map(([a2]) => a2));
  const placed = new Set<string>();
  const problems: string[] = [];
  file.regions.forEach((r, i) => {
    for (const c of r.countries) {
      if (!known.has(c)) problems.push(`/regions/${i}/countries: unknown country "${c}"`);
      if (placed.has(c)) problems.push(`/regions/${i}/countries: "${c}" is in two regions`);
      placed.add(c);
    }
  });
  file.legacy.forEach((c, i) => {
    if (!known.has(c)) problems.push(`/legacy/${i}: unknown country "${c}"`);
  });
  return problems;
}

export const loadIlo = () =>
  parseDomainData({ name: 'ilo-indicators.json', text: readDomainData('ilo-indicators.json'), schema: IloFileSchema, check: checkIlo });
export const loadSurvey = () =>
  parseDomainData({ name: 'reintegration-survey.json', text: readDomainData('reintegration-survey.json'), schema: SurveyFileSchema, check: checkSurvey });
export const loadCountries = () =>
  parseDomainData({ name: 'countries.json', text: readDomainData('countries.json'), schema: CountriesFileSchema, check: checkCountries });
