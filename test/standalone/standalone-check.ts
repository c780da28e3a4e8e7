/**
 * Run by src/data/domain-data.test.ts inside a copy of the repository that has nothing beside it: starts the app
 * on a fresh SQLite data directory, makes a return case, scores its reintegration survey, screens against the four
 * ILO lists, and prints what it found (and any file read from outside the copy) as one JSON line.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../src/app.js';
import { ILO } from '../../src/cases/screening/ilo.js';
import { screen } from '../../src/cases/screening/screening-rules.js';
import { loadConfig } from '../../src/config.js';
import { startContext } from '../../src/platform/bootstrap.js';
import { regionOf } from '../../src/platform/countries.js';
import { seedDemoSolutions } from '../../src/solutions/solutions.demo.js';
import { currentSurveyConfig, scoreSurvey } from '../../src/solutions/survey.js';
import { createOffice, createUser } from '../helper.js';

const dataDir = process.env.ABRI_CHECK_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'abri-standalone-'));
const config = loadConfig({}, { dataDir, databaseUrl: undefined, logLevel: 'error', jobs: false, publicUrl: 'http://localhost:3000' });
const { ctx } = await startContext(config, {});
const app = await buildApp({ ctx });
await app.ready();
const reportForm = await app.inject({ method: 'GET', url: '/en/report' });
const destinationOfficeId = await createOffice(ctx, 'TN', 'TN');
const originOfficeId = await createOffice(ctx, 'CI', 'CI');
const worker = await createUser(ctx, { roles: ['case_worker'], officeId: destinationOfficeId, email: 'caseworker@demo.abri' });
const seeded = await seedDemoSolutions(ctx, { destinationOfficeId, originOfficeId, partnerIds: { shelter: '', clinic: '', legal: '', originNgo: '' }, users: { 'caseworker@demo.abri': worker.id } });
const returnCase = await ctx.db.selectFrom('case_solutions').select(['case_id', 'decision']).executeTakeFirstOrThrow();
const survey = await currentSurveyConfig(ctx.db, originOfficeId);
const firstItem = survey.config.items[0];
const scores = firstItem ? scoreSurvey(survey.config, { [firstItem.id]: firstItem.answers[0]?.value ?? 0 }) : undefined;
const sexual = screen({ isChild: true, exploitation: 'sexual', acts: [], means: [], purposes: [], indicators: [] });
await app.close();
await ctx.database.close();
const outside = (globalThis as { __abriOutsideReads?: Set<string> }).__abriOutsideReads;
process.stdout.write(
  `${JSON.stringify({
    reportForm: reportForm.statusCode,
    seeded,
    decision: returnCase.decision,
    surveyItems: survey.config.items.length,
    surveyDimensions: [...new Set(survey.config.items.map((i) => i.dimension))].sort(),
    scores,
    lists: Object.fromEntries(Object.entries(ILO.lists).map(([k, v]) => [k, v.length])),
    sexualList: sexual.listId,
    region: regionOf('TN'),
    outsideReads: outside ? [...outside] : null,
  })}\n`,
);
