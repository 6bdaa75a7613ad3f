/**
 * The local S3 endpoint: an HTTP server on 127.0.0.1 speaking the S3 REST protocol that
 * `@aws-sdk/client-s3` and its presigned URLs speak (path-style: /<bucket>/<key>), for the object
 * calls the platform makes (PutObject, CopyObject, GetObject with a range, HeadObject, DeleteObject,
 * DeleteObjects, ListObjectsV2), over folders under a data dir (./objects.ts). As strict as S3 where the platform
 * relies on it: every request is signed (Signature Version 4, checked here), a presigned URL expires
 * and covers its key and signed Content-Length, and a body must match its Content-MD5, checksum and
 * payload hash. What it does not implement answers NotImplemented.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { allowedOrigin, corsPolicy } from '../../../shared/http/cors';
import { listenLocally, stopServer } from '../listen';
import { S3Error, s3Errors } from './errors';
import { FolderBuckets } from './objects';
import { copyObject, decodeSegment, deleteObjects, getObject, header, listObjects, putObject } from './operations';
import { parseQuery, verifySignature } from './signature';

export interface LocalS3Options {
  /** Each bucket is a folder here (kept across restarts). */
  dataDir: string;
  buckets: readonly string[];
  /** The credentials the local SDK clients sign with; any other access key is refused. */
  credentials: { accessKeyId: string; secretAccessKey: string };
  region: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  log?: (entry: Record<string, unknown>) => void;
}

export interface LocalS3 {
  /** e.g. http://127.0.0.1:43121, for the SDK's `endpoint` (S3_ENDPOINT). */
  endpoint: string;
  /** The folder a bucket's objects are kept in. */
  folderOf(bucket: string): string;
  stop(): Promise<void>;
}

/** Query parameters that name a sub-resource or an operation this endpoint does not have. */
const SUBRESOURCES = ['acl', 'tagging', 'uploads', 'uploadId', 'partNumber', 'versionId', 'versioning', 'versions', 'cors', 'policy', 'lifecycle', 'restore', 'select', 'attributes', 'legal-hold', 'retention', 'torrent', 'location', 'encryption', 'website', 'notification', 'logging', 'replication', 'object-lock', 'ownershipControls', 'publicAccessBlock', 'accelerate', 'requestPayment', 'analytics', 'inventory', 'metrics', 'intelligent-tiering'];

export async function startLocalS3(options: LocalS3Options): Promise<LocalS3> {
  const buckets = new FolderBuckets(options.dataDir, options.buckets);
  await buckets.init();
  const log = options.log ?? ((entry) => process.stderr.write(JSON.stringify({ level: 'ERROR', service: 'local-s3', ...entry }) + '\n'));
  const secretFor = (id: string) => (id === options.credentials.accessKeyId ? options.credentials.secretAccessKey : undefined);

  const server = createServer((req, res) => {
    void handle(req, res);
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomBytes(8).toString('hex').toUpperCase();
    const cors = corsHeaders(req);
    try {
      const url = req.url ?? '/';
      const at = url.indexOf('?');
      const rawPath = at < 0 ? url : url.slice(0, at);
      const rawQuery = at < 0 ? '' : url.slice(at + 1);
      if (req.method === 'OPTIONS') return preflight(req, res, cors);
      const verified = verifySignature({ method: req.method ?? 'GET', rawPath, rawQuery, headers: req.headers }, { region: options.region, secretFor });
      const query = new Map(parseQuery(rawQuery));
      const [bucketSegment = '', ...keySegments] = rawPath.slice(1).split('/');
      const bucket = decodeSegment(bucketSegment);
      const key = keySegments.map(decodeSegment).join('/');
      const subresource = SUBRESOURCES.find((name) => query.has(name));
      if (subresource) throw s3Errors.notImplemented(`The ?${subresource} sub-resource`);
      if (!bucket) throw s3Errors.notImplemented('ListBuckets');
      if (!buckets.has(bucket)) throw s3Errors.noSuchBucket(bucket);
      const base = { 'x-amz-request-id': requestId, ...cors };

      if (query.has('delete')) {
        if (req.method !== 'POST' || key) throw s3Errors.methodNotAllowed(req.method ?? '');
        return send(res, 200, base, await deleteObjects(buckets, req, bucket, verified.payloadHash));
      }
      if (!key) {
        if (req.method === 'HEAD') return void res.writeHead(200, { ...base, 'x-amz-bucket-region': options.region }).end();
        if (req.method === 'GET') return send(res, 200, base, await listObjects(buckets, bucket, query));
        throw s3Errors.methodNotAllowed(req.method ?? '');
      }
      switch (req.method) {
        case 'PUT':
          if (header(req, 'x-amz-copy-source')) return send(res, 200, base, await copyObject(buckets, req, bucket, key));
          return void res.writeHead(200, { ...base, etag: await putObject(buckets, req, bucket, key, verified.payloadHash, query) }).end();
        case 'GET':
        case 'HEAD':
          return await getObject(buckets, req, res, bucket, key, base);
        case 'DELETE':
          await buckets.remove(bucket, key);
          return void res.writeHead(204, base).end();
        default:
          throw s3Errors.methodNotAllowed(req.method ?? '');
      }
    } catch (error) {
      let failure: S3Error;
      if (error instanceof S3Error) failure = error;
      else {
        log({ message: 'local S3 request failed', method: req.method, url: req.url, requestId, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
        failure = s3Errors.internal();
      }
      req.resume(); // an unread body must not hold the connection
      if (res.headersSent) return void res.destroy();
      const headers = { 'x-amz-request-id': requestId, ...cors };
      // HEAD answers carry no body; the SDK reads the status alone (404 is NotFound).
      if (req.method === 'HEAD') return void res.writeHead(failure.status, headers).end();
      send(res, failure.status, headers, failure.toXml(requestId));
    }
  }

  /** CORS as the API's own policy says (shared/http/cors.ts), so a browser client can PUT to an upload URL. */
  function corsHeaders(req: IncomingMessage): Record<string, string> {
    const origin = allowedOrigin(corsPolicy(), header(req, 'origin'));
    return origin ? { 'access-control-allow-origin': origin, 'access-control-expose-headers': 'etag, x-amz-request-id' } : {};
  }

  function preflight(req: IncomingMessage, res: ServerResponse, cors: Record<string, string>): void {
    if (!cors['access-control-allow-origin']) throw s3Errors.accessDenied('CORSResponse: This CORS request is not allowed.');
    res
      .writeHead(200, {
        ...cors,
        'access-control-allow-methods': 'GET, PUT, HEAD',
        'access-control-allow-headers': header(req, 'access-control-request-headers') ?? '',
        'access-control-max-age': '600',
      })
      .end();
  }

  const endpoint = await listenLocally(server, options.port, options.host);
  return { endpoint, folderOf: (bucket) => buckets.folderOf(bucket), stop: () => stopServer(server) };
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, xml: string): void {
  res.writeHead(status, { ...headers, 'content-type': 'application/xml', 'content-length': Buffer.byteLength(xml) }).end(xml);
}
