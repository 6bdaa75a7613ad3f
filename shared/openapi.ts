/**
 * The OpenAPI 3.1 document, generated from the route table and its zod schemas (zod 4's JSON
 * Schema output is draft 2020-12, OpenAPI 3.1's own dialect). Schemas with a meta id become named
 * components; a request schema whose input form differs from its output form is named `<id>Input`.
 */
import * as z from 'zod';
import { MAX_BODY_BYTES } from './http/body';
import { PROBLEM_BASE, problemCatalogue } from './http/problem';
import { routes } from './tables/routes';
import type { RouteSpec } from './tables/types';

type JsonSchema = Record<string, unknown>;

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  servers: { url: string }[];
  tags: { name: string }[];
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, unknown> };
}

class Components {
  readonly schemas: Record<string, JsonSchema> = {};
  /** Each component as zod produced it (refs unresolved), to tell one schema from a namesake. */
  private readonly produced = new Map<string, string>();

  /** The JSON Schema of a zod schema, its named parts moved into components. */
  schema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
    const { $schema: _dialect, $defs = {}, ...root } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema & {
      $defs?: Record<string, JsonSchema>;
    };
    const names = new Map(Object.entries($defs).map(([id, def]) => [id, this.nameFor(id, JSON.stringify(def), io)]));
    for (const [id, def] of Object.entries($defs)) this.schemas[names.get(id)!] = rewriteRefs(def, names) as JsonSchema;
    return rewriteRefs(root, names) as JsonSchema;
  }

  private nameFor(id: string, produced: string, io: 'input' | 'output'): string {
    for (const name of io === 'output' ? [id] : [id, `${id}Input`]) {
      const existing = this.produced.get(name);
      if (existing === produced) return name;
      if (existing === undefined && (io === 'output' || name !== id)) {
        this.produced.set(name, produced);
        return name;
      }
    }
    throw new Error(`Two different schemas are both named ${id}`);
  }
}

function rewriteRefs(value: unknown, renamed: Map<string, string>): unknown {
  if (Array.isArray(value)) return value.map((v) => rewriteRefs(v, renamed));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => {
      if (key === '$ref' && typeof v === 'string' && v.startsWith('#/$defs/')) {
        const id = v.slice('#/$defs/'.length);
        return [key, `#/components/schemas/${renamed.get(id) ?? id}`];
      }
      return [key, rewriteRefs(v, renamed)];
    }),
  );
}

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query', components: Components): unknown[] {
  if (!schema) return [];
  const json = components.schema(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === 'path' || (json.required ?? []).includes(name),
      ...(typeof description === 'string' && { description }),
      schema: rest,
    };
  });
}

function operationFor(name: string, spec: RouteSpec, components: Components): Record<string, unknown> {
  const responses = Object.fromEntries(
    Object.entries(spec.responses).map(([status, response]) => [
      status,
      {
        description: response.description,
        ...(response.schema && {
          content: { [response.contentType ?? 'application/json']: { schema: components.schema(response.schema, 'output') } },
        }),
      },
    ]),
  );
  return {
    operationId: name,
    summary: spec.summary,
    ...(spec.description && { description: spec.description }),
    tags: spec.tags,
    ...(spec.auth ? { security: [{ bearerAuth: [] }] } : { security: [] }),
    parameters: [...parameters(spec.request?.params, 'path', components), ...parameters(spec.request?.query, 'query', components)],
    ...(spec.request?.body && {
      requestBody: { required: true, content: { 'application/json': { schema: components.schema(spec.request.body, 'input') } } },
    }),
    responses,
  };
}

const DESCRIPTION = `Find jobs, keep profiles, and let the platform crawl job boards and apply for you.

Authenticate with \`Authorization: Bearer <accessToken>\` from \`POST /accounts/login\`. Request bodies are
\`application/json\`, at most ${MAX_BODY_BYTES / 1024} KiB. Lists are paginated with opaque cursors: pass a page's
\`nextCursor\` as \`cursor\` to read the next; pages never skip or repeat a row while new rows arrive.
Anything that belongs to a user is visible only to that user; another user's id answers 404.
\`PATCH /profiles/{profileId}\` takes a JSON Merge Patch (RFC 7396): nested objects merge member by member,
null removes a member, arrays are replaced whole. A resume is uploaded through \`POST /resume-uploads\`.

Errors are \`application/problem+json\` (RFC 9457). Their \`type\` is one of:

${Object.entries(problemCatalogue)
  .map(([slug, { status, title }]) => `- \`${PROBLEM_BASE}${slug}\` (${status}): ${title}`)
  .join('\n')}

A validation failure lists every invalid field in \`errors\`: \`in\` (body, query, path, header), \`pointer\` (a JSON Pointer into
the body) or \`name\` (the parameter), \`detail\` and \`code\`.`;

export function openApiDocument(): OpenApiDocument {
  const components = new Components();
  const entries = Object.entries(routes) as [string, RouteSpec][];
  // Responses first: a component is named for its output form, a differing input form gets the suffix.
  const operations = entries.map(([name, spec]) => [spec, operationFor(name, spec, components)] as const);
  const paths: OpenApiDocument['paths'] = {};
  for (const [spec, operation] of operations) (paths[spec.path] ??= {})[spec.method.toLowerCase()] = operation;
  const tags = [...new Set(entries.flatMap(([, spec]) => spec.tags))].map((name) => ({ name }));
  return {
    openapi: '3.1.0',
    info: { title: 'Job automation platform API', version: '1.0.0', description: DESCRIPTION },
    servers: [{ url: '/' }],
    tags,
    paths,
    components: {
      schemas: components.schemas,
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
  };
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The document as a plain, self-contained HTML page (no scripts, nothing fetched from elsewhere):
 * every operation with its auth, parameters, body schema and responses.
 */
export function docsPage(doc: OpenApiDocument): string {
  const sections = doc.tags.map(({ name }) => {
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods as Record<string, Record<string, unknown>>)
        .filter(([, op]) => (op.tags as string[]).includes(name))
        .map(([method, op]) => {
          const params = (op.parameters as { name: string; in: string; required: boolean; description?: string }[])
            .map((p) => `<li><code>${escapeHtml(p.name)}</code> (${p.in}${p.required ? ', required' : ''})${p.description ? ': ' + escapeHtml(p.description) : ''}</li>`)
            .join('');
          const body = (op.requestBody as { content: Record<string, { schema: unknown }> } | undefined)?.content['application/json']?.schema;
          const responses = Object.entries(op.responses as Record<string, { description: string }>)
            .map(([status, r]) => `<li><code>${status}</code> ${escapeHtml(r.description)}</li>`)
            .join('');
          return `<section id="${escapeHtml(String(op.operationId))}"><h3><code>${method.toUpperCase()} ${escapeHtml(path)}</code></h3>
<p>${escapeHtml(String(op.summary))}${(op.security as unknown[]).length ? ' <em>(bearer token)</em>' : ''}</p>
${op.description ? `<p>${escapeHtml(String(op.description))}</p>` : ''}
${params ? `<h4>Parameters</h4><ul>${params}</ul>` : ''}
${body ? `<h4>Body</h4><pre>${escapeHtml(JSON.stringify(body, null, 2))}</pre>` : ''}
<h4>Responses</h4><ul>${responses}</ul></section>`;
        }),
    );
    return `<h2>${escapeHtml(name)}</h2>${operations.join('\n')}`;
  });
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(doc.info.title)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}pre{background:#f4f4f4;padding:.5rem;overflow:auto;max-height:20rem}section{border-top:1px solid #ddd}</style>
</head><body><h1>${escapeHtml(doc.info.title)} ${escapeHtml(doc.info.version)}</h1>
<p>The machine-readable document: <a href="/openapi.json">/openapi.json</a>. Components are under <code>#/components/schemas</code>.</p>
<pre>${escapeHtml(doc.info.description)}</pre>
${sections.join('\n')}</body></html>`;
}
