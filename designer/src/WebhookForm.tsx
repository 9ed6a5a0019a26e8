import { useState, type SyntheticEvent } from 'react';
import { AUTH_FIELDS } from './auth-fields.js';
import type { WebhookHeader, WebhookInput } from './types.js';

const METHODS = ['POST', 'PUT', 'PATCH', 'GET', 'DELETE'];
const BODY_TYPES = ['json', 'xml', 'form', 'text', 'none'];

export const EMPTY_WEBHOOK: WebhookInput = {
  name: '',
  url: '',
  method: 'POST',
  auth: { type: 'none' },
  headers: [],
  bodyType: 'json',
  isDefault: false,
};

/** The headers as a small table: key, value, remove; "Add header" appends a row. */
function HeadersTable({
  headers,
  onChange,
}: {
  headers: WebhookHeader[];
  onChange: (headers: WebhookHeader[]) => void;
}) {
  const set = (index: number, patch: Partial<WebhookHeader>) => {
    onChange(headers.map((header, at) => (at === index ? { ...header, ...patch } : header)));
  };
  return (
    <fieldset>
      <legend>Headers</legend>
      {headers.map((header, index) => (
        <div className="kv-row" key={index}>
          <input
            aria-label={`Header ${index + 1} name`}
            value={header.key}
            onChange={(event) => {
              set(index, { key: event.target.value });
            }}
          />
          <input
            aria-label={`Header ${index + 1} value`}
            value={header.value}
            onChange={(event) => {
              set(index, { value: event.target.value });
            }}
          />
          <button
            type="button"
            aria-label={`Remove header ${index + 1}`}
            onClick={() => {
              onChange(headers.filter((_, at) => at !== index));
            }}
          >
            ✕
          </button>
        </div>
      ))}
      <button
        type="button"
        onClick={() => {
          onChange([...headers, { key: '', value: '' }]);
        }}
      >
        Add header
      </button>
    </fieldset>
  );
}

/** Create or edit a saved webhook; secrets read back as "***" and are kept when left so. */
export function WebhookForm({
  initial,
  title,
  onSubmit,
  onCancel,
}: {
  initial: WebhookInput;
  title: string;
  onSubmit: (input: WebhookInput) => void;
  onCancel: () => void;
}) {
  const [input, setInput] = useState<WebhookInput>(initial);
  const authType = typeof input.auth.type === 'string' ? input.auth.type : 'none';
  const patch = (change: Partial<WebhookInput>) => {
    setInput((current) => ({ ...current, ...change }));
  };
  const submit = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    onSubmit({ ...input, headers: (input.headers ?? []).filter((header) => header.key !== '') });
  };
  return (
    <form className="webhook-form" onSubmit={submit} aria-label={title}>
      <h2>{title}</h2>
      <label>
        Name
        <input
          value={input.name}
          required
          maxLength={100}
          onChange={(event) => {
            patch({ name: event.target.value });
          }}
        />
      </label>
      <label>
        URL
        <input
          value={input.url}
          required
          type="url"
          onChange={(event) => {
            patch({ url: event.target.value });
          }}
        />
      </label>
      <label>
        Method
        <select
          value={input.method}
          onChange={(event) => {
            patch({ method: event.target.value });
          }}
        >
          {METHODS.map((method) => (
            <option key={method}>{method}</option>
          ))}
        </select>
      </label>
      <label>
        Auth type
        <select
          value={authType}
          onChange={(event) => {
            const type = event.target.value;
            patch({ auth: type === 'apiKey' ? { type, in: 'header' } : { type } });
          }}
        >
          {Object.keys(AUTH_FIELDS).map((type) => (
            <option key={type}>{type}</option>
          ))}
        </select>
      </label>
      {authType === 'apiKey' && (
        <label>
          Send the key in
          <select
            value={input.auth.in === 'query' ? 'query' : 'header'}
            onChange={(event) => {
              patch({ auth: { ...input.auth, in: event.target.value } });
            }}
          >
            <option>header</option>
            <option>query</option>
          </select>
        </label>
      )}
      {(AUTH_FIELDS[authType] ?? []).map((field) => (
        <label key={field.name}>
          {field.label}
          <input
            type={field.secret ? 'password' : 'text'}
            value={typeof input.auth[field.name] === 'string' ? String(input.auth[field.name]) : ''}
            onChange={(event) => {
              patch({ auth: { ...input.auth, [field.name]: event.target.value } });
            }}
          />
        </label>
      ))}
      <HeadersTable
        headers={input.headers ?? []}
        onChange={(headers) => {
          patch({ headers });
        }}
      />
      <label>
        Body type
        <select
          value={input.bodyType}
          onChange={(event) => {
            patch({ bodyType: event.target.value });
          }}
        >
          {BODY_TYPES.map((type) => (
            <option key={type}>{type}</option>
          ))}
        </select>
      </label>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={input.isDefault}
          onChange={(event) => {
            patch({ isDefault: event.target.checked });
          }}
        />
        Default (flow end webhooks go here)
      </label>
      <div className="dialog-actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary">
          Save webhook
        </button>
      </div>
    </form>
  );
}
