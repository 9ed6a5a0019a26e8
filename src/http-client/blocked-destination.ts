/**
 * Raised inside the connector when the destination policy refuses an address (docs/webhook-widget.md);
 * nothing was sent. The client's agent is shared by every request, so this error, carried on
 * the failed request, is what tells a refusal apart from any other connect failure.
 */
export class BlockedDestinationError extends Error {
  readonly code = 'HOOKLINE_BLOCKED_DESTINATION';
  constructor(message: string) {
    super(message);
    this.name = 'BlockedDestinationError';
  }
}

/**
 * The BlockedDestinationError behind a failed request, if any: the error itself, its `cause`
 * chain or an AggregateError's members (Node's happy-eyeballs connect may wrap errors).
 */
export function blockedDestinationIn(
  error: unknown,
  depth = 0,
): BlockedDestinationError | undefined {
  if (error instanceof BlockedDestinationError) return error;
  if (depth > 4 || typeof error !== 'object' || error === null) return undefined;
  if (error instanceof AggregateError) {
    for (const member of error.errors) {
      const found = blockedDestinationIn(member, depth + 1);
      if (found !== undefined) return found;
    }
  }
  return 'cause' in error ? blockedDestinationIn(error.cause, depth + 1) : undefined;
}
