import type { Variables } from '../../flow/index.js';
import type { ContactStore } from '../ports.js';
import type { Db, Query } from './db.js';

const SELECT_VARIABLES: Query<{ variables: string }> = {
  sql: 'SELECT variables FROM contacts WHERE account_id = $1 AND contact_number = $2',
};
const UPSERT_VARIABLES = `INSERT INTO contacts (account_id, contact_number, variables)
  VALUES ($1, $2, $3)
  ON CONFLICT (account_id, contact_number) DO UPDATE SET variables = excluded.variables`;

/** A contact's `$user.key` variables in PostgreSQL, per account. */
export function createPostgresContacts(db: Db): ContactStore {
  return {
    getContactVariables: async (accountId, contactNumber) => {
      const row = await db.get(SELECT_VARIABLES, [accountId, contactNumber]);
      return row ? (JSON.parse(row.variables) as Variables) : {};
    },

    setContactVariables: async (accountId, contactNumber, variables) => {
      await db.run(UPSERT_VARIABLES, [accountId, contactNumber, JSON.stringify(variables)]);
    },
  };
}
