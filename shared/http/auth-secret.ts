/**
 * The key that signs access tokens. In AWS it is a Secrets Manager secret (AUTH_SECRET_ARN) that
 * the CDK app generates; locally it is generated once and kept on disk (AUTH_SECRET_FILE, under
 * .local/) so tokens survive a restart. Read and imported once per process: jose given raw bytes
 * would import them again for every token it signs or verifies.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

const MIN_SECRET_BYTES = 32;

let cached: Promise<CryptoKey> | undefined;

export function signingKey(): Promise<CryptoKey> {
  cached ??= loadSigningKey().catch((error: unknown) => {
    cached = undefined; // a transient Secrets Manager failure must not stick for the life of the process
    throw error;
  });
  return cached;
}

async function loadSigningKey(): Promise<CryptoKey> {
  const arn = process.env.AUTH_SECRET_ARN;
  const file = process.env.AUTH_SECRET_FILE;
  const secret = arn ? await fromSecretsManager(arn) : file ? await fromFile(file) : undefined;
  if (secret === undefined) throw new Error('Set AUTH_SECRET_ARN (AWS) or AUTH_SECRET_FILE (local) for the token signing key');
  const key = new TextEncoder().encode(secret);
  if (key.byteLength < MIN_SECRET_BYTES) throw new Error(`The token signing secret must be at least ${MIN_SECRET_BYTES} bytes`);
  return crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
}

async function fromSecretsManager(arn: string): Promise<string> {
  const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
  const client = new SecretsManagerClient({ region: process.env.AWS_REGION });
  const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: arn }));
  if (!SecretString) throw new Error('The token signing secret has no string value');
  return SecretString.trim();
}

/** Creates the file exclusively ('wx'), so two processes starting at once end up with one secret. */
async function fromFile(path: string): Promise<string> {
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(dirname(path), { recursive: true });
  try {
    await writeFile(path, randomBytes(48).toString('base64url') + '\n', { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return (await readFile(path, 'utf8')).trim();
}
