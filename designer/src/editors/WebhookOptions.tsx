import { asObject, patched, statusLinesOf, statusRows, type Config } from './webhook-config.js';

const RETRY_ON = ['429', '5xx', 'timeout', 'connection'];

function Check({
  label,
  checked,
  onChange,
}: {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  return (
    <label className="checkbox">
      <input
        type="checkbox"
        checked={checked}
        onChange={(event) => {
          onChange(event.target.checked);
        }}
      />
      {label}
    </label>
  );
}

/** A number input; empty gives undefined (the server's default). */
function NumberInput(props: {
  label: string;
  value: unknown;
  min: number;
  max: number;
  placeholder: string;
  onChange: (value: number | undefined) => void;
}) {
  return (
    <label>
      {props.label}
      <input
        type="number"
        min={props.min}
        max={props.max}
        placeholder={props.placeholder}
        value={typeof props.value === 'number' ? props.value : ''}
        onChange={(event) => {
          props.onChange(event.target.value === '' ? undefined : Number(event.target.value));
        }}
      />
    </label>
  );
}

/** Retries: attempts (0–5) and the failures retried. */
function Retry({ config, set }: { config: Config; set: (patch: Config) => void }) {
  const retry = asObject(config.retry);
  const on = Array.isArray(retry.on) ? (retry.on as string[]) : [];
  const setRetry = (patch: Config) => {
    const next = patched({ attempts: 0, on: [], ...retry }, patch);
    set({ retry: next.attempts === 0 && (next.on as string[]).length === 0 ? undefined : next });
  };
  return (
    <fieldset className="retry">
      <legend>Retries</legend>
      <NumberInput
        label="Retry attempts"
        value={retry.attempts}
        min={0}
        max={5}
        placeholder="0"
        onChange={(attempts) => {
          setRetry({ attempts: attempts ?? 0 });
        }}
      />
      <div className="inline-checks">
        {RETRY_ON.map((kind) => (
          <Check
            key={kind}
            label={`Retry on ${kind}`}
            checked={on.includes(kind)}
            onChange={(checked) => {
              setRetry({ on: checked ? [...on, kind] : on.filter((item) => item !== kind) });
            }}
          />
        ))}
      </div>
    </fieldset>
  );
}

/** `statusLines`: a failure kind (404, 4xx, timeout, an error_reason) → a line from 2. */
function StatusLines({ config, set }: { config: Config; set: (patch: Config) => void }) {
  const rows = statusRows(config);
  const save = (next: typeof rows) => {
    set({ statusLines: statusLinesOf(next) });
  };
  return (
    <fieldset className="param-table">
      <legend>Status lines</legend>
      {rows.map((row, index) => (
        <div className="kv-row" key={index}>
          <input
            aria-label={`Status line ${index + 1} failure`}
            placeholder="404, 4xx, timeout…"
            value={row.key}
            onChange={(event) => {
              save(
                rows.map((item, at) =>
                  at === index ? { ...item, key: event.target.value } : item,
                ),
              );
            }}
          />
          <input
            type="number"
            aria-label={`Status line ${index + 1} line`}
            min={2}
            max={63}
            value={row.line}
            onChange={(event) => {
              const line = Number(event.target.value);
              save(rows.map((item, at) => (at === index ? { ...item, line } : item)));
            }}
          />
          <button
            type="button"
            aria-label={`Remove status line ${index + 1}`}
            onClick={() => {
              save(rows.filter((_, at) => at !== index));
            }}
          >
            ✕
          </button>
        </div>
      ))}
      <button
        type="button"
        disabled={rows.some((row) => row.key === '')}
        onClick={() => {
          const line = Math.max(1, ...rows.map((row) => row.line)) + 1;
          save([...rows, { key: '', line }]);
        }}
      >
        Add status line
      </button>
    </fieldset>
  );
}

/** Waiting, timeout, hold music, persistence, retries and status lines (docs/webhook-widget.md "Sending"). */
export function WebhookOptions({
  config,
  onChange,
}: {
  config: Config;
  onChange: (config: Config) => void;
}) {
  const set = (patch: Config) => {
    onChange(patched(config, patch));
  };
  const hold = asObject(config.holdMusic);
  const wait = config.waitForResponse !== false;
  return (
    <>
      <Check
        label="Wait for the response"
        checked={wait}
        onChange={(checked) => {
          set({ waitForResponse: checked ? undefined : false });
        }}
      />
      <NumberInput
        label="Timeout (seconds, 1–60)"
        value={config.timeoutSeconds}
        min={1}
        max={60}
        placeholder="10"
        onChange={(timeoutSeconds) => {
          set({ timeoutSeconds });
        }}
      />
      <Check
        label="Hold music while waiting"
        checked={hold.enabled === true}
        onChange={(enabled) => {
          set({ holdMusic: enabled ? { ...hold, enabled } : undefined });
        }}
      />
      {hold.enabled === true && (
        <label>
          Hold music audio (URL or built-in name)
          <input
            value={typeof hold.audio === 'string' ? hold.audio : ''}
            onChange={(event) => {
              set({ holdMusic: patched(hold, { audio: event.target.value || undefined }) });
            }}
          />
        </label>
      )}
      <Check
        label="Persist the response variables"
        checked={config.persistResponse === true}
        onChange={(checked) => {
          set({ persistResponse: checked ? true : undefined });
        }}
      />
      <Retry config={config} set={set} />
      <StatusLines config={config} set={set} />
    </>
  );
}
