import { settle } from '../common/settle.js';
import type { ContactStore } from '../ports.js';
import { copy, type MemoryState } from './state.js';

/** A contact's `$user.key` variables, in memory, per account. */
export function createMemoryContacts(state: MemoryState): ContactStore {
  // A JSON pair cannot collide the way `account + ':' + number` could.
  const key = (accountId: string, contactNumber: string) =>
    JSON.stringify([accountId, contactNumber]);
  return {
    getContactVariables: (accountId, contactNumber) =>
      settle(() => copy(state.contacts.get(key(accountId, contactNumber)) ?? {})),

    setContactVariables: (accountId, contactNumber, variables) =>
      settle(() => {
        state.contacts.set(key(accountId, contactNumber), copy(variables));
      }),
  };
}
