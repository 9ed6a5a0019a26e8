import type { Storage } from '../ports.js';
import { createMemoryAccounts } from './accounts.js';
import { createMemoryAgents } from './agents.js';
import { createMemoryContacts } from './contacts.js';
import { createMemoryDeliveries } from './deliveries.js';
import { createMemoryExecutions } from './executions.js';
import { createMemoryFlows } from './flows.js';
import { createMemoryRetention } from './retention.js';
import { createMemoryShortLinks } from './short-links.js';
import { createMemoryState } from './state.js';
import { createMemoryTriggers } from './triggers.js';
import { createMemoryWebhooks } from './webhooks.js';

/**
 * A complete store held in memory: for `hookline run`, tests and dispatcher tests. It keeps
 * every promise of the ports (account isolation, all-or-nothing outbox, leases) but nothing
 * survives the process. Objects are copied in and out, as a database would.
 */
export function createMemoryStorage(): Storage {
  const state = createMemoryState();
  return {
    accounts: createMemoryAccounts(state),
    flows: createMemoryFlows(state),
    executions: createMemoryExecutions(state),
    webhooks: createMemoryWebhooks(state),
    deliveries: createMemoryDeliveries(state),
    contacts: createMemoryContacts(state),
    triggers: createMemoryTriggers(state),
    shortLinks: createMemoryShortLinks(state),
    agents: createMemoryAgents(state),
    retention: createMemoryRetention(state),
    close: () => Promise.resolve(),
  };
}
