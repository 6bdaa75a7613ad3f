/** Shared set-up for the applier's browser tests: the fixture sites, a folder artifact store, a resume kept in a local S3 bucket. */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as sdk from '@aws-sdk/client-s3';
import { LOCAL_REGION, LOCAL_UPLOADS_BUCKET } from '../../../infra/local/constants';
import { startLocalS3, type LocalS3 } from '../../../infra/local/s3/server';
import { createApplier } from '../../../shared/applier/index';
import { MemorySitePacing } from '../../../shared/applier/pacing';
import type { Applier } from '../../../shared/applier/port';
import { folderArtifactStore, type ArtifactStore } from '../../../shared/artifacts/store';
import { closeBrowser } from '../../../shared/browser/chromium';
import { s3ResumeFiles, type ResumeFiles } from '../../../shared/resumes/files';
import { storedKey, storedUrl } from '../../../shared/resumes/reference';
import { createS3Client } from '../../../shared/storage/s3-client';
import { RESUME_PDF, startFormSites, type FormSites, type FormSubmission } from '../../fixtures/sites/forms/server';

export interface ApplierWorld {
  sites: FormSites;
  artifacts: ArtifactStore;
  apply: Applier;
  /** The local uploads bucket the applier reads kept resumes from. */
  s3: LocalS3;
  files: ResumeFiles;
  /** RESUME_PDF kept for the test tasks' user (userId 1), as a profile save keeps an upload. */
  resumeUrl: string;
  /** Keeps `bytes` as one of `userId`'s resumes and returns its resumeUrl. */
  keepResume(bytes: Uint8Array, fileName: string, userId?: number): Promise<string>;
  close(): Promise<void>;
}

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

export async function startApplierWorld(): Promise<ApplierWorld> {
  process.env.ALLOW_PRIVATE_TARGETS = 'true';
  const dir = await mkdtemp(join(tmpdir(), 'applier-test-'));
  const s3 = await startLocalS3({ dataDir: join(dir, 'uploads'), buckets: [LOCAL_UPLOADS_BUCKET], credentials, region: LOCAL_REGION });
  const client = new sdk.S3Client({ region: LOCAL_REGION, endpoint: s3.endpoint, forcePathStyle: true, credentials });
  const files = s3ResumeFiles(LOCAL_UPLOADS_BUCKET, async () => ({ sdk, client: createS3Client(sdk, s3.endpoint) }));
  const keepResume = async (bytes: Uint8Array, fileName: string, userId = 1) => {
    const key = storedKey('resumes', userId, randomUUID(), fileName);
    await client.send(new sdk.PutObjectCommand({ Bucket: LOCAL_UPLOADS_BUCKET, Key: key, Body: bytes }));
    return storedUrl(LOCAL_UPLOADS_BUCKET, key);
  };
  const sites = await startFormSites();
  const artifacts = folderArtifactStore(join(dir, 'artifacts'));
  // Pacing is exercised in its own unit test; here every test submits to the same 127.0.0.1 host.
  const apply = createApplier({ artifacts: () => artifacts, resumes: () => files, pacing: new MemorySitePacing(0) });
  return {
    sites,
    artifacts,
    apply,
    s3,
    files,
    resumeUrl: await keepResume(RESUME_PDF, 'jane-doe-resume.pdf'),
    keepResume,
    async close() {
      await sites.close();
      await closeBrowser();
      await s3.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** One text field as the employer received it (form submissions turn newlines into CRLF). */
export function field(submission: FormSubmission | undefined, name: string): string | undefined {
  const values = submission?.fields[name];
  if (!values) return undefined;
  if (values.length !== 1) throw new Error(`${name} was sent ${values.length} times`);
  return values[0]!.replace(/\r\n/g, '\n');
}

export const deadline = () => ({ deadline: Date.now() + 45_000 });
