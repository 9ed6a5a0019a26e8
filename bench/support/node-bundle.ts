import { build } from 'esbuild';

/**
 * Bundles entry points the way both benchmarks run Hookline "as it ships": one ESM file per
 * entry for Node 20, npm packages left external, no source maps, no keepNames. Files are
 * `<outdir>/<name>.mjs` (the output has no package.json saying "type": "module").
 */
export async function bundleForNode(
  entryPoints: Record<string, string>,
  outdir: string,
): Promise<void> {
  await build({
    entryPoints,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outdir,
    outExtension: { '.js': '.mjs' },
    packages: 'external',
    sourcemap: false,
    logLevel: 'warning',
  });
}
