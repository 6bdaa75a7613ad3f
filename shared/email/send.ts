/**
 * The one way the platform sends email. In AWS it is SES v2 from EMAIL_FROM; locally (no EMAIL_FROM)
 * the message is written to the structured log, and also to EMAIL_OUTBOX_DIR as a JSON file when that
 * is set, so a developer or a test can follow the link it carries.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { config } from '../config';
import { logger } from '../http/log';

export interface Email {
  to: string;
  subject: string;
  text: string;
}

/** This deployment has no sender: in AWS a message is never silently dropped, the caller is told. */
export class EmailNotConfiguredError extends Error {
  constructor() {
    super('EMAIL_FROM is not set: email cannot be sent');
    this.name = 'EmailNotConfiguredError';
  }
}

let ses: Promise<(email: Email, from: string) => Promise<void>> | undefined;

async function sesSender(): Promise<(email: Email, from: string) => Promise<void>> {
  const { SESv2Client, SendEmailCommand } = await import('@aws-sdk/client-sesv2');
  const client = new SESv2Client({ region: process.env.AWS_REGION });
  return async (email, from) => {
    await client.send(
      new SendEmailCommand({
        FromEmailAddress: from,
        Destination: { ToAddresses: [email.to] },
        Content: { Simple: { Subject: { Data: email.subject, Charset: 'UTF-8' }, Body: { Text: { Data: email.text, Charset: 'UTF-8' } } } },
      }),
    );
  };
}

export async function sendEmail(email: Email): Promise<void> {
  const from = process.env.EMAIL_FROM;
  if (from) {
    ses ??= sesSender();
    await (await ses)(email, from);
    return;
  }
  // Only the local runtime may log a message instead of sending it: it carries a token.
  if (!['local', 'test'].includes(config.stage())) throw new EmailNotConfiguredError();
  logger.info('email (local runtime: logged, not sent)', { email: { to: email.to, subject: email.subject, text: email.text } });
  const outbox = process.env.EMAIL_OUTBOX_DIR;
  if (outbox) {
    await mkdir(outbox, { recursive: true });
    await writeFile(join(outbox, `${Date.now()}-${randomUUID()}.json`), JSON.stringify({ ...email, sentAt: new Date().toISOString() }));
  }
}
