export { createSealer, SealedValueError, type Sealer } from './sealer.js';
export { loadSecretKey, SecretKeyError } from './secret-key.js';
