import { newId } from '../accounts/index.js';
import { generateSigningSecret, newDelivery, webhookCheckEvent } from '../delivery/index.js';
import { HooklineError, notFound } from '../errors/index.js';
import type { BodyType, HttpMethod } from '../http-client/index.js';
import type { SavedWebhookTarget } from '../widgets/index.js';
import type { Sealer } from '../secrets/index.js';
import type { DeliveryRecord, Page, PageRequest, SavedWebhook, Storage } from '../storage/ports.js';
import type { SavedWebhookInput } from './schemas.js';
import {
  maskedUrlAndHeaders,
  openHeaders,
  restoreMaskedSecrets,
  sealHeaders,
} from './saved-webhook-secrets.js';
import { openAuth, redactAuth, sealAuth } from './sealed-auth.js';

export interface WebhookServiceOptions {
  storage: Pick<Storage, 'webhooks' | 'deliveries'>;
  sealer: Sealer;
  now(): Date;
  /** Called after deliveries were stored, so the dispatcher sends them at once. */
  onEnqueued(): void;
}

/** A saved webhook as reads show it: no secret, ever (SPEC §4). */
export function webhookView(webhook: SavedWebhook) {
  return {
    id: webhook.id,
    name: webhook.name,
    method: webhook.method,
    ...maskedUrlAndHeaders(webhook),
    auth: redactAuth(webhook.auth),
    bodyType: webhook.bodyType,
    isDefault: webhook.isDefault,
    disabled: webhook.disabledAt !== null,
    disabledAt: webhook.disabledAt,
    disabledReason: webhook.disabledReason,
    failingSince: webhook.failingSince,
    secretRotation:
      webhook.signingSecrets.length > 1
        ? { previousExpiresAt: webhook.signingSecrets[1]?.expiresAt ?? null }
        : null,
    createdAt: webhook.createdAt,
    updatedAt: webhook.updatedAt,
  };
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
    return updated;
  }

  async delete(accountId: string, id: string): Promise<void> {
    if (!(await this.#options.storage.webhooks.deleteWebhook(accountId, id)))
      throw notFound('webhook');
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

  /** Stores a signed `webhook.check` delivery (SPEC §4 "Check") and returns it. */
  async enqueueCheck(accountId: string, id: string): Promise<DeliveryRecord> {
    const webhook = await this.get(accountId, id);
    const now = this.#options.now();
    const built = newDelivery({
      id: newId('dlv'),
      accountId,
      webhookId: webhook.id,
      event: webhookCheckEvent({
        webhookId: webhook.id,
        name: webhook.name,
        timestamp: now.toISOString(),
      }),
      now,
    });
    if (!built.ok) throw new HooklineError('UNPROCESSABLE', built.message);
    await this.#options.storage.deliveries.enqueueDeliveries([built.delivery]);
    this.#options.onEnqueued();
    return built.delivery;
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

  async #refuseTakenName(accountId: string, name: string): Promise<void> {
    if (await this.#options.storage.webhooks.getWebhookByName(accountId, name)) {
      throw new HooklineError('CONFLICT', `a webhook named "${name}" already exists`);
    }
  }
}
