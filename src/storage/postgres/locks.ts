/**
 * Advisory lock keys (two 32-bit halves): the first names what is locked, the second which
 * one (`hashtext` of an id). All are transaction-scoped (`pg_advisory_xact_lock`): COMMIT or
 * ROLLBACK releases them, and so does the server when a process dies mid-transaction.
 */
export const LOCKS = {
  /** Key 1: migrating the database (`migrate.ts`), one process at a time. */
  migrations: 0x686c_0001,
  /** Key 2: an account's default webhook (`webhooks.ts`). */
  accountDefaultWebhook: 0x686c_0002,
  /** Key 2: claiming a webhook's deliveries against its in-flight cap (`claim.ts`). */
  webhookClaim: 0x686c_0003,
  /** Key 2: numbering an execution's events (`execution-events.ts`). */
  executionEvents: 0x686c_0004,
} as const;
