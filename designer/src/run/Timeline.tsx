import type { ExecutionView, StepView } from './run-api.js';

function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

function lineText(step: StepView): string {
  if (step.error) return `error: ${step.error}`;
  if (step.line === null) return 'ended';
  return `line ${step.line} → ${step.next ?? 'nowhere'}`;
}

const field = (detail: Record<string, unknown>, key: string): string =>
  typeof detail[key] === 'string' || typeof detail[key] === 'number' ? String(detail[key]) : '';

/** A webhook step's request and response as the server recorded them (secrets redacted). */
function Exchange({ step, detail }: { step: StepView; detail: Record<string, unknown> }) {
  const target = field(detail, 'url') || field(detail, 'function');
  const status = field(detail, 'status');
  const attempts = field(detail, 'attempts');
  const took = Number(field(detail, 'durationMs') || step.durationMs);
  const failure = [field(detail, 'errorReason'), field(detail, 'error')].filter(Boolean);
  return (
    <dl className="exchange" aria-label={`${step.widgetId} request and response`}>
      <dt>Request</dt>
      <dd>
        {field(detail, 'method')} {target}
      </dd>
      <dt>Response</dt>
      <dd>
        {status ? `status ${status}` : 'no response'}
        {` in ${duration(took)}`}
        {attempts && Number(attempts) > 1 && `, ${attempts} attempts`}
        {failure.length > 0 && ` (${failure.join(': ')})`}
      </dd>
      <dt>As recorded</dt>
      <dd>
        <pre>{JSON.stringify(detail, null, 2)}</pre>
      </dd>
    </dl>
  );
}

/** One step: what ran and where it went; a webhook's request and response when opened. */
function StepItem({ step, index }: { step: StepView; index: number }) {
  const head = (
    <>
      <span className="step-number">{index + 1}</span>
      <span className="step-widget">{step.widgetId}</span>
      <span className="step-type">{step.type}</span>
      <span className="step-line">{lineText(step)}</span>
      <span className="step-duration">{duration(step.durationMs)}</span>
      {step.branch === 'onFlowComplete' && <span className="badge complete">after the flow</span>}
    </>
  );
  if (!step.detail && !step.background) {
    return (
      <li className="step" data-testid={`step-${step.widgetId}`}>
        <div className="step-head">{head}</div>
      </li>
    );
  }
  return (
    <li className="step" data-testid={`step-${step.widgetId}`}>
      <details>
        <summary className="step-head">{head}</summary>
        {step.detail &&
          (step.type === 'webhook' ? (
            <Exchange step={step} detail={step.detail} />
          ) : (
            <pre aria-label={`${step.widgetId} detail`}>{JSON.stringify(step.detail, null, 2)}</pre>
          ))}
        {step.background && (
          <>
            <h4>In the background</h4>
            <pre>{JSON.stringify(step.background, null, 2)}</pre>
          </>
        )}
      </details>
    </li>
  );
}

/** Every step of an execution with its duration (docs/designer.md "Run panel"); collapsible. */
export function Timeline({ steps }: { steps: readonly StepView[] }) {
  return (
    <details className="timeline" open>
      <summary>
        Timeline ({steps.length} step{steps.length === 1 ? '' : 's'})
      </summary>
      {steps.length === 0 ? (
        <p className="hint">No step yet.</p>
      ) : (
        <ol aria-label="Steps">
          {steps.map((step, index) => (
            <StepItem key={index} step={step} index={index} />
          ))}
        </ol>
      )}
    </details>
  );
}

function VariableRows({ variables }: { variables: [string, unknown][] }) {
  return (
    <tbody>
      {variables.map(([name, value]) => (
        <tr key={name}>
          <th scope="row">{name}</th>
          <td>{typeof value === 'string' ? value : JSON.stringify(value)}</td>
        </tr>
      ))}
    </tbody>
  );
}

const isSystem = (name: string) => name.includes('.syskey.');

/**
 * How an execution ended and its variables (docs/designer.md): the flow's and the contact's
 * first, the system ones folded away.
 */
export function Outcome({ execution }: { execution: ExecutionView }) {
  const variables = Object.entries(execution.variables);
  const own = variables.filter(([name]) => !isSystem(name));
  const system = variables.filter(([name]) => isSystem(name));
  return (
    <section className="outcome" aria-label="Outcome">
      <p>
        Status <strong data-testid="run-status">{execution.status}</strong>
        {execution.endReason && (
          <>
            , end reason <strong data-testid="end-reason">{execution.endReason}</strong>
          </>
        )}
      </p>
      {own.length === 0 ? (
        <p className="hint">No flow or contact variables.</p>
      ) : (
        <table className="variables" aria-label="Variables">
          <thead>
            <tr>
              <th scope="col">Variable</th>
              <th scope="col">Value</th>
            </tr>
          </thead>
          <VariableRows variables={own} />
        </table>
      )}
      {system.length > 0 && (
        <details>
          <summary>System variables ({system.length})</summary>
          <table className="variables" aria-label="System variables">
            <VariableRows variables={system} />
          </table>
        </details>
      )}
    </section>
  );
}
