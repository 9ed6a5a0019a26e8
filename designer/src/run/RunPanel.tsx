import { useEffect, useMemo, useState, type SyntheticEvent } from 'react';
import { ApiError } from '../api.js';
import { lightsOf, stepsOfEvents, type Lights } from './lights.js';
import { callState } from './call-state.js';
import { Phone } from './Phone.js';
import { hasEnded, readStopped, runApi, type ExecutionView } from './run-api.js';
import { Outcome, Timeline } from './Timeline.js';
import { useEventStream } from './use-event-stream.js';

interface Row {
  key: string;
  value: string;
}

/** The call's form: From, To and variables (name and value rows). */
function CallForm({ onStart }: { onStart: (body: Parameters<typeof runApi.start>[1]) => void }) {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [rows, setRows] = useState<Row[]>([]);
  const setRow = (index: number, row: Row) => {
    setRows((current) => current.map((old, at) => (at === index ? row : old)));
  };
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    const variables = Object.fromEntries(
      rows.filter((row) => row.key.trim() !== '').map((row) => [row.key.trim(), row.value]),
    );
    onStart({ ...(from ? { from } : {}), ...(to ? { to } : {}), variables });
  };
  return (
    <form className="call-form" onSubmit={submit} aria-label="Call">
      <label>
        From{' '}
        <input
          value={from}
          onChange={(event) => {
            setFrom(event.target.value);
          }}
        />
      </label>
      <label>
        To{' '}
        <input
          value={to}
          onChange={(event) => {
            setTo(event.target.value);
          }}
        />
      </label>
      {rows.map((row, index) => (
        <div className="variable-row" key={index}>
          <input
            aria-label={`Call variable ${index + 1} name`}
            placeholder="name"
            value={row.key}
            onChange={(event) => {
              setRow(index, { ...row, key: event.target.value });
            }}
          />
          <input
            aria-label={`Call variable ${index + 1} value`}
            placeholder="value"
            value={row.value}
            onChange={(event) => {
              setRow(index, { ...row, value: event.target.value });
            }}
          />
          <button
            type="button"
            aria-label={`Remove call variable ${index + 1}`}
            onClick={() => {
              setRows((current) => current.filter((_, at) => at !== index));
            }}
          >
            ×
          </button>
        </div>
      ))}
      <div className="panel-actions">
        <button
          type="button"
          onClick={() => {
            setRows((current) => [...current, { key: '', value: '' }]);
          }}
        >
          Add call variable
        </button>
        <button type="submit" className="primary">
          Start call
        </button>
      </div>
    </form>
  );
}

/**
 * The Run panel (docs/designer.md): starts an execution of the saved flow and follows it as a
 * phone, driven by its event stream; the path lights up on the canvas through `onLights`.
 */
export function RunPanel({
  flowId,
  onLights,
  onLive,
  initialId,
}: {
  flowId: string;
  onLights: (lights: Lights | undefined) => void;
  /** The call in progress: its execution id until it ends (undefined when none). */
  onLive: (executionId: string | undefined) => void;
  /** An execution already started (one waiting, opened from the Executions view). */
  initialId?: string | undefined;
}) {
  const [executionId, setExecutionId] = useState<string | undefined>(initialId);
  const [error, setError] = useState('');
  // The last answer's reply: with ?wait=true it carries every variable, even once ended
  // (the stored ones lose their $flow.key.* variables at the end: docs/server.md).
  const [answered, setAnswered] = useState<ExecutionView | undefined>();
  const [read, setRead] = useState<ExecutionView | undefined>();
  const { events, lost } = useEventStream(executionId);
  const call = useMemo(() => callState(events), [events]);
  const stops = events.filter(
    (event) => event.type === 'input.request' || event.type === 'end',
  ).length;

  useEffect(
    () => () => {
      onLights(undefined);
    },
    [onLights],
  );
  useEffect(() => {
    onLights(executionId ? lightsOf(stepsOfEvents(events), call.ended) : undefined);
  }, [executionId, events, call.ended, onLights]);
  useEffect(() => {
    onLive(call.ended ? undefined : executionId);
    return () => {
      onLive(undefined);
    };
  }, [executionId, call.ended, onLive]);

  // Steps (with durations and webhook details) are read each time the run stops.
  useEffect(() => {
    if (executionId === undefined || stops === 0) return undefined;
    const stopped = new AbortController();
    readStopped(executionId, call.ended, stopped.signal).then(setRead, (caught: unknown) => {
      if (!stopped.signal.aborted)
        setError(caught instanceof ApiError ? caught.message : String(caught));
    });
    return () => {
      stopped.abort();
    };
  }, [executionId, stops, call.ended]);

  const start = (body: Parameters<typeof runApi.start>[1]) => {
    setError('');
    setAnswered(undefined);
    setRead(undefined);
    runApi.start(flowId, body).then(
      (started) => {
        setExecutionId(started.id);
      },
      (caught: unknown) => {
        setError(caught instanceof ApiError ? caught.message : String(caught));
      },
    );
  };

  const final =
    read && call.ended
      ? { ...read, variables: answered && hasEnded(answered) ? answered.variables : read.variables }
      : undefined;
  return (
    <>
      <p className="hint">Calls the saved flow: save first to run your changes.</p>
      {executionId === undefined && <CallForm onStart={start} />}
      {executionId !== undefined && call.ended && (
        <button
          type="button"
          onClick={() => {
            setExecutionId(undefined);
            setRead(undefined);
          }}
        >
          New call
        </button>
      )}
      {(error || (lost && !call.ended)) && (
        <p className="error" role="alert">
          {error || 'The call’s event stream was refused: reload the page to follow it again.'}
        </p>
      )}
      {executionId && <Phone executionId={executionId} call={call} onAnswered={setAnswered} />}
      {final && <Outcome execution={final} />}
      {read && <Timeline steps={read.steps} />}
    </>
  );
}
