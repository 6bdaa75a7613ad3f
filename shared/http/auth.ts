/**
 * Access tokens: HS256 JWTs (jose) naming the user, expiring after AUTH_TOKEN_TTL_SECONDS (default
 * one hour). Each carries a fingerprint of the user's credentials, so changing the password or
 * deactivating the account revokes every token issued before.
 */
import { createHash } from 'node:crypto';
import { SignJWT, errors, jwtVerify } from 'jose';
import { HttpProblem } from './problem';
import { signingKey } from './auth-secret';

const ISSUER = 'job-automation';
const AUDIENCE = 'job-automation-api';
/** RFC 9068's media type for JWT access tokens: a token minted for another purpose is never accepted here. */
const ACCESS_TOKEN_TYPE = 'at+jwt';
const DEFAULT_TTL_SECONDS = 3600;

export function tokenTtlSeconds(): number {
  const configured = Number(process.env.AUTH_TOKEN_TTL_SECONDS);
  return Number.isInteger(configured) && configured > 0 ? configured : DEFAULT_TTL_SECONDS;
}

/** A short, one-way digest of the stored password hash: it changes whenever the password does. */
export function credentialFingerprint(hashedPassword: string): string {
  return createHash('sha256').update(hashedPassword).digest('base64url').slice(0, 22);
}

export interface IssuedToken {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  expiresAt: string;
}

export async function issueAccessToken(userId: number, fingerprint: string, ttlSeconds = tokenTtlSeconds()): Promise<IssuedToken> {
  const now = Math.floor(Date.now() / 1000);
  const accessToken = await new SignJWT({ cfp: fingerprint })
    .setProtectedHeader({ alg: 'HS256', typ: ACCESS_TOKEN_TYPE })
    .setSubject(String(userId))
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + ttlSeconds)
    .sign(await signingKey());
  return { accessToken, tokenType: 'Bearer', expiresIn: ttlSeconds, expiresAt: new Date((now + ttlSeconds) * 1000).toISOString() };
}

export interface TokenClaims {
  userId: number;
  fingerprint: string;
}

/** 401 with RFC 6750's WWW-Authenticate challenge. */
export function unauthenticated(detail: string, error?: 'invalid_token' | 'invalid_request'): HttpProblem {
  const challenge = error ? `Bearer error="${error}", error_description="${detail}"` : 'Bearer';
  return new HttpProblem('unauthenticated', { detail, headers: { 'www-authenticate': challenge } });
}

/**
 * Tokens this process has verified, with their claims and expiry: a client sends the same token on
 * every request, and checking an HMAC signature is a third of what authenticating one costs. Keyed by
 * the whole token, so a hit is a token whose signature was already checked; its expiry is checked
 * again on every hit. Bounded, oldest dropped first.
 */
const verified = new Map<string, TokenClaims & { expiresAtMs: number }>();
const MAX_VERIFIED_TOKENS = 10_000;
const CLOCK_TOLERANCE_SECONDS = 5;

export async function verifyAccessToken(token: string): Promise<TokenClaims> {
  const known = verified.get(token);
  if (known) {
    if (Date.now() < known.expiresAtMs) return { userId: known.userId, fingerprint: known.fingerprint };
    verified.delete(token);
  }
  const claims = await verifySignedToken(token);
  if (verified.size >= MAX_VERIFIED_TOKENS) verified.delete(verified.keys().next().value!);
  verified.set(token, claims);
  return { userId: claims.userId, fingerprint: claims.fingerprint };
}

async function verifySignedToken(token: string): Promise<TokenClaims & { expiresAtMs: number }> {
  try {
    const { payload } = await jwtVerify(token, await signingKey(), {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ['HS256'],
      typ: ACCESS_TOKEN_TYPE,
      requiredClaims: ['sub', 'exp', 'iat'],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    });
    const userId = Number(payload.sub);
    if (!Number.isSafeInteger(userId) || userId <= 0 || typeof payload.cfp !== 'string') {
      throw unauthenticated('The access token is not valid', 'invalid_token');
    }
    return { userId, fingerprint: payload.cfp, expiresAtMs: (payload.exp! + CLOCK_TOLERANCE_SECONDS) * 1000 };
  } catch (error) {
    if (error instanceof HttpProblem) throw error;
    if (error instanceof errors.JWTExpired) throw unauthenticated('The access token has expired', 'invalid_token');
    if (error instanceof errors.JOSEError) throw unauthenticated('The access token is not valid', 'invalid_token');
    throw error; // the signing key could not be loaded: a server fault, not the client's
  }
}

/** The token of an `Authorization: Bearer <token>` header. */
export function bearerToken(authorization: string | undefined): string {
  if (!authorization) throw unauthenticated('An Authorization: Bearer token is required');
  const match = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i.exec(authorization);
  if (!match) throw unauthenticated('The Authorization header must be "Bearer <token>"', 'invalid_request');
  return match[1]!;
}
