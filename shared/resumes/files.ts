/**
 * The users' uploads bucket through the S3 SDK: presigned upload URLs, reading what was uploaded,
 * keeping it (a server-side copy, only of the very bytes that were checked), and deleting.
 */
import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { config } from '../config';
import { s3 } from '../storage/s3-client';

export interface ObjectInfo {
  size: number;
  etag: string;
}

export interface ResumeFiles {
  readonly bucket: string;
  /** A presigned PUT of exactly `size` bytes to `key`, valid `expiresInSeconds`. */
  uploadUrl(key: string, size: number, expiresInSeconds: number): Promise<string>;
  /** undefined when there is no such object. */
  head(key: string): Promise<ObjectInfo | undefined>;
  /** At most the first `maxBytes + 1` bytes of a non-empty object, with its etag; undefined when there is none. */
  read(key: string, maxBytes: number): Promise<{ bytes: Uint8Array; etag: string } | undefined>;
  /** Copies `from` to `to` if `from` is still the version `etag` names; false when it has changed or gone. */
  copy(from: string, to: string, etag: string, contentType: string): Promise<boolean>;
  /** Writes the object to a file and returns its size; undefined when there is none. */
  download(key: string, path: string, signal?: AbortSignal): Promise<number | undefined>;
  remove(key: string): Promise<void>;
  /** Deletes every object under `prefix` and returns how many there were. */
  removeUnder(prefix: string): Promise<number>;
}

const isMissing = (error: unknown) => {
  const name = (error as { name?: string }).name;
  return name === 'NoSuchKey' || name === 'NotFound';
};

/** The bucket through the process's S3 client, or through `connect` (a local endpoint of a test's own). */
export function s3ResumeFiles(bucket: string, connect: () => ReturnType<typeof s3> = s3): ResumeFiles {
  return {
    bucket,
    async uploadUrl(key, size, expiresInSeconds) {
      const [{ sdk, client }, { getSignedUrl }] = await Promise.all([connect(), import('@aws-sdk/s3-request-presigner')]);
      // ContentLength is signed: S3 refuses a PUT of any other length, so nothing larger can be stored.
      return getSignedUrl(client, new sdk.PutObjectCommand({ Bucket: bucket, Key: key, ContentLength: size }), { expiresIn: expiresInSeconds });
    },
    async head(key) {
      const { sdk, client } = await connect();
      try {
        const out = await client.send(new sdk.HeadObjectCommand({ Bucket: bucket, Key: key }));
        return { size: out.ContentLength ?? 0, etag: out.ETag ?? '' };
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },
    async read(key, maxBytes) {
      const { sdk, client } = await connect();
      try {
        const out = await client.send(new sdk.GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=0-${maxBytes}` }));
        return { bytes: await out.Body!.transformToByteArray(), etag: out.ETag ?? '' };
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },
    async copy(from, to, etag, contentType) {
      const { sdk, client } = await connect();
      try {
        await client.send(
          new sdk.CopyObjectCommand({
            Bucket: bucket,
            Key: to,
            CopySource: `${bucket}/${from.split('/').map(encodeURIComponent).join('/')}`,
            CopySourceIfMatch: etag,
            MetadataDirective: 'REPLACE',
            ContentType: contentType,
          }),
        );
        return true;
      } catch (error) {
        if (isMissing(error) || (error as { name?: string }).name === 'PreconditionFailed') return false;
        throw error;
      }
    },
    async download(key, path, signal) {
      const { sdk, client } = await connect();
      try {
        const out = await client.send(new sdk.GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
        await pipeline(out.Body as Readable, createWriteStream(path));
        return (await stat(path)).size;
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },
    async remove(key) {
      const { sdk, client } = await connect();
      await client.send(new sdk.DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
    async removeUnder(prefix) {
      const { sdk, client } = await connect();
      let removed = 0;
      let token: string | undefined;
      do {
        const page = await client.send(new sdk.ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
        // One DeleteObject each: a user has a handful of files, and it needs no Content-MD5 batch body.
        for (const object of page.Contents ?? []) {
          await client.send(new sdk.DeleteObjectCommand({ Bucket: bucket, Key: object.Key! }));
          removed++;
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return removed;
    },
  };
}

let shared: ResumeFiles | undefined;

/** The bucket the environment names (UPLOADS_BUCKET), in AWS and locally alike. */
export function getResumeFiles(): ResumeFiles {
  shared ??= s3ResumeFiles(config.uploadsBucket());
  return shared;
}
