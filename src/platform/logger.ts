import pino, { type Logger, type LoggerOptions } from 'pino';

/**
 * The one place loggers are declared. Log lines carry ids only: never an IP address, a name, free text,
 * contact details or a receipt code. Request serialisers keep method, route and status; redaction is the
 * second line of defence for anything that slips into a log object.
 */
export const REDACT_PATHS = [
  'req.headers',
  'req.remoteAddress',
  'req.remotePort',
  'req.ip',
  'ip',
  'email',
  'name',
  'password',
  'token',
  'code',
  'narrative',
  'body',
  '*.email',
  '*.name',
  '*.password',
  '*.token',
  '*.code',
  '*.body',
  '*.narrative',
];

export function loggerOptions(level: LoggerOptions['level'] = 'info'): LoggerOptions {
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: {
      req(req: { id?: string; method?: string; routeOptions?: { url?: string }; url?: string }) {
        // The route pattern, not the URL: URLs can carry tokens (set-password links) and search terms.
        return { id: req.id, method: req.method, route: req.routeOptions?.url ?? 'unmatched' };
      },
      res(res: { statusCode?: number }) {
        return { statusCode: res.statusCode };
      },
      err: pino.stdSerializers.err,
    },
  };
}

export function createLogger(level: LoggerOptions['level'] = 'info', stream?: pino.DestinationStream): Logger {
  return stream ? pino(loggerOptions(level), stream) : pino(loggerOptions(level));
}
