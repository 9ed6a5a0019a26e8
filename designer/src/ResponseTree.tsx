/** A JSON value as a collapsible tree; pressing a leaf value picks its mapping path. */

/**
 * `data.customer.name`, `data.items[0].id`, `data["a.b"]`; XML also `data.order.@id`
 * (docs/webhook-widget.md).
 */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return /^[@#]?[A-Za-z_][\w-]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/**
 * An XML element as the webhook widget reads it: an element with no child elements is its
 * text, else an object of `@attributes` and children by name (an array when a name repeats).
 */
function xmlValue(element: Element): unknown {
  if (element.children.length === 0) return element.textContent;
  const value: Record<string, unknown> = {};
  for (const attribute of Array.from(element.attributes)) {
    value[`@${attribute.name}`] = attribute.value;
  }
  for (const child of Array.from(element.children)) {
    const item = xmlValue(child);
    const seen = value[child.tagName];
    if (seen === undefined) value[child.tagName] = item;
    else value[child.tagName] = Array.isArray(seen) ? [...(seen as unknown[]), item] : [seen, item];
  }
  return value;
}

/** The body as the tree shows it: parsed JSON or XML, or undefined (shown as text). */
function parseBody(body: string): { value: unknown; type: 'json' | 'xml' } | undefined {
  try {
    return { value: JSON.parse(body), type: 'json' };
  } catch {
    if (!body.trimStart().startsWith('<')) return undefined;
    const xml = new DOMParser().parseFromString(body, 'application/xml');
    const root = xml.documentElement;
    if (xml.getElementsByTagName('parsererror').length > 0) return undefined;
    return { value: { [root.tagName]: xmlValue(root) }, type: 'xml' };
  }
}

/** A flow variable name for a path's last object key (`customer_name` style), or `value`. */
export function variableNameOf(path: string): string {
  const keys = [...path.matchAll(/\.[@#]?([A-Za-z_][\w-]*)|\["((?:[^"\\]|\\.)*)"\]/g)].map(
    (match) => match[1] ?? match[2] ?? '',
  );
  const last = (keys.at(-1) ?? '').replace(/\W+/g, '_').replace(/^_+|_+$/g, '');
  return /^[A-Za-z_]/.test(last) ? last : 'value';
}

function Leaf({
  value,
  path,
  onPick,
}: {
  value: unknown;
  path: string;
  onPick: (path: string) => void;
}) {
  return (
    <button
      type="button"
      className="tree-value"
      aria-label={`Map ${path}`}
      title={`Save ${path} in a flow variable`}
      onClick={() => {
        onPick(path);
      }}
    >
      {JSON.stringify(value)}
    </button>
  );
}

function Node({
  name,
  value,
  path,
  onPick,
}: {
  name: string;
  value: unknown;
  path: string;
  onPick: (path: string) => void;
}) {
  if (value === null || typeof value !== 'object') {
    return (
      <li>
        <span className="tree-key">{name}</span> <Leaf value={value} path={path} onPick={onPick} />
      </li>
    );
  }
  const entries: Array<[string | number, unknown]> = Array.isArray(value)
    ? value.map((item, index) => [index, item])
    : Object.entries(value);
  return (
    <li>
      <details open>
        <summary>
          <span className="tree-key">{name}</span>{' '}
          {Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`}
        </summary>
        <ul>
          {entries.map(([key, child]) => (
            <Node
              key={key}
              name={String(key)}
              value={child}
              path={childPath(path, key)}
              onPick={onPick}
            />
          ))}
        </ul>
      </details>
    </li>
  );
}

/** The body as a tree when it is JSON or XML, else as text; `onPick` gets the body's type. */
export function ResponseTree({
  body,
  onPick,
}: {
  body: string;
  onPick: (path: string, type: 'json' | 'xml') => void;
}) {
  const parsed = parseBody(body);
  if (!parsed) return <pre className="test-body">{body}</pre>;
  return (
    <ul className="response-tree" aria-label="Response body">
      <Node
        name="data"
        value={parsed.value}
        path="data"
        onPick={(path) => {
          onPick(path, parsed.type);
        }}
      />
    </ul>
  );
}
