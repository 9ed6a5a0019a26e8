import type { Logger } from '../logger.js';

/** A logger that writes nothing, for tests that build server cores and Redis connections. */
export const silentLog: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
