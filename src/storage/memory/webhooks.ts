import { settle } from '../common/settle.js';
import type { SavedWebhook, WebhookStore } from '../ports.js';
import { paginate } from './paginate.js';
import { conflict, copy, type MemoryState } from './state.js';

/** Saved webhooks, in memory. */
export function createMemoryWebhooks(state: MemoryState): WebhookStore {
  const ofAccount = (accountId: string): SavedWebhook[] =>
    [...state.webhooks.values()].filter((w) => w.accountId === accountId);

  const owned = (accountId: string, webhookId: string): SavedWebhook | undefined => {
    const webhook = state.webhooks.get(webhookId);
    return webhook?.accountId === accountId ? webhook : undefined;
  };

  return {
    saveWebhook: (webhook) =>
      settle(() => {
        const existing = state.webhooks.get(webhook.id);
        if (existing && existing.accountId !== webhook.accountId) {
          throw conflict(`webhook ${webhook.id}`);
        }
        const others = ofAccount(webhook.accountId).filter((w) => w.id !== webhook.id);
        // docs/webhook-widget.md: `mode: saved` names the webhook, so a name is unique in its account.
        if (others.some((w) => w.name === webhook.name)) {
          throw conflict(`a webhook named ${webhook.name}`);
        }
        // docs/server.md: at most one default per account.
        if (webhook.isDefault) for (const other of others) other.isDefault = false;
        state.webhooks.set(webhook.id, copy(webhook));
      }),

    getWebhook: (accountId, webhookId) => settle(() => copy(owned(accountId, webhookId))),

    getWebhookByName: (accountId, name) =>
      settle(() => copy(ofAccount(accountId).find((w) => w.name === name))),

    getDefaultWebhook: (accountId) =>
      settle(() => copy(ofAccount(accountId).find((w) => w.isDefault))),

    listWebhooks: (accountId, page) =>
      settle(() => copy(paginate(ofAccount(accountId), page, 'asc'))),

    deleteWebhook: (accountId, webhookId) =>
      settle(() => {
        const webhook = owned(accountId, webhookId);
        if (!webhook) return false;
        // Its deliveries stay as history; the dispatcher fails pending ones it cannot send.
        state.webhooks.delete(webhookId);
        return true;
      }),

    getWebhookById: (webhookId) => settle(() => copy(state.webhooks.get(webhookId))),

    disableWebhook: (webhookId, reason, at) =>
      settle(() => {
        const webhook = state.webhooks.get(webhookId);
        // The first cause stays on record; disabling again changes nothing.
        if (!webhook || webhook.disabledAt !== null) return;
        webhook.disabledAt = at;
        webhook.disabledReason = reason;
      }),
  };
}
