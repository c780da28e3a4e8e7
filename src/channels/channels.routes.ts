import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { receiveInbound } from './channels.service.js';
import { sendThroughGateway } from './delivery.service.js';
import { type Gateway, GatewayRefusal, type InboundMessage, type Refusal } from './gateway.js';
import { parseAfricasTalking, verifyCallbackToken } from './africastalking.js';
import { parseTwilio, twiml, verifyTwilio } from './twilio.js';
import { parseVonage, verifyVonage } from './vonage.js';

/*
 * The gateways' webhooks. Public routes (no account, no CSRF): each checks its gateway's own proof instead — the
 * Twilio request signature, the Vonage signed JWT, the secret in Africa's Talking's callback URL (it signs
 * nothing) — and refuses with 403 otherwise, logging the gateway and the
 * reason only. A gateway that is not configured answers 404. Bodies are kept raw here: the signatures are computed
 * over exactly what was sent.
 */

const PUBLIC = { access: 'public' } as const;
const MAX_WEBHOOK_BYTES = 64 * 1024;

export function rawBody(request: FastifyRequest): string {
  return typeof request.body === 'string' ? request.body : Buffer.isBuffer(request.body) ? request.body.toString('utf8') : '';
}

export function refuse(request: FastifyRequest, reply: FastifyReply, { gateway, reason }: { gateway: Gateway | 'email'; reason: Refusal }) {
  request.server.ctx.log.warn({ gateway, reason }, 'webhook refused');
  if (reason === 'not_configured') return reply.code(404).type('text/plain; charset=utf-8').send('Not found: this channel is not configured.');
  return reply.code(403).type('text/plain; charset=utf-8').send('Forbidden: the request could not be verified as coming from the gateway.');
}

/** Raw bodies for this plugin's routes only (the rest of Abri keeps its parsers). */
export function keepRawBodies(app: FastifyInstance, otherLimit: number): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    ['application/x-www-form-urlencoded', 'application/json'],
    { parseAs: 'string', bodyLimit: MAX_WEBHOOK_BYTES },
    (_request, body, done) => done(null, body),
  );
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: otherLimit }, (_request, body, done) => done(null, body));
}

export async function gatewayRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;
  keepRawBodies(app, MAX_WEBHOOK_BYTES);

  /** The conversation's answers, sent back through the send API of gateways whose webhooks cannot carry them. */
  const answer = async (gateway: Gateway, message: InboundMessage, replies: string[]) => {
    for (const text of replies) {
      try {
        await sendThroughGateway(ctx, gateway, { medium: message.medium, to: message.from, from: message.to, text });
      } catch (e) {
        ctx.log.warn({ gateway, error: e instanceof Error ? e.message : 'unknown' }, 'gateway answer not sent');
      }
    }
  };

  /** Twilio Messaging webhook, SMS and WhatsApp alike; the answer is TwiML carrying the next question. */
  app.post('/channels/twilio/messages', { config: PUBLIC }, async (request, reply) => {
    const config = ctx.config.channels.twilio;
    if (!config) return refuse(request, reply, { gateway: 'twilio', reason: 'not_configured' });
    let params: Array<[string, string]>;
    try {
      // The URL Twilio called, as configured in its console: the public address of Abri and this path.
      params = verifyTwilio({
        authToken: config.authToken,
        url: `${ctx.config.publicUrl}${request.url}`,
        rawBody: rawBody(request),
        header: request.headers['x-twilio-signature'],
      });
    } catch (e) {
      if (e instanceof GatewayRefusal) return refuse(request, reply, { gateway: 'twilio', reason: e.reason });
      throw e;
    }
    const message = parseTwilio(params);
    const result = message ? await receiveInbound(ctx, message) : { replies: [], outcome: 'ignored' };
    ctx.log.info({ gateway: 'twilio', medium: message?.medium, outcome: result.outcome }, 'gateway message');
    return reply.code(200).type('text/xml; charset=utf-8').send(twiml(result.replies));
  });

  /** Vonage Messages API inbound webhook; answers go back through the Messages API. */
  app.post('/channels/vonage/inbound', { config: PUBLIC }, async (request, reply) => {
    const config = ctx.config.channels.vonage;
    if (!config) return refuse(request, reply, { gateway: 'vonage', reason: 'not_configured' });
    const raw = rawBody(request);
    try {
      await verifyVonage({ signatureSecret: config.signatureSecret, rawBody: raw, authorization: request.headers.authorization });
    } catch (e) {
      if (e instanceof GatewayRefusal) return refuse(request, reply, { gateway: 'vonage', reason: e.reason });
      throw e;
    }
    const message = parseVonage(raw);
    const result = message ? await receiveInbound(ctx, message) : { replies: [], outcome: 'ignored' };
    ctx.log.info({ gateway: 'vonage', medium: message?.medium, outcome: result.outcome }, 'gateway message');
    if (message) await answer('vonage', message, result.replies);
    return reply.code(200).send();
  });

  /** Africa's Talking incoming SMS: the secret in the URL is its only proof; answers go back through its API. */
  app.post('/channels/africastalking/:token/inbound', { config: PUBLIC }, async (request, reply) => {
    const config = ctx.config.channels.africasTalking;
    if (!config) return refuse(request, reply, { gateway: 'africastalking', reason: 'not_configured' });
    try {
      verifyCallbackToken(config.callbackToken, (request.params as { token?: unknown }).token);
    } catch (e) {
      if (e instanceof GatewayRefusal) return refuse(request, reply, { gateway: 'africastalking', reason: e.reason });
      throw e;
    }
    const message = parseAfricasTalking(rawBody(request));
    const result = message ? await receiveInbound(ctx, message) : { replies: [], outcome: 'ignored' };
    ctx.log.info({ gateway: 'africastalking', medium: message?.medium, outcome: result.outcome }, 'gateway message');
    if (message) await answer('africastalking', message, result.replies);
    return reply.code(200).send();
  });

  /** Vonage message status webhook (delivered, read...): verified and acknowledged; Abri keeps nothing of it. */
  app.post('/channels/vonage/status', { config: PUBLIC }, async (request, reply) => {
    const config = ctx.config.channels.vonage;
    if (!config) return refuse(request, reply, { gateway: 'vonage', reason: 'not_configured' });
    try {
      await verifyVonage({ signatureSecret: config.signatureSecret, rawBody: rawBody(request), authorization: request.headers.authorization });
    } catch (e) {
      if (e instanceof GatewayRefusal) return refuse(request, reply, { gateway: 'vonage', reason: e.reason });
      throw e;
    }
    return reply.code(204).send();
  });
}
