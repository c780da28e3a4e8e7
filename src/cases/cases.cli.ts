import type { CliCommand } from '../platform/features/feature.js';
import { reindexNames } from './lookups.service.js';

/** `abri reindex-names`: the name-search tokens of every case, computed again (see docs/NAME-SEARCH.md). */
export const reindexNamesCommand: CliCommand = {
  name: 'reindex-names',
  usage: 'reindex-names',
  description: 'compute the partial and phonetic name-search index of every case again (after an upgrade)',
  async run(ctx) {
    const r = await reindexNames(ctx);
    console.log(`name-search index: ${r.indexed} cases indexed, ${r.unreadable} could not be opened`);
    return r.unreadable > 0 ? 1 : 0;
  },
};
