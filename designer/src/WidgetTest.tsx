import { useState } from 'react';
import { api, ApiError } from './api.js';
import { ResponseTree } from './ResponseTree.js';
import type { WidgetTestResult } from './types.js';

type Row = { key: string; value: string };

/** The variables the test runs with, as a key/value table. */
function VariablesTable({ rows, onChange }: { rows: Row[]; onChange: (rows: Row[]) => void }) {
  const set = (index: number, patch: Partial<Row>) => {
    onChange(rows.map((row, at) => (at === index ? { ...row, ...patch } : row)));
  };
  return (
    <fieldset className="test-variables">
      <legend>Variables</legend>
      {rows.map((row, index) => (
        <div className="kv-row" key={index}>
          <input
            aria-label={`Variable ${index + 1} name`}
            value={row.key}
            onChange={(event) => {
              set(index, { key: event.target.value });
            }}
          />
          <input
            aria-label={`Variable ${index + 1} value`}
            value={row.value}
            onChange={(event) => {
              set(index, { value: event.target.value });
            }}
          />
          <button
            type="button"
            aria-label={`Remove variable ${index + 1}`}
            onClick={() => {
              onChange(rows.filter((_, at) => at !== index));
            }}
          >
            ✕
          </button>
        </div>
      ))}
      <button
        type="button"
        onClick={() => {
          onChange([...rows, { key: '', value: '' }]);
        }}
      >
        Add variable
      </button>
    </fieldset>
  );
}

function Result({
  result,
  onPick,
}: {
  result: WidgetTestResult;
  onPick: (path: string, type: 'json' | 'xml') => void;
}) {
  const { request, response } = result;
  return (
    <div className="test-result" aria-label="Test result">
      {request && (
        <details>
          <summary>
            Request: {request.method} {request.url}
          </summary>
          <ul className="test-headers">
            {request.headers.map(([name, value], index) => (
              <li key={index}>
                <code>
                  {name}: {value}
                </code>
              </li>
            ))}
          </ul>
          {request.body !== null && <pre className="test-body">{request.body}</pre>}
        </details>
      )}
      {response === null ? (
        <p>No request was sent.</p>
      ) : (
        <>
          <p role="status" data-testid="test-status">
            Status {response.status} in {response.durationMs} ms
            {'error' in response ? `: ${response.error}` : ''}
          </p>
          {'headers' in response && (
            <>
              <details>
                <summary>Response headers</summary>
                <ul className="test-headers">
                  {Object.entries(response.headers).map(([name, value]) => (
                    <li key={name}>
                      <code>
                        {name}: {value}
                      </code>
                    </li>
                  ))}
                </ul>
              </details>
              <p className="hint">Press a value to save it in a flow variable.</p>
              <ResponseTree body={response.body} onPick={onPick} />
            </>
          )}
        </>
      )}
    </div>
  );
}

/** Runs a webhook widget's config once (`POST /v1/widget-tests`) and shows what happened. */
export function WidgetTest({
  config,
  from,
  onPick,
}: {
  config: unknown;
  /** The saved flow and widget whose stored secrets stand in for `***` values. */
  from: { flowId: string; widgetId: string };
  onPick: (path: string, type: 'json' | 'xml') => void;
}) {
  const [rows, setRows] = useState<Row[]>([]);
  const [result, setResult] = useState<WidgetTestResult | undefined>();
  const [error, setError] = useState('');
  const [running, setRunning] = useState(false);
  const run = () => {
    setRunning(true);
    setError('');
    const variables = Object.fromEntries(
      rows.filter((row) => row.key !== '').map((row) => [row.key, row.value]),
    );
    api
      .testWidget(config ?? {}, variables, from)
      .then(setResult, (caught: unknown) => {
        setResult(undefined);
        if (!(caught instanceof ApiError)) {
          setError(String(caught));
          return;
        }
        const problems = caught.details.map((detail) =>
          [detail.path, detail.message].filter(Boolean).join(': '),
        );
        setError([caught.message, ...problems].join('\n'));
      })
      .finally(() => {
        setRunning(false);
      });
  };
  return (
    <section className="widget-test" aria-label="Test request">
      <h3>Test request</h3>
      {JSON.stringify(config ?? {}).includes('"***"') && (
        <p className="hint">
          A secret shown as *** is sent as the flow last saved it: save first to test a new one.
        </p>
      )}
      <VariablesTable rows={rows} onChange={setRows} />
      <button type="button" className="primary" onClick={run} disabled={running}>
        {running ? 'Testing…' : 'Test'}
      </button>
      {error && (
        <p role="alert" className="error test-error">
          {error}
        </p>
      )}
      {result && <Result result={result} onPick={onPick} />}
    </section>
  );
}
