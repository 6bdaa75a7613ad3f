import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { mergePatch, mergePatchSchema } from '../../../shared/http/merge-patch';

describe('JSON Merge Patch (RFC 7396)', () => {
  // The examples of RFC 7396, appendix A.
  it.each([
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [['a', 'b'], ['c', 'd'], ['c', 'd']],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ])('%j patched with %j is %j', (target, patch, result) => {
    expect(mergePatch(target, patch)).toEqual(result);
  });

  it('changes neither the target nor the patch', () => {
    const target = { a: { b: 1 } };
    const patch = { a: { c: 2 } };
    mergePatch(target, patch);
    expect(target).toEqual({ a: { b: 1 } });
    expect(patch).toEqual({ a: { c: 2 } });
  });
});

describe('the schema of a merge patch', () => {
  const schema = mergePatchSchema(
    z.object({
      name: z.string().min(1),
      tags: z.array(z.string()).default([]),
      settings: z.object({ on: z.boolean().default(false), limit: z.number().int().max(10).default(5) }).strict().default({ on: false, limit: 5 }),
    }),
  );

  it('takes any subset, null for any member, and nested subsets', () => {
    for (const patch of [{}, { name: 'x' }, { name: null }, { tags: null }, { settings: { limit: null } }, { settings: null }, { settings: { on: true } }]) {
      expect(schema.safeParse(patch).success, JSON.stringify(patch)).toBe(true);
    }
  });

  it("keeps each member's own checks and refuses unknown members at every depth", () => {
    expect(schema.safeParse({ name: '' }).success).toBe(false);
    expect(schema.safeParse({ settings: { limit: 11 } }).success).toBe(false);
    expect(schema.safeParse({ colour: 'blue' }).success).toBe(false);
    expect(schema.safeParse({ settings: { colour: 'blue' } }).success).toBe(false);
    expect(schema.safeParse({ tags: [null] }).success).toBe(false);
  });
});
