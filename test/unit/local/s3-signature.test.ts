import * as sdk from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { describe, expect, it } from 'vitest';
import { S3Error } from '../../../infra/local/s3/errors';
import { verifySignature } from '../../../infra/local/s3/signature';
import { createS3Client } from '../../../shared/storage/s3-client';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const endpoint = 'http://127.0.0.1:4569';
const signedAt = new Date('2026-12-03T10:00:00Z');
const options = { region: 'us-east-1', secretFor: (id: string) => (id === 'local' ? 'local' : undefined) };

async function presigned(expiresIn: number) {
  process.env.AWS_ACCESS_KEY_ID = 'local';
  process.env.AWS_SECRET_ACCESS_KEY = 'local';
  const url = new URL(await getSignedUrl(createS3Client(sdk, endpoint), new sdk.PutObjectCommand({ Bucket: 'uploads', Key: 'uploads/1/cv.pdf', ContentLength: 5 }), { expiresIn, signingDate: signedAt }));
  return { method: 'PUT', rawPath: url.pathname, rawQuery: url.search.slice(1), headers: { host: url.host, 'content-length': '5' } };
}

const codeOf = (run: () => unknown) => {
  try {
    run();
    return 'accepted';
  } catch (error) {
    return (error as S3Error).code;
  }
};

describe('presigned URL signatures', () => {
  it('hold until their expiry and not a second longer', async () => {
    const request = await presigned(900);
    expect(codeOf(() => verifySignature(request, { ...options, now: new Date(signedAt.getTime() + 900_000) }))).toBe('accepted');
    expect(codeOf(() => verifySignature(request, { ...options, now: new Date(signedAt.getTime() + 901_000) }))).toBe('AccessDenied');
  });

  it('cover the method, the headers they name and every query parameter', async () => {
    const request = await presigned(900);
    const now = signedAt;
    expect(codeOf(() => verifySignature({ ...request, method: 'DELETE' }, { ...options, now }))).toBe('SignatureDoesNotMatch');
    expect(codeOf(() => verifySignature({ ...request, headers: { ...request.headers, 'content-length': '6' } }, { ...options, now }))).toBe('SignatureDoesNotMatch');
    expect(codeOf(() => verifySignature({ ...request, rawQuery: request.rawQuery.replace('x-id=PutObject', 'x-id=GetObject') }, { ...options, now }))).toBe('SignatureDoesNotMatch');
    expect(codeOf(() => verifySignature({ ...request, headers: { ...request.headers, 'x-amz-acl': 'public-read' } }, { ...options, now }))).toBe('AccessDenied');
  });

  it('may not last longer than a week, as in S3', async () => {
    const request = await presigned(900);
    const longer = { ...request, rawQuery: request.rawQuery.replace('X-Amz-Expires=900', 'X-Amz-Expires=604801') };
    expect(codeOf(() => verifySignature(longer, { ...options, now: signedAt }))).toBe('AuthorizationQueryParametersError');
  });
});
