import { readFile } from 'node:fs/promises';
import { describeProblem, validateFlow, type Problem, type ValidFlow } from '../flow/index.js';
import { widgetCatalogue } from '../widgets/index.js';
import { UsageError } from './usage-error.js';

export interface LoadedFlow {
  flow?: ValidFlow;
  problems: Problem[];
}

/** Reads and validates a flow file; unreadable or non-JSON files are usage errors. */
export async function loadFlowFile(file: string): Promise<LoadedFlow> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (caught) {
    const code = (caught as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new UsageError(`cannot read ${file}: ${code}`);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (caught) {
    throw new UsageError(`${file} is not valid JSON: ${(caught as Error).message}`);
  }
  const result = validateFlow(document, widgetCatalogue);
  return result.flow
    ? { flow: result.flow, problems: result.problems }
    : { problems: result.problems };
}

/** Prints problems to stderr, one a line, with their JSON paths. */
export function printProblems(file: string, problems: readonly Problem[]): void {
  for (const problem of problems) process.stderr.write(`${file}: ${describeProblem(problem)}\n`);
}
