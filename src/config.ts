import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseDotenv } from 'dotenv';

/** Every setting Abri reads, validated once and frozen. No other file reads process.env. */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** PostgreSQL connection string; unset means the embedded SQLite database in dataDir. */
  readonly databaseUrl: string | undefined;
  /** A PostgreSQL read replica for statistics and exports only; unset means they read the primary. */
  readonly databaseReplicaUrl: string | undefined;
  readonly demo: boolean;
  /** Base64 master key given by the environment instead of the key file. */
  readonly masterKey: string | undefined;
  /** Public URL used in printed links (setup link, set-password links). */
  readonly publicUrl: string;
  /** Behind TLS (or a TLS-terminating proxy): cookies get Secure, HSTS is sent. On whenever PUBLIC_URL is https. */
  readonly secureCookies: boolean;
  /**
   * Which reverse proxies are trusted to say who the client is: false (none), a number of hops counted from this
   * server, or a list of proxy addresses and CIDR ranges. Never "every hop": the left-most X-Forwarded-For value is
   * written by the client.
   */
  readonly trustProxy: TrustProxy;
  /** TRUST_PROXY=true was given: read as one hop, and start-up says so. */
  readonly trustProxyLegacy: boolean;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly sessionIdleMinutes: number;
  readonly sessionAbsoluteHours: number;
  readonly reportRetentionDays: number;
  readonly smallCountThreshold: number;
  readonly quickExitUrl: string;
  readonly neutralTitles: boolean;
  readonly maxUploadMb: number;
  readonly jobs: boolean;
  /** Abri processes behind the one port (node:cluster); 1 runs the server in this process, as before. */
  readonly workers: number;
  /** Where encrypted attachments live: the data directory (default) or the database, which every process and host reaches. */
  readonly fileStore: 'local' | 'database';
  /** Bearer token for /metrics; unset means /metrics answers only connections from this host. */
  readonly metricsToken: string | undefined;
  /** Mail server for notifications (smtp:// or smtps://); unset means no mail is sent (in-app notifications still are). */
  readonly smtpUrl: string | undefined;
  /** The From of notification mails. */
  readonly mailFrom: string;
  /** Webhooks may be sent to loopback, private, link-local and unique-local addresses (tests, closed networks). */
  readonly webhookAllowPrivate: boolean;
  /** Report channels (issue 17): the SMS / WhatsApp gateways and the reports mailbox; each is off while unset. */
  readonly channels: ChannelsConfig;
}

/** Gateway credentials; the API URLs are configurable so tests (and a regional endpoint) can point elsewhere. */
export interface ChannelsConfig {
  readonly twilio: { readonly accountSid: string; readonly authToken: string; readonly apiUrl: string } | undefined;
  readonly vonage:
    | {
        readonly apiKey: string;
        readonly apiSecret: string;
        readonly signatureSecret: string;
        readonly apiUrl: string;
        /** For "secure inbound media": the application's id and private key (PEM file) that sign the media JWT. */
        readonly applicationId?: string;
        readonly privateKeyFile?: string;
      }
    | undefined;
  /** Africa's Talking signs nothing: its callback URL carries `callbackToken`. */
  readonly africasTalking: { readonly username: string; readonly apiKey: string; readonly callbackToken: string; readonly apiUrl: string } | undefined;
  /** The secret an MTA pipe sends (Authorization: Bearer) to POST a message to /channels/email/inbound. */
  readonly emailIngestToken: string | undefined;
  /** Which office each of our gateway numbers (E.164, or a shortcode) belongs to: number → office code. */
  readonly numberOffices?: Readonly<Record<string, string>>;
  /** The reports mailbox addresses (lower case): the listener's only recipients, and where e-mail reporters answer. */
  readonly inboundAddresses?: readonly string[];
  /** The reports mailbox's own SMTP listener (`abri smtp-listen`, or in the server when EMAIL_INBOUND_SMTP_PORT is set). */
  readonly inboundSmtp?: InboundSmtpConfig;
}

export interface InboundSmtpConfig {
  readonly port: number;
  readonly host: string;
  /** The only recipients accepted (lower case); mail to any other address is refused at RCPT TO. */
  readonly addresses: readonly string[];
  readonly maxBytes: number;
  /** PEM files: STARTTLS is offered when both are set. */
  readonly tlsKeyFile: string | undefined;
  readonly tlsCertFile: string | undefined;
  /** Refuse MAIL FROM until the session is encrypted (STARTTLS). */
  readonly requireTls: boolean;
  /** user:password the sending server must give (AUTH PLAIN/LOGIN); unset: no authentication asked. */
  readonly auth: { readonly user: string; readonly password: string } | undefined;
}

export type TrustProxy = false | number | readonly string[];

export interface SettingSpec {
  readonly name: string;
  readonly defaultValue: string;
  readonly description: string;
}

/** The table of settings shown in the README; kept here so that code and documentation cannot drift. */
export const SETTINGS: readonly SettingSpec[] = [
  { name: 'PORT', defaultValue: '3000', description: 'TCP port to listen on' },
  { name: 'HOST', defaultValue: '127.0.0.1', description: 'Address to listen on (0.0.0.0 behind a proxy or in a container)' },
  { name: 'DATA_DIR', defaultValue: './data', description: 'Data directory: SQLite database, master key file, encrypted attachments, backups' },
  { name: 'DATABASE_URL', defaultValue: '(unset: SQLite in DATA_DIR)', description: 'PostgreSQL connection string, e.g. postgres://abri@127.0.0.1:5432/abri' },
  { name: 'DATABASE_REPLICA_URL', defaultValue: '(unset: everything reads the primary)', description: 'PostgreSQL streaming replica for read-only statistics and CTDC exports (docs/SCALING.md); needs DATABASE_URL' },
  { name: 'ABRI_DEMO', defaultValue: 'false', description: 'Demo mode: allows `abri seed-demo` and shows a demo banner' },
  { name: 'ABRI_MASTER_KEY', defaultValue: '(unset: key file DATA_DIR/master.key)', description: 'Base64 32-byte master key, instead of the key file' },
  { name: 'PUBLIC_URL', defaultValue: 'http://localhost:PORT', description: 'External base URL used in printed links' },
  { name: 'SECURE_COOKIES', defaultValue: '(true when PUBLIC_URL is https)', description: 'Secure cookies and HSTS; set to false only for plain-HTTP development' },
  { name: 'TRUST_PROXY', defaultValue: 'false', description: 'Reverse proxies trusted for X-Forwarded-For: a number of hops (1 for one nginx in front) or a comma list of proxy addresses/CIDRs' },
  { name: 'LOG_LEVEL', defaultValue: 'info', description: 'fatal, error, warn, info, debug, trace or silent' },
  { name: 'SESSION_IDLE_MINUTES', defaultValue: '30', description: 'Staff session idle timeout' },
  { name: 'SESSION_ABSOLUTE_HOURS', defaultValue: '12', description: 'Staff session absolute timeout' },
  { name: 'REPORT_RETENTION_DAYS', defaultValue: '90', description: 'Days after which reports closed without a case are deleted' },
  { name: 'SMALL_COUNT_THRESHOLD', defaultValue: '10', description: 'Statistics cells below this are suppressed' },
  { name: 'QUICK_EXIT_URL', defaultValue: 'https://www.wikipedia.org/', description: 'Neutral site the quick-exit button leaves for' },
  { name: 'NEUTRAL_TITLES', defaultValue: 'true', description: "Public pages use a neutral browser title (set false to show each page's own title)" },
  { name: 'MAX_UPLOAD_MB', defaultValue: '10', description: 'Largest attachment accepted, in megabytes' },
  { name: 'ABRI_JOBS', defaultValue: 'true', description: 'Run scheduled jobs (retention purges, reminders) in this process' },
  { name: 'WORKERS', defaultValue: '1', description: 'Abri processes behind the one port (node:cluster, re-forked if one dies); jobs still run once each (docs/SCALING.md)' },
  { name: 'FILE_STORE', defaultValue: 'local', description: 'Where encrypted attachments are kept: local (DATA_DIR/files) or database (reached by every process and host)' },
  { name: 'SMTP_URL', defaultValue: '(unset: no mail, in-app notifications only)', description: 'Mail server for content-free notification mails, e.g. smtp://user:pass@mail.example.org:587 or smtps://...:465' },
  { name: 'MAIL_FROM', defaultValue: 'Abri <abri@(PUBLIC_URL host)>', description: 'From address of notification mails' },
  { name: 'WEBHOOK_ALLOW_PRIVATE', defaultValue: 'false', description: 'Allow webhooks and gateway media downloads to reach loopback, private, link-local and unique-local addresses (only for closed networks and tests)' },
  { name: 'TWILIO_ACCOUNT_SID', defaultValue: '(unset: Twilio off)', description: 'Twilio account SID, for SMS and WhatsApp reports through Twilio (with TWILIO_AUTH_TOKEN)' },
  { name: 'TWILIO_AUTH_TOKEN', defaultValue: '(unset)', description: 'Twilio auth token: checks X-Twilio-Signature on webhooks and authenticates sends' },
  { name: 'TWILIO_API_URL', defaultValue: 'https://api.twilio.com', description: 'Base URL of the Twilio REST API' },
  { name: 'VONAGE_API_KEY', defaultValue: '(unset: Vonage off)', description: 'Vonage API key, for SMS and WhatsApp reports through the Vonage Messages API' },
  { name: 'VONAGE_API_SECRET', defaultValue: '(unset)', description: 'Vonage API secret (Basic authentication of sends)' },
  { name: 'VONAGE_SIGNATURE_SECRET', defaultValue: '(unset)', description: 'Vonage signature secret: checks the signed JWT of webhooks' },
  { name: 'VONAGE_API_URL', defaultValue: 'https://api.nexmo.com', description: 'Base URL of the Vonage Messages API' },
  { name: 'VONAGE_APPLICATION_ID', defaultValue: '(unset)', description: 'Vonage application id, with VONAGE_PRIVATE_KEY_FILE, to fetch media when the application has "secure inbound media" on' },
  { name: 'VONAGE_PRIVATE_KEY_FILE', defaultValue: '(unset)', description: "PEM file of the Vonage application's private key (signs the JWT that fetches secured inbound media)" },
  { name: 'AT_USERNAME', defaultValue: "(unset: Africa's Talking off)", description: "Africa's Talking username, for SMS reports through Africa's Talking (with AT_API_KEY and AT_CALLBACK_TOKEN)" },
  { name: 'AT_API_KEY', defaultValue: '(unset)', description: "Africa's Talking API key (sends)" },
  { name: 'AT_CALLBACK_TOKEN', defaultValue: '(unset)', description: "Secret in the incoming-messages callback URL /channels/africastalking/TOKEN/inbound (at least 24 characters)" },
  { name: 'AT_API_URL', defaultValue: 'https://api.africastalking.com', description: "Base URL of the Africa's Talking API (https://api.sandbox.africastalking.com for the sandbox)" },
  { name: 'EMAIL_INGEST_TOKEN', defaultValue: '(unset: HTTP mail pipe off)', description: 'Bearer token a mail server pipe sends to POST messages to /channels/email/inbound (at least 24 characters)' },
  { name: 'CHANNEL_NUMBER_OFFICES', defaultValue: '(unset: by the sender country)', description: "Which office each gateway number belongs to, e.g. +21670000111=TUN,40123=KEN (number=office code); a report sent to another number goes to the office of the sender's country calling code" },
  { name: 'EMAIL_INBOUND_SMTP_PORT', defaultValue: '(unset: SMTP listener off)', description: 'Port of the reports mailbox SMTP listener run by the server (or `abri smtp-listen`)' },
  { name: 'EMAIL_INBOUND_SMTP_HOST', defaultValue: '(HOST)', description: 'Address the reports mailbox SMTP listener listens on' },
  { name: 'EMAIL_INBOUND_ADDRESSES', defaultValue: '(unset)', description: 'The reports mailbox addresses, comma-separated: the only recipients the SMTP listener accepts (required with EMAIL_INBOUND_SMTP_PORT), and where mail to e-mail reporters asks them to answer (Reply-To)' },
  { name: 'EMAIL_INBOUND_MAX_MB', defaultValue: '25', description: 'Largest message the SMTP listener accepts, in MB (at most 40)' },
  { name: 'EMAIL_INBOUND_TLS_KEY', defaultValue: '(unset)', description: 'PEM private key file for STARTTLS on the SMTP listener (with EMAIL_INBOUND_TLS_CERT)' },
  { name: 'EMAIL_INBOUND_TLS_CERT', defaultValue: '(unset)', description: 'PEM certificate file for STARTTLS on the SMTP listener' },
  { name: 'EMAIL_INBOUND_REQUIRE_TLS', defaultValue: 'false', description: 'Refuse mail on the SMTP listener until the sender has started TLS' },
  { name: 'EMAIL_INBOUND_AUTH', defaultValue: '(unset: no authentication)', description: 'user:password the sending mail server must give (AUTH PLAIN or LOGIN) on the SMTP listener' },
  { name: 'METRICS_TOKEN', defaultValue: '(unset: /metrics from this host only)', description: 'Bearer token Prometheus sends to read /metrics (at least 24 characters)' },
];

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

type Env = Record<string, string | undefined>;

/** Reads `.env` (if present) under the real environment, which wins. */
export function readEnvironment(cwd = process.cwd()): Env {
  const file = resolve(cwd, '.env');
  const fromFile = existsSync(file) ? parseDotenv(readFileSync(file)) : {};
  return { ...fromFile, ...process.env };
}

export function loadConfig(env: Env = readEnvironment(), overrides: Partial<Config> = {}): Config {
  const problems: string[] = [];
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return n;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
    if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
    problems.push(`${name} must be true or false (got "${raw}")`);
    return fallback;
  };
  const port = int('PORT', 3000, 0, 65535);
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must start with postgres:// or postgresql://');
  }
  const databaseReplicaUrl = env.DATABASE_REPLICA_URL || undefined;
  if (databaseReplicaUrl && (!databaseUrl || !/^postgres(ql)?:\/\//.test(databaseReplicaUrl))) {
    problems.push('DATABASE_REPLICA_URL must start with postgres:// or postgresql:// and needs DATABASE_URL');
  }
  const masterKey = env.ABRI_MASTER_KEY || undefined;
  if (masterKey && Buffer.from(masterKey, 'base64').length !== 32) {
    problems.push('ABRI_MASTER_KEY must be 32 bytes encoded in base64');
  }
  const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
  const logLevel = (env.LOG_LEVEL || 'info') as Config['logLevel'];
  if (!levels.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${levels.join(', ')}`);
  const quickExitUrl = env.QUICK_EXIT_URL || 'https://www.wikipedia.org/';
  if (!/^https?:\/\//.test(quickExitUrl)) problems.push('QUICK_EXIT_URL must be an http(s) URL');
  const metricsToken = env.METRICS_TOKEN || undefined;
  if (metricsToken !== undefined && !/^[\x21-\x7e]{24,}$/.test(metricsToken)) problems.push('METRICS_TOKEN must be at least 24 printable characters, without spaces');
  const publicUrl = (env.PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, '');
  if (!/^https?:\/\//.test(publicUrl)) problems.push('PUBLIC_URL must be an http(s) URL');
  const proxy = parseTrustProxy(env.TRUST_PROXY, problems);
  const smtpUrl = env.SMTP_URL || undefined;
  if (smtpUrl && !/^smtps?:\/\/[^\s]+$/.test(smtpUrl)) problems.push('SMTP_URL must start with smtp:// or smtps://');
  const mailFrom = env.MAIL_FROM || `Abri <abri@${hostOf(publicUrl)}>`;
  if (/[\r\n]/.test(mailFrom) || !/@/.test(mailFrom)) problems.push('MAIL_FROM must be one mail address, e.g. Abri <abri@example.org>');
  const channels = parseChannels(env, problems);
  const fileStore = env.FILE_STORE || 'local';
  if (fileStore !== 'local' && fileStore !== 'database') problems.push(`FILE_STORE must be local or database (got "${fileStore}")`);

  const config: Config = {
    port,
    host: env.HOST || '127.0.0.1',
    dataDir: resolve(env.DATA_DIR || './data'),
    databaseUrl,
    databaseReplicaUrl,
    demo: bool('ABRI_DEMO', false),
    masterKey,
    publicUrl,
    secureCookies: bool('SECURE_COOKIES', publicUrl.startsWith('https://')),
    trustProxy: proxy.trust,
    trustProxyLegacy: proxy.legacy,
    logLevel,
    sessionIdleMinutes: int('SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
    sessionAbsoluteHours: int('SESSION_ABSOLUTE_HOURS', 12, 1, 7 * 24),
    reportRetentionDays: int('REPORT_RETENTION_DAYS', 90, 1, 3650),
    smallCountThreshold: int('SMALL_COUNT_THRESHOLD', 10, 1, 1000),
    quickExitUrl,
    neutralTitles: bool('NEUTRAL_TITLES', true),
    maxUploadMb: int('MAX_UPLOAD_MB', 10, 1, 100),
    jobs: bool('ABRI_JOBS', true),
    workers: int('WORKERS', 1, 1, 64),
    fileStore: fileStore === 'database' ? 'database' : 'local',
    metricsToken,
    smtpUrl,
    mailFrom,
    webhookAllowPrivate: bool('WEBHOOK_ALLOW_PRIVATE', false),
    channels,
    ...overrides,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname || 'localhost';
  } catch {
    return 'localhost';
  }
}

function parseChannels(env: Env, problems: string[]): ChannelsConfig {
  const url = (name: string, fallback: string) => {
    const value = (env[name] || fallback).replace(/\/+$/, '');
    if (!/^https?:\/\//.test(value)) problems.push(`${name} must be an http(s) URL`);
    return value;
  };
  const { TWILIO_ACCOUNT_SID: sid, TWILIO_AUTH_TOKEN: token, VONAGE_API_KEY: key, VONAGE_API_SECRET: secret, VONAGE_SIGNATURE_SECRET: signature } = env;
  if (!!sid !== !!token) problems.push('TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN go together');
  if ((key || secret || signature) && !(key && secret && signature)) problems.push('VONAGE_API_KEY, VONAGE_API_SECRET and VONAGE_SIGNATURE_SECRET go together');
  const { AT_USERNAME: atUser, AT_API_KEY: atKey, AT_CALLBACK_TOKEN: atToken } = env;
  if ((atUser || atKey || atToken) && !(atUser && atKey && atToken)) problems.push('AT_USERNAME, AT_API_KEY and AT_CALLBACK_TOKEN go together');
  if (atToken && !/^[A-Za-z0-9_-]{24,}$/.test(atToken)) problems.push('AT_CALLBACK_TOKEN must be at least 24 letters, digits, - or _');
  if (!!env.VONAGE_APPLICATION_ID !== !!env.VONAGE_PRIVATE_KEY_FILE) problems.push('VONAGE_APPLICATION_ID and VONAGE_PRIVATE_KEY_FILE go together');
  const emailIngestToken = env.EMAIL_INGEST_TOKEN || undefined;
  if (emailIngestToken !== undefined && !/^[\x21-\x7e]{24,}$/.test(emailIngestToken)) problems.push('EMAIL_INGEST_TOKEN must be at least 24 printable characters, without spaces');
  return {
    twilio: sid && token ? { accountSid: sid, authToken: token, apiUrl: url('TWILIO_API_URL', 'https://api.twilio.com') } : undefined,
    vonage:
      key && secret && signature
        ? {
            apiKey: key,
            apiSecret: secret,
            signatureSecret: signature,
            apiUrl: url('VONAGE_API_URL', 'https://api.nexmo.com'),
            ...(env.VONAGE_APPLICATION_ID && env.VONAGE_PRIVATE_KEY_FILE ? { applicationId: env.VONAGE_APPLICATION_ID, privateKeyFile: env.VONAGE_PRIVATE_KEY_FILE } : {}),
          }
        : undefined,
    africasTalking: atUser && atKey && atToken ? { username: atUser, apiKey: atKey, callbackToken: atToken, apiUrl: url('AT_API_URL', 'https://api.africastalking.com') } : undefined,
    emailIngestToken,
    numberOffices: parseNumberOffices(env.CHANNEL_NUMBER_OFFICES, problems),
    inboundAddresses: (env.EMAIL_INBOUND_ADDRESSES ?? '')
      .split(',')
      .map((a) => a.trim().toLowerCase())
      .filter(Boolean),
    inboundSmtp: parseInboundSmtp(env, problems),
  };
}

function parseNumberOffices(raw: string | undefined, problems: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of (raw ?? '').split(',').map((e) => e.trim()).filter(Boolean)) {
    const m = /^(\+?[1-9]\d{5,14}|\d{3,8})=([A-Za-z0-9_-]{1,32})$/.exec(entry.replace(/\s/g, ''));
    if (!m) {
      problems.push('CHANNEL_NUMBER_OFFICES must be number=office code pairs separated by commas, e.g. +21670000111=TUN');
      continue;
    }
    const number = (m[1] as string).length > 8 && !(m[1] as string).startsWith('+') ? `+${m[1]}` : (m[1] as string);
    out[number] = m[2] as string;
  }
  return out;
}

function parseInboundSmtp(env: Env, problems: string[]): InboundSmtpConfig | undefined {
  const rawPort = env.EMAIL_INBOUND_SMTP_PORT;
  if (!rawPort) return undefined;
  const port = Number(rawPort);
  if (!Number.isInteger(port) || port < 1 || port > 65535) problems.push('EMAIL_INBOUND_SMTP_PORT must be a port number');
  const addresses = (env.EMAIL_INBOUND_ADDRESSES ?? '')
    .split(',')
    .map((a) => a.trim().toLowerCase())
    .filter(Boolean);
  if (addresses.length === 0 || addresses.some((a) => !/^[^\s@]+@[^\s@]+$/.test(a)))
    problems.push('EMAIL_INBOUND_ADDRESSES must list the mailbox addresses the SMTP listener accepts, e.g. reports@example.org');
  const mb = Number(env.EMAIL_INBOUND_MAX_MB || 25);
  if (!(mb > 0 && mb <= 40)) problems.push('EMAIL_INBOUND_MAX_MB must be a number of MB from 1 to 40');
  const tlsKeyFile = env.EMAIL_INBOUND_TLS_KEY || undefined;
  const tlsCertFile = env.EMAIL_INBOUND_TLS_CERT || undefined;
  if (!!tlsKeyFile !== !!tlsCertFile) problems.push('EMAIL_INBOUND_TLS_KEY and EMAIL_INBOUND_TLS_CERT go together');
  const requireTls = ['1', 'true', 'yes', 'on'].includes((env.EMAIL_INBOUND_REQUIRE_TLS ?? '').toLowerCase());
  if (requireTls && !tlsKeyFile) problems.push('EMAIL_INBOUND_REQUIRE_TLS needs EMAIL_INBOUND_TLS_KEY and EMAIL_INBOUND_TLS_CERT');
  const rawAuth = env.EMAIL_INBOUND_AUTH || undefined;
  const colon = rawAuth?.indexOf(':') ?? -1;
  if (rawAuth !== undefined && colon < 1) problems.push('EMAIL_INBOUND_AUTH must be user:password');
  return {
    port,
    host: env.EMAIL_INBOUND_SMTP_HOST || env.HOST || '127.0.0.1',
    addresses,
    maxBytes: Math.floor(mb * 1024 * 1024),
    tlsKeyFile,
    tlsCertFile,
    requireTls,
    auth: rawAuth && colon > 0 ? { user: rawAuth.slice(0, colon), password: rawAuth.slice(colon + 1) } : undefined,
  };
}

const IPV4_CIDR = /^(\d{1,3}\.){3}\d{1,3}(\/(3[0-2]|[12]?\d))?$/;
const IPV6_CIDR = /^[0-9a-f:.]*:[0-9a-f:.]*(\/(12[0-8]|1[01]\d|[1-9]?\d))?$/i;

/** TRUST_PROXY: false, a hop count, or proxy addresses; `true` (trust every hop) is read as one hop. */
function parseTrustProxy(raw: string | undefined, problems: string[]): { trust: TrustProxy; legacy: boolean } {
  const value = raw?.trim().toLowerCase() ?? '';
  if (value === '' || ['0', 'false', 'no', 'off'].includes(value)) return { trust: false, legacy: false };
  if (['true', 'yes', 'on'].includes(value)) return { trust: 1, legacy: true };
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops >= 1 && hops <= 10) return { trust: hops, legacy: false };
    problems.push(`TRUST_PROXY as a number of hops must be from 1 to 10 (got "${raw}")`);
    return { trust: false, legacy: false };
  }
  const list = value.split(',').map((x) => x.trim()).filter(Boolean);
  const bad = list.filter((x) => !IPV4_CIDR.test(x) && !IPV6_CIDR.test(x) && !['loopback', 'linklocal', 'uniquelocal'].includes(x));
  if (bad.length > 0 || list.length === 0) {
    problems.push(`TRUST_PROXY must be false, a number of hops, or a comma list of proxy addresses or CIDR ranges (got "${raw}")`);
    return { trust: false, legacy: false };
  }
  return { trust: Object.freeze(list), legacy: false };
}
