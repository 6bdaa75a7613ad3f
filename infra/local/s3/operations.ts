/**
 * The object operations of the local S3 endpoint (./server.ts routes to them), over the folder buckets
 * (./objects.ts), answering as S3 answers: ETags, ranges, conditions, checksums, XML results.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32 } from 'node:zlib';
import { s3Errors } from './errors';
import type { FolderBuckets, ObjectMeta } from './objects';
import { S3_NAMESPACE, xmlDocument, xmlElement } from './xml';

/** S3's limit for one PUT. */
const MAX_PUT_BYTES = 5 * 1024 ** 3;
const DEFAULT_CONTENT_TYPE = 'binary/octet-stream';

const quoted = (md5: string) => `"${md5}"`;
const unquote = (etag: string) => etag.trim().replace(/^W\//, '').replace(/^"|"$/g, '');

export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

export function decodeSegment(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw s3Errors.invalidArgument('The request path is not correctly percent-encoded');
  }
}

/** PutObject: the body, checked against its length, Content-MD5, checksums and payload hash, kept; its ETag. */
export async function putObject(buckets: FolderBuckets, req: IncomingMessage, bucket: string, key: string, payloadHash: string, query: Map<string, string>): Promise<string> {
  if (/^STREAMING-/.test(payloadHash) || /aws-chunked/.test(header(req, 'content-encoding') ?? '')) throw s3Errors.notImplemented('An aws-chunked upload');
  const declared = header(req, 'content-length');
  if (declared === undefined) throw s3Errors.missingContentLength();
  if (Number(declared) > MAX_PUT_BYTES) throw s3Errors.entityTooLarge();
  // A checksum sent as a header or, in a presigned URL, as a query parameter: the body must match it.
  const checksum = (name: string) => header(req, `x-amz-checksum-${name}`) ?? query.get(`x-amz-checksum-${name}`);
  for (const unsupported of ['crc32c', 'crc64nvme']) if (checksum(unsupported)) throw s3Errors.notImplemented(`The ${unsupported.toUpperCase()} checksum`);

  const md5 = createHash('md5');
  const sha256 = createHash('sha256');
  const sha1 = createHash('sha1');
  let crc = 0;
  let size = 0;
  const hashing = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      md5.update(chunk);
      sha256.update(chunk);
      sha1.update(chunk);
      crc = crc32(chunk, crc);
      done(null, chunk);
    },
  });
  const temporary = buckets.temporaryFile();
  try {
    await pipeline(req, hashing, createWriteStream(temporary));
    if (size !== Number(declared)) throw s3Errors.incompleteBody();
    const digest = md5.digest();
    const contentMd5 = header(req, 'content-md5');
    if (contentMd5 !== undefined && contentMd5 !== digest.toString('base64')) throw s3Errors.badDigest('Content-MD5');
    if (payloadHash !== 'UNSIGNED-PAYLOAD' && payloadHash !== sha256.copy().digest('hex')) throw s3Errors.contentSha256Mismatch();
    const crcBytes = Buffer.alloc(4);
    crcBytes.writeUInt32BE(crc >>> 0);
    const expected: Record<string, string> = { crc32: crcBytes.toString('base64'), sha1: sha1.digest('base64'), sha256: sha256.digest('base64') };
    for (const [name, value] of Object.entries(expected)) {
      const given = checksum(name);
      if (given !== undefined && given !== value) throw s3Errors.badDigest(`x-amz-checksum-${name}`);
    }
    const etag = quoted(digest.toString('hex'));
    const meta: ObjectMeta = { etag, contentType: header(req, 'content-type') ?? DEFAULT_CONTENT_TYPE, lastModified: new Date().toISOString(), size };
    await buckets.keep(bucket, key, temporary, meta);
    return etag;
  } catch (error) {
    await rm(temporary, { force: true });
    if ((error as NodeJS.ErrnoException).code === 'ERR_STREAM_PREMATURE_CLOSE' || (error as NodeJS.ErrnoException).code === 'ECONNRESET') throw s3Errors.incompleteBody();
    throw error;
  }
}

/** CopyObject with its x-amz-copy-source-if-(none-)match conditions and metadata directive; the CopyObjectResult XML. */
export async function copyObject(buckets: FolderBuckets, req: IncomingMessage, bucket: string, key: string): Promise<string> {
  const source = decodeSegment(header(req, 'x-amz-copy-source')!.replace(/^\//, ''));
  if (source.includes('?')) throw s3Errors.notImplemented('Copying a version of an object');
  const slash = source.indexOf('/');
  if (slash < 1) throw s3Errors.invalidArgument('Copy Source must mention the source bucket and key: sourcebucket/sourcekey');
  const [sourceBucket, sourceKey] = [source.slice(0, slash), source.slice(slash + 1)];
  for (const condition of ['x-amz-copy-source-if-modified-since', 'x-amz-copy-source-if-unmodified-since']) {
    if (header(req, condition)) throw s3Errors.notImplemented(`The ${condition} condition`);
  }
  const meta = await buckets.meta(sourceBucket, sourceKey);
  if (!meta) throw s3Errors.noSuchKey(sourceKey);
  const ifMatch = header(req, 'x-amz-copy-source-if-match');
  if (ifMatch !== undefined && ifMatch.trim() !== '*' && unquote(ifMatch) !== unquote(meta.etag)) throw s3Errors.preconditionFailed('x-amz-copy-source-If-Match');
  const ifNoneMatch = header(req, 'x-amz-copy-source-if-none-match');
  if (ifNoneMatch !== undefined && (ifNoneMatch.trim() === '*' || unquote(ifNoneMatch) === unquote(meta.etag))) throw s3Errors.preconditionFailed('x-amz-copy-source-If-None-Match');
  const directive = header(req, 'x-amz-metadata-directive') ?? 'COPY';
  if (directive !== 'COPY' && directive !== 'REPLACE') throw s3Errors.invalidArgument('Unknown metadata directive.');
  if (sourceBucket === bucket && sourceKey === key && directive === 'COPY') {
    throw s3Errors.invalidRequest("This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.");
  }
  const contentType = directive === 'REPLACE' ? (header(req, 'content-type') ?? DEFAULT_CONTENT_TYPE) : meta.contentType;
  const copied: ObjectMeta = { ...meta, contentType, lastModified: new Date().toISOString() };
  // As S3 answers a copy whose source is deleted while it runs.
  const temporary = await buckets.copyToTemporary(sourceBucket, sourceKey);
  if (!temporary) throw s3Errors.noSuchKey(sourceKey);
  await buckets.keep(bucket, key, temporary, copied);
  return xmlDocument(xmlElement('CopyObjectResult', [xmlElement('LastModified', copied.lastModified), xmlElement('ETag', copied.etag)], S3_NAMESPACE));
}

/** GetObject and HeadObject, with one byte range. */
export async function getObject(buckets: FolderBuckets, req: IncomingMessage, res: ServerResponse, bucket: string, key: string, base: Record<string, string>): Promise<void> {
  const meta = await buckets.meta(bucket, key);
  if (!meta) throw s3Errors.noSuchKey(key);
  const headers: Record<string, string | number> = {
    ...base,
    'content-type': meta.contentType,
    etag: meta.etag,
    'last-modified': new Date(meta.lastModified).toUTCString(),
    'accept-ranges': 'bytes',
  };
  const range = parseRange(header(req, 'range'), meta.size);
  if (range) {
    headers['content-range'] = `bytes ${range.start}-${range.end}/${meta.size}`;
    headers['content-length'] = range.end - range.start + 1;
  } else headers['content-length'] = meta.size;
  res.writeHead(range ? 206 : 200, headers);
  if (req.method === 'HEAD' || meta.size === 0) return void res.end();
  await pipeline(buckets.read(bucket, key, range), res);
}

/** ListObjectsV2 of a prefix, paged by continuation token; the ListBucketResult XML. */
export async function listObjects(buckets: FolderBuckets, bucket: string, query: Map<string, string>): Promise<string> {
  if (query.get('list-type') !== '2') throw s3Errors.notImplemented('ListObjects (version 1)');
  for (const unsupported of ['delimiter', 'encoding-type', 'fetch-owner']) if (query.has(unsupported)) throw s3Errors.notImplemented(`ListObjectsV2 with ${unsupported}`);
  const prefix = query.get('prefix') ?? '';
  const maxKeys = Math.min(1000, query.has('max-keys') ? Number(query.get('max-keys')) : 1000);
  if (!Number.isInteger(maxKeys) || maxKeys < 0) throw s3Errors.invalidArgument('max-keys must be a non-negative integer');
  const token = query.get('continuation-token');
  let after = query.get('start-after') ?? '';
  if (token !== undefined) {
    after = Buffer.from(token, 'base64url').toString('utf8');
    if (!after) throw s3Errors.invalidArgument('The continuation token provided is incorrect');
  }
  const all = (await buckets.list(bucket, prefix)).filter((o) => Buffer.compare(Buffer.from(o.key), Buffer.from(after)) > 0);
  const page = all.slice(0, maxKeys);
  const truncated = all.length > page.length;
  return xmlDocument(
    xmlElement(
      'ListBucketResult',
      [
        xmlElement('Name', bucket),
        xmlElement('Prefix', prefix),
        ...(token !== undefined ? [xmlElement('ContinuationToken', token)] : []),
        ...(query.has('start-after') ? [xmlElement('StartAfter', query.get('start-after')!)] : []),
        xmlElement('KeyCount', page.length),
        xmlElement('MaxKeys', maxKeys),
        xmlElement('IsTruncated', truncated),
        ...page.map((o) =>
          xmlElement('Contents', [xmlElement('Key', o.key), xmlElement('LastModified', o.lastModified), xmlElement('ETag', o.etag), xmlElement('Size', o.size), xmlElement('StorageClass', 'STANDARD')]),
        ),
        ...(truncated ? [xmlElement('NextContinuationToken', Buffer.from(page.at(-1)!.key).toString('base64url'))] : []),
      ],
      S3_NAMESPACE,
    ),
  );
}

/** One `bytes=` range as S3 reads it; undefined for none (or one S3 would ignore); InvalidRange past the end. */
function parseRange(value: string | undefined, size: number): { start: number; end: number } | undefined {
  if (!value) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(value.trim());
  if (!match || (match[1] === '' && match[2] === '')) {
    if (/^bytes=.*,/.test(value)) throw s3Errors.notImplemented('A request for several ranges');
    return undefined;
  }
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0 || size === 0) throw s3Errors.invalidRange();
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  if (start >= size) throw s3Errors.invalidRange();
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (end < start) return undefined;
  return { start, end };
}

/** S3's limit on the keys of one DeleteObjects. */
const MAX_DELETE_KEYS = 1000;
const unescapeXml = (text: string) => text.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_, e: string) => {
  const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
  if (named[e.toLowerCase()]) return named[e.toLowerCase()]!;
  return String.fromCodePoint(e[1]?.toLowerCase() === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
});

/**
 * DeleteObjects (POST ?delete): up to 1,000 keys in a <Delete> body, which S3 takes only with a
 * Content-MD5 or a checksum that matches it; a key that is not there counts as deleted, as in S3.
 * Answers the DeleteResult XML (only the errors when Quiet).
 */
export async function deleteObjects(buckets: FolderBuckets, req: IncomingMessage, bucket: string, payloadHash: string): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 2 * 1024 * 1024) throw s3Errors.malformedXml();
    chunks.push(chunk);
  }
  const body = Buffer.concat(chunks);
  if (payloadHash !== 'UNSIGNED-PAYLOAD' && payloadHash !== createHash('sha256').update(body).digest('hex')) throw s3Errors.contentSha256Mismatch();
  const crcBytes = Buffer.alloc(4);
  crcBytes.writeUInt32BE(crc32(body) >>> 0);
  const digests: Record<string, string> = {
    'content-md5': createHash('md5').update(body).digest('base64'),
    'x-amz-checksum-crc32': crcBytes.toString('base64'),
    'x-amz-checksum-sha1': createHash('sha1').update(body).digest('base64'),
    'x-amz-checksum-sha256': createHash('sha256').update(body).digest('base64'),
  };
  const given = Object.keys(digests).filter((name) => header(req, name) !== undefined);
  if (!given.length) throw s3Errors.invalidRequest('Missing required header for this request: Content-MD5');
  for (const name of given) if (header(req, name) !== digests[name]) throw s3Errors.badDigest(name === 'content-md5' ? 'Content-MD5' : name);
  const xml = body.toString('utf8');
  if (!/<Delete[\s>][\s\S]*<\/Delete>\s*$/.test(xml)) throw s3Errors.malformedXml();
  const keys = [...xml.matchAll(/<Object>\s*<Key>([\s\S]*?)<\/Key>[\s\S]*?<\/Object>/g)].map((m) => unescapeXml(m[1]!));
  if (!keys.length || keys.length > MAX_DELETE_KEYS) throw s3Errors.malformedXml();
  const quiet = /<Quiet>\s*true\s*<\/Quiet>/i.test(xml);
  const deleted: string[] = [];
  for (const key of keys) {
    await buckets.remove(bucket, key);
    if (!quiet) deleted.push(xmlElement('Deleted', [xmlElement('Key', key)]));
  }
  return xmlDocument(xmlElement('DeleteResult', deleted, S3_NAMESPACE));
}
