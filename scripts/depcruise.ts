/**
 * `npm run depcruise`: Abri's import graph and every violation of `.dependency-cruiser.cjs`, as the architecture
 * test measures them (test/architecture/graph.ts explains why the sources are mirrored first).
 */
import { cruiseSources } from '../test/architecture/graph.js';

const graph = await cruiseSources();
for (const v of graph.violations) console.log(`${v.rule}: ${v.from} → ${v.to}`);
for (const c of graph.cycles) console.log(`cycle: ${c.join(' → ')}`);
console.log(`${graph.modules} modules, ${graph.dependencies} dependencies, ${graph.cycles.length} cycles, ${graph.violations.length} violations`);
process.exitCode = graph.violations.length > 0 ? 1 : 0;
