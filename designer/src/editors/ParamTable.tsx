import { asObject } from './webhook-config.js';

interface Param {
  key: string;
  value: string;
  mandatory?: boolean;
}

function rowsOf(value: unknown): Param[] {
  if (!Array.isArray(value)) return [];
  return value.map((item) => {
    const row = asObject(item);
    return {
      ...row,
      key: typeof row.key === 'string' ? row.key : '',
      value: typeof row.value === 'string' ? row.value : '',
    };
  });
}

/**
 * Headers or query parameters (docs/webhook-widget.md "Request"): name, value (a template),
 * **mandatory** (an empty value stops the request), remove; "Add" appends a row.
 */
export function ParamTable({
  title,
  singular,
  value,
  onChange,
}: {
  title: string;
  singular: string;
  value: unknown;
  onChange: (rows: Param[]) => void;
}) {
  const rows = rowsOf(value);
  const set = (index: number, patch: Partial<Param>) => {
    onChange(rows.map((row, at) => (at === index ? { ...row, ...patch } : row)));
  };
  return (
    <fieldset className="param-table">
      <legend>{title}</legend>
      {rows.length > 0 && (
        <div className="kv-row kv-head" aria-hidden="true">
          <span>name</span>
          <span>value</span>
          <span>mandatory</span>
        </div>
      )}
      {rows.map((row, index) => (
        <div className="kv-row" key={index}>
          <input
            aria-label={`${singular} ${index + 1} name`}
            placeholder="name"
            value={row.key}
            onChange={(event) => {
              set(index, { key: event.target.value });
            }}
          />
          <input
            aria-label={`${singular} ${index + 1} value`}
            placeholder="value or $flow.key.…"
            value={row.value}
            onChange={(event) => {
              set(index, { value: event.target.value });
            }}
          />
          <input
            type="checkbox"
            aria-label={`${singular} ${index + 1} mandatory`}
            title="mandatory: an empty value stops the request"
            checked={row.mandatory === true}
            onChange={(event) => {
              set(index, { mandatory: event.target.checked });
            }}
          />
          <button
            type="button"
            aria-label={`Remove ${singular.toLowerCase()} ${index + 1}`}
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
          onChange([...rows, { key: '', value: '', mandatory: false }]);
        }}
      >
        Add {singular.toLowerCase()}
      </button>
    </fieldset>
  );
}
