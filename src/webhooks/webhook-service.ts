import { newId } from '../accounts/index.js';
import {
  generateSigningSecret,
  newDelivery,
  webhookCheckEvent,
  type WebhookEvent,
} from '../delivery/index.js';
import { HooklineError, notFound } from '../errors/index.js';
import {
  plainHttpRefusal,
  type BodyType,
  type DestinationPolicy,
  type HttpMethod,
} from '../http-client/index.js';
import type { SavedWebhookTarget } from '../widgets/index.js';
import type { Sealer } from '../secrets/index.js';
import type { DeliveryRecord, Page, PageRequest, SavedWebhook, Storage } from '../storage/ports.js';
import type { SavedWebhookInput } from './schemas.js';
import { openHeaders, restoreMaskedSecrets, sealHeaders } from './saved-webhook-secrets.js';
import { openAuth, sealAuth } from './sealed-auth.js';

/** A problem with a flow's setting, in the shape of the flow validator's problems. */
export interface SettingProblem {
  path: string;
  message: string;
  severity: 'error' | 'warning';
}

/** How an event is sent (`WebhookService.deliveryOf`). */
export interface EventDeliveryOptions {
  /** `true`: the account's default webhook; a string: the saved webhook of that name. */
  to: true | string;
  /** With no such webhook: no delivery (default: one recorded failed, `NO_WEBHOOK`). */
  onlyIfExists?: boolean;
  executionId?: string;
  /** Seconds after now the first attempt is due (default 0). */
  delaySeconds?: number;
  /** Where a trimmed `flow.completed` says the whole execution can be read. */
  executionUrl?: string;
}

export interface WebhookServiceOptions {
  storage: Pick<Storage, 'webhooks' | 'deliveries' | 'accounts'>;
  sealer: Sealer;
  /** The operator's allow-list: its hosts are exempt from an account's HTTPS-only rule. */
  policy: DestinationPolicy;
  now(): Date;
  /** Called after deliveries were stored, so the dispatcher sends them at once. */
  onEnqueued(): void;
}

/** Saved webhooks: secrets sealed at rest, shown once, rotated with an overlap. */
export class WebhookService {
  readonly #options: WebhookServiceOptions;

  constructor(options: WebhookServiceOptions) {
    this.#options = options;
  }

  async create(
    accountId: string,
    input: SavedWebhookInput,
  ): Promise<{ webhook: SavedWebhook; secret: string }> {
    const { storage, sealer } = this.#options;
    await this.#refusePlainHttp(accountId, input.url);
    await this.#refuseTakenName(accountId, input.name);
    const now = this.#options.now().toISOString();
    const secret = generateSigningSecret();
    const webhook: SavedWebhook = {
      id: newId('wh'),
      accountId,
      ...this.#fields(restoreMaskedSecrets(input, undefined)),
      signingSecrets: [{ sealed: sealer.seal(secret), createdAt: now }],
      disabledAt: null,
      disabledReason: null,
      failingSince: null,
      createdAt: now,
      updatedAt: now,
    };
    await storage.webhooks.saveWebhook(webhook);
    return { webhook, secret };
  }

  async get(accountId: string, id: string): Promise<SavedWebhook> {
    const webhook = await this.#options.storage.webhooks.getWebhook(accountId, id);
    if (!webhook) throw notFound('webhook');
    return webhook;
  }

  list(accountId: string, page: PageRequest): Promise<Page<SavedWebhook>> {
    return this.#options.storage.webhooks.listWebhooks(accountId, page);
  }

  /** Replaces the fields; re-enables a disabled endpoint (the user fixed it). */
  async update(accountId: string, id: string, input: SavedWebhookInput): Promise<SavedWebhook> {
    const current = await this.get(accountId, id);
    await this.#refusePlainHttp(accountId, input.url);
    if (input.name !== current.name) await this.#refuseTakenName(accountId, input.name);
    const updated: SavedWebhook = {
      ...current,
      ...this.#fields(restoreMaskedSecrets(input, current), current),
      disabledAt: null,
      disabledReason: null,
      failingSince: null,
      updatedAt: this.#options.now().toISOString(),
    };
    await this.#options.storage.webhooks.saveWebhook(updated);
    await this.#releaseWaiting(id);
    return updated;
  }

  /** Deletes; deliveries that waited for it are then failed by the dispatcher (no webhook). */
  async delete(accountId: string, id: string): Promise<void> {
    if (!(await this.#options.storage.webhooks.deleteWebhook(accountId, id)))
      throw notFound('webhook');
    await this.#releaseWaiting(id);
  }

  /**
   * Sends again the webhook's failed deliveries created since `since`, and re-enables a
   * disabled one (its waiting deliveries go too); returns how many were queued.
   */
  async recover(accountId: string, id: string, since: string): Promise<number> {
    const current = await this.get(accountId, id);
    const now = this.#options.now().toISOString();
    if (current.disabledAt !== null) {
      await this.#options.storage.webhooks.saveWebhook({
        ...current,
        disabledAt: null,
        disabledReason: null,
        failingSince: null,
        updatedAt: now,
      });
    }
    const { deliveries } = this.#options.storage;
    const waiting = await deliveries.releaseWaitingDeliveries(id, now);
    const failed = await deliveries.recoverFailedDeliveries(accountId, id, since, now);
    this.#options.onEnqueued();
    return waiting + failed;
  }

  /**
   * Queues one delivery again, due now, with the same `webhook-id` (docs/server.md
   * "Flow end webhook and deliveries"); never one that could not be sent or is pending.
   */
  async resend(accountId: string, id: string): Promise<DeliveryRecord> {
    const { deliveries } = this.#options.storage;
    const found = await deliveries.getDelivery(accountId, id);
    if (!found) throw notFound('delivery');
    if (found.failureReason !== null) {
      throw new HooklineError(
        'CONFLICT',
        `this delivery can never be sent (${found.failureReason})`,
      );
    }
    const now = this.#options.now().toISOString();
    if (!(await deliveries.requeueDelivery(accountId, id, now))) {
      throw new HooklineError('CONFLICT', 'this delivery is already pending');
    }
    this.#options.onEnqueued();
    const delivery = await deliveries.getDelivery(accountId, id);
    if (!delivery) throw notFound('delivery');
    return delivery;
  }

  /**
   * THE way an event becomes a delivery (docs/server.md, deliveries): to the default or a
   * named webhook, waiting while it is disabled, recorded failed when there is none or when
   * it cannot fit 256 KB. The caller stores it with the change that caused it.
   */
  async deliveryOf(
    accountId: string,
    event: WebhookEvent,
    options: EventDeliveryOptions,
  ): Promise<DeliveryRecord | undefined> {
    const { webhooks } = this.#options.storage;
    const webhook =
      options.to === true
        ? await webhooks.getDefaultWebhook(accountId)
        : await webhooks.getWebhookByName(accountId, options.to);
    if (webhook === undefined && options.onlyIfExists === true) return undefined;
    const now = this.#options.now();
    return newDelivery({
      id: newId('dlv'),
      accountId,
      webhook: webhook ?? null,
      event,
      now,
      firstAttemptAt: new Date(now.getTime() + (options.delaySeconds ?? 0) * 1000),
      ...(options.executionId === undefined ? {} : { executionId: options.executionId }),
      ...(options.executionUrl === undefined ? {} : { executionUrl: options.executionUrl }),
    });
  }

  /** A new signing secret; the previous one keeps signing for `overlapSeconds` (both signatures sent). */
  async rotateSecret(
    accountId: string,
    id: string,
    overlapSeconds: number,
  ): Promise<{ webhook: SavedWebhook; secret: string }> {
    const current = await this.get(accountId, id);
    const now = this.#options.now();
    const secret = generateSigningSecret();
    const previous = current.signingSecrets[0];
    const expiresAt = new Date(now.getTime() + overlapSeconds * 1000).toISOString();
    const webhook: SavedWebhook = {
      ...current,
      signingSecrets: [
        { sealed: this.#options.sealer.seal(secret), createdAt: now.toISOString() },
        ...(previous && overlapSeconds > 0
          ? [{ sealed: previous.sealed, createdAt: previous.createdAt, expiresAt }]
          : []),
      ],
      updatedAt: now.toISOString(),
    };
    await this.#options.storage.webhooks.saveWebhook(webhook);
    return { webhook, secret };
  }

  /** Stores a signed `webhook.check` delivery (docs/server.md "Check") and returns it. */
  async enqueueCheck(accountId: string, id: string): Promise<DeliveryRecord> {
    const webhook = await this.get(accountId, id);
    const now = this.#options.now();
    const delivery = newDelivery({
      id: newId('dlv'),
      accountId,
      // Sent even to a disabled webhook: the attempt answers that it is disabled.
      webhook: { id: webhook.id, disabledAt: null },
      event: webhookCheckEvent({
        webhookId: webhook.id,
        name: webhook.name,
        timestamp: now.toISOString(),
      }),
      now,
    });
    await this.#options.storage.deliveries.enqueueDeliveries([delivery]);
    this.#options.onEnqueued();
    return delivery;
  }

  /** The saved webhook a `saved`-mode widget calls, secrets opened; undefined when unknown. */
  async target(accountId: string, name: string): Promise<SavedWebhookTarget | undefined> {
    const webhook = await this.#options.storage.webhooks.getWebhookByName(accountId, name);
    if (!webhook) return undefined;
    return {
      url: webhook.url,
      // Stored from savedWebhookInputSchema, so these are a method and a body type.
      method: webhook.method as HttpMethod,
      auth: openAuth(webhook.auth, this.#options.sealer),
      headers: openHeaders(webhook.headers, this.#options.sealer).map((header) => ({
        ...header,
        mandatory: header.mandatory ?? false,
      })),
      bodyType: webhook.bodyType as BodyType,
    };
  }

  async #releaseWaiting(webhookId: string): Promise<void> {
    const now = this.#options.now().toISOString();
    if ((await this.#options.storage.deliveries.releaseWaitingDeliveries(webhookId, now)) > 0) {
      this.#options.onEnqueued();
    }
  }

  /**
   * What saving a flow learns from its `settings.flowEndWebhook` here: an error for a name no
   * saved webhook has, a warning when `true` finds no default webhook (its events would be
   * recorded failed, `NO_WEBHOOK`).
   */
  async flowEndWebhookProblems(
    accountId: string,
    setting: boolean | string | undefined,
  ): Promise<SettingProblem[]> {
    const path = 'settings.flowEndWebhook';
    const { webhooks } = this.#options.storage;
    if (setting === true && !(await webhooks.getDefaultWebhook(accountId))) {
      const message = 'the account has no default webhook: flow.completed cannot be delivered';
      return [{ path, message, severity: 'warning' }];
    }
    if (typeof setting === 'string' && !(await webhooks.getWebhookByName(accountId, setting))) {
      const message = `no saved webhook named "${setting}" in this account`;
      return [{ path, message, severity: 'error' }];
    }
    return [];
  }

  #fields(input: SavedWebhookInput, current?: SavedWebhook) {
    return {
      name: input.name,
      url: input.url,
      method: input.method,
      auth: sealAuth(input.auth, this.#options.sealer, current?.auth),
      headers: sealHeaders(input.headers, this.#options.sealer, current?.headers),
      bodyType: input.bodyType,
      isDefault: input.isDefault,
    };
  }

  /** docs/server.md "Account": an HTTPS-only account saves no plain http:// URL (same rule as its requests). */
  async #refusePlainHttp(accountId: string, url: string): Promise<void> {
    const account = await this.#options.storage.accounts.getAccount(accountId);
    if (account?.settings.allowPlainHttp === true) return;
    const refusal = plainHttpRefusal(new URL(url), this.#options.policy);
    if (refusal !== undefined) {
      throw new HooklineError('INVALID_REQUEST', refusal, [{ path: 'url', message: refusal }]);
    }
  }

  async #refuseTakenName(accountId: string, name: string): Promise<void> {
    if (await this.#options.storage.webhooks.getWebhookByName(accountId, name)) {
      throw new HooklineError('CONFLICT', `a webhook named "${name}" already exists`);
    }
  }
}
