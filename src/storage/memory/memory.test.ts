import { describeStorageContract } from '../contract/index.js';
import { createMemoryStorage } from './index.js';

describeStorageContract('memory', () =>
  Promise.resolve({ storage: createMemoryStorage(), cleanup: () => Promise.resolve() }),
);
