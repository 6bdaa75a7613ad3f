/**
 * JSON Merge Patch (RFC 7396): a PATCH body is a partial document. An object member merges into
 * the stored object, member by member and at any depth; null removes a member (it falls back to its
 * default); anything else, arrays included, replaces what was there.
 */
import * as z from 'zod';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The document `target` becomes under `patch` (RFC 7396, section 2). Neither is changed. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const result: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

/** What a merge patch of a T may hold: every member optional, null to remove it, objects as patches in turn. */
export type MergePatch<T> = {
  [K in keyof T]?: (NonNullable<T[K]> extends readonly unknown[] ? T[K] : NonNullable<T[K]> extends object ? MergePatch<NonNullable<T[K]>> : T[K]) | null;
};

function unwrap(field: z.ZodType): z.ZodType {
  let inner: z.ZodType = field;
  while (inner instanceof z.ZodDefault || inner instanceof z.ZodOptional || inner instanceof z.ZodNullable) inner = inner.unwrap() as z.ZodType;
  return inner;
}

/**
 * The schema of a merge patch of an object schema: each member optional and nullable, with its own
 * checks, and nested objects patches in turn; unknown members are refused as in the object itself.
 * The merged document is checked against the object schema too (defaults, rules across members).
 */
export function mergePatchSchema<S extends z.ZodObject>(schema: S): z.ZodType<MergePatch<z.input<S>>> {
  const shape = Object.fromEntries(
    Object.entries(schema.shape as Record<string, z.ZodType>).map(([key, field]) => {
      const inner = unwrap(field);
      return [key, (inner instanceof z.ZodObject ? mergePatchSchema(inner) : inner).nullable().optional()];
    }),
  );
  return z.object(shape).strict() as unknown as z.ZodType<MergePatch<z.input<S>>>;
}
