/**
 * The screenshot store over S3 (what the functions use in AWS), against the local S3 endpoint: it
 * talks through the process's one S3 client (S3_ENDPOINT, shared/storage/s3-client.ts), so it keeps,
 * serves and deletes an application's captures over the same wire as the uploads bucket, including
 * DeleteObjects, whose body S3 takes only with a checksum the client must send.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as sdk from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalS3, type LocalS3 } from '../../../infra/local/s3/server';
import { applicationArtifactsPrefix, s3ArtifactStore } from '../../../shared/artifacts/store';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const Bucket = 'artifacts';
let dir: string;
let s3: LocalS3;
let inspect: sdk.S3Client;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'artifacts-s3-'));
  s3 = await startLocalS3({ dataDir: dir, buckets: [Bucket], credentials, region: 'us-east-1' });
  // As a function's environment names it (the local runtime sets the same).
  Object.assign(process.env, { S3_ENDPOINT: s3.endpoint, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey });
  inspect = new sdk.S3Client({ region: 'us-east-1', endpoint: s3.endpoint, forcePathStyle: true, credentials });
});
afterAll(async () => {
  await s3?.stop();
  await rm(dir, { recursive: true, force: true });
});

const keysUnder = async (Prefix: string) => ((await inspect.send(new sdk.ListObjectsV2Command({ Bucket, Prefix }))).Contents ?? []).map((o) => o.Key).sort();

describe('the S3 artifact store', () => {
  it("keeps and serves a capture, and deletes all of an application's captures and no other's", async () => {
    const store = s3ArtifactStore(Bucket);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const keys = ['applications/4/attempts/1/filled.png', 'applications/4/attempts/2/outcome.png', 'applications/42/attempts/1/filled.png'];
    for (const key of keys) await store.put(key, { bytes: png, contentType: 'image/png' });
    expect(await store.get(keys[0]!)).toEqual({ bytes: new Uint8Array(png), contentType: 'image/png' });
    expect(await store.get('applications/4/attempts/9/none.png')).toBeUndefined();

    await store.deleteAll(applicationArtifactsPrefix(4));
    expect(await keysUnder('applications/')).toEqual(['applications/42/attempts/1/filled.png']);
    await store.deleteAll(applicationArtifactsPrefix(4)); // nothing left: nothing to do
  });
});

describe('DeleteObjects on the local endpoint, as S3 answers it', () => {
  it('refuses a body without Content-MD5 or a checksum, and one that does not match it', async () => {
    const body = '<Delete><Object><Key>applications/1/a.png</Key></Object></Delete>';
    const send = (headers: Record<string, string>) => {
      const command = new sdk.DeleteObjectsCommand({ Bucket, Delete: { Objects: [{ Key: 'applications/1/a.png' }] } });
      command.middlewareStack.addRelativeTo(
        ((next: (args: { request: unknown }) => Promise<unknown>) => async (args: { request: unknown }) => {
          const request = args.request as { headers: Record<string, string>; body: string };
          for (const name of Object.keys(request.headers)) if (/^(content-md5|x-amz-checksum-|x-amz-sdk-checksum)/i.test(name)) delete request.headers[name];
          Object.assign(request.headers, headers);
          request.body = body;
          request.headers['content-length'] = String(Buffer.byteLength(body));
          return next(args);
        }) as never,
        { relation: 'before', toMiddleware: 'httpSigningMiddleware', name: 'replaceChecksums' },
      );
      return inspect.send(command).then(() => 'deleted', (error: Error) => error.name);
    };
    expect(await send({})).toBe('InvalidRequest');
    expect(await send({ 'content-md5': Buffer.alloc(16).toString('base64') })).toBe('BadDigest');
  });
});
