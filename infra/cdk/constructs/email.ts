/**
 * Sending email through SES v2 (shared/email/send.ts) from the stage's sender. The stack does not
 * create the SES identity: a domain identity is usually shared by every stack of an account and
 * verified once through DNS (DEPLOY.md: email). A function that sends gets EMAIL_FROM and
 * ses:SendEmail on that one identity, only with that one From address.
 */
import { Annotations, Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { EmailSender } from '../stages';
import type { AppFunction } from './functions';

export interface EmailConstructProps {
  /** Unset: the functions get no EMAIL_FROM and no SES permission, and refuse to send in AWS. */
  sender?: EmailSender;
}

export class EmailConstruct extends Construct {
  readonly sender?: EmailSender;
  /** arn:<partition>:ses:<region>:<account>:identity/<domain>, when there is a sender. */
  readonly identityArn?: string;

  constructor(scope: Construct, id: string, props: EmailConstructProps) {
    super(scope, id);
    this.sender = props.sender;
    if (this.sender) {
      this.identityArn = Stack.of(this).formatArn({ service: 'ses', resource: 'identity', resourceName: this.sender.domain });
    }
  }

  grantSend(target: AppFunction): void {
    if (!this.sender || !this.identityArn) {
      Annotations.of(target.fn).addWarningV2(
        'job-platform:noEmailSender',
        `${target.spec.id} sends email, but the stage has no sender: it will refuse to send (verification emails are not delivered). Deploy with -c emailFrom=no-reply@<a domain verified in SES>.`,
      );
      return;
    }
    target.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [this.identityArn],
        conditions: { StringEquals: { 'ses:FromAddress': this.sender.address } },
      }),
    );
    target.fn.addEnvironment('EMAIL_FROM', this.sender.header);
  }
}
