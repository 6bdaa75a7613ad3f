/**
 * The local S3 endpoint's buckets as folders: an object is a file at `<dataDir>/<bucket>/<key>`
 * (so the platform's uploads can be looked at in .local/uploads), its ETag, type and time in a JSON
 * file beside it under `<dataDir>/_meta/` (no bucket name can begin with '_'). A write lands in a
 * temporary file first and is renamed into place: a reader never sees half an object.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { s3Errors } from './errors';

export interface ObjectMeta {
  etag: string;
  contentType: string;
  lastModified: string;
  size: number;
}

export interface ListedObject extends ObjectMeta {
  key: string;
}

const MAX_KEY_BYTES = 1024;

/** Keys S3 takes but a folder cannot hold as they are: refused with a reason rather than mapped to some other file. */
function checkKey(key: string): void {
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) throw s3Errors.keyTooLong();
  const segments = key.split('/');
  if (!key || segments.some((s) => s === '' || s === '.' || s === '..') || key.includes('\0')) {
    throw s3Errors.invalidArgument(`The local S3 endpoint keeps objects as files: a key may not be empty or have empty, "." or ".." segments (got "${key}")`);
  }
}

export class FolderBuckets {
  constructor(
    private readonly dataDir: string,
    readonly buckets: readonly string[],
  ) {}

  async init(): Promise<void> {
    for (const bucket of this.buckets) await mkdir(join(this.dataDir, bucket), { recursive: true });
    await mkdir(this.tmpDir, { recursive: true });
  }

  private get tmpDir() {
    return join(this.dataDir, '_tmp');
  }

  folderOf(bucket: string): string {
    return join(this.dataDir, bucket);
  }

  has(bucket: string): boolean {
    return this.buckets.includes(bucket);
  }

  private paths(bucket: string, key: string) {
    if (!this.has(bucket)) throw s3Errors.noSuchBucket(bucket);
    checkKey(key);
    return { object: join(this.dataDir, bucket, key), meta: join(this.dataDir, '_meta', bucket, `${key}.json`) };
  }

  /** A new temporary file for an incoming body; `keep` moves it into place. */
  temporaryFile(): string {
    return join(this.tmpDir, randomUUID());
  }

  async keep(bucket: string, key: string, temporary: string, meta: ObjectMeta): Promise<void> {
    const { object, meta: metaPath } = this.paths(bucket, key);
    try {
      await mkdir(dirname(object), { recursive: true });
      await mkdir(dirname(metaPath), { recursive: true });
      const metaTemporary = this.temporaryFile();
      await writeFile(metaTemporary, JSON.stringify(meta));
      await rename(temporary, object);
      await rename(metaTemporary, metaPath);
    } catch (error) {
      await rm(temporary, { force: true });
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOTDIR' || code === 'EISDIR' || code === 'EEXIST') {
        throw s3Errors.invalidArgument(`The local S3 endpoint keeps objects as files: "${key}" cannot sit beside an object whose key is a prefix of it, or the other way round`);
      }
      throw error;
    }
  }

  async meta(bucket: string, key: string): Promise<ObjectMeta | undefined> {
    const { meta } = this.paths(bucket, key);
    try {
      return JSON.parse(await readFile(meta, 'utf8')) as ObjectMeta;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw error;
    }
  }

  read(bucket: string, key: string, range?: { start: number; end: number }): ReadStream {
    return createReadStream(this.paths(bucket, key).object, range);
  }

  /** A server-side copy into a temporary file, ready for `keep`. */
  /** undefined when the object went meanwhile (deleted by a call running beside this one). */
  async copyToTemporary(bucket: string, key: string): Promise<string | undefined> {
    const temporary = this.temporaryFile();
    try {
      await copyFile(this.paths(bucket, key).object, temporary);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    return temporary;
  }

  async remove(bucket: string, key: string): Promise<void> {
    const { object, meta } = this.paths(bucket, key);
    await rm(meta, { force: true });
    await rm(object, { force: true });
    await this.pruneEmpty(dirname(object), join(this.dataDir, bucket));
    await this.pruneEmpty(dirname(meta), join(this.dataDir, '_meta', bucket));
  }

  /** Empty folders left by a delete would otherwise block a later key of the same name. */
  private async pruneEmpty(dir: string, root: string): Promise<void> {
    for (let at = dir; at.startsWith(root + sep); at = dirname(at)) {
      const entries = await readdir(at).catch(() => null);
      if (entries === null || entries.length) return;
      await rm(at, { recursive: false, force: true }).catch(() => undefined);
    }
  }

  /** Every object whose key begins with `prefix`, in key order (S3 lists by UTF-8 byte order; for the keys here that is string order). */
  async list(bucket: string, prefix: string): Promise<ListedObject[]> {
    if (!this.has(bucket)) throw s3Errors.noSuchBucket(bucket);
    const root = join(this.dataDir, '_meta', bucket);
    const found: ListedObject[] = [];
    const walk = async (dir: string): Promise<void> => {
      const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) await walk(path);
        else if (entry.name.endsWith('.json')) {
          const key = relative(root, path).split(sep).join('/').slice(0, -'.json'.length);
          if (!key.startsWith(prefix)) continue;
          const meta = await this.meta(bucket, key);
          if (meta) found.push({ key, ...meta });
        }
      }
    };
    await walk(root);
    return found.sort((a, b) => (Buffer.compare(Buffer.from(a.key), Buffer.from(b.key))));
  }
}
