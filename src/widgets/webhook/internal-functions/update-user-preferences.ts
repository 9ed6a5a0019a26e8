import type { Variables } from '../../../flow/index.js';
import { defineInternalFunction, needsServer } from './define.js';

const USER_KEY = '$user.key.';

/** docs/internal-functions.md `updateUserPreferences`: saves the contact's `$user.key` variables now. */
export const updateUserPreferencesFunction = defineInternalFunction({
  name: 'updateUserPreferences',
  description:
    'Saves the $user.key.* variables of this execution for $user.syskey.contactNumber; later executions for that contact start with them.',
  inputs: [],
  outputs: [
    { name: 'userPrefsStatus', description: 'SUCCESS, or FAILED with the reason in response_raw' },
  ],
  needsServer: true,
  run: async ({ variables, server }) => {
    if (!server) return needsServer('updateUserPreferences');
    const contact = variables['$user.syskey.contactNumber'];
    if (typeof contact !== 'string' || contact === '') {
      return {
        ok: false,
        reason: 'INVALID_REQUEST',
        message: 'this execution has no contact number ($user.syskey.contactNumber)',
        outputs: { userPrefsStatus: 'FAILED' },
      };
    }
    const preferences: Variables = {};
    for (const [name, value] of Object.entries(variables)) {
      if (name.startsWith(USER_KEY)) preferences[name] = value;
    }
    await server.saveContactVariables(contact, preferences);
    return { ok: true, outputs: { userPrefsStatus: 'SUCCESS' } };
  },
});
