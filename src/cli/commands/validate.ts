import type { Command } from 'commander';
import { EXIT } from '../usage-error.js';

/** `hookline validate FLOW.json`: exit 0 valid, 2 invalid with every problem on stderr. */
export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check a flow document and report every problem with its JSON path')
    .argument('<flow>', 'flow document (JSON file)')
    .option('--json', 'print {"valid", "problems"} as JSON on stdout')
    .action(async (file: string, options: { json?: boolean }) => {
      const { loadFlowFile, printProblems } = await import('../load-flow.js');
      const { flow, problems } = await loadFlowFile(file);
      if (options.json === true) {
        process.stdout.write(`${JSON.stringify({ valid: flow !== undefined, problems })}\n`);
      }
      printProblems(file, problems);
      if (!flow) {
        const errors = problems.filter((problem) => problem.severity === 'error').length;
        process.stderr.write(`${file}: invalid (${errors} error${errors === 1 ? '' : 's'})\n`);
        process.exitCode = EXIT.usage;
        return;
      }
      if (options.json !== true) process.stdout.write(`${file}: valid\n`);
      process.exitCode = EXIT.ok;
    });
}
