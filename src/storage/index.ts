/**
 * Storage (docs/architecture.md): the narrow ports every store implements, the in-memory store
 * (`hookline run`, tests) and the embedded SQLite store (`hookline serve`). Only the
 * composition root picks one.
 */
export * from './ports.js';
export { createMemoryStorage } from './memory/index.js';
export { createSqliteStorage, migrateSqlite, type SqliteStorageOptions } from './sqlite/index.js';
