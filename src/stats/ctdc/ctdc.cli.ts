import { writeFileSync } from 'node:fs';
import { findOfficeByCode, officeSummaries } from '../../offices/offices.repository.js';
import type { CliCommand } from '../../platform/features/feature.js';
import { exportCsv, exportOffices, reportLines } from './case-export.js';
import { DEFAULT_K } from './export.js';
import { isExportSchema } from './htcds.js';
import { describeProblem, importCtdcFile } from './import.js';

/** `abri import-ctdc <file> [--max-rejected=N] [--name=...]`: a CTDC file into a new reference data set. */
export const importCtdcCommand: CliCommand = {
  name: 'import-ctdc',
  usage: 'import-ctdc FILE',
  description: 'import a CTDC file (.csv, .tsv, .xlsx or .gz) as reference data; --max-rejected=N accepts up to N bad rows',
  async run(ctx, { values, positionals }) {
    const file = positionals[0];
    if (!file) {
      console.error('import-ctdc needs a file: import-ctdc path/to/ctdc.csv[.gz]');
      return 1;
    }
    const maxRaw = values['max-rejected'];
    const maxRejected = typeof maxRaw === 'string' && /^\d+$/.test(maxRaw) ? Number(maxRaw) : 0;
    const name = typeof values.name === 'string' ? values.name : undefined;
    const r = await importCtdcFile({ db: ctx.db, sqlite: ctx.database.sqlite }, file, { maxRejected, ...(name ? { name } : {}) });
    console.log(`format:        ${r.format ?? 'not recognised'}`);
    console.log(`rows read:     ${r.rowsRead}`);
    console.log(`rows imported: ${r.rowsImported}`);
    console.log(`rows rejected: ${r.rowsRejected}`);
    console.log(`time:          ${r.seconds.toFixed(2)} s (${r.seconds > 0 ? Math.round(r.rowsImported / r.seconds) : 0} rows/s)`);
    for (const p of r.problems) console.log(`  ${describeProblem(p)}`);
    if (!r.ok) {
      console.error('the file was not imported');
      return 1;
    }
    console.log(`data set ${r.datasetId}`);
    return 0;
  },
};

/** `abri export-ctdc --office CODE [--format global-synthetic-2024|global-kanon] [--k 11] [--out FILE]`. */
export const exportCtdcCommand: CliCommand = {
  name: 'export-ctdc',
  usage: 'export-ctdc --office CODE|all [--format global-synthetic-2024|global-kanon] [--k 11] [--out FILE]',
  description: "export an office's cases as a k-anonymised CTDC file; prints what was generalised and suppressed",
  async run(ctx, { values }) {
    const code = typeof values.office === 'string' ? values.office : '';
    const format = typeof values.format === 'string' ? values.format : 'global-kanon';
    const kRaw = typeof values.k === 'string' ? values.k : String(DEFAULT_K);
    if (!code) {
      console.error('export-ctdc needs --office CODE (or --office all)');
      return 1;
    }
    if (!isExportSchema(format)) {
      console.error('--format must be global-synthetic-2024 or global-kanon');
      return 1;
    }
    if (!/^\d{1,4}$/.test(kRaw) || Number(kRaw) < 2) {
      console.error('--k must be a whole number of at least 2');
      return 1;
    }
    const one = code === 'all' ? undefined : await findOfficeByCode(ctx.db, code);
    const officeIds = code === 'all' ? (await officeSummaries(ctx.db)).map((o) => o.id) : one ? [one.id] : [];
    if (officeIds.length === 0) {
      console.error(`no office with code ${code}`);
      return 1;
    }
    const started = performance.now();
    const e = await exportOffices(ctx, officeIds, { schema: format, k: Number(kRaw) });
    const csv = exportCsv(e);
    const out = typeof values.out === 'string' ? values.out : '';
    if (out) writeFileSync(out, csv);
    else process.stdout.write(csv);
    const log = out ? console.log : console.error;
    log(`rows exported: ${e.rows.length}`);
    for (const line of reportLines(e)) log(line);
    log(`time: ${((performance.now() - started) / 1000).toFixed(2)} s`);
    return 0;
  },
};
