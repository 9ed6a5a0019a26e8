import { pino, type Logger as PinoLogger } from 'pino';

export type Logger = Pick<PinoLogger, 'debug' | 'info' | 'warn' | 'error'>;

/**
 * pino JSON logs with secrets redacted wherever they could appear (auth fields, keys,
 * signing secrets, Authorization headers,
 * the designer's session cookie). Request bodies are never logged.
 */
export function createLogger(
  options: { level?: string; destination?: NodeJS.WritableStream } = {},
): PinoLogger {
  return pino(
    {
      level: options.level ?? 'info',
      redact: {
        paths: [
          '*.password',
          '*.token',
          '*.secret',
          '*.apiKey',
          '*.value',
          '*.authorization',
          '*.headers.authorization',
          'req.headers.authorization',
          '*.headers.cookie',
          'req.headers.cookie',
          '*.headers["set-cookie"]',
          'err.config',
        ],
        censor: '[redacted]',
      },
    },
    options.destination ?? process.stderr,
  );
}
