import { useEffect, useState } from 'react';
import { api } from '../api.js';
import type { SavedWebhook } from '../types.js';
import type { InternalFunction } from './editor-types.js';
import { MappingsTable } from './MappingsTable.js';
import { RequestFields } from './RequestFields.js';
import {
  asObject,
  modeOf,
  patched,
  withMode,
  withRequest,
  withResponse,
  type Config,
  type Mode,
} from './webhook-config.js';
import { WebhookOptions } from './WebhookOptions.js';

const MODES: Array<{ value: Mode; label: string }> = [
  { value: 'custom', label: 'custom request' },
  { value: 'saved', label: 'saved webhook' },
  { value: 'internal', label: 'internal function' },
];

/** The saved webhook to call, picked from the account's saved webhooks. */
function SavedPick({ config, onChange }: { config: Config; onChange: (c: Config) => void }) {
  const [hooks, setHooks] = useState<SavedWebhook[] | undefined>();
  useEffect(() => {
    api.webhooks().then(
      (answer) => {
        setHooks(answer.items);
      },
      () => {
        setHooks([]);
      },
    );
  }, []);
  const name = typeof config.webhook === 'string' ? config.webhook : '';
  const picked = hooks?.find((hook) => hook.name === name);
  return (
    <>
      <label>
        Saved webhook
        <select
          aria-label="Saved webhook"
          value={name}
          onChange={(event) => {
            onChange({ ...config, webhook: event.target.value });
          }}
        >
          <option value="">{hooks ? 'pick a saved webhook' : 'loading…'}</option>
          {name !== '' && !picked && (
            <option value={name}>{hooks ? `${name} (not found)` : name}</option>
          )}
          {hooks?.map((hook) => (
            <option key={hook.id} value={hook.name}>
              {hook.name}
            </option>
          ))}
        </select>
      </label>
      {picked && (
        <p className="hint" data-testid="saved-webhook-target">
          {picked.method} {picked.url}
        </p>
      )}
    </>
  );
}

/** The internal function to call and its inputs (templates). */
function InternalPick({ config, onChange }: { config: Config; onChange: (c: Config) => void }) {
  const [functions, setFunctions] = useState<InternalFunction[]>([]);
  useEffect(() => {
    api.internalFunctions().then(
      (answer) => {
        setFunctions(answer.items);
      },
      () => undefined,
    );
  }, []);
  const name = typeof config.function === 'string' ? config.function : '';
  const chosen = functions.find((item) => item.name === name);
  const inputs = asObject(config.inputs);
  return (
    <>
      <label>
        Function
        <select
          aria-label="Function"
          value={name}
          onChange={(event) => {
            onChange({ ...config, function: event.target.value, inputs: {} });
          }}
        >
          <option value="">pick a function</option>
          {functions.map((item) => (
            <option key={item.name}>{item.name}</option>
          ))}
        </select>
      </label>
      {chosen && <p className="hint">{chosen.description}</p>}
      {chosen?.inputs.map((input) => (
        <label key={input.name} title={input.description}>
          {input.name}
          {input.required ? ' (required)' : ''}
          <input
            value={typeof inputs[input.name] === 'string' ? String(inputs[input.name]) : ''}
            onChange={(event) => {
              const value = event.target.value;
              onChange({
                ...config,
                inputs: patched(inputs, { [input.name]: value || undefined }),
              });
            }}
          />
        </label>
      ))}
    </>
  );
}

/** Every field of the webhook widget (docs/webhook-widget.md), by mode. */
export function WebhookEditor({
  config: raw,
  variables,
  onChange,
}: {
  config: unknown;
  variables: readonly string[];
  onChange: (config: Config) => void;
}) {
  const config = asObject(raw);
  const mode = modeOf(config);
  const response = asObject(config.response);
  return (
    <div className="webhook-editor">
      <label>
        Mode
        <select
          aria-label="Mode"
          value={mode}
          onChange={(event) => {
            onChange(withMode(config, event.target.value as Mode));
          }}
        >
          {MODES.map((item) => (
            <option key={item.value} value={item.value}>
              {item.label}
            </option>
          ))}
        </select>
      </label>
      {mode === 'saved' && <SavedPick config={config} onChange={onChange} />}
      {mode === 'internal' && <InternalPick config={config} onChange={onChange} />}
      {mode !== 'internal' && (
        <RequestFields
          request={config.request}
          optional={mode === 'saved'}
          variables={variables}
          onChange={(patch) => {
            onChange(withRequest(config, patch));
          }}
        />
      )}
      <h4>Response</h4>
      <label>
        Response type
        <select
          aria-label="Response type"
          value={response.type === 'xml' ? 'xml' : 'json'}
          onChange={(event) => {
            onChange(withResponse(config, { type: event.target.value }));
          }}
        >
          <option>json</option>
          <option>xml</option>
        </select>
      </label>
      <MappingsTable
        value={response.mappings}
        onChange={(mappings) => {
          onChange(withResponse(config, { mappings }));
        }}
      />
      <h4>Sending</h4>
      <WebhookOptions config={config} onChange={onChange} />
    </div>
  );
}
