import type { Variables } from '../../flow/index.js';
import type { ContactStore } from '../ports.js';
import type { Query, SqliteConnection } from './connection.js';
import { settleSql } from './settle-sql.js';

const SELECT_VARIABLES: Query<{ variables: string }> = {
  sql: 'SELECT variables FROM contacts WHERE account_id = ? AND contact_number = ?',
};
const UPSERT_VARIABLES = `INSERT INTO contacts (account_id, contact_number, variables)
  VALUES (?, ?, ?)
  ON CONFLICT (account_id, contact_number) DO UPDATE SET variables = excluded.variables`;

/** A contact's `$user.key` variables in SQLite, per account. */
export function createSqliteContacts(sql: SqliteConnection): ContactStore {
  return {
    getContactVariables: (accountId, contactNumber) =>
      settleSql(() => {
        const row = sql.get(SELECT_VARIABLES, accountId, contactNumber);
        return row ? (JSON.parse(row.variables) as Variables) : {};
      }),

    setContactVariables: (accountId, contactNumber, variables) =>
      settleSql(() => {
        sql.run(UPSERT_VARIABLES, accountId, contactNumber, JSON.stringify(variables));
      }),
  };
}
