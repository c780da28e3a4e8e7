import type { CliCommand } from '../platform/features/feature.js';
import { describeProblem, importCtdcFile } from './ctdc-import.js';

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
