import type { Storage } from '../ports.js';

/** What an adapter's test file hands the contract suite for each test. */
export interface OpenedStorage {
  storage: Storage;
  /**
   * Opens the same data again after `storage.close()` (durable adapters only): the suite
   * then proves that what was written survives closing and reopening.
   */
  reopen?: () => Promise<Storage>;
  /** Closes whatever is still open and removes the test's data. */
  cleanup: () => Promise<void>;
}

/** Opens a fresh, empty store for one test. */
export type OpenStorage = () => Promise<OpenedStorage>;

/** The store of the running test, for the per-resource suites. */
export interface ContractContext {
  storage(): Storage;
  /** undefined when the adapter cannot reopen (memory). */
  reopen(): (() => Promise<Storage>) | undefined;
}
