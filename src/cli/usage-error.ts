/** Exit codes of docs/cli.md. */
export const EXIT = { ok: 0, flowError: 1, usage: 2 } as const;

/** A problem with how the command was called or with its input: exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
