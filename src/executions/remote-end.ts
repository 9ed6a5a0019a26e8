import type { ExecutionRecord, ExecutionStore } from '../storage/ports.js';

/**
 * The end of an execution another process may run, read from the store every `pollMs` for
 * up to `maxWaitMs` (`?wait=true` in scale-out mode); undefined when it has not ended (or
 * started waiting for the caller) by then. Cross-process signals can replace the polling.
 */
export function pollForEnd(
  executions: Pick<ExecutionStore, 'getExecution'>,
  options: { pollMs: number; maxWaitMs: number },
): (record: ExecutionRecord) => Promise<ExecutionRecord | undefined> {
  return async (record) => {
    const deadline = Date.now() + options.maxWaitMs;
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, options.pollMs).unref());
      const now = await executions.getExecution(record.accountId, record.id).catch(() => record);
      if (now === undefined) return undefined;
      if (now.status !== 'queued' && now.status !== 'running') return now;
    }
    return undefined;
  };
}
