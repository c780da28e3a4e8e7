/** Serves Abri on a free port for the public-article benchmark, with demo comments on the article, and prints the port. */
import { seedPublicSiteDemo } from '../src/content/content.demo.js';
import { createOffice, createTestEnv, createUser } from '../test/helper.js';

const env = await createTestEnv('sqlite', { logLevel: 'silent' });
// The demo seeder approves comments and replies as this editor.
await createUser(env.ctx, { roles: ['editor'], officeId: await createOffice(env.ctx), email: 'editor@demo.abri' });
await seedPublicSiteDemo(env.ctx, {} as never);
const address = await env.app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`${address}\n`);
process.on('SIGTERM', () => void env.close().then(() => process.exit(0)));
