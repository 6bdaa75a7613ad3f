/**
 * Problem details (RFC 9457): every error a client sees is one of these types, each with a stable
 * `type` URI, a fixed title and status. The catalogue is also published in the OpenAPI document.
 */
import { z } from 'zod';

/** Absolute, stable URIs (RFC 9457 discourages relative ones); `.example` is reserved, never resolved. */
export const PROBLEM_BASE = 'https://job-automation.example/problems/';

export const problemCatalogue = {
  'validation-failed': { status: 400, title: 'The request is not valid' },
  'malformed-json': { status: 400, title: 'The request body is not valid JSON' },
  'invalid-cursor': { status: 400, title: 'The pagination cursor is not valid' },
  'invalid-verification-token': { status: 400, title: 'The verification token is not valid or has expired' },
  unauthenticated: { status: 401, title: 'Authentication is required' },
  'invalid-credentials': { status: 401, title: 'The login or password is wrong' },
  'account-inactive': { status: 403, title: 'The account is deactivated' },
  'not-found': { status: 404, title: 'The resource does not exist' },
  'route-not-found': { status: 404, title: 'No such route' },
  'method-not-allowed': { status: 405, title: 'The method is not allowed on this route' },
  'not-acceptable': { status: 406, title: 'No acceptable representation' },
  conflict: { status: 409, title: 'The request conflicts with the current state' },
  'email-taken': { status: 409, title: 'The email address is already registered' },
  'username-taken': { status: 409, title: 'The username is already taken' },
  'already-saved': { status: 409, title: 'The job is already saved' },
  'already-applied': { status: 409, title: 'An application to this job already exists' },
  'invalid-transition': { status: 409, title: 'The status change is not allowed' },
  'already-verified': { status: 409, title: 'The email address is already verified' },
  'payload-too-large': { status: 413, title: 'The request body is too large' },
  'unsupported-media-type': { status: 415, title: 'The request body must be application/json' },
  'too-many-login-attempts': { status: 429, title: 'Too many failed logins; wait before trying again' },
  'internal-error': { status: 500, title: 'An unexpected error occurred' },
  'service-unavailable': { status: 503, title: 'The service is temporarily unavailable' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemSlug = keyof typeof problemCatalogue;

export const problemType = (slug: ProblemSlug): string => PROBLEM_BASE + slug;

/** One invalid input: where it is (`in` + `pointer` for bodies, `name` for parameters and headers) and why. */
export const fieldErrorSchema = z
  .object({
    in: z.enum(['body', 'query', 'path', 'header']),
    /** JSON Pointer into the body (RFC 6901, as a URI fragment): '#/email', '#/jobPreferences/salaryMin'. */
    pointer: z.string().optional(),
    /** The query or path parameter or header name. */
    name: z.string().optional(),
    detail: z.string(),
    /** A machine-readable reason: 'invalid_type', 'too_small', 'unrecognized_key', 'required', ... */
    code: z.string(),
  })
  .meta({ id: 'FieldError' });
export type FieldError = z.infer<typeof fieldErrorSchema>;

export const problemSchema = z
  .object({
    type: z.string().describe('A stable URI naming the problem type'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional().describe('The request path'),
    requestId: z.string().optional(),
    errors: z.array(fieldErrorSchema).optional().describe('Per-field details of a validation failure'),
  })
  .catchall(z.unknown())
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof problemSchema>;

/** Thrown by handlers and middlewares; the error middleware turns it into a problem+json response. */
export class HttpProblem extends Error {
  readonly slug: ProblemSlug;
  readonly status: number;
  readonly detail?: string;
  readonly errors?: FieldError[];
  readonly headers?: Record<string, string>;
  /** Extension members (RFC 9457 section 3.2), e.g. `retryAfterSeconds`. */
  readonly extensions?: Record<string, unknown>;

  constructor(
    slug: ProblemSlug,
    options: { detail?: string; errors?: FieldError[]; headers?: Record<string, string>; extensions?: Record<string, unknown> } = {},
  ) {
    super(options.detail ?? problemCatalogue[slug].title);
    this.name = 'HttpProblem';
    this.slug = slug;
    this.status = problemCatalogue[slug].status;
    this.detail = options.detail;
    this.errors = options.errors;
    this.headers = options.headers;
    this.extensions = options.extensions;
  }

  toProblem(instance?: string, requestId?: string): Problem {
    return {
      ...this.extensions,
      type: problemType(this.slug),
      title: problemCatalogue[this.slug].title,
      status: this.status,
      ...(this.detail !== undefined && { detail: this.detail }),
      ...(instance !== undefined && { instance }),
      ...(requestId !== undefined && { requestId }),
      ...(this.errors !== undefined && { errors: this.errors }),
    };
  }
}

export const notFound = (what: string): HttpProblem => new HttpProblem('not-found', { detail: `${what} not found` });

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
