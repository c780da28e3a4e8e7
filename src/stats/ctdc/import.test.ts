import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { DIALECTS, type TestEnv, createTestEnv } from '../../../test/helper.js';
import { ctdcFile } from './fixtures.js';
import { describeProblem, type ImportResult, importCtdcFile } from './import.js';
import { type FlagColumn, type TextColumn, EXPLOIT, LABOUR, MEANS, RECRUITER, SEX } from './variables.js';
import { countRecords, flagCounts, frequencies, listDatasets } from '../stats.repository.js';

/** The TabStat sheet: for each variable, the valid values with their frequency, the missing count and the total. */
async function readTabStat(): Promise<Map<string, { valid: Map<string, number>; missing: number; total: number }>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(ctdcFile('ctdc-vp-synthetic-2022-dictionary.xlsx'));
  const ws = wb.getWorksheet('TabStat');
  assert.ok(ws, 'TabStat sheet');
  const out = new Map<string, { valid: Map<string, number>; missing: number; total: number }>();
  let current: { valid: Map<string, number>; missing: number; total: number } | undefined;
  let section: 'valid' | 'missing' | undefined;
  ws.eachRow((row) => {
    const a = row.getCell(1).value;
    const b = row.getCell(2).value;
    const freq = row.getCell(3).value;
    // A variable starts with its name in the first cell and its label in the second.
    if (typeof a === 'string' && a !== 'Valid' && a !== 'Missing' && a !== 'Total') {
      current = { valid: new Map(), missing: 0, total: 0 };
      out.set(a, current);
      section = undefined;
      return;
    }
    if (!current || typeof freq !== 'number') return;
    if (a === 'Valid') section = 'valid';
    if (a === 'Missing') section = 'missing';
    if (a === 'Total') {
      current.total = freq;
      return;
    }
    if (section === 'valid' && b !== 'Total' && b !== null && b !== undefined) current.valid.set(String(b), freq);
    if (section === 'missing') current.missing = freq;
  });
  return out;
}

const VP_TEXT: Record<string, TextColumn> = {
  yearRegister: 'year_label',
  gender: 'gender',
  majorityStatus: 'majority_status',
  UN_COO_Region: 'citizenship_region',
  UN_COE_Region: 'exploitation_region',
  IP_Gender: 'ip_gender',
  IP_ageBroad: 'ip_age_band',
  IP_citizen_UNRegion: 'ip_citizen_region',
  IP_Relation: 'ip_relation',
  IP_PayMoney: 'ip_pay_money',
};
const VP_FLAGS: Record<string, FlagColumn> = {
  isForcedLabour: 'is_forced_labour',
  isSexualExploit: 'is_sexual_exploit',
  IP_Exploiter: 'ip_exploiter',
  IP_RecruiterBroker: 'ip_recruiter_broker',
  IP_TransactionProcess: 'ip_transaction_process',
  IP_ControlAbuseKidnap: 'ip_control_abuse_kidnap',
};

function mustImport(r: ImportResult): string {
  assert.equal(r.ok, true, r.problems.map(describeProblem).join('\n'));
  assert.ok(r.datasetId);
  return r.datasetId;
}

const KANON_HEADER_2020 =
  'yearOfRegistration,Datasource,gender,ageBroad,majorityStatus,majorityStatusAtExploit,majorityEntry,citizenship,' +
  MEANS.map(([s]) => `meansOfControl${s}`).join(',') +
  ',meansOfControlConcatenated,' +
  EXPLOIT.map(([n]) => n).join(',') +
  ',typeOfExploitConcatenated,' +
  LABOUR.map(([s]) => `typeOfLabour${s}`).join(',') +
  ',typeOfLabourConcatenated,' +
  SEX.filter(([s]) => s !== 'Other')
    .map(([s]) => `typeOfSex${s}`)
    .join(',') +
  ',typeOfSexConcatenated,isAbduction,RecruiterRelationship,CountryOfExploitation,' +
  RECRUITER.map(([s]) => `recruiterRelation${s}`).join(',');

/** A 2020-style k-anonymised file: BOM, CRLF, the Terms-of-Use sentence as first header cell, empty first field. */
function kanon2020Fixture(): Buffer {
  const header = KANON_HEADER_2020.split(',');
  const row = (over: Record<string, string>) =>
    [
      '',
      ...header.map(
        (h) =>
          over[h] ??
          (h.endsWith('Concatenated')
            ? ''
            : h.startsWith('means') || h.startsWith('is') || h.startsWith('typeOf') || h.startsWith('recruiterRelation')
              ? '-99'
              : '-99'),
      ),
    ].join(',');
  const lines = [
    `"By using this data you agree to the Terms of Use: https://www.ctdatacollaborative.org/terms-use",${header.join(',')}`,
    row({
      yearOfRegistration: '2019',
      Datasource: 'Case Management',
      gender: 'Female',
      ageBroad: '9--17',
      majorityStatus: 'Minor',
      citizenship: 'UA',
      CountryOfExploitation: 'RU',
      isForcedLabour: '1',
      meansOfControlThreats: '1',
      RecruiterRelationship: 'Friend; Other',
    }),
    row({
      yearOfRegistration: '2018',
      Datasource: 'Hotline',
      gender: 'Unknown',
      ageBroad: 'Unknown',
      majorityStatus: '-99',
      citizenship: 'ZZ',
      CountryOfExploitation: 'US',
      isSexualExploit: '1',
      isSlaveryAndPractices: '0',
      meansOfControlDebtBondage: '0',
      meansOfControlTakesEarnings: '0',
    }),
  ];
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines.join('\r\n')}\r\n`)]);
}

const SYN2021_HEADER = [
  'yearOfRegistration',
  'gender',
  'ageBroad',
  'majorityStatusAtExploit',
  'traffickMonths',
  'citizenship',
  'CountryOfExploitation',
  'meansOfControlDebtBondage',
  'meansOfControlTakesEarnings',
  'meansOfControlThreats',
  'meansOfControlPsychologicalAbuse',
  'meansOfControlPhysicalAbuse',
  'meansOfControlSexualAbuse',
  'meansOfControlFalsePromises',
  'meansOfControlPsychoactiveSubsta',
  'meansOfControlRestrictsMovement',
  'meansOfControlRestrictsMedicalCa',
  'meansOfControlExcessiveWorkingHo',
  'meansOfControlThreatOfLawEnforce',
  'meansOfControlWithholdsNecessiti',
  'meansOfControlWithholdsDocuments',
  'meansOfControlOther',
  'isForcedLabour',
  'isSexualExploit',
  'isOtherExploit',
  'typeOfLabourAgriculture',
  'typeOfLabourConstruction',
  'typeOfLabourDomesticWork',
  'typeOfLabourHospitality',
  'typeOfLabourOther',
  'typeOfSexProstitution',
  'typeOfSexPornography',
  'typeOfSexOther',
  'recruiterRelationIntimatePartner',
  'recruiterRelationFriend',
  'recruiterRelationFamily',
  'recruiterRelationOther',
];

function synthetic2021Fixture(): Buffer {
  const row = (over: Record<string, string>) => SYN2021_HEADER.map((h) => over[h] ?? '').join('\t');
  const lines = [
    SYN2021_HEADER.join('\t'),
    row({
      yearOfRegistration: '2016',
      gender: 'Female',
      ageBroad: '18--20',
      majorityStatusAtExploit: 'Adult',
      traffickMonths: '0--12 (0-1 yr)',
      citizenship: 'PHL',
      CountryOfExploitation: 'MYS',
      meansOfControlPsychoactiveSubsta: '1',
      isForcedLabour: '1',
      typeOfLabourDomesticWork: '1',
    }),
    row({ yearOfRegistration: '2017', gender: 'Male', citizenship: 'UKR', meansOfControlThreatOfLawEnforce: '1' }),
  ];
  return Buffer.from(`${lines.join('\n')}\n`);
}

const SYN2024_HEADER =
  'yearOfRegistration,gender,ageBroad,citizenship,CountryOfExploitation,traffickMonths,meansDebtBondageEarnings,meansThreats,meansAbusePsyPhySex,meansFalsePromises,meansDrugsAlcohol,meansDenyBasicNeeds,meansExcessiveWorkHours,meansWithholdDocs,isForcedLabour,isSexualExploit,isOtherExploit,typeOfLabourAgriculture,typeOfLabourConstruction,typeOfLabourDomesticWork,typeOfLabourHospitality,typeOfSexProstitution,typeOfSexPornography,recruiterRelationIntimatePartner,recruiterRelationFriend,recruiterRelationFamily,recruiterRelationOther';

function synthetic2024Fixture(): Buffer {
  const lines = [
    SYN2024_HEADER,
    '2022,Woman,09--17,UKR,POL,13--24 (1-2 yrs),,1,,,,,,,,1,,,,,,1,,,,,',
    '2021,Man,48+,,USA,,1,,,,,,,1,1,,,1,,,,,,,,,1',
    '2020,Trans/Transgender/NonConforming,,,,,,,,,,,,,,,,,,,,,,,,,',
  ];
  return gzipSync(Buffer.from(`${lines.join('\r\n')}`));
}

for (const dialect of DIALECTS) {
  describe(`CTDC import (${dialect})`, () => {
    let env: TestEnv;
    before(async () => {
      env = await createTestEnv(dialect);
    });
    after(async () => {
      await env.close();
    });

    it('imports the 2022 victim-perpetrator file and reproduces every frequency of its TabStat sheet exactly', async () => {
      const tab = await readTabStat();
      assert.equal(tab.size, 16, 'sixteen variables in TabStat');
      const r = await importCtdcFile({ db: env.ctx.db }, ctdcFile('ctdc-vp-synthetic-2022.csv'));
      const id = mustImport(r);
      assert.equal(r.format, 'vp-synthetic-2022');
      assert.deepEqual([r.rowsRead, r.rowsImported, r.rowsRejected], [21195, 21195, 0]);
      assert.equal(await countRecords(env.ctx.db, id), 21195);
      let compared = 0;
      for (const [variable, column] of Object.entries(VP_TEXT)) {
        const official = tab.get(variable);
        assert.ok(official, variable);
        const ours = await frequencies(env.ctx.db, id, column);
        const valid = new Map(ours.filter((f) => f.value !== null).map((f) => [f.value as string, f.count]));
        const missing = ours.find((f) => f.value === null)?.count ?? 0;
        assert.deepEqual(valid, official.valid, `${variable}: valid values`);
        assert.equal(missing, official.missing, `${variable}: missing`);
        assert.equal([...valid.values()].reduce((a, b) => a + b, 0) + missing, official.total, `${variable}: total`);
        compared += official.valid.size + 2;
      }
      const flags = await flagCounts(env.ctx.db, id, Object.values(VP_FLAGS));
      for (const [variable, column] of Object.entries(VP_FLAGS)) {
        const official = tab.get(variable);
        assert.ok(official, variable);
        assert.deepEqual(official.valid, new Map([['1', flags[column].yes]]), `${variable}: ones`);
        assert.equal(flags[column].no, 0, `${variable}: no zeros in a synthetic file`);
        assert.equal(flags[column].missing, official.missing, `${variable}: missing`);
        assert.equal(flags[column].yes + flags[column].missing, official.total);
        compared += 3;
      }
      // Every figure of the sheet was compared: each valid value, the missing count and the total of all 16 variables.
      assert.equal(
        compared,
        [...tab.values()].reduce((n, v) => n + v.valid.size + 2, 0),
      );
    });

    it('imports the 2017 k-anonymised release (47,102 rows) with the counts an independent CSV parser finds', async () => {
      const file = ctdcFile('ctdc-global-2017-kanon.csv.gz');
      const r = await importCtdcFile({ db: env.ctx.db, sqlite: env.ctx.database.sqlite }, file);
      const id = mustImport(r);
      assert.equal(r.format, 'global-kanon');
      assert.deepEqual([r.rowsRead, r.rowsImported, r.rowsRejected], [47102, 47102, 0]);

      // Independent reading: gunzip at once, csv-parse with column names, count raw values.
      const rows = parse(gunzipSync(readFileSync(file)), { columns: true, bom: true }) as Array<Record<string, string>>;
      assert.equal(rows.length, 47102);
      const count = (name: string, map: (v: string) => string | null = (v) => v) => {
        const m = new Map<string | null, number>();
        for (const row of rows) {
          const raw = row[name] ?? '';
          const v = raw === '-99' || raw === '' ? null : map(raw);
          m.set(v, (m.get(v) ?? 0) + 1);
        }
        return m;
      };
      const ours = async (column: TextColumn) => new Map((await frequencies(env.ctx.db, id, column)).map((f) => [f.value, f.count]));
      const unknownIsMissing = (v: string) => (v === 'Unknown' ? null : v);
      assert.deepEqual(await ours('gender'), count('gender', unknownIsMissing));
      assert.deepEqual(await ours('age_band'), count('ageBroad', unknownIsMissing));
      assert.deepEqual(await ours('majority_status'), count('majorityStatus', unknownIsMissing));
      assert.deepEqual(await ours('datasource'), count('Datasource'));
      assert.deepEqual(await ours('year_label'), count('yearOfRegistration'));
      const country = (v: string) => (v === 'ZZ' ? null : v);
      assert.deepEqual(await ours('citizenship'), count('citizenship', country));
      assert.deepEqual(await ours('exploitation_country'), count('CountryOfExploitation', country));
      assert.deepEqual(await ours('recruiter_relationship'), count('RecruiterRelationship'));
      const flagColumns: Array<[string, FlagColumn]> = [
        ...MEANS.map(([s, c]) => [`meansOfControl${s}`, c] as [string, FlagColumn]),
        ...EXPLOIT.filter(([n]) => n !== 'isSlaveryAndPractices').map(([n, c]) => [n, c] as [string, FlagColumn]),
        ...LABOUR.map(([s, c]) => [`typeOfLabour${s}`, c] as [string, FlagColumn]),
        ...SEX.filter(([s]) => s !== 'Other').map(([s, c]) => [`typeOfSex${s}`, c] as [string, FlagColumn]),
        ['isAbduction', 'is_abduction'],
        ...RECRUITER.map(([s, c]) => [`recruiterRelation${s}`, c] as [string, FlagColumn]),
      ];
      const flags = await flagCounts(
        env.ctx.db,
        id,
        flagColumns.map(([, c]) => c),
      );
      for (const [name, column] of flagColumns) {
        const raw = count(name);
        assert.deepEqual(flags[column], { yes: raw.get('1') ?? 0, no: raw.get('0') ?? 0, missing: raw.get(null) ?? 0 }, name);
      }
      // The merged 2024 means are derived: threats = threats or uses children or threat of law enforcement.
      const merged = await flagCounts(env.ctx.db, id, ['m24_threats']);
      const threats = rows.filter((row) =>
        ['meansOfControlThreats', 'meansOfControlUsesChildren', 'meansOfControlThreatOfLawEnforcement'].some((n) => row[n] === '1'),
      ).length;
      assert.equal(merged.m24_threats.yes, threats);
    });

    it('reads a 2020-style file: BOM, CRLF, Terms-of-Use sentence, empty first field, -99 and Unknown', async () => {
      const r = await importCtdcFile({ db: env.ctx.db }, kanon2020Fixture(), { fileName: 'ctdc-2020.csv' });
      const id = mustImport(r);
      assert.equal(r.format, 'global-kanon');
      assert.equal(r.rowsImported, 2);
      const rows = await env.ctx.db.selectFrom('ctdc_records').selectAll().where('dataset_id', '=', id).orderBy('line_no').execute();
      assert.equal(rows[0]?.gender, 'Female');
      assert.equal(rows[0]?.age_band, '9--17');
      assert.equal(rows[0]?.citizenship, 'UA');
      assert.equal(rows[0]?.recruiter_relationship, 'Friend; Other');
      assert.equal(rows[0]?.m24_threats, 1);
      assert.equal(rows[0]?.line_no, 2);
      assert.equal(rows[1]?.gender, null);
      assert.equal(rows[1]?.age_band, null);
      assert.equal(rows[1]?.citizenship, null);
      assert.equal(rows[1]?.is_slavery_and_practices, 0);
      assert.equal(rows[1]?.m24_debt_bondage_earnings, 0);
      assert.equal(rows[1]?.m24_threats, null);
    });

    it('reads the 2021 synthetic TSV with its names cut at 32 characters and alpha-3 countries', async () => {
      const r = await importCtdcFile({ db: env.ctx.db }, synthetic2021Fixture(), { fileName: 'CTDC_synthetic_20210825.tsv' });
      const id = mustImport(r);
      assert.equal(r.format, 'global-synthetic-2021');
      const rows = await env.ctx.db.selectFrom('ctdc_records').selectAll().where('dataset_id', '=', id).orderBy('line_no').execute();
      assert.equal(rows[0]?.citizenship, 'PH');
      assert.equal(rows[0]?.exploitation_country, 'MY');
      assert.equal(rows[0]?.means_psychoactive_substances, 1);
      assert.equal(rows[0]?.m24_drugs_alcohol, 1);
      assert.equal(rows[0]?.traffick_months, '0--12 (0-1 yr)');
      assert.equal(rows[1]?.means_threat_of_law_enforcement, 1);
      assert.equal(rows[1]?.m24_threats, 1);
      assert.equal(rows[1]?.means_threats, null, 'blank is unknown, not no');
    });

    it('reads a gzipped 2024/2025 synthetic file: 09--17, Man/Woman, alpha-3, no trailing newline', async () => {
      const r = await importCtdcFile({ db: env.ctx.db }, synthetic2024Fixture(), { fileName: 'CTDC_global_synthetic_data_v2025.csv.gz' });
      const id = mustImport(r);
      assert.equal(r.format, 'global-synthetic-2024');
      assert.equal(r.rowsImported, 3);
      const rows = await env.ctx.db.selectFrom('ctdc_records').selectAll().where('dataset_id', '=', id).orderBy('line_no').execute();
      assert.deepEqual(
        rows.map((x) => [x.gender, x.age_band, x.citizenship, x.exploitation_country]),
        [
          ['Female', '9--17', 'UA', 'PL'],
          ['Male', '48+', null, 'US'],
          ['Transgender/NonConforming', null, null, null],
        ],
      );
      assert.equal(rows[0]?.m24_threats, 1);
      assert.equal(rows[1]?.m24_withhold_docs, 1);
      assert.equal(rows[1]?.recruiter_other, 1);
    });

    it('reads the k-anonymised release published as an Excel workbook (July 2021), numbers as numbers', async () => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('CTDC');
      const header = KANON_HEADER_2020.split(',');
      ws.addRow(header);
      const row = (over: Record<string, string | number>) => header.map((h) => over[h] ?? (h.endsWith('Concatenated') ? '-99' : -99));
      ws.addRow(
        row({
          yearOfRegistration: 2020,
          Datasource: 'Case Management',
          gender: 'Male',
          ageBroad: '30--38',
          majorityStatus: 'Adult',
          citizenship: 'UA',
          CountryOfExploitation: 'PL',
          isForcedLabour: 1,
          isSlaveryAndPractices: 0,
        }),
      );
      ws.addRow(row({ yearOfRegistration: 2021, Datasource: 'Hotline', gender: 'Female', citizenship: 'ZZ', CountryOfExploitation: 'US', isSexualExploit: 1 }));
      wb.addWorksheet('Region').addRow(['ISO2', 'ISO3']);
      const bytes = Buffer.from(await wb.xlsx.writeBuffer());
      const r = await importCtdcFile({ db: env.ctx.db, sqlite: env.ctx.database.sqlite }, bytes, { fileName: 'CTDC_global_20210715.xlsx' });
      const id = mustImport(r);
      assert.equal(r.format, 'global-kanon');
      assert.equal(r.rowsImported, 2);
      const rows = await env.ctx.db.selectFrom('ctdc_records').selectAll().where('dataset_id', '=', id).orderBy('line_no').execute();
      assert.deepEqual(
        rows.map((x) => [x.line_no, x.year_label, x.gender, x.age_band, x.citizenship, x.is_forced_labour, x.is_slavery_and_practices, x.means_threats]),
        [
          [2, '2020', 'Male', '30--38', 'UA', 1, 0, null],
          [3, '2021', 'Female', null, null, null, null, null],
        ],
      );
    });

    describe('refuses files it does not understand, naming the line and column, and keeps nothing', () => {
      const cases: Array<[string, Buffer, string, number, number]> = [
        ['a header from another data set', Buffer.from('name,age,country\nAnna,23,FR\n'), 'header.unrecognised', 1, 1],
        ['an unknown column in a known format', Buffer.from(`${SYN2024_HEADER},notes\n2022${','.repeat(27)}\n`), 'header.unknownColumn', 1, 28],
        [
          'a value outside the domain',
          Buffer.from(`${SYN2024_HEADER}\n2022,Woman,09--17,UKR,POL,,,,,,,,,,,,,,,,,,,,,,\n2021,Woman,17--09x,UKR,POL,,,,,,,,,,,,,,,,,,,,,,\n`),
          'value.invalid',
          3,
          3,
        ],
        [
          'a flag that is neither 1, 0 nor missing',
          Buffer.from(`${SYN2024_HEADER}\n2022,Woman,09--17,UKR,POL,,yes,,,,,,,,,,,,,,,,,,,,\n`),
          'value.invalid',
          2,
          7,
        ],
        ['an unknown alpha-3 country', Buffer.from(`${SYN2024_HEADER}\n2022,Woman,09--17,QQQ,POL,,,,,,,,,,,,,,,,,,,,,,\n`), 'value.invalid', 2, 4],
        ['a row with missing fields', Buffer.from(`${SYN2024_HEADER}\n2022,Woman,09--17\n`), 'row.fieldCount', 2, 4],
        ['a truncated gzip archive', synthetic2024Fixture().subarray(0, 60), 'file.gzip', 1, 1],
        ['binary garbage', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)), 'file.binary', 1, 1],
        ['text in another encoding', Buffer.from([...Buffer.from('yearRegister,gender\n'), 0xe9, 0x0a]), 'file.encoding', 2, 1],
        ['a quote never closed', Buffer.from(`${SYN2024_HEADER}\n2022,"Woman,09--17\n`), 'file.unclosedQuote', 2, 2],
        ['an empty file', Buffer.alloc(0), 'file.empty', 1, 1],
        ['a damaged Excel workbook', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 7)]), 'file.xlsx', 1, 1],
      ];
      for (const [what, bytes, code, line, column] of cases) {
        it(what, async () => {
          const before = (await listDatasets(env.ctx.db)).length;
          const r = await importCtdcFile({ db: env.ctx.db }, bytes, { fileName: 'broken.csv' });
          assert.equal(r.ok, false);
          assert.equal(r.rowsImported, 0);
          const p = r.problems.find((x) => x.code === code);
          assert.ok(p, `${code} expected, got ${r.problems.map(describeProblem).join('; ')}`);
          assert.deepEqual([p.line, p.column], [line, column], describeProblem(p));
          assert.match(describeProblem(p), new RegExp(`line ${line}, column ${column}`));
          assert.equal((await listDatasets(env.ctx.db)).length, before, 'nothing kept');
        });
      }

      it('rolls back rows already written when a bad row comes after several batches', async () => {
        const good = '2022,Woman,09--17,UKR,POL,,,,,,,,,,,,,,,,,,,,,,';
        const lines = [SYN2024_HEADER, ...Array.from({ length: 5000 }, () => good), '2022,Woman,09--17,UKR,POL,,,,,,,,,,,,,,,,,,,,,,2'];
        const before = await env.ctx.db
          .selectFrom('ctdc_records')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        const r = await importCtdcFile({ db: env.ctx.db, sqlite: env.ctx.database.sqlite }, Buffer.from(lines.join('\n')), { fileName: 'late.csv' });
        assert.equal(r.ok, false);
        assert.deepEqual([r.rowsRead, r.rowsImported, r.rowsRejected], [5001, 0, 1]);
        assert.deepEqual(r.problems[0] && [r.problems[0].line, r.problems[0].column], [5002, 27]);
        const afterCount = await env.ctx.db
          .selectFrom('ctdc_records')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        assert.equal(Number(afterCount.n), Number(before.n));
      });

      it('imports the good rows when told how many bad rows it may skip, and counts them', async () => {
        const bytes = Buffer.from(`${SYN2024_HEADER}\n2022,Woman,09--17,UKR,POL,,,,,,,,,,,,,,,,,,,,,,\n2021,Woman,BAD,UKR,POL,,,,,,,,,,,,,,,,,,,,,,\n`);
        const r = await importCtdcFile({ db: env.ctx.db }, bytes, { fileName: 'partly.csv', maxRejected: 5 });
        assert.equal(r.ok, true);
        assert.deepEqual([r.rowsRead, r.rowsImported, r.rowsRejected], [2, 1, 1]);
        const ds = (await listDatasets(env.ctx.db)).find((d) => d.id === r.datasetId);
        assert.deepEqual([ds?.rows_read, ds?.rows_imported, ds?.rows_rejected, ds?.format], [2, 1, 1, 'global-synthetic-2024']);
      });
    });
  });
}
