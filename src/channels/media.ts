import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { importPKCS8, SignJWT } from 'jose';
import type { AppContext } from '../platform/context.js';
import { ValidationError } from '../platform/http/errors.js';
import { type PreparedFile, prepareFiles } from '../reports/reply.service.js';
import { checkWebhookUrl, guardedLookup, isPrivateAddress } from '../webhooks/webhooks.service.js';
import { type Gateway, MAX_MEDIA, type MediaRef } from './gateway.js';

/*
 * Pictures and documents sent by SMS (MMS) or WhatsApp stay on the gateway's media server; the webhook carries
 * their URLs. Abri fetches each one, only from the gateway's documented media hosts and with its authentication,
 * through the webhooks' guard against private addresses, capped in size and time, then cleans it as a web
 * attachment is (reports' prepareFiles). A file that cannot be fetched or cleaned is left out, never the message.
 *
 * - Twilio: MediaUrl{N} = {api}/2010-04-01/Accounts/{AccountSid}/Messages/{MessageSid}/Media/{MediaSid}, HTTP Basic
 *   (Account SID and auth token); the answer redirects to a short-lived URL on mms.twiliocdn.com, fetched without
 *   the credentials. https://www.twilio.com/docs/messaging/api/media-resource
 * - Vonage: image.url / file.url = https://api(-eu|-us|-ap).nexmo.com/v3/media/{uuid}, valid 48 hours; with "secure
 *   inbound media" on, `Authorization: Bearer <JWT>` signed RS256 with the application's private key (claims
 *   application_id, iat, jti, exp). https://developer.vonage.com/messages/concepts/secure-inbound-media
 */

const TWILIO_CDN = ['https://mms.twiliocdn.com'];
const VONAGE_MEDIA = ['https://api.nexmo.com', 'https://api-eu.nexmo.com', 'https://api-us.nexmo.com', 'https://api-ap.nexmo.com'];
const MAX_REDIRECTS = 3;
const TIMEOUT_MS = 15_000;

interface Rule {
  /** May this URL be fetched at all (the webhook's URL)? */
  first: (url: URL) => boolean;
  /** May a redirect lead there? */
  next: (url: URL) => boolean;
  /** The Authorization header for this URL, if any. */
  auth: (url: URL) => string | undefined;
}

function originOf(raw: string): string {
  try {
    return new URL(raw).origin;
  } catch {
    return '';
  }
}

/** The application JWT of Vonage's secured media: short-lived, one per fetch. */
async function vonageJwt(applicationId: string, privateKeyFile: string): Promise<string> {
  const key = await importPKCS8(readFileSync(privateKeyFile, 'utf8'), 'RS256');
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ application_id: applicationId })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
    .setIssuedAt(now)
    .setExpirationTime(now + 300)
    .setJti(randomUUID())
    .sign(key);
}

async function ruleFor(ctx: AppContext, gateway: Gateway): Promise<Rule | undefined> {
  const { twilio, vonage } = ctx.config.channels;
  if (gateway === 'twilio' && twilio) {
    const api = originOf(twilio.apiUrl);
    const prefix = `/2010-04-01/Accounts/${twilio.accountSid}/Messages/`;
    const basic = `Basic ${Buffer.from(`${twilio.accountSid}:${twilio.authToken}`).toString('base64')}`;
    return {
      first: (u) => u.origin === api && u.pathname.startsWith(prefix) && u.pathname.includes('/Media/'),
      next: (u) => u.origin === api || TWILIO_CDN.includes(u.origin),
      // The credentials go to the account's API resources only; the CDN's URL is signed by itself.
      auth: (u) => (u.origin === api && u.pathname.startsWith(prefix) ? basic : undefined),
    };
  }
  if (gateway === 'vonage' && vonage) {
    const hosts = [...VONAGE_MEDIA, originOf(vonage.apiUrl)];
    const bearer = vonage.applicationId && vonage.privateKeyFile ? `Bearer ${await vonageJwt(vonage.applicationId, vonage.privateKeyFile)}` : undefined;
    return { first: (u) => hosts.includes(u.origin) && u.pathname.startsWith('/v3/media/'), next: () => false, auth: () => bearer };
  }
  return undefined;
}

type Fetched = { kind: 'ok'; bytes: Buffer } | { kind: 'redirect'; location: string } | { kind: 'error'; code: string };

function get(url: URL, authorization: string | undefined, maxBytes: number, allowPrivate: boolean): Promise<Fetched> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && !allowPrivate && isPrivateAddress(host)) return Promise.resolve({ kind: 'error', code: 'blocked_address' });
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: Fetched) => {
      if (settled) return;
      settled = true;
      resolve(r);
    };
    const req = client.request(
      url,
      {
        method: 'GET',
        headers: { ...(authorization ? { authorization } : {}), accept: '*/*', 'user-agent': 'Abri-Channels/1' },
        lookup: guardedLookup(allowPrivate) as unknown as typeof import('node:dns').lookup,
        timeout: TIMEOUT_MS,
      },
      (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400 && typeof res.headers.location === 'string') {
          res.resume();
          return done({ kind: 'redirect', location: res.headers.location });
        }
        if (status < 200 || status > 299) {
          res.resume();
          return done({ kind: 'error', code: `http_${status}` });
        }
        if (Number(res.headers['content-length'] ?? 0) > maxBytes) {
          res.destroy();
          return done({ kind: 'error', code: 'too_large' });
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > maxBytes) {
            res.destroy();
            done({ kind: 'error', code: 'too_large' });
          } else chunks.push(c);
        });
        res.on('end', () => done({ kind: 'ok', bytes: Buffer.concat(chunks) }));
        res.on('error', () => done({ kind: 'error', code: 'network' }));
      },
    );
    req.on('timeout', () => {
      req.destroy();
      done({ kind: 'error', code: 'timeout' });
    });
    req.on('error', (err: NodeJS.ErrnoException) => done({ kind: 'error', code: err.message === 'blocked_address' ? 'blocked_address' : 'network' }));
    req.end();
  });
}

/** One media file's bytes, or a code saying why not (never the URL: it names the message). */
export async function fetchMedia(ctx: AppContext, gateway: Gateway, ref: MediaRef): Promise<Buffer | string> {
  let rule: Rule | undefined;
  try {
    rule = await ruleFor(ctx, gateway);
  } catch {
    return 'credentials_unreadable';
  }
  if (!rule) return 'not_configured';
  const allowPrivate = ctx.config.webhookAllowPrivate;
  const checked = checkWebhookUrl(ref.url, allowPrivate);
  if (typeof checked === 'string') return checked === 'blocked' ? 'blocked_address' : 'invalid_url';
  if (!rule.first(checked)) return 'not_a_media_host';
  const maxBytes = ctx.config.maxUploadMb * 1024 * 1024;
  let url = checked;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const r = await get(url, rule.auth(url), maxBytes, allowPrivate);
    if (r.kind === 'ok') return r.bytes;
    if (r.kind === 'error') return r.code;
    let next: URL | 'invalid' | 'blocked';
    try {
      next = checkWebhookUrl(new URL(r.location, url).toString(), allowPrivate);
    } catch {
      return 'invalid_url';
    }
    if (typeof next === 'string') return next === 'blocked' ? 'blocked_address' : 'invalid_url';
    if (!rule.next(next)) return 'redirect_not_allowed';
    url = next;
  }
  return 'too_many_redirects';
}

/** Fetches and cleans the media of a message (at most MAX_MEDIA); what fails is counted and left out. */
export async function mediaFiles(
  ctx: AppContext,
  gateway: Gateway,
  refs: readonly MediaRef[] | undefined,
): Promise<{ files: PreparedFile[]; refused: number }> {
  const files: PreparedFile[] = [];
  let refused = 0;
  for (const ref of (refs ?? []).slice(0, MAX_MEDIA)) {
    const got = await fetchMedia(ctx, gateway, ref);
    if (typeof got === 'string') {
      refused++;
      ctx.log.warn({ gateway, code: got }, 'gateway media not fetched');
      continue;
    }
    try {
      files.push(...(await prepareFiles(ctx, 'files', got)));
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      refused++;
      ctx.log.info({ gateway }, 'gateway media refused by the attachment rules');
    }
  }
  refused += Math.max(0, (refs?.length ?? 0) - MAX_MEDIA);
  return { files, refused };
}
