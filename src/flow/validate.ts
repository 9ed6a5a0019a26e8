import type { z } from 'zod';
import type { LineRange, WidgetCatalogue, WidgetSchemaEntry } from './catalogue.js';
import { flowDocumentSchema, WIDGET_ID, type FlowDocument } from './document.js';
import { cycles, reachableFrom } from './graph.js';
import { error, formatPath, joinPath, warning, type Problem } from './problem.js';

/** A flow document that passed validation, with every widget config parsed by its schema. */
export interface ValidFlow {
  document: FlowDocument;
  /** Parsed (defaults applied) configs by widget id. */
  configs: ReadonlyMap<string, unknown>;
}

export interface ValidationResult {
  /** Every problem found, errors and warnings (SPEC §2: all reported at once). */
  problems: Problem[];
  /** Present when there is no error (warnings allowed). */
  flow?: ValidFlow;
}

function zodProblems(issues: readonly z.core.$ZodIssue[], base: string): Problem[] {
  return issues.map((issue) => error(joinPath(base, formatPath(issue.path)), issue.message));
}

/** Validates a flow document against the widget catalogue; never throws. */
export function validateFlow(input: unknown, catalogue: WidgetCatalogue): ValidationResult {
  const parsed = flowDocumentSchema.safeParse(input);
  if (!parsed.success) return { problems: zodProblems(parsed.error.issues, '') };
  const flow = parsed.data;
  const problems: Problem[] = [];
  const configs = new Map<string, unknown>();

  if (!(flow.start in flow.widgets)) {
    problems.push(error('start', `start widget "${flow.start}" does not exist`));
  }
  if (flow.onFlowComplete !== undefined && !(flow.onFlowComplete in flow.widgets)) {
    problems.push(error('onFlowComplete', `widget "${flow.onFlowComplete}" does not exist`));
  }

  for (const [id, widget] of Object.entries(flow.widgets)) {
    const base = `widgets.${id}`;
    if (!WIDGET_ID.test(id)) {
      problems.push(error(base, 'a widget id is 1-64 letters, digits, "_" or "-"'));
    }
    const entry = catalogue.get(widget.type);
    if (!entry) {
      const known = [...catalogue.keys()].join(', ');
      problems.push(
        error(`${base}.type`, `unknown widget type "${widget.type}" (known: ${known})`),
      );
      checkLines(flow, id, undefined, problems);
      continue;
    }
    const config = checkConfig(entry, widget.config ?? {}, base, problems);
    if (config !== undefined) configs.set(id, config);
    checkLines(flow, id, config === undefined ? undefined : entry.lines(config), problems);
  }

  checkGraph(flow, catalogue, problems);
  const hasError = problems.some((problem) => problem.severity === 'error');
  return hasError ? { problems } : { problems, flow: { document: flow, configs } };
}

function checkConfig(
  entry: WidgetSchemaEntry,
  raw: unknown,
  base: string,
  problems: Problem[],
): unknown {
  const result = entry.config.safeParse(raw);
  if (!result.success) {
    problems.push(...zodProblems(result.error.issues, `${base}.config`));
    return undefined;
  }
  const extra = entry.check?.(result.data) ?? [];
  problems.push(
    ...extra.map((problem) => ({ ...problem, path: joinPath(`${base}.config`, problem.path) })),
  );
  return result.data;
}

function checkLines(
  flow: FlowDocument,
  id: string,
  range: LineRange | undefined,
  problems: Problem[],
): void {
  const lines = flow.widgets[id]?.lines ?? [];
  const base = `widgets.${id}.lines`;
  if (range && (lines.length < range.min || lines.length > range.max)) {
    const expected = range.min === range.max ? `${range.min}` : `${range.min} to ${range.max}`;
    problems.push(error(base, `has ${lines.length} lines; this widget takes ${expected}`));
  }
  lines.forEach((target, index) => {
    if (target != null && !(target in flow.widgets)) {
      problems.push(error(`${base}[${index}]`, `dangling line to unknown widget "${target}"`));
    }
  });
}

function checkGraph(flow: FlowDocument, catalogue: WidgetCatalogue, problems: Problem[]): void {
  const isCaller = (id: string): boolean => {
    const type = flow.widgets[id]?.type;
    return type !== undefined && catalogue.get(type)?.callerInteraction === true;
  };
  const mainPath = reachableFrom(flow, [flow.start]);
  const branch =
    flow.onFlowComplete === undefined
      ? new Set<string>()
      : reachableFrom(flow, [flow.onFlowComplete]);

  for (const id of branch) {
    if (isCaller(id)) {
      const type = flow.widgets[id]?.type ?? '';
      problems.push(
        error(
          `widgets.${id}`,
          `"${type}" talks to the caller and cannot run in the onFlowComplete branch`,
        ),
      );
    }
  }
  // With no valid start every widget would be "unreachable": that one error says enough.
  const startKnown = flow.start in flow.widgets;
  for (const id of Object.keys(flow.widgets)) {
    if (startKnown && !mainPath.has(id) && !branch.has(id)) {
      problems.push(warning(`widgets.${id}`, 'unreachable: no line leads here'));
    }
  }
  for (const cycle of cycles(flow)) {
    if (!cycle.some(isCaller)) {
      problems.push(
        warning(
          `widgets.${cycle[0] ?? ''}.lines`,
          `cycle without a caller widget (${cycle.join(' → ')}): it can only end at the step limit`,
        ),
      );
    }
  }
  for (const id of Object.keys(flow.layout ?? {})) {
    if (!(id in flow.widgets)) problems.push(warning(`layout.${id}`, 'no such widget'));
  }
}
