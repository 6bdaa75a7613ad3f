/**
 * The local S3 endpoint through the real SDK and through presigned URLs, as the platform uses it: what
 * S3 refuses (a changed presigned URL, another length, a wrong checksum, an unknown key, no signature)
 * is refused here too, so that what works locally works against the bucket in AWS.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as sdk from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalS3, type LocalS3 } from '../../../infra/local/s3/server';
import { createS3Client } from '../../../shared/storage/s3-client';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const Bucket = 'uploads';
let dir: string;
let s3: LocalS3;
/** The platform's own client (shared/storage/s3-client.ts). */
let client: sdk.S3Client;
/** The SDK's defaults: checksums on every request that supports them. */
let defaults: sdk.S3Client;

beforeAll(async () => {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  dir = await mkdtemp(join(tmpdir(), 'local-s3-'));
  s3 = await startLocalS3({ dataDir: dir, buckets: [Bucket], credentials, region: 'us-east-1' });
  process.env.AWS_ACCESS_KEY_ID = credentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = credentials.secretAccessKey;
  client = createS3Client(sdk, s3.endpoint);
  defaults = new sdk.S3Client({ region: 'us-east-1', endpoint: s3.endpoint, forcePathStyle: true, credentials });
});
afterAll(async () => {
  await s3?.stop();
  await rm(dir, { recursive: true, force: true });
});

const put = (Key: string, body: string, extra: Partial<sdk.PutObjectCommandInput> = {}) => defaults.send(new sdk.PutObjectCommand({ Bucket, Key, Body: Buffer.from(body), ...extra }));
const failure = (promise: Promise<unknown>) => promise.then(() => ({ name: 'no error', message: '' }), (error: Error) => ({ name: error.name, message: error.message }));

describe('object calls through the SDK', () => {
  it('puts, heads, reads (whole and a range), copies on a matching ETag only, and deletes; the object is a file in the bucket folder', async () => {
    const written = await put('a/first file.txt', 'hello, world', { ContentType: 'text/plain' });
    expect(written.ETag).toBe('"e4d7f1b4ed2e42d15898f4b27b019da4"');
    expect(await readFile(join(s3.folderOf(Bucket), 'a/first file.txt'), 'utf8')).toBe('hello, world');
    const head = await client.send(new sdk.HeadObjectCommand({ Bucket, Key: 'a/first file.txt' }));
    expect(head).toMatchObject({ ContentLength: 12, ContentType: 'text/plain', ETag: written.ETag });
    const range = await client.send(new sdk.GetObjectCommand({ Bucket, Key: 'a/first file.txt', Range: 'bytes=7-' }));
    expect(await range.Body!.transformToString()).toBe('world');
    expect(range.ContentRange).toBe('bytes 7-11/12');

    await client.send(new sdk.CopyObjectCommand({ Bucket, Key: 'b/copy.txt', CopySource: `${Bucket}/a/first%20file.txt`, CopySourceIfMatch: written.ETag, MetadataDirective: 'REPLACE', ContentType: 'text/x-kept' }));
    expect((await client.send(new sdk.HeadObjectCommand({ Bucket, Key: 'b/copy.txt' }))).ContentType).toBe('text/x-kept');
    expect(await failure(client.send(new sdk.CopyObjectCommand({ Bucket, Key: 'b/other.txt', CopySource: `${Bucket}/a/first%20file.txt`, CopySourceIfMatch: '"0123"' })))).toMatchObject({ name: 'PreconditionFailed' });

    await client.send(new sdk.DeleteObjectCommand({ Bucket, Key: 'a/first file.txt' }));
    expect(await failure(client.send(new sdk.GetObjectCommand({ Bucket, Key: 'a/first file.txt' })))).toMatchObject({ name: 'NoSuchKey' });
    expect(await failure(client.send(new sdk.HeadObjectCommand({ Bucket, Key: 'a/first file.txt' })))).toMatchObject({ name: 'NotFound' });
    // Deleting what is not there is not an error, as in S3.
    await client.send(new sdk.DeleteObjectCommand({ Bucket, Key: 'a/first file.txt' }));
  });

  it('lists a prefix in key order, a page at a time', async () => {
    for (const key of ['list/3', 'list/1', 'list/2', 'listed-not/1']) await put(key, key);
    const first = await client.send(new sdk.ListObjectsV2Command({ Bucket, Prefix: 'list/', MaxKeys: 2 }));
    expect(first.Contents?.map((o) => o.Key)).toEqual(['list/1', 'list/2']);
    expect(first.IsTruncated).toBe(true);
    const rest = await client.send(new sdk.ListObjectsV2Command({ Bucket, Prefix: 'list/', ContinuationToken: first.NextContinuationToken }));
    expect(rest.Contents?.map((o) => o.Key)).toEqual(['list/3']);
    expect(rest.IsTruncated).toBe(false);
  });

  it('refuses a body that does not match its Content-MD5 or checksum, an unknown bucket, and a key a folder cannot hold', async () => {
    expect(await failure(put('bad/md5', 'abc', { ContentMD5: Buffer.alloc(16).toString('base64') }))).toMatchObject({ name: 'BadDigest' });
    expect(await failure(put('bad/crc', 'abc', { ChecksumCRC32: 'AAAAAA==' }))).toMatchObject({ name: 'BadDigest' });
    expect(await failure(client.send(new sdk.GetObjectCommand({ Bucket: 'elsewhere', Key: 'x' })))).toMatchObject({ name: 'NoSuchBucket' });
    expect(await failure(put('a/../b', 'x'))).toMatchObject({ name: 'InvalidArgument' });
  });

  it('refuses an unknown access key, a wrong secret, and an unsigned request', async () => {
    const stranger = new sdk.S3Client({ region: 'us-east-1', endpoint: s3.endpoint, forcePathStyle: true, credentials: { accessKeyId: 'AKIAOTHER', secretAccessKey: 'local' } });
    expect(await failure(stranger.send(new sdk.ListObjectsV2Command({ Bucket })))).toMatchObject({ name: 'InvalidAccessKeyId' });
    const guesser = new sdk.S3Client({ region: 'us-east-1', endpoint: s3.endpoint, forcePathStyle: true, credentials: { accessKeyId: 'local', secretAccessKey: 'guess' } });
    expect(await failure(guesser.send(new sdk.ListObjectsV2Command({ Bucket })))).toMatchObject({ name: 'SignatureDoesNotMatch' });
    const anonymous = await fetch(`${s3.endpoint}/${Bucket}/list/1`);
    expect(anonymous.status).toBe(403);
    expect(await anonymous.text()).toMatch(/<Code>AccessDenied<\/Code>/);
  });
});

describe('presigned uploads', () => {
  const presign = (c: sdk.S3Client, Key: string, size: number) => getSignedUrl(c, new sdk.PutObjectCommand({ Bucket, Key, ContentLength: size }), { expiresIn: 900 });

  it('take exactly the signed length at exactly the signed key, with no other credential', async () => {
    const url = await presign(client, 'uploads/1/cv.pdf', 5);
    expect((await fetch(url, { method: 'PUT', body: 'abcde' })).status).toBe(200);
    expect(await readFile(join(s3.folderOf(Bucket), 'uploads/1/cv.pdf'), 'utf8')).toBe('abcde');
    const longer = await fetch(url, { method: 'PUT', body: 'abcdef' });
    expect(longer.status).toBe(403);
    expect(await longer.text()).toMatch(/<Code>SignatureDoesNotMatch<\/Code>/);
    expect((await fetch(url.replace('/uploads/1/', '/uploads/2/'), { method: 'PUT', body: 'abcde' })).status).toBe(403);
    expect((await fetch(url.replace(/X-Amz-Expires=\d+/, 'X-Amz-Expires=604800'), { method: 'PUT', body: 'abcde' })).status).toBe(403);
    expect(await failure(client.send(new sdk.HeadObjectCommand({ Bucket, Key: 'uploads/2/cv.pdf' })))).toMatchObject({ name: 'NotFound' });
  });

  it("made with the SDK's default checksums carry the CRC32 of an empty body, and refuse the real file: why the platform's client signs none", async () => {
    const trap = await presign(defaults, 'uploads/1/trap.pdf', 5);
    expect(trap).toMatch(/x-amz-checksum-crc32=AAAAAA%3D%3D/);
    const refused = await fetch(trap, { method: 'PUT', body: 'abcde' });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toMatch(/<Code>BadDigest<\/Code>/);
    expect(await presign(client, 'uploads/1/fine.pdf', 5)).not.toMatch(/x-amz-checksum/);
  });
});
