import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkIlo, DomainDataError, IloFileSchema, loadCountries, loadIlo, loadSurvey, parseDomainData, readDomainData } from './domain-data.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

describe('domain data owned by the repository', () => {
  it('loads the ILO lists, the reintegration survey and the countries, each naming its source', () => {
    const ilo = loadIlo();
    assert.match(ilo.source.title, /Operational indicators of trafficking in human beings/);
    assert.match(ilo.source.publisher, /ILO/);
    for (const list of ['adultsLabour', 'adultsSexual', 'childrenLabour', 'childrenSexual'] as const) assert.ok(ilo.lists[list].length >= 60, list);
    const survey = loadSurvey();
    assert.match(survey.source.primary, /IOM, Reintegration Handbook/);
    assert.deepEqual([...new Set(survey.items.map((i) => i.dimension))].sort(), ['economic', 'psychosocial', 'social']);
    const countries = loadCountries();
    assert.match(countries.source.regions, /M49/);
    assert.ok(countries.regions.some((r) => r.id === 'northern-africa' && r.countries.includes('TN')));
  });

  it('refuses an invalid file at start-up with the file, the place and the problem', () => {
    const good = JSON.parse(readDomainData('ilo-indicators.json'));
    const badGrade = structuredClone(good);
    badGrade.lists.adultsSexual[0].grade = 'very strong';
    assert.throws(
      () => parseDomainData({ name: 'ilo-indicators.json', text: JSON.stringify(badGrade), schema: IloFileSchema, check: checkIlo }),
      (e: unknown) => {
        assert.ok(e instanceof DomainDataError);
        assert.match(e.message, /src\/data\/ilo-indicators\.json is invalid/);
        assert.match(e.message, /\/lists\/adultsSexual\/0\/grade/);
        return true;
      },
    );
    const emptyList = structuredClone(good);
    emptyList.lists.childrenSexual = [];
    assert.throws(
      () => parseDomainData({ name: 'ilo-indicators.json', text: JSON.stringify(emptyList), schema: IloFileSchema, check: checkIlo }),
      /\/lists\/childrenSexual/,
    );
    const unknownDimension = structuredClone(good);
    unknownDimension.lists.adultsLabour[0].dimension = 'nowhere';
    assert.throws(
      () => parseDomainData({ name: 'ilo-indicators.json', text: JSON.stringify(unknownDimension), schema: IloFileSchema, check: checkIlo }),
      /unknown dimension "nowhere"/,
    );
    assert.throws(() => parseDomainData({ name: 'ilo-indicators.json', text: '{ not json', schema: IloFileSchema }), /is not valid JSON/);
  });

  it('runs from a copy of the repository with nothing beside it: a return case uses the survey, screening has all four ILO lists', () => {
    const root = mkdtempSync(join(tmpdir(), 'abri-alone-'));
    const copy = join(root, 'abri');
    try {
      const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: REPO, encoding: 'utf8' }).split('\0').filter((f) => f && f !== 'node_modules');
      for (const f of files) {
        const from = join(REPO, f);
        try {
          mkdirSync(dirname(join(copy, f)), { recursive: true });
          cpSync(from, join(copy, f));
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e; // deleted in the work tree, not yet committed
        }
      }
      const modules = realpathSync(join(REPO, 'node_modules'));
      symlinkSync(modules, join(copy, 'node_modules'));
      assert.deepEqual(readdirSync(root), ['abri'], 'nothing beside the copy');
      const dataDir = join(root, 'abri', 'data');
      const out = execFileSync(process.execPath, ['--import', './test/standalone/fs-guard.mjs', '--import', 'tsx', 'test/standalone/standalone-check.ts'], {
        cwd: copy,
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', HOME: root, ABRI_CHECK_DATA_DIR: dataDir, ABRI_ALLOWED_ROOTS: modules },
        timeout: 120_000,
      });
      const result = JSON.parse(out.trim().split('\n').at(-1) ?? '{}');
      assert.equal(result.reportForm, 200);
      assert.equal(result.decision, 'return');
      assert.ok(result.surveyItems >= 15, `survey items: ${result.surveyItems}`);
      assert.deepEqual(result.surveyDimensions, ['economic', 'psychosocial', 'social']);
      assert.equal(typeof result.scores?.economic, 'number');
      for (const list of ['adultsLabour', 'adultsSexual', 'childrenLabour', 'childrenSexual']) assert.ok(result.lists[list] > 0, list);
      assert.equal(result.sexualList, 'childrenSexual');
      assert.deepEqual(result.region, { region: 'africa', subRegion: 'northern-africa' });
      assert.deepEqual(result.outsideReads, [], 'no file read from outside the copy');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
