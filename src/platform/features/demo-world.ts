import type { AppContext } from '../context.js';

/**
 * The demonstration world `abri seed-demo` builds first (src/demo/seed-demo.ts): two offices, partner
 * organisations and one user per role. Each feature's `*.demo.ts` seeder builds its own invented data on it.
 * The type lives here, beside the Feature manifest type, so that seeders and the demo do not import each other.
 */
export interface DemoWorld {
  destinationOfficeId: string;
  originOfficeId: string;
  partnerIds: { shelter: string; clinic: string; legal: string; originNgo: string };
  users: Record<string, string>;
}

/** One feature's demo data: seeds it on the world and says in a line what it added. */
export interface DemoSeeder {
  name: string;
  seed(ctx: AppContext, world: DemoWorld): Promise<string>;
}
