/** A whole-number command-line option (`--name N`): the fallback when absent, at least `min`. */
export function whole(
  name: string,
  text: string | undefined,
  fallback: number,
  min: number,
): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min) {
    throw new Error(`--${name} must be a whole number >= ${min}`);
  }
  return value;
}

/** `--server bin|compiled` (default compiled): how the benchmark runs Hookline. */
export function serverMode(text: string | undefined): 'bin' | 'compiled' {
  const server = text ?? 'compiled';
  if (server !== 'bin' && server !== 'compiled') {
    throw new Error('--server must be "bin" or "compiled"');
  }
  return server;
}
