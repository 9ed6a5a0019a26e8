import type { FlowSummary } from './types.js';

/** A flow's last execution in the flows list: its state, why it ended, when it started. */
export function LastExecution({ last }: { last: FlowSummary['lastExecution'] }) {
  if (!last) return <span className="muted">never run</span>;
  const ended = last.endReason ? ` (${last.endReason})` : '';
  return (
    <span className={`execution-state ${last.status}`} title={last.id}>
      {last.status}
      {ended}
      {last.startTime && (
        <time dateTime={last.startTime}>{new Date(last.startTime).toLocaleString()}</time>
      )}
    </span>
  );
}
