/**
 * The one S3 client of a process. In AWS it talks to the regional endpoint with the function's role;
 * locally `S3_ENDPOINT` points it at the local S3 endpoint (infra/local/s3), which keeps objects in
 * folders under .local/: same SDK, same wire, same presigned URLs.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { config } from '../config';

export type S3Sdk = typeof import('@aws-sdk/client-s3');

let shared: Promise<{ sdk: S3Sdk; client: S3Client }> | undefined;

/** Loaded on first use: most API calls never touch S3, and loading its client would add to every cold start. */
export function s3(): Promise<{ sdk: S3Sdk; client: S3Client }> {
  shared ??= import('@aws-sdk/client-s3').then((sdk) => ({ sdk, client: createS3Client(sdk, config.s3Endpoint()) }));
  return shared;
}

export function createS3Client(sdk: S3Sdk, endpoint: string | undefined): S3Client {
  return new sdk.S3Client({
    region: config.region(),
    // Checksums only where S3 requires them: a presigned PUT made with the default would carry the
    // CRC32 of an empty body, and an upload of the real file through it would be refused.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    ...(endpoint
      ? {
          endpoint,
          // The local endpoint serves buckets as paths (http://127.0.0.1:port/bucket/key), not as host names.
          forcePathStyle: true,
          // Without credentials in the environment the default chain would probe the instance metadata
          // service and stall; the local endpoint checks signatures made with these.
          ...(process.env.AWS_ACCESS_KEY_ID ? {} : { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
        }
      : {}),
  });
}
