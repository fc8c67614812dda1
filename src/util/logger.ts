import { pino, type Logger as PinoLogger } from 'pino';

export type Logger = PinoLogger;

/**
 * Structured JSON logs. Anything that could carry a personal ID number or a secret is redacted by
 * path; records are never logged whole.
 */
export function createLogger(level = 'info', dest?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'credit-gateway' },
      redact: {
        paths: ['idNo', '*.idNo', '*.*.idNo', 'authorization', '*.authorization', 'token', 'secret', '*.token', '*.secret', 'apiKey', '*.apiKey'],
        censor: '[masked]',
      },
    },
    dest,
  );
}

export const silentLogger: Logger = pino({ level: 'silent' });
