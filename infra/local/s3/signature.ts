/**
 * Signature Version 4 checked as S3 checks it, written from the specification rather than taken
 * from the SDK that signs: a presigned URL whose key, length or expiry was changed is refused here
 * as it would be in AWS, so a test of "another user's prefix" or "a larger file" means something.
 * Both forms: the Authorization header (the SDK's own calls) and query parameters (presigned URLs).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { s3Errors } from './errors';

export interface SignedRequest {
  method: string;
  /** The path exactly as sent, still percent-encoded (S3 signs it without encoding it again). */
  rawPath: string;
  /** The query string exactly as sent, without the '?'. */
  rawQuery: string;
  /** Lower-case names. */
  headers: Record<string, string | string[] | undefined>;
}

export interface VerifiedRequest {
  accessKeyId: string;
  /** What the body must hash to (hex SHA-256), or UNSIGNED-PAYLOAD. */
  payloadHash: string;
  presigned: boolean;
  /** Lower-case names of the headers the signature covers. */
  signedHeaders: string[];
}

export interface VerifyOptions {
  region: string;
  /** The secret key of an access key id, or undefined for one this endpoint does not know. */
  secretFor: (accessKeyId: string) => string | undefined;
  now?: Date;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
const MAX_PRESIGNED_SECONDS = 7 * 24 * 3600;
const MAX_SKEW_MS = 15 * 60 * 1000;

/** RFC 3986 unreserved characters stay; every other byte is %XX, upper-case. */
const uriEncode = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw s3Errors.invalidArgument('The request is not correctly percent-encoded');
  }
}

export function parseQuery(rawQuery: string): [string, string][] {
  if (!rawQuery) return [];
  return rawQuery.split('&').map((pair) => {
    const at = pair.indexOf('=');
    return at < 0 ? [decode(pair), ''] : [decode(pair.slice(0, at)), decode(pair.slice(at + 1))];
  });
}

const header = (headers: SignedRequest['headers'], name: string) => {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
};

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const hmac = (key: Buffer | string, text: string) => createHmac('sha256', key).update(text, 'utf8').digest();

/** 20261203T114545Z */
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
function parseAmzDate(value: string | undefined, malformed: (m: string) => Error): Date {
  const m = value ? AMZ_DATE.exec(value) : null;
  if (!m) throw malformed(`X-Amz-Date must be in the ISO8601 basic format (got ${value ?? 'nothing'})`);
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
}

function canonicalRequest(request: SignedRequest, query: [string, string][], signedHeaders: string[], payloadHash: string): string {
  const canonicalQuery = query
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const canonicalHeaders = signedHeaders.map((name) => `${name}:${(header(request.headers, name) ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
  return [request.method, request.rawPath || '/', canonicalQuery, canonicalHeaders, signedHeaders.join(';'), payloadHash].join('\n');
}

function signature(secret: string, amzDate: string, scope: string, canonical: string): string {
  const [date, region, service] = scope.split('/');
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date!), region!), service!), 'aws4_request');
  return createHmac('sha256', key).update([ALGORITHM, amzDate, scope, sha256Hex(canonical)].join('\n'), 'utf8').digest('hex');
}

function checkScope(credential: string, amzDate: string, region: string, malformed: (m: string) => Error): { accessKeyId: string; scope: string } {
  const parts = credential.split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request') throw malformed(`the Credential is malformed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request" (got ${credential})`);
  const [accessKeyId, date, credentialRegion, service] = parts as [string, string, string, string];
  if (date !== amzDate.slice(0, 8)) throw malformed(`the Credential date ${date} is not the date of X-Amz-Date ${amzDate}`);
  if (credentialRegion !== region) throw malformed(`the region '${credentialRegion}' is wrong; expecting '${region}'`);
  if (service !== 's3') throw malformed(`the service '${service}' is wrong; expecting 's3'`);
  return { accessKeyId, scope: parts.slice(1).join('/') };
}

function compare(expected: string, given: string, canonical: string): void {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw s3Errors.signatureMismatch(canonical);
}

function checkSignedHeaders(request: SignedRequest, signedHeaders: string[]): void {
  if (!signedHeaders.includes('host')) throw s3Errors.accessDenied('The host header must be signed');
  // S3 refuses x-amz-* headers sent beside a signature that does not cover them (a checksum, an ACL…).
  const unsigned = Object.keys(request.headers).filter((name) => name.startsWith('x-amz-') && !signedHeaders.includes(name));
  if (unsigned.length) throw s3Errors.unsignedHeaders(unsigned);
}

export function verifySignature(request: SignedRequest, options: VerifyOptions): VerifiedRequest {
  const now = options.now ?? new Date();
  const query = parseQuery(request.rawQuery);
  const param = (name: string) => query.find(([k]) => k === name)?.[1];
  const authorization = header(request.headers, 'authorization');

  if (param('X-Amz-Algorithm') !== undefined) {
    const malformed = (m: string) => s3Errors.authorizationQueryError(m);
    if (param('X-Amz-Algorithm') !== ALGORITHM) throw malformed(`X-Amz-Algorithm only supports "${ALGORITHM}"`);
    const amzDate = param('X-Amz-Date') ?? '';
    const signed = parseAmzDate(amzDate, malformed);
    const expires = Number(param('X-Amz-Expires'));
    if (!Number.isInteger(expires) || expires < 1) throw malformed('X-Amz-Expires must be a positive number of seconds');
    if (expires > MAX_PRESIGNED_SECONDS) throw malformed('X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds');
    const expiry = new Date(signed.getTime() + expires * 1000);
    if (now > expiry) throw s3Errors.expired(expiry.toISOString(), now.toISOString());
    const { accessKeyId, scope } = checkScope(param('X-Amz-Credential') ?? '', amzDate, options.region, malformed);
    const secret = options.secretFor(accessKeyId);
    if (!secret) throw s3Errors.invalidAccessKey(accessKeyId);
    const signedHeaders = (param('X-Amz-SignedHeaders') ?? '').split(';').filter(Boolean);
    checkSignedHeaders(request, signedHeaders);
    const payloadHash = param('X-Amz-Content-Sha256') ?? UNSIGNED_PAYLOAD;
    const canonical = canonicalRequest(request, query.filter(([k]) => k !== 'X-Amz-Signature'), signedHeaders, payloadHash);
    compare(signature(secret, amzDate, scope, canonical), param('X-Amz-Signature') ?? '', canonical);
    return { accessKeyId, payloadHash, presigned: true, signedHeaders };
  }

  if (!authorization) throw s3Errors.accessDenied('Anonymous access is not allowed: sign the request, or presign its URL');
  const malformed = (m: string) => s3Errors.authorizationMalformed(`The authorization header is malformed; ${m}`);
  const match = /^AWS4-HMAC-SHA256 Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/.exec(authorization.trim());
  if (!match) throw malformed(`expecting "${ALGORITHM} Credential=…, SignedHeaders=…, Signature=…"`);
  const amzDate = header(request.headers, 'x-amz-date') ?? '';
  const signed = parseAmzDate(amzDate, malformed);
  if (Math.abs(now.getTime() - signed.getTime()) > MAX_SKEW_MS) throw s3Errors.timeSkewed();
  const { accessKeyId, scope } = checkScope(match[1]!, amzDate, options.region, malformed);
  const secret = options.secretFor(accessKeyId);
  if (!secret) throw s3Errors.invalidAccessKey(accessKeyId);
  const signedHeaders = match[2]!.split(';');
  checkSignedHeaders(request, signedHeaders);
  const payloadHash = header(request.headers, 'x-amz-content-sha256');
  if (!payloadHash) throw s3Errors.invalidRequest('Missing required header for this request: x-amz-content-sha256');
  const canonical = canonicalRequest(request, query, signedHeaders, payloadHash);
  compare(signature(secret, amzDate, scope, canonical), match[3]!, canonical);
  return { accessKeyId, payloadHash, presigned: false, signedHeaders };
}
