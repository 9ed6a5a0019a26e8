/**
 * docs/voice.md "Status callback": a call that ended (`CallStatus` completed, busy, no-answer,
 * failed or canceled) ends its execution if it still waits or runs here (`callerHangup`),
 * with the platform's `CallDuration` and `RecordingUrl` for the flow end webhook.
 */
import type { ApiDependencies } from '../context.js';
import type { VoiceForm } from './form.js';
import type { VoiceRequest } from './call.js';

const ENDED = new Set(['completed', 'busy', 'no-answer', 'failed', 'canceled']);

/** The call facts the flow end webhook reports (docs/server.md `flow.completed`). */
function callFacts(form: VoiceForm): Record<string, string> {
  return {
    ...(form.CallDuration === undefined ? {} : { '$flow.syskey.callDuration': form.CallDuration }),
    ...(form.RecordingUrl === undefined ? {} : { '$flow.syskey.recordingUrl': form.RecordingUrl }),
  };
}

/** Ends the call's execution; true when one was ended. */
export async function endCall(
  deps: ApiDependencies,
  { resolved, form }: VoiceRequest,
): Promise<boolean> {
  if (form.CallSid === undefined || !ENDED.has(form.CallStatus ?? '')) return false;
  // Stored (docs/voice.md): found after a restart, and by any process.
  const executionId = await deps.storage.executions.findCallExecution(
    resolved.account.id,
    form.CallSid,
  );
  if (executionId === undefined) return false;
  const record = await deps.storage.executions.getExecution(resolved.account.id, executionId);
  if (record === undefined) return false;
  const withFacts = { ...record, variables: { ...record.variables, ...callFacts(form) } };
  const going = await deps.executions.hangup(withFacts);
  if (going === undefined) return false;
  // Running in another process: it ends there (without the call facts, which it cannot see).
  if (going !== 'requested') await going.ended;
  return true;
}
