export { addApiKey, authenticate, createAccount, type CreatedAccount } from './accounts.js';
export { generateApiKey, hashToken, keyPrefix } from './api-keys.js';
export { newId, newTimeOrderedId } from './ids.js';
