/**
 * Bearer authentication on routes marked `auth`: a valid, unexpired access token whose user still
 * exists, is active, and has not changed password since the token was issued.
 */
import { bearerToken, unauthenticated, verifyAccessToken } from '../auth';
import { HttpProblem } from '../problem';
import { implementationOf, type ApiMiddleware } from './state';

/** What authentication needs to know of a user: looked up on every authenticated request. */
export interface Principal {
  active: boolean;
  fingerprint: string;
}
export type PrincipalLookup = (userId: number) => Promise<Principal | undefined>;

export const authenticate = (lookup: PrincipalLookup): ApiMiddleware => ({
  before: async (request) => {
    if (!implementationOf(request).route.auth) return;
    const claims = await verifyAccessToken(bearerToken(request.event.headers?.authorization));
    const principal = await lookup(claims.userId);
    if (!principal || principal.fingerprint !== claims.fingerprint) {
      throw unauthenticated('The access token has been revoked', 'invalid_token');
    }
    if (!principal.active) throw new HttpProblem('account-inactive');
    request.internal.userId = claims.userId;
  },
});
