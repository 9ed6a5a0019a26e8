import { defineInternalFunction, needsServer } from './define.js';

/** E.164-like: an optional +, then 3 to 15 digits. */
const PHONE_NUMBER = /^\+?[0-9]{3,15}$/;
const MAX_DELAY_MINUTES = 10_080;

/** Splits `contactNumbers` (comma or space separated) into valid and invalid numbers. */
function parseContactNumbers(text: string): { valid: string[]; invalid: string[] } {
  const valid: string[] = [];
  const invalid: string[] = [];
  for (const item of text.split(/[\s,;]+/).filter((part) => part !== '')) {
    const number = item.replace(/[().-]/g, '');
    if (PHONE_NUMBER.test(number)) {
      if (!valid.includes(number)) valid.push(number);
    } else invalid.push(item);
  }
  return { valid, invalid };
}

/** docs/internal-functions.md `createOutbound`: schedules executions of another flow of the same account. */
export const createOutboundFunction = defineInternalFunction({
  name: 'createOutbound',
  description:
    'Schedules one outbound execution of a flow of this account per contact number, delayMinutes from now (durable across restarts).',
  inputs: [
    { name: 'flowID', description: 'the id of a flow of this account', required: true },
    {
      name: 'contactNumbers',
      description: 'phone numbers, comma or space separated',
      required: true,
    },
    { name: 'delayMinutes', description: '0-10080 minutes (default 0)' },
  ],
  outputs: [
    {
      name: 'obdResponseCode',
      description: '200 when every number was scheduled, 207 when some were invalid',
    },
    { name: 'obdReqID', description: 'the id of this request' },
    { name: 'obdPhononUUID', description: 'the first scheduled execution id' },
    { name: 'obdInvalidNumbers', description: 'the numbers that were not valid, comma separated' },
  ],
  needsServer: true,
  run: async ({ inputs, server }) => {
    if (!server) return needsServer('createOutbound');
    const flowId = (inputs['flowID'] ?? '').trim();
    const delayText = (inputs['delayMinutes'] ?? '').trim() || '0';
    const delayMinutes = Number(delayText);
    if (!/^\d+$/.test(delayText) || delayMinutes > MAX_DELAY_MINUTES) {
      return {
        ok: false,
        reason: 'INVALID_REQUEST',
        message: `delayMinutes must be a whole number from 0 to ${MAX_DELAY_MINUTES}`,
      };
    }
    const { valid, invalid } = parseContactNumbers(inputs['contactNumbers'] ?? '');
    const invalidText = invalid.join(',');
    if (flowId === '')
      return { ok: false, reason: 'INVALID_REQUEST', message: 'flowID is required' };
    if (valid.length === 0) {
      return {
        ok: false,
        reason: 'INVALID_REQUEST',
        message: 'no valid contact number',
        outputs: { obdResponseCode: 400, obdInvalidNumbers: invalidText },
      };
    }
    const scheduled = await server.createOutbound({ flowId, numbers: valid, delayMinutes });
    if (!scheduled.ok) {
      return {
        ok: false,
        reason: 'CLIENT_ERROR',
        message: scheduled.message,
        outputs: { obdResponseCode: 404 },
      };
    }
    return {
      ok: true,
      outputs: {
        obdResponseCode: invalid.length === 0 ? 200 : 207,
        obdReqID: scheduled.requestId,
        obdPhononUUID: scheduled.executionIds[0] ?? '',
        obdInvalidNumbers: invalidText,
      },
    };
  },
});
