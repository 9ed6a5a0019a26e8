import { contactNumberOf, type ExecutionResult } from '../engine/index.js';
import type { Variables } from '../flow/index.js';
import type { ContactStore, ExecutionRecord } from '../storage/ports.js';

/** Stores the contact's `$user.key.*` variables when the run changed them. */
export async function saveContactVariables(
  contacts: ContactStore,
  record: ExecutionRecord,
  result: Pick<ExecutionResult, 'variables'>,
): Promise<void> {
  const contact = contactNumberOf(record);
  if (contact === '') return;
  const before = userKeys(record.variables);
  const after = userKeys(result.variables);
  if (JSON.stringify(before) === JSON.stringify(after)) return;
  await contacts.setContactVariables(record.accountId, contact, after);
}

function userKeys(variables: Variables): Variables {
  return Object.fromEntries(
    Object.entries(variables)
      .filter(([name]) => name.startsWith('$user.key.'))
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
}
