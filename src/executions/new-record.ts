import { contactNumberOf, systemVariables } from '../engine/index.js';
import type { Account, ExecutionRecord, Storage } from '../storage/ports.js';
import type { FlowRef, StartInput } from './execution-types.js';

/**
 * A new `queued` execution of this flow version: the system variables, the contact's
 * stored variables, then the caller's. `scheduledFor` null: due now.
 */
export async function newExecutionRecord(
  contacts: Storage['contacts'],
  id: string,
  now: string,
  account: Account,
  flow: FlowRef,
  input: StartInput,
  scheduledFor: string | null,
): Promise<ExecutionRecord> {
  const facts = { from: input.from ?? '', to: input.to ?? '', direction: input.direction };
  const contact = contactNumberOf(facts);
  const userVariables =
    contact === '' ? {} : await contacts.getContactVariables(account.id, contact);
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
