import type { z } from 'zod';
import type { LineRange, WidgetCatalogue, WidgetSchemaEntry } from './catalogue.js';
import { flowDocumentSchema, WIDGET_ID, type FlowDocument } from './document.js';
import { cycles, hasWidget, reachableFrom } from './graph.js';
import { error, formatPath, joinPath, warning, type Problem } from './problem.js';
import { isUnder, salvage, type Fill } from './salvage.js';

/** A flow document that passed validation, with every widget config parsed by its schema. */
export interface ValidFlow {
  document: FlowDocument;
  /** Parsed (defaults applied) configs by widget id. */
  configs: ReadonlyMap<string, unknown>;
}

export interface ValidationResult {
  /** Every problem found, errors and warnings (docs/flows.md: all reported at once). */
  problems: Problem[];
  /** Present when there is no error (warnings allowed). */
  flow?: ValidFlow;
}

function zodProblems(issues: readonly z.core.$ZodIssue[], base: string): Problem[] {
  return issues.map((issue) => error(joinPath(base, formatPath(issue.path)), issue.message));
}

/** Stand-ins for the required fields of a refused document, so the rest is still checked. */
const documentStandIns: Fill = (path) => {
  if (path.length === 1 && path[0] === 'name') return 'untitled';
  if (path.length === 1 && path[0] === 'start') return '';
  if (path.length === 3 && path[0] === 'widgets' && path[2] === 'type') return '(no type)';
  return undefined;
};

/** Validates a flow document against the widget catalogue; never throws. */
export function validateFlow(input: unknown, catalogue: WidgetCatalogue): ValidationResult {
  const parsed = flowDocumentSchema.safeParse(input);
  if (parsed.success) return validateDocument(parsed.data, catalogue, []);
  const refused = zodProblems(parsed.error.issues, '');
  const rest = salvage(flowDocumentSchema, input, parsed.error.issues, documentStandIns);
  if (rest === undefined) return { problems: refused };
  // A problem under one the schema already reported is its echo (a stand-in's "no such widget").
  const { problems } = validateDocument(rest.value as FlowDocument, catalogue, refused);
  return {
    problems: problems.filter(
      (problem) =>
        refused.includes(problem) || !refused.some((seen) => isUnder(problem.path, seen.path)),
    ),
  };
}

function validateDocument(
  flow: FlowDocument,
  catalogue: WidgetCatalogue,
  refused: Problem[],
): ValidationResult {
  const problems: Problem[] = [...refused];
  const configs = new Map<string, unknown>();

  if (!hasWidget(flow, flow.start)) {
    problems.push(error('start', `start widget "${flow.start}" does not exist`));
  }
  if (flow.onFlowComplete !== undefined && !hasWidget(flow, flow.onFlowComplete)) {
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
    const { config, shape } = checkConfig(entry, widget.config ?? {}, base, problems);
    if (config !== undefined) configs.set(id, config);
    checkLines(flow, id, shape === undefined ? undefined : entry.lines(shape), problems);
  }

  checkGraph(flow, catalogue, problems);
  const hasError = problems.some((problem) => problem.severity === 'error');
  return hasError ? { problems } : { problems, flow: { document: flow, configs } };
}

/**
 * One widget's config checked on its own (a widget test): the parsed config, or none when
 * it has an error; problem paths start at `config`.
 */
export function validateWidgetConfig<C>(
  entry: WidgetSchemaEntry & { config: z.ZodType<C> },
  raw: unknown,
): { config?: C; problems: Problem[] } {
  const problems: Problem[] = [];
  const { config } = checkConfig(entry, raw, '', problems);
  const hasError = problems.some((problem) => problem.severity === 'error');
  // checkConfig parsed it with `entry.config`: it is a C.
  return hasError || config === undefined ? { problems } : { config: config as C, problems };
}

/**
 * The parsed config (none when the schema refused part of it), and what its lines can be
 * counted against: the config, or the rest when defaults stood in for every refused value.
 */
function checkConfig(
  entry: WidgetSchemaEntry,
  raw: unknown,
  base: string,
  problems: Problem[],
): { config?: unknown; shape?: unknown } {
  const configPath = joinPath(base, 'config');
  const at = (problem: Problem): Problem => ({
    ...problem,
    path: joinPath(configPath, problem.path),
  });
  const result = entry.config.safeParse(raw);
  if (result.success) {
    problems.push(...(entry.check?.(result.data) ?? []).map(at));
    return { config: result.data, shape: result.data };
  }
  problems.push(...zodProblems(result.error.issues, configPath));
  // The widget's own checks still run on the rest of the config: errors only, and none about
  // a value taken out (a default stood in for it).
  const rest = salvage(entry.config, raw, result.error.issues);
  if (rest === undefined) return {};
  for (const problem of entry.check?.(rest.value) ?? []) {
    const origin = rest.origin(problem.path);
    if (problem.severity === 'error' && !origin.removed)
      problems.push(at({ ...problem, path: origin.path }));
  }
  return rest.intact ? { shape: rest.value } : {};
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
    if (target != null && !hasWidget(flow, target)) {
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
  const startKnown = hasWidget(flow, flow.start);
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
    if (!hasWidget(flow, id)) problems.push(warning(`layout.${id}`, 'no such widget'));
  }
}
