import { AuthFields } from './AuthFields.js';
import BodyEditor from './BodyEditor.js';
import { ParamTable } from './ParamTable.js';
import { TemplateField } from './TemplateField.js';
import { asObject, type Config } from './webhook-config.js';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'];
const BODY_TYPES = ['none', 'json', 'xml', 'form', 'text'];

/**
 * A webhook request (docs/webhook-widget.md "Request"). In saved mode (`optional`) every
 * field may be left to the saved webhook ("saved webhook's") and there is no URL.
 */
export function RequestFields({
  request,
  optional,
  variables,
  onChange,
}: {
  request: unknown;
  optional: boolean;
  variables: readonly string[];
  onChange: (patch: Config) => void;
}) {
  const current = asObject(request);
  const method = typeof current.method === 'string' ? current.method.toUpperCase() : '';
  // Left out: the saved webhook's (saved mode) or none (docs/webhook-widget.md "Request").
  const bodyType = typeof current.bodyType === 'string' ? current.bodyType : optional ? '' : 'none';
  const body = typeof current.body === 'string' ? current.body : '';
  const inherited = optional ? 'saved webhook’s' : undefined;
  return (
    <>
      <label>
        Method
        <select
          aria-label="Method"
          value={method || (optional ? '' : 'GET')}
          onChange={(event) => {
            onChange({ method: event.target.value || undefined });
          }}
        >
          {inherited && <option value="">{inherited}</option>}
          {METHODS.map((name) => (
            <option key={name}>{name}</option>
          ))}
        </select>
      </label>
      {!optional && (
        <div className="field">
          <span className="field-label">URL</span>
          <TemplateField
            label="URL"
            value={typeof current.url === 'string' ? current.url : ''}
            variables={variables}
            onChange={(url) => {
              onChange({ url });
            }}
          />
        </div>
      )}
      <AuthFields
        auth={current.auth}
        optional={optional}
        onChange={(auth) => {
          onChange({ auth });
        }}
      />
      <ParamTable
        title="Headers"
        singular="Header"
        value={current.headers}
        onChange={(headers) => {
          onChange({ headers: optional && headers.length === 0 ? undefined : headers });
        }}
      />
      <ParamTable
        title="Query parameters"
        singular="Query"
        value={current.query}
        onChange={(query) => {
          onChange({ query: query.length === 0 ? undefined : query });
        }}
      />
      <label>
        Body type
        <select
          aria-label="Body type"
          value={bodyType}
          onChange={(event) => {
            onChange({ bodyType: event.target.value || undefined });
          }}
        >
          {inherited && <option value="">{inherited}</option>}
          {BODY_TYPES.map((name) => (
            <option key={name}>{name}</option>
          ))}
        </select>
      </label>
      {(bodyType !== 'none' || body !== '') && (
        <div className="field">
          <span className="field-label">Body</span>
          <BodyEditor
            key={bodyType}
            value={body}
            bodyType={bodyType}
            variables={variables}
            onChange={(text) => {
              onChange({ body: text === '' && optional ? undefined : text });
            }}
          />
        </div>
      )}
    </>
  );
}
