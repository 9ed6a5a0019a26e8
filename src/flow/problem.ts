/** One problem found in a flow document (zod-style issue list, docs/flows.md). */
export interface Problem {
  /** JSON path of the offending value, e.g. `widgets.lookup.config.request.url`. */
  path: string;
  message: string;
  severity: 'error' | 'warning';
}

/** Formats a path array as `a.b[0].c`. */
export function formatPath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

/** Joins a base path and a relative one (`widgets.a.config` + `request.url`). */
export function joinPath(base: string, relative: string): string {
  if (relative === '') return base;
  if (base === '') return relative;
  return relative.startsWith('[') ? base + relative : `${base}.${relative}`;
}

export function error(path: string, message: string): Problem {
  return { path, message, severity: 'error' };
}

export function warning(path: string, message: string): Problem {
  return { path, message, severity: 'warning' };
}

/** `path: message` with the severity first, as the CLI prints it. */
export function describeProblem(problem: Problem): string {
  return `${problem.severity} ${problem.path === '' ? '(document)' : problem.path}: ${problem.message}`;
}
