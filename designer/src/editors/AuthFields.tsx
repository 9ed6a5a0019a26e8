import { useState } from 'react';
import { AUTH_FIELDS } from '../auth-fields.js';
import { asObject, shownSecret, typedSecret, type Config } from './webhook-config.js';

/** A secret: never shown back; a stored one (`***`) is kept unless something is typed. */
function SecretInput({
  label,
  value,
  onChange,
}: {
  label: string;
  value: unknown;
  onChange: (value: string) => void;
}) {
  const shown = shownSecret(value);
  // Whether the server held a secret when the field opened: emptying the field keeps it.
  const [stored] = useState(shown.stored);
  return (
    <label>
      {label}
      <input
        type="password"
        autoComplete="off"
        placeholder={stored ? 'stored: type to replace' : ''}
        value={shown.text}
        onChange={(event) => {
          onChange(typedSecret(event.target.value, stored));
        }}
      />
    </label>
  );
}

/**
 * The request's auth: type, then its fields. In saved mode an empty type ("saved webhook's")
 * leaves `auth` out, so the saved webhook's auth is used.
 */
export function AuthFields({
  auth,
  optional,
  onChange,
}: {
  auth: unknown;
  optional: boolean;
  onChange: (auth: Config | undefined) => void;
}) {
  const current = asObject(auth);
  const type = typeof current.type === 'string' ? current.type : optional ? '' : 'none';
  return (
    <fieldset className="auth-fields">
      <legend>Auth</legend>
      <label>
        Auth type
        <select
          aria-label="Auth type"
          value={type}
          onChange={(event) => {
            const next = event.target.value;
            if (next === '') onChange(undefined);
            else if (next === 'apiKey') onChange({ type: next, in: 'header', name: '', value: '' });
            else onChange({ type: next });
          }}
        >
          {optional && <option value="">saved webhook’s</option>}
          {Object.keys(AUTH_FIELDS).map((name) => (
            <option key={name}>{name}</option>
          ))}
        </select>
      </label>
      {type === 'apiKey' && (
        <label>
          Send the key in
          <select
            aria-label="Send the key in"
            value={current.in === 'query' ? 'query' : 'header'}
            onChange={(event) => {
              onChange({ ...current, in: event.target.value });
            }}
          >
            <option>header</option>
            <option>query</option>
          </select>
        </label>
      )}
      {(AUTH_FIELDS[type] ?? []).map((field) =>
        field.secret ? (
          <SecretInput
            key={`${type}:${field.name}`}
            label={field.label}
            value={current[field.name]}
            onChange={(value) => {
              onChange({ ...current, [field.name]: value });
            }}
          />
        ) : (
          <label key={field.name}>
            {field.label}
            <input
              value={typeof current[field.name] === 'string' ? String(current[field.name]) : ''}
              onChange={(event) => {
                onChange({ ...current, [field.name]: event.target.value });
              }}
            />
          </label>
        ),
      )}
    </fieldset>
  );
}
