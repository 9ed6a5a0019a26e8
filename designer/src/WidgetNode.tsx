import { Handle, Position, type NodeProps, type Node } from '@xyflow/react';
import { createContext, memo, useContext } from 'react';
import type { WidgetNodeData } from './flow-adapter.js';
import type { Problem } from './types.js';

/** What the canvas knows about each widget beyond the document: from /v1/flows/validate. */
export interface NodeExtras {
  labels: Record<string, string[]>;
  problems: Record<string, Problem[]>;
  titles: Record<string, string>;
  start: string;
  /** Widgets of the onFlowComplete branch (run after the flow ends): drawn apart. */
  completeBranch: ReadonlySet<string>;
}
export const ExtrasContext = createContext<NodeExtras>({
  labels: {},
  problems: {},
  titles: {},
  start: '',
  completeBranch: new Set(),
});

type Config = Record<string, unknown>;

/** A config value as card text: strings as they are, anything else as JSON. */
function text(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value);
}

/** The settings worth seeing on the card, per widget type. */
function keySettings(type: string, config: Config): string {
  const request = (config['request'] ?? {}) as Config;
  switch (type) {
    case 'webhook':
      if (config['mode'] === 'saved') return `saved: ${text(config['webhook'])}`;
      if (config['mode'] === 'internal') return `internal: ${text(config['function'])}`;
      return `${text(request['method'] ?? 'GET')} ${text(request['url'])}`;
    case 'decision':
      return `${((config['conditions'] ?? []) as unknown[]).length} condition(s)`;
    case 'play':
      return text(config['text'] ?? config['audio']);
    case 'input':
      return text(config['prompt']);
    case 'store':
      return ((config['variables'] ?? []) as { key?: string }[]).map((v) => v.key).join(', ');
    default:
      return '';
  }
}

/** A widget card: type, name, key settings, problems, one numbered handle per line. */
export const WidgetNode = memo(function WidgetNode({
  id,
  data,
  selected,
}: NodeProps<Node<WidgetNodeData>>) {
  const extras = useContext(ExtrasContext);
  const { widget } = data;
  const labels = extras.labels[id] ?? Array.from({ length: data.lineCount ?? 0 }, () => '');
  const problems = extras.problems[id] ?? [];
  const errors = problems.filter((problem) => problem.severity === 'error').length;
  const settings = keySettings(widget.type, (widget.config ?? {}) as Config);
  const state = errors > 0 ? 'has-error' : problems.length > 0 ? 'has-warning' : '';
  const branch = extras.completeBranch.has(id) ? 'on-complete' : '';
  return (
    <div
      className={`widget-card ${state} ${branch} ${selected ? 'selected' : ''}`}
      data-testid={`widget-${id}`}
      style={{ minWidth: Math.max(180, labels.length * 74) }}
    >
      <Handle type="target" position={Position.Top} id="in" />
      <div className="widget-head">
        <span className="widget-type">{extras.titles[widget.type] ?? widget.type}</span>
        {extras.start === id && <span className="badge start">start</span>}
        {branch && <span className="badge complete">after the flow</span>}
        {problems.length > 0 && (
          <span className="badge problems" title={problems.map((p) => p.message).join('\n')}>
            {problems.length} problem{problems.length === 1 ? '' : 's'}
          </span>
        )}
      </div>
      <div className="widget-name">{widget.label ?? id}</div>
      {settings && <div className="widget-settings">{settings}</div>}
      {labels.length > 0 && (
        <div className="widget-lines">
          {labels.map((label, line) => (
            <div key={line} className="line">
              <span className="line-label">
                {line} {label}
              </span>
              <Handle
                type="source"
                position={Position.Bottom}
                id={String(line)}
                className="line-handle"
                data-testid={`handle-${id}-${line}`}
                aria-label={`line ${line} ${label}`}
              />
            </div>
          ))}
        </div>
      )}
    </div>
  );
});
