import { contactNumberOf, systemVariables } from '../engine/index.js';
import type { Account, ExecutionRecord } from '../storage/ports.js';
import type { ExecutionServiceOptions, FlowRef, StartInput } from './execution-types.js';

/**
 * A new execution, `queued`, pinned to this flow version, with its system variables and the
 * contact's saved `$user.key.*` variables (docs/flows.md).
 */
export async function newExecutionRecord(
  options: Pick<ExecutionServiceOptions, 'storage' | 'clock' | 'newId'>,
  account: Account,
  flow: FlowRef,
  input: StartInput,
  scheduledFor: string | null,
): Promise<ExecutionRecord> {
  const { storage, clock } = options;
  const id = options.newId();
  const now = clock.now().toISOString();
  const facts = { from: input.from ?? '', to: input.to ?? '', direction: input.direction };
  const contact = contactNumberOf(facts);
  const userVariables =
    contact === '' ? {} : await storage.contacts.getContactVariables(account.id, contact);
  return {
    id,
    accountId: account.id,
    flowId: flow.id,
    flowVersion: flow.version,
    status: 'queued',
    endReason: null,
    ...facts,
    variables: {
      ...systemVariables({
        ...facts,
        executionId: id,
        flowId: flow.id,
        flowVersion: flow.version,
        accountId: account.id,
        startTime: scheduledFor ?? now,
      }),
      ...userVariables,
      ...input.variables,
    },
    persisted: [],
    path: [],
    events: [],
    steps: [],
    createdAt: now,
    startTime: null,
    endTime: null,
    variablesPurged: false,
    scheduledFor,
  };
}
