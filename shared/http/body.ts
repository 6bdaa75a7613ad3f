/**
 * Reading a JSON request body from an API Gateway (payload 2.0) event: the content type must be
 * JSON in UTF-8, the body at most MAX_BODY_BYTES, and it must parse. Each refusal has its own
 * problem type (415, 413, 400).
 */
import { HttpProblem } from './problem';

/** Well under the Data API's 64 KB row limit once stored, and far above any honest request here. */
export const MAX_BODY_BYTES = 64 * 1024;

const JSON_MEDIA_TYPE = /^application\/(?:[\w.-]+\+)?json$/i;

export interface RawBody {
  body?: string;
  isBase64Encoded?: boolean;
  contentType?: string;
}

export type ParsedBody = { present: false } | { present: true; value: unknown };

export function parseJsonBody({ body, isBase64Encoded, contentType }: RawBody, maxBytes = MAX_BODY_BYTES): ParsedBody {
  if (body === undefined || body === null || body === '') return { present: false };
  const bytes = isBase64Encoded ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
  if (bytes.byteLength > maxBytes) {
    throw new HttpProblem('payload-too-large', { detail: `The body is ${bytes.byteLength} bytes; the limit is ${maxBytes}` });
  }
  checkContentType(contentType);
  const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  let decoded: string;
  try {
    decoded = text.decode(bytes);
  } catch {
    throw new HttpProblem('malformed-json', { detail: 'The body is not valid UTF-8' });
  }
  try {
    return { present: true, value: JSON.parse(decoded) };
  } catch (error) {
    // The parser's message can quote the body back; say only where it broke.
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    throw new HttpProblem('malformed-json', {
      detail: position ? `The body is not valid JSON (at character ${position})` : 'The body is not valid JSON',
    });
  }
}

function checkContentType(contentType: string | undefined): void {
  const [mediaType = '', ...parameters] = (contentType ?? '').split(';').map((p) => p.trim());
  if (!JSON_MEDIA_TYPE.test(mediaType)) {
    throw new HttpProblem('unsupported-media-type', {
      detail: contentType ? `Content-Type ${mediaType || '(empty)'} is not accepted; send application/json` : 'Send Content-Type: application/json',
      headers: { 'accept-post': 'application/json', 'accept-patch': 'application/json' },
    });
  }
  const charset = parameters.find((p) => /^charset=/i.test(p))?.slice('charset='.length).replace(/"/g, '');
  if (charset && !/^utf-?8$/i.test(charset)) {
    throw new HttpProblem('unsupported-media-type', { detail: `charset ${charset} is not accepted; send UTF-8` });
  }
}
