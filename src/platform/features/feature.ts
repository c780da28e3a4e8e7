import type { FastifyInstance } from 'fastify';
import type { Selectable } from 'kysely';
import type { ComponentChildren } from 'preact';
import type { DB } from '../../schema.js';
import type { AuthUser } from '../auth/auth-user.js';
import type { Permission } from '../auth/roles.js';
import type { AppContext } from '../context.js';
import type { Translator } from '../i18n/i18n.js';
import type { Job } from '../jobs/scheduler.js';

/** A route plugin of a feature: HTML pages or API routes, registered by app.ts in the manifest's order. */
export type RoutePlugin = (app: FastifyInstance) => Promise<void>;

/** What a case tab's visibility may depend on: the case's own status and whether the person is a child. */
export interface CaseTabRecord {
  is_child: number;
  cas_status: string;
}

/** One section of a case page, a route under /staff/cases/:id/<slug>, declared by the feature that serves it. */
export interface CaseTab {
  slug: string;
  labelKey: string;
  order: number;
  visible?: (user: AuthUser, record: CaseTabRecord) => boolean;
}

/**
 * One part of a case's printed summary (and its PDF), contributed by the feature that owns it (the plan, the
 * referrals, the durable solution): `load` returns what this reader may see of it, or undefined when they may see
 * nothing of it; `view` renders that model (a pure view). The cases feature prints the parts in `order`.
 */
export interface CaseSummarySection<M = unknown> {
  key: string;
  order: number;
  load(ctx: AppContext, user: AuthUser, record: Selectable<DB['cases']>): Promise<M | undefined>;
  view(t: Translator, model: M): ComponentChildren;
  /** The same part in the case's JSON export, under `abri_<key>`; left out of the JSON when absent. */
  json?(model: M): unknown;
}

/** Declares a summary part with its model's type checked between load and view. */
export function summarySection<M>(s: CaseSummarySection<M>): CaseSummarySection {
  return s as unknown as CaseSummarySection;
}

/** An entry of the staff app's main navigation, in the order the features are listed, then by `order`. */
export interface NavEntry {
  href: string;
  labelKey: string;
  order: number;
  permission?: Permission;
  /** A count shown beside the entry (unread notifications), for this user; 0 shows nothing. */
  badge?: (ctx: AppContext, user: AuthUser) => Promise<number>;
  /** The ICU message (with {count}) that says what the count is, for screen readers. */
  badgeKey?: string;
}

export interface CliArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** A command of `abri <name>`, run with a started context. */
export interface CliCommand {
  name: string;
  usage: string;
  description: string;
  run(ctx: AppContext, args: CliArgs): Promise<number>;
}

/**
 * A network listener a feature runs beside the HTTP server (the reports mailbox's SMTP listener). `start` returns
 * how to stop it, or undefined when its configuration leaves it off; server.ts starts each and stops it on shutdown.
 */
export interface Listener {
  name: string;
  start(ctx: AppContext): Promise<(() => Promise<void>) | undefined>;
}

/**
 * A feature's manifest, the only thing its `index.ts` exports. The server, the CLI and the tests all assemble Abri
 * from the one list in `src/features.ts`, so none of them can see a different set of routes, jobs or commands, and no
 * module registers anything by being imported.
 */
export interface Feature {
  name: string;
  routes?: RoutePlugin[];
  jobs?: Job[];
  caseTabs?: CaseTab[];
  /** Parts of the case's printed summary this feature owns. */
  caseSummary?: CaseSummarySection[];
  nav?: NavEntry[];
  cli?: CliCommand[];
  listeners?: Listener[];
}

export function featureListeners(features: readonly Feature[]): Listener[] {
  return unique(
    features.flatMap((f) => f.listeners ?? []),
    (l) => l.name,
    'listener',
  );
}

/** Every job of the given features, in order; a name used twice is a programming error caught at start. */
export function featureJobs(features: readonly Feature[]): Job[] {
  return unique(
    features.flatMap((f) => f.jobs ?? []),
    (j) => j.name,
    'job',
  );
}

export function featureCommands(features: readonly Feature[]): CliCommand[] {
  return unique(
    features.flatMap((f) => f.cli ?? []),
    (c) => c.name,
    'command',
  );
}

export function featureCaseTabs(features: readonly Feature[]): CaseTab[] {
  return features.flatMap((f) => f.caseTabs ?? []).sort((a, b) => a.order - b.order);
}

export function featureCaseSummary(features: readonly Feature[]): CaseSummarySection[] {
  return unique(
    features.flatMap((f) => f.caseSummary ?? []),
    (s) => s.key,
    'summary section',
  ).sort((a, b) => a.order - b.order);
}

export function featureNav(features: readonly Feature[]): NavEntry[] {
  return features.flatMap((f) => f.nav ?? []).sort((a, b) => a.order - b.order);
}

function unique<T>(items: T[], key: (t: T) => string, what: string): T[] {
  const seen = new Set<string>();
  for (const item of items) {
    const k = key(item);
    if (seen.has(k)) throw new Error(`two features declare the ${what} ${k}`);
    seen.add(k);
  }
  return items;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The case tabs of every feature, sorted; set once by app.ts. */
    caseTabs: CaseTab[];
    /** The parts of the case summary other features contribute, sorted; set once by app.ts. */
    caseSummary: CaseSummarySection[];
    /** The staff navigation entries of every feature, sorted; set once by app.ts. */
    staffNav: NavEntry[];
    /** Every feature's scheduled jobs, as the server and `abri jobs` see them; set once by app.ts. */
    jobs: Job[];
  }
}
