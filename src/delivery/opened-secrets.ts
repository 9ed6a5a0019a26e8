/**
 * The opened (decrypted) secrets of saved webhooks, kept by the dispatcher so that an
 * attempt does not run AES-GCM again for every delivery to the same endpoint.
 */

/** Webhooks whose opened secrets are kept; the least recently used go first. */
const OPENED_SECRETS_MAX_WEBHOOKS = 1024;

/**
 * Keyed by webhook, then by the sealed value itself: a sealed value always opens to the same
 * clear value, and rotating or editing a secret stores a new sealed value, which is opened
 * afresh. Each request build keeps exactly the values it used, so a secret the webhook no
 * longer uses (rotated out, expired, auth changed) is dropped at its next attempt. A value
 * that fails to open is never kept (the next attempt tries again).
 */
export class OpenedSecrets {
  readonly #open: (sealed: string) => string;
  readonly #maxWebhooks: number;
  readonly #byWebhook = new Map<string, Map<string, string>>();

  constructor(open: (sealed: string) => string, maxWebhooks = OPENED_SECRETS_MAX_WEBHOOKS) {
    this.#open = open;
    this.#maxWebhooks = maxWebhooks;
  }

  /** How many webhooks have opened secrets kept (for tests). */
  get size(): number {
    return this.#byWebhook.size;
  }

  /**
   * The opener for one request build of `webhookId`: what it opens (or finds from the
   * webhook's previous build) replaces what was kept for the webhook.
   */
  opener(webhookId: string): (sealed: string) => string {
    const previous = this.#byWebhook.get(webhookId);
    const current = new Map<string, string>();
    // Re-inserted: Map order is the eviction order.
    this.#byWebhook.delete(webhookId);
    this.#byWebhook.set(webhookId, current);
    if (this.#byWebhook.size > this.#maxWebhooks) {
      const oldest = this.#byWebhook.keys().next().value;
      if (oldest !== undefined) this.#byWebhook.delete(oldest);
    }
    return (sealed) => {
      let clear = current.get(sealed) ?? previous?.get(sealed);
      if (clear === undefined) clear = this.#open(sealed);
      current.set(sealed, clear);
      return clear;
    };
  }
}
