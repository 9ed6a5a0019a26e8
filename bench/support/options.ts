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
