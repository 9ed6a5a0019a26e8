import { describe, expect, it } from 'vitest';
import { keepPersistedVariables } from './variables.js';

describe('keepPersistedVariables (privacy purge, docs/webhook-widget.md)', () => {
  it('drops flow keys not marked persisted and keeps system and user keys', () => {
    const variables = {
      '$flow.key.kept': 'k',
      '$flow.key.secret': 'personal data',
      '$flow.key.lookup.response_raw': '{"ssn":"1"}',
      '$flow.syskey.executionId': 'ex_1',
      '$user.key.language': 'en',
      '$user.syskey.contactNumber': '+15550001',
    };
    expect(keepPersistedVariables(variables, ['$flow.key.kept', '$flow.key.absent'])).toEqual({
      '$flow.key.kept': 'k',
      '$flow.syskey.executionId': 'ex_1',
      '$user.key.language': 'en',
      '$user.syskey.contactNumber': '+15550001',
    });
    expect(variables['$flow.key.secret']).toBe('personal data');
  });
});
