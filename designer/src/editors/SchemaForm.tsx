import {
  chosenOption,
  emptyRow,
  withField,
  type FormField,
  type FormShape,
  type ScalarField,
  type TableField,
} from './schema-form.js';

type Config = Record<string, unknown>;

function asConfig(value: unknown): Config {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Config)
    : {};
}

/** One scalar input; `label` is its accessible name (visible in forms, aria in tables). */
function ScalarInput({
  field,
  value,
  label,
  onChange,
}: {
  field: ScalarField;
  value: unknown;
  label: string;
  onChange: (value: unknown) => void;
}) {
  if (field.kind === 'boolean') {
    return (
      <input
        type="checkbox"
        aria-label={label}
        checked={value === true || (value === undefined && field.default === true)}
        onChange={(event) => {
          onChange(event.target.checked);
        }}
      />
    );
  }
  if (field.kind === 'enum') {
    return (
      <select
        aria-label={label}
        value={typeof value === 'string' ? value : (field.default ?? '')}
        onChange={(event) => {
          onChange(event.target.value);
        }}
      >
        {!field.required && field.default === undefined && <option value="">(default)</option>}
        {field.options.map((option) => (
          <option key={option}>{option}</option>
        ))}
      </select>
    );
  }
  if (field.kind === 'integer') {
    return (
      <input
        type="number"
        aria-label={label}
        min={field.minimum}
        max={field.maximum}
        placeholder={field.default === undefined ? '' : String(field.default)}
        value={typeof value === 'number' ? value : ''}
        onChange={(event) => {
          const text = event.target.value;
          onChange(text === '' ? undefined : Number(text));
        }}
      />
    );
  }
  return (
    <input
      aria-label={label}
      placeholder={field.default ?? ''}
      value={typeof value === 'string' ? value : ''}
      onChange={(event) => {
        onChange(event.target.value);
      }}
    />
  );
}

/** An array of objects as rows: one input per column, remove per row, "Add" below. */
function Table({
  field,
  rows,
  onChange,
}: {
  field: TableField;
  rows: Config[];
  onChange: (rows: Config[]) => void;
}) {
  const singular = field.label.replace(/s$/, '');
  return (
    <fieldset className="form-table">
      <legend>{field.label}</legend>
      {rows.map((row, index) => (
        <div className="kv-row" key={index}>
          {field.columns.map((column) => (
            <ScalarInput
              key={column.name}
              field={column}
              value={row[column.name]}
              label={`${singular} ${index + 1} ${column.label.toLowerCase()}`}
              onChange={(value) => {
                onChange(
                  rows.map((item, at) => (at === index ? withField(item, column, value) : item)),
                );
              }}
            />
          ))}
          <button
            type="button"
            aria-label={`Remove ${singular.toLowerCase()} ${index + 1}`}
            disabled={rows.length <= field.minItems}
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
          onChange([...rows, emptyRow(field)]);
        }}
      >
        Add {singular.toLowerCase()}
      </button>
    </fieldset>
  );
}

function Fields({
  fields,
  config,
  onChange,
}: {
  fields: FormField[];
  config: Config;
  onChange: (config: Config) => void;
}) {
  return (
    <>
      {fields.map((field) =>
        field.kind === 'table' ? (
          <Table
            key={field.name}
            field={field}
            rows={Array.isArray(config[field.name]) ? (config[field.name] as Config[]) : []}
            onChange={(rows) => {
              onChange(withField(config, field, rows));
            }}
          />
        ) : (
          <label key={field.name} className={field.kind === 'boolean' ? 'checkbox' : undefined}>
            {field.label}
            <ScalarInput
              field={field}
              value={config[field.name]}
              label={field.label}
              onChange={(value) => {
                onChange(withField(config, field, value));
              }}
            />
          </label>
        ),
      )}
    </>
  );
}

/** A widget config edited through the form its JSON Schema gives (docs/designer.md). */
export function SchemaForm({
  shape,
  config,
  onChange,
}: {
  shape: FormShape;
  config: unknown;
  onChange: (config: Config) => void;
}) {
  const current = asConfig(config);
  if (shape.kind === 'fields') {
    return <Fields fields={shape.fields} config={current} onChange={onChange} />;
  }
  const chosen = chosenOption(shape, current);
  const option = shape.options.find((item) => item.name === chosen);
  return (
    <>
      <label>
        Kind
        <select
          aria-label="Kind"
          value={chosen}
          onChange={(event) => {
            // The options are one property each: switching keeps the text typed so far.
            const kept = Object.values(current).find((value) => typeof value === 'string') ?? '';
            onChange({ [event.target.value]: kept });
          }}
        >
          {shape.options.map((item) => (
            <option key={item.name}>{item.name}</option>
          ))}
        </select>
      </label>
      {option && <Fields fields={option.fields} config={current} onChange={onChange} />}
    </>
  );
}
