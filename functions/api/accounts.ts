/** Accounts: registration, login, the account, password changes and email verification. */
import * as accounts from '../../shared/accounts/service';
import { getDb } from '../../shared/data/db';
import { apiFunction } from '../../shared/http/api';
import { principals } from '../../shared/http/principals';
import { implement } from '../../shared/http/route';
import { getResumeFiles } from '../../shared/resumes/files';
import { apiFunctions, routes } from '../../shared/tables/routes';

export const handler = apiFunction(
  apiFunctions.accounts,
  [
    implement(routes.register, async ({ body, log }) => {
      const account = await accounts.register(getDb(), body, log);
      return { status: 201, body: account, headers: { location: '/accounts/me' } };
    }),
    implement(routes.login, async ({ body }) => ({ status: 200, body: await accounts.login(getDb(), body) })),
    implement(routes.getAccount, async ({ userId }) => ({ status: 200, body: await accounts.getAccount(getDb(), userId) })),
    implement(routes.updateAccount, async ({ userId, body, log }) => ({
      status: 200,
      body: await accounts.changeAccount(getDb(), userId, body, log),
    })),
    implement(routes.changePassword, async ({ userId, body }) => ({
      status: 200,
      body: await accounts.changePassword(getDb(), userId, body.currentPassword, body.newPassword),
    })),
    implement(routes.deleteAccount, async ({ userId, body }) => {
      await accounts.deleteAccount(getDb(), getResumeFiles(), userId, body.currentPassword);
      return { status: 204, body: undefined };
    }),
    implement(routes.sendVerificationEmail, async ({ userId }) => ({ status: 202, body: await accounts.resendVerification(getDb(), userId) })),
    implement(routes.verifyEmail, async ({ body }) => ({ status: 200, body: await accounts.verifyEmail(getDb(), body.token) })),
  ],
  { principals },
);
