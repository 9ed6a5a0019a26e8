import { useEffect, useState } from 'react';
import { ApiError } from '../api.js';
import { lightsOf, stepsOfEvents, type Lights } from './lights.js';
import {
  EXECUTION_STATUSES,
  hasEnded,
  readStopped,
  runApi,
  type ExecutionStatus,
  type ExecutionView,
} from './run-api.js';
import { Outcome, Timeline } from './Timeline.js';
import { useEventStream } from './use-event-stream.js';

function when(iso: string): string {
  return new Date(iso).toLocaleString();
}

/**
 * Follows a running or waiting execution's event stream: the path lights up as it goes, and
 * the execution is read again each time it stops (waits for input, ends). True while live.
 */
function useLive(
  id: string | undefined,
  onLights: (lights: Lights | undefined) => void,
  onRead: (execution: ExecutionView) => void,
): boolean {
  const { events } = useEventStream(id);
  const ended = events.some((event) => event.type === 'end');
  const stops = events.filter(
    (event) => event.type === 'input.request' || event.type === 'end',
  ).length;
  useEffect(() => {
    if (id !== undefined && events.length > 0) onLights(lightsOf(stepsOfEvents(events), ended));
  }, [id, events, ended, onLights]);
  useEffect(() => {
    if (id === undefined || stops === 0) return undefined;
    const stopped = new AbortController();
    readStopped(id, ended, stopped.signal).then(onRead, () => undefined);
    return () => {
      stopped.abort();
    };
  }, [id, stops, ended, onRead]);
  return id !== undefined && !ended;
}

/** One execution: its path lit on the canvas, how it ended, its variables and every step. */
function ExecutionDetail({
  id,
  onBack,
  onLights,
  onFollow,
}: {
  id: string;
  onBack: () => void;
  onLights: (lights: Lights | undefined) => void;
  onFollow: (id: string) => void;
}) {
  const [execution, setExecution] = useState<ExecutionView | undefined>();
  const [error, setError] = useState('');
  useEffect(() => {
    runApi.read(id).then(
      (read) => {
        setExecution(read);
        onLights(lightsOf(read.steps, hasEnded(read)));
      },
      (caught: unknown) => {
        setError(caught instanceof ApiError ? caught.message : String(caught));
      },
    );
    return () => {
      onLights(undefined);
    };
  }, [id, onLights]);
  // One not ended yet is followed through its events until it ends (docs/designer.md).
  const live = useLive(execution && !hasEnded(execution) ? id : undefined, onLights, setExecution);
  return (
    <section aria-label="Execution" className="execution-detail">
      <button type="button" onClick={onBack}>
        Back to the list
      </button>
      <h3>
        Execution <code>{id}</code>
      </h3>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {execution && (
        <>
          <p className="hint">
            {execution.from || '—'} → {execution.to || '—'}, version {execution.flowVersion},{' '}
            {when(execution.createdAt)}
          </p>
          {live && (
            <p className="hint" role="status">
              Following the execution live: its path lights up as it goes.
            </p>
          )}
          {execution.status === 'waiting' && (
            <button
              type="button"
              onClick={() => {
                onFollow(id);
              }}
            >
              Answer in the Run panel
            </button>
          )}
          <Outcome execution={execution} />
          {hasEnded(execution) && (
            <p className="hint">
              An ended execution keeps no $flow.key variables (privacy by default), only those a
              webhook saved with persistResponse.
            </p>
          )}
          <Timeline steps={execution.steps} />
        </>
      )}
    </section>
  );
}

/** A flow's executions, newest first, filtered by status (docs/designer.md "Executions"). */
export function ExecutionsView({
  flowId,
  onLights,
  onFollow,
}: {
  flowId: string;
  onLights: (lights: Lights | undefined) => void;
  /** Opens a waiting execution in the Run panel, to answer it. */
  onFollow: (executionId: string) => void;
}) {
  const [status, setStatus] = useState<ExecutionStatus | ''>('');
  const [items, setItems] = useState<ExecutionView[] | undefined>();
  const [error, setError] = useState('');
  const [open, setOpen] = useState<string | undefined>();
  const [refreshed, setRefreshed] = useState(0);
  useEffect(() => {
    if (open !== undefined) return;
    setItems(undefined);
    runApi.list(flowId, status).then(
      (page) => {
        setItems(page.items);
      },
      (caught: unknown) => {
        setError(caught instanceof ApiError ? caught.message : String(caught));
      },
    );
  }, [flowId, status, open, refreshed]);

  if (open !== undefined) {
    return (
      <ExecutionDetail
        id={open}
        onBack={() => {
          setOpen(undefined);
        }}
        onLights={onLights}
        onFollow={onFollow}
      />
    );
  }
  return (
    <section aria-label="Executions" className="executions">
      <label>
        Status{' '}
        <select
          value={status}
          onChange={(event) => {
            setStatus(event.target.value as ExecutionStatus | '');
          }}
        >
          <option value="">all</option>
          {EXECUTION_STATUSES.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        onClick={() => {
          setRefreshed((count) => count + 1);
        }}
      >
        Refresh
      </button>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {items === undefined ? (
        <p className="hint">Loading…</p>
      ) : items.length === 0 ? (
        <p className="hint">No executions{status ? ` ${status}` : ''}.</p>
      ) : (
        <ul className="execution-list">
          {items.map((item) => (
            <li key={item.id}>
              <button
                type="button"
                aria-label={`Open execution ${item.id}`}
                onClick={() => {
                  setOpen(item.id);
                }}
              >
                <span className={`status ${item.status}`}>{item.status}</span>
                <span>{item.endReason ?? ''}</span>
                <span className="hint">{when(item.createdAt)}</span>
                <code>{item.id}</code>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
