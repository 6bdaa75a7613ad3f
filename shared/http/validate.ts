/**
 * zod validation of path parameters, query and body, with every problem reported per field
 * (RFC 9457 `errors`): where it is and why, all at once rather than one per round trip.
 */
import type { z } from 'zod';
import { HttpProblem, type FieldError } from './problem';

type Location = FieldError['in'];

/** RFC 6901 JSON Pointer as a URI fragment: '#/jobPreferences/salaryMin', '#/skills/3'. */
export function jsonPointer(path: readonly PropertyKey[]): string {
  const segments = path.map((p) => encodeURIComponent(String(p).replace(/~/g, '~0').replace(/\//g, '~1')));
  return '#' + segments.map((s) => '/' + s).join('');
}

function issueToErrors(where: Location, issue: z.core.$ZodIssue): FieldError[] {
  const path = issue.path;
  const locate = (p: readonly PropertyKey[]) =>
    where === 'body' ? { pointer: jsonPointer(p) } : { name: p.length ? String(p[0]) : '(all)' };
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ in: where, ...locate([...path, key]), detail: 'is not a known field', code: 'unrecognized_key' }));
  }
  // zod reports a missing value as an invalid_type that received undefined.
  if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message)) {
    return [{ in: where, ...locate(path), detail: 'is required', code: 'required' }];
  }
  return [{ in: where, ...locate(path), detail: readable(issue.message), code: issue.code }];
}

/** zod's default messages, minus the 'Invalid input:' preamble that says nothing to a client. */
function readable(message: string): string {
  return message.replace(/^Invalid input: /, '');
}

export interface Validated {
  params: unknown;
  query: unknown;
  body: unknown;
}

/** Validates all three parts and throws one 400 listing every invalid field. */
export function validateRequest(
  schemas: { params?: z.ZodType; query?: z.ZodType; body?: z.ZodType } | undefined,
  input: { params: unknown; query: unknown; body: unknown; hasBody: boolean },
): Validated {
  const errors: FieldError[] = [];
  const check = (where: Location, schema: z.ZodType | undefined, value: unknown) => {
    if (!schema) return undefined;
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    errors.push(...result.error.issues.flatMap((issue) => issueToErrors(where, issue)));
    return undefined;
  };
  const params = check('path', schemas?.params, input.params ?? {});
  const query = check('query', schemas?.query, input.query ?? {});
  let body: unknown;
  if (schemas?.body) {
    if (!input.hasBody) errors.push({ in: 'body', pointer: '#', detail: 'a JSON body is required', code: 'required' });
    else body = check('body', schemas.body, input.body);
  }
  if (errors.length) throw validationFailed(errors);
  return { params, query, body };
}

/** The 400 for these invalid fields, one error per field. */
export function validationFailed(errors: FieldError[]): HttpProblem {
  // One error per field: the first reason found (a URL that is not one is not also told it is not http).
  const seen = new Set<string>();
  const perField = errors.filter((e) => {
    const where = `${e.in} ${e.pointer ?? e.name}`;
    return seen.has(where) ? false : (seen.add(where), true);
  });
  return new HttpProblem('validation-failed', {
    detail: perField.length === 1 ? '1 field is invalid' : `${perField.length} fields are invalid`,
    errors: perField,
  });
}

/** The 400 for a body that fails a check made once more is known than the request (a merged patch against the stored profile). */
export function invalidBody(issues: readonly z.core.$ZodIssue[]): HttpProblem {
  return validationFailed(issues.flatMap((issue) => issueToErrors('body', issue)));
}
