import { describe, expect, it } from 'vitest';
import { ACCOUNT_A, at, execution } from '../contract/fixtures.js';
import type { ExecutionRecord } from '../ports.js';
import { createMemoryStorage } from './index.js';

describe('memory store: executions from callers that predate scheduledFor', () => {
  it('stores them as unscheduled (null), as the SQL column default does', async () => {
    const { executions } = createMemoryStorage();
    const legacy: Partial<ExecutionRecord> = execution('ex_1', ACCOUNT_A);
    delete legacy.scheduledFor;
    await executions.createExecution(legacy as ExecutionRecord);
    expect((await executions.getExecution(ACCOUNT_A, 'ex_1'))?.scheduledFor).toBeNull();
    expect(await executions.markExecutionRunning('ex_1', at(30))).toBe(true);
    expect(await executions.nextScheduledTime()).toBeUndefined();
  });
});
