import { randomBytes } from 'node:crypto';
import { newId } from '../accounts/index.js';
import { event } from '../delivery/index.js';
import type { Clock } from '../engine/index.js';
import type { ExecutionService } from '../executions/execution-service.js';
import type { Account, Storage } from '../storage/ports.js';
import type { WebhookService } from '../webhooks/webhook-service.js';
import type { InternalServices } from '../widgets/index.js';

export interface InternalServicesOptions {
  storage: Storage;
  /** Builds the events' deliveries (`agent.paused`, `agent.unpaused`). */
  webhooks: WebhookService;
  executions: ExecutionService;
  clock: Clock;
  publicUrl: () => string;
  /** New scheduled executions or deliveries were stored: look at them now. */
  onScheduled: () => void;
  onEnqueued: () => void;
}

/** Short link codes: 72 random bits, URL-safe (unguessable). */
function shortCode(): string {
  return randomBytes(9).toString('base64url');
}

/** docs/internal-functions.md internal functions' server side, for one account (another account's objects are not found). */
export function createInternalServices(
  account: Account,
  options: InternalServicesOptions,
): InternalServices {
  const { storage, clock } = options;
  return {
    createOutbound: async ({ flowId, numbers, delayMinutes }) => {
      const flow = await storage.flows.getFlow(account.id, flowId);
      if (!flow) return { ok: false, message: `no flow "${flowId}" in this account` };
      const due = new Date(clock.now().getTime() + delayMinutes * 60_000);
      const records = await options.executions.schedule(account, flow, numbers, due);
      options.onScheduled();
      return {
        ok: true,
        requestId: newId('obd'),
        executionIds: records.map((record) => record.id),
      };
    },
    createShortLink: async (longUrl) => {
      const code = shortCode();
      await storage.shortLinks.createShortLink({
        code,
        accountId: account.id,
        longUrl,
        createdAt: clock.now().toISOString(),
        clicks: 0,
      });
      return `${options.publicUrl()}/s/${code}`;
    },
    saveContactVariables: (contactNumber, variables) =>
      storage.contacts.setContactVariables(account.id, contactNumber, variables),
    setAgentBreak: async (agentId, pause) => {
      const agent = await storage.agents.getAgent(account.id, agentId);
      if (!agent) return { ok: false, message: `no agent "${agentId}" in this account` };
      const now = clock.now();
      const type = pause ? 'agent.paused' : 'agent.unpaused';
      const data = { agentId: agent.id, name: agent.name, onBreak: pause, accountId: account.id };
      // Sent to the default webhook when the account has one.
      const delivery = await options.webhooks.deliveryOf(
        account.id,
        event(type, data, now.toISOString()),
        { to: true, onlyIfExists: true },
      );
      const deliveries = delivery === undefined ? [] : [delivery];
      // docs/server.md: the agent's change and its event are stored in one transaction.
      const updated = await storage.agents.setAgentBreak(
        account.id,
        agentId,
        pause,
        now.toISOString(),
        deliveries,
      );
      if (!updated) return { ok: false, message: `no agent "${agentId}" in this account` };
      if (deliveries.length > 0) options.onEnqueued();
      return { ok: true, name: updated.name, onBreak: updated.onBreak };
    },
  };
}
