import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../../shared/openapi';
import { routeKey } from '../../../shared/http/route';
import { apiFunctions, routeTable, routes } from '../../../shared/tables/routes';

describe('the OpenAPI document', () => {
  const doc = openApiDocument();

  it('lists every route of the route table, with its auth, and nothing else', () => {
    const documented = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
    expect(documented.sort()).toEqual(routeTable.map(routeKey).sort());
    for (const [name, spec] of Object.entries(routes)) {
      const operation = doc.paths[spec.path]![spec.method.toLowerCase()] as { operationId: string; security: unknown[]; responses: object };
      expect(operation.operationId).toBe(name);
      expect(operation.security.length > 0).toBe(spec.auth);
      expect(Object.keys(operation.responses).sort()).toEqual(Object.keys(spec.responses).sort());
    }
  });

  it('is OpenAPI 3.1 whose every $ref resolves to a component', () => {
    expect(doc.openapi).toBe('3.1.0');
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(doc.components.schemas[ref.slice('#/components/schemas/'.length)], ref).toBeDefined();
    }
    const ids = Object.values(doc.paths).flatMap((methods) => Object.values(methods).map((op) => (op as { operationId: string }).operationId));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('declares every path parameter of every path', () => {
    for (const [path, methods] of Object.entries(doc.paths)) {
      const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const op of Object.values(methods) as { parameters: { name: string; in: string; required: boolean }[] }[]) {
        expect(op.parameters.filter((p) => p.in === 'path').map((p) => p.name).sort()).toEqual(names.sort());
      }
    }
  });
});

describe('the route table and the API functions', () => {
  it('has one handler module per API function, implementing exactly its routes', async () => {
    const files = (await readdir(join(import.meta.dirname, '../../../functions/api'))).filter((f) => f.endsWith('.ts')).sort();
    expect(files).toEqual(Object.values(apiFunctions).map((fn) => `${fn.id}.ts`).sort());
    for (const fn of Object.values(apiFunctions)) {
      const { handler } = (await import(`../../../functions/api/${fn.id}.ts`)) as { handler: { routeKeys: string[]; functionId: string } };
      expect(handler.functionId).toBe(fn.id);
      const expected = routeTable.filter((r) => r.fn.id === fn.id).map(routeKey).sort();
      expect([...handler.routeKeys].sort(), fn.id).toEqual(expected);
    }
  });
});
