/**
 * Where the applier keeps screenshots: an S3 bucket in AWS (ARTIFACTS_BUCKET), a folder locally
 * (ARTIFACTS_DIR). Keys are relative paths such as `applications/42/attempts/2/filled.png`; the API
 * serves them back to the application's owner through its own route, so no bucket is ever public.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { config } from '../config';
import { s3 } from '../storage/s3-client';

export interface Artifact {
  bytes: Uint8Array;
  contentType: string;
}

export interface ArtifactStore {
  put(key: string, artifact: Artifact): Promise<void>;
  /** undefined when there is no such artifact. */
  get(key: string): Promise<Artifact | undefined>;
  /** Deletes every artifact whose key starts with `prefix` (a folder: it ends with '/'). */
  deleteAll(prefix: string): Promise<void>;
}

/** Every artifact of an application, of all its attempts, is under this prefix. */
export const applicationArtifactsPrefix = (applicationId: number) => `applications/${applicationId}/`;

const keyPattern = /^[A-Za-z0-9][A-Za-z0-9_./-]{0,511}$/;

function checkKey(key: string): string {
  if (!keyPattern.test(key) || key.split('/').includes('..')) throw new Error(`invalid artifact key: ${key}`);
  return key;
}

/** A prefix is a folder of keys: deleting `applications/4` must not touch `applications/42/...`. */
function checkPrefix(prefix: string): string {
  if (!prefix.endsWith('/')) throw new Error(`invalid artifact prefix (not a folder): ${prefix}`);
  checkKey(prefix.slice(0, -1));
  return prefix;
}

/** The bucket through the process's one S3 client (shared/storage/s3-client.ts), loaded on first use. */
export function s3ArtifactStore(bucket: string): ArtifactStore {
  return {
    async put(key, { bytes, contentType }) {
      const { sdk, client } = await s3();
      await client.send(new sdk.PutObjectCommand({ Bucket: bucket, Key: checkKey(key), Body: bytes, ContentType: contentType }));
    },
    async get(key) {
      const { sdk, client } = await s3();
      try {
        const object = await client.send(new sdk.GetObjectCommand({ Bucket: bucket, Key: checkKey(key) }));
        return { bytes: await object.Body!.transformToByteArray(), contentType: object.ContentType ?? 'application/octet-stream' };
      } catch (error) {
        if (error instanceof sdk.NoSuchKey) return undefined;
        throw error;
      }
    },
    async deleteAll(prefix) {
      const { sdk, client } = await s3();
      // A listing page holds at most 1,000 keys, as many as one DeleteObjects takes.
      for (let token: string | undefined; ; ) {
        const page = await client.send(new sdk.ListObjectsV2Command({ Bucket: bucket, Prefix: checkPrefix(prefix), ContinuationToken: token }));
        const keys = (page.Contents ?? []).flatMap((o) => (o.Key ? [{ Key: o.Key }] : []));
        if (keys.length) {
          const out = await client.send(new sdk.DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys, Quiet: true } }));
          if (out.Errors?.length) throw new Error(`could not delete ${out.Errors.length} artifacts under ${prefix}: ${out.Errors[0]!.Code} ${out.Errors[0]!.Message}`);
        }
        if (!page.IsTruncated) return;
        token = page.NextContinuationToken;
      }
    },
  };
}

/** A folder: each artifact is a file, with its content type in a `.type` file beside it. */
export function folderArtifactStore(dir: string): ArtifactStore {
  const root = resolve(dir);
  const pathOf = (key: string) => {
    const path = resolve(join(root, checkKey(key)));
    if (!path.startsWith(root + sep)) throw new Error(`invalid artifact key: ${key}`);
    return path;
  };
  return {
    async put(key, { bytes, contentType }) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, bytes);
      await writeFile(`${path}.type`, contentType);
    },
    async get(key) {
      const path = pathOf(key);
      try {
        const [bytes, contentType] = await Promise.all([readFile(path), readFile(`${path}.type`, 'utf8')]);
        return { bytes: new Uint8Array(bytes), contentType };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async deleteAll(prefix) {
      checkPrefix(prefix);
      await rm(pathOf(prefix.slice(0, -1)), { recursive: true, force: true });
    },
  };
}

let store: ArtifactStore | undefined;

/** The store the environment names: ARTIFACTS_BUCKET in AWS, ARTIFACTS_DIR locally. */
export function getArtifactStore(): ArtifactStore {
  store ??= (() => {
    const { bucket, dir } = config.artifacts();
    if (bucket) return s3ArtifactStore(bucket);
    if (dir) return folderArtifactStore(dir);
    throw new Error('Missing environment variable ARTIFACTS_BUCKET (or ARTIFACTS_DIR locally)');
  })();
  return store;
}
