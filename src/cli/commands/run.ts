import type { Command } from 'commander';
import type { ValidFlow } from '../../flow/index.js';
import { VARIABLE_NAME } from '../../flow/variables.js';
import type { Widget } from '../../widgets/index.js';
import { EXIT, UsageError } from '../usage-error.js';

interface RunOptions {
  var: string[];
  input: string[];
  allow: string[];
  from?: string;
  to?: string;
  json?: boolean;
  publicUrl?: string;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

function parseVariables(pairs: readonly string[]): Record<string, string> {
  // No prototype: `--var __proto__=x` is a variable like any other.
  const variables = Object.create(null) as Record<string, string>;
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    const name = at === -1 ? pair : pair.slice(0, at);
    if (at === -1 || !VARIABLE_NAME.test(name)) {
      throw new UsageError(`--var expects NAME=VALUE with NAME like customer_id, got "${pair}"`);
    }
    variables[name] = pair.slice(at + 1);
  }
  return variables;
}

function parsePublicUrl(text: string): string {
  try {
    const url = new URL(text);
    if (url.protocol === 'http:' || url.protocol === 'https:') return text.replace(/\/+$/, '');
  } catch {
    // Reported below.
  }
  throw new UsageError(`--public-url expects an http(s) URL, got "${text}"`);
}

/** The widgets that need a server, and what of them does (`ask (mode saved)`). */
function serverOnlyWidgets(flow: ValidFlow, catalogue: ReadonlyMap<string, Widget>): string[] {
  const found: string[] = [];
  for (const [id, config] of flow.configs) {
    const type = flow.document.widgets[id]?.type ?? '';
    const why = catalogue.get(type)?.serverOnly?.(config);
    if (why !== undefined) found.push(`${id} (${why})`);
  }
  return found;
}

/** `hookline run FLOW.json`: runs a flow in-process with no server and no store (docs/cli.md). */
export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run a flow in-process, with no server and no store')
    .argument('<flow>', 'flow document (JSON file)')
    .option('--var <name=value>', 'set $flow.key.NAME (repeatable)', collect, [])
    .option('--input <value>', 'answer the next input widget (repeatable, in order)', collect, [])
    .option('--from <number>', 'caller number ($flow.syskey.from)')
    .option('--to <number>', 'called number ($flow.syskey.to)')
    .option(
      '--allow <host|cidr>',
      'exempt a host, host:port or CIDR from the destination policy (repeatable)',
      collect,
      [],
    )
    .option('--public-url <url>', 'base URL a server would serve short links from (shortURL)')
    .option('--json', 'print one JSON object {status, endReason, variables, path, events, steps}')
    .action(async (file: string, options: RunOptions) => {
      const variables = parseVariables(options.var);
      // Loaded on use, like every command's work (src/cli/program.ts).
      const [{ createLocalHttpClient, runLocally }, { loadSettings }, load, printing, widgets] =
        await Promise.all([
          import('../../app/local-run.js'),
          import('../../config/index.js'),
          import('../load-flow.js'),
          import('../step-printer.js'),
          import('../../widgets/index.js'),
        ]);
      const { loadFlowFile, printProblems } = load;
      const { describeEnding, stepPrinter } = printing;
      const settings = loadSettings(process.env);
      const { flow, problems } = await loadFlowFile(file);
      printProblems(file, problems);
      if (!flow) {
        process.exitCode = EXIT.usage;
        return;
      }
      const http = createLocalHttpClient(settings, options.allow);
      const serverOnly = serverOnlyWidgets(flow, widgets.widgetCatalogue);
      if (serverOnly.length > 0) {
        process.stderr.write(
          `note: ${serverOnly.join(', ')} need a Hookline server (hookline serve); here they take their failure line (shortURL answers with --public-url)\n`,
        );
      }
      const write = (line: string): void => {
        process.stdout.write(`${line}\n`);
      };
      const printer = options.json === true ? undefined : stepPrinter(write);
      try {
        const result = await runLocally({
          flow,
          variables,
          inputs: options.input,
          ...(options.from === undefined ? {} : { from: options.from }),
          ...(options.to === undefined ? {} : { to: options.to }),
          ...(options.publicUrl === undefined
            ? {}
            : { publicUrl: parsePublicUrl(options.publicUrl) }),
          ...(printer === undefined ? {} : { observer: printer }),
          http,
          limits: settings.valueLimits,
        });
        if (options.json === true) {
          const { status, endReason, variables: values, path, events, steps } = result;
          write(JSON.stringify({ status, endReason, variables: values, path, events, steps }));
        } else {
          printer?.flush();
          write(describeEnding(result));
        }
        process.exitCode = result.status === 'completed' ? EXIT.ok : EXIT.flowError;
      } finally {
        await http.close();
      }
    });
}
