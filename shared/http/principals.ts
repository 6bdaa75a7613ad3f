/** The principal lookup every authenticated API function uses: the account behind a token, from the database. */
import { principalOf } from '../accounts/service';
import { getDb } from '../data/db';
import type { PrincipalLookup } from './middleware/authenticate';

export const principals: PrincipalLookup = (userId) => principalOf(getDb(), userId);
