import { asObject, patched, type Config } from './webhook-config.js';

/**
 * `response.mappings` (docs/webhook-widget.md "Response"): save in, path, mandatory and
 * default per row. An empty default is left out (a path that finds nothing sets "" then).
 */
export function MappingsTable({
  value,
  onChange,
}: {
  value: unknown;
  onChange: (rows: Config[]) => void;
}) {
  const rows = Array.isArray(value) ? value.map(asObject) : [];
  const set = (index: number, patch: Config) => {
    onChange(rows.map((row, at) => (at === index ? patched(row, patch) : row)));
  };
  const text = (row: Config, name: string) => {
    const value = row[name];
    return typeof value === 'string' ? value : '';
  };
  return (
    <fieldset className="param-table mappings">
      <legend>Mappings</legend>
      {rows.map((row, index) => (
        <div className="kv-row" key={index}>
          <input
            aria-label={`Mapping ${index + 1} save in`}
            placeholder="$flow.key.name"
            value={text(row, 'saveIn')}
            onChange={(event) => {
              set(index, { saveIn: event.target.value });
            }}
          />
          <input
            aria-label={`Mapping ${index + 1} path`}
            placeholder="data.customer.name"
            value={text(row, 'path')}
            onChange={(event) => {
              set(index, { path: event.target.value });
            }}
          />
          <button
            type="button"
            aria-label={`Remove mapping ${index + 1}`}
            onClick={() => {
              onChange(rows.filter((_, at) => at !== index));
            }}
          >
            ✕
          </button>
          <input
            aria-label={`Mapping ${index + 1} default`}
            placeholder="default"
            value={text(row, 'default')}
            onChange={(event) => {
              set(index, { default: event.target.value === '' ? undefined : event.target.value });
            }}
          />
          <label className="inline-check">
            <input
              type="checkbox"
              aria-label={`Mapping ${index + 1} mandatory`}
              checked={row.mandatory === true}
              onChange={(event) => {
                set(index, { mandatory: event.target.checked });
              }}
            />
            mandatory
          </label>
        </div>
      ))}
      <button
        type="button"
        onClick={() => {
          onChange([...rows, { saveIn: '', path: '', mandatory: false }]);
        }}
      >
        Add mapping
      </button>
    </fieldset>
  );
}
