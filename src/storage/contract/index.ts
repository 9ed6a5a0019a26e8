/**
 * The storage contract suite (docs/architecture.md): one set of tests every adapter passes, so memory,
 * SQLite and PostgreSQL behave the same. Call it from the adapter's own test file.
 */
import { afterEach, beforeEach, describe } from 'vitest';
import type { Storage } from '../ports.js';
import { describeAccountContract } from './accounts.contract.js';
import { describeAgentContract } from './agents.contract.js';
import { describeCallContract } from './calls.contract.js';
import { describeClaimContract } from './claims.contract.js';
import { describeContactAndTriggerContract } from './contacts-triggers.contract.js';
import type { ContractContext, OpenedStorage, OpenStorage } from './context.js';
import { describeDeliveryContract } from './deliveries.contract.js';
import { describeDeliveryRecoveryContract } from './delivery-recovery.contract.js';
import { describeDurabilityContract } from './durability.contract.js';
import { describeExecutionContract } from './executions.contract.js';
import { describeFinishContract } from './finish.contract.js';
import { describeFlowContract } from './flows.contract.js';
import { describeLeaseContract } from './leases.contract.js';
import { describeFlowListContract } from './flow-lists.contract.js';
import { describeRetentionContract } from './retention.contract.js';
import { describeScheduledExecutionContract } from './scheduled-executions.contract.js';
import { describeShortLinkContract } from './short-links.contract.js';
import { describeWaitContract } from './waits.contract.js';
import { describeWebhookContract } from './webhooks.contract.js';

export type { OpenedStorage, OpenStorage } from './context.js';

/** Registers the whole contract for one adapter; `open` gives each test a fresh empty store. */
export function describeStorageContract(name: string, open: OpenStorage): void {
  describe(`storage contract: ${name}`, () => {
    let opened: OpenedStorage | undefined;

    beforeEach(async () => {
      opened = await open();
    });
    afterEach(async () => {
      await opened?.cleanup();
      opened = undefined;
    });

    const context: ContractContext = {
      storage(): Storage {
        if (!opened) throw new Error('no store is open outside a test');
        return opened.storage;
      },
      reopen: () => opened?.reopen,
    };

    describeAccountContract(context);
    describeFlowContract(context);
    describeFlowListContract(context);
    describeExecutionContract(context);
    describeFinishContract(context);
    describeScheduledExecutionContract(context);
    describeWaitContract(context);
    describeLeaseContract(context);
    describeCallContract(context);
    describeWebhookContract(context);
    describeDeliveryContract(context);
    describeDeliveryRecoveryContract(context);
    describeClaimContract(context);
    describeContactAndTriggerContract(context);
    describeShortLinkContract(context);
    describeAgentContract(context);
    describeRetentionContract(context);
    describeDurabilityContract(context);
  });
}
