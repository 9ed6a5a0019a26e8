import { z } from 'zod';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * A record keyed by names users choose (widget ids, variable names; `key` checks each name),
 * every one kept: zod's
 * own `z.record` drops a `__proto__` key without a word. The result has no prototype, so a
 * lookup of `toString` or `constructor` finds only an entry of that name; JSON.stringify and
 * spreading keep `__proto__` as an ordinary key. Its JSON Schema is the plain record's.
 */
export function ownRecord<T extends z.ZodType>(value: T, key: z.ZodType<string> = z.string()) {
  const json = z.toJSONSchema(z.record(key, value), {
    io: 'input',
    unrepresentable: 'any',
  });
  delete json.$schema;
  return z
    .unknown()
    .transform((input, context) => {
      if (!isPlainObject(input)) {
        context.addIssue({ code: 'custom', message: 'expected an object' });
        return z.NEVER;
      }
      const output = Object.create(null) as Record<string, z.output<T>>;
      for (const name of Object.keys(input)) {
        const refused = key.safeParse(name).error?.issues[0];
        if (refused !== undefined) {
          context.addIssue({ code: 'custom', message: refused.message, path: [name] });
          continue;
        }
        const parsed = value.safeParse(input[name]);
        if (parsed.success) {
          Object.defineProperty(output, name, {
            value: parsed.data,
            enumerable: true,
            writable: true,
            configurable: true,
          });
          continue;
        }
        for (const issue of parsed.error.issues) {
          context.addIssue({ code: 'custom', message: issue.message, path: [name, ...issue.path] });
        }
      }
      return output;
    })
    .meta(json);
}
