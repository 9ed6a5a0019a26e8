import type { ErrorReason } from '../../http-client/index.js';

const REASON_ALIASES: Partial<Record<ErrorReason, string>> = {
  TIMEOUT: 'timeout',
  CONNECTION_ERROR: 'connection',
};

/** Failures that the status code itself explains (a 200 with a missing mapping is not a "2xx" line). */
const STATUS_REASONS = new Set<ErrorReason>(['CLIENT_ERROR', 'SERVER_ERROR', 'REDIRECTION']);

/**
 * docs/webhook-widget.md statusLines: the line a failure leaves on. An exact code beats a class,
 * a class beats a named reason; every other failure leaves on line 1.
 */
export function failureLine(
  statusLines: Readonly<Record<string, number>>,
  statusCode: number,
  reason: ErrorReason,
): number {
  const alias = REASON_ALIASES[reason];
  const code = String(statusCode);
  const keys = [
    ...(STATUS_REASONS.has(reason) ? [code, `${code.charAt(0)}xx`] : []),
    ...(alias === undefined ? [] : [alias]),
    reason,
  ];
  for (const key of keys) {
    const line = statusLines[key];
    if (line !== undefined) return line;
  }
  return 1;
}

/** How many lines a webhook widget may have with these statusLines. */
export function maxLines(statusLines: Readonly<Record<string, number>>): number {
  return Math.max(1, ...Object.values(statusLines)) + 1;
}
