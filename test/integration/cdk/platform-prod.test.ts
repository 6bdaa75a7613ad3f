/**
 * The prod stage from the fixture tables, with bundling skipped (the dev file checks the bundles):
 * what prod keeps, rotates and sizes differently, and that it too passes cdk-nag.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logicalIdOf } from '../../../infra/cdk/constructs/functions';
import {
  actionsOf,
  functionLogicalId,
  resourcesOf,
  statementsOf,
  SYNTH_TIMEOUT_MS,
  type SynthesizedPlatform,
  synthesizeFixturePlatform,
} from './synth';

let platform: SynthesizedPlatform;

const EMAIL_FROM = 'Job Platform <no-reply@mail.example.com>';

beforeAll(() => {
  platform = synthesizeFixturePlatform({
    bundle: false,
    context: { stage: 'prod', alarmEmail: 'ops@example.com', emailFrom: EMAIL_FROM },
  });
}, SYNTH_TIMEOUT_MS);
afterAll(() => platform?.cleanup());

it('synthesizes with zero unacknowledged AwsSolutions findings', () => {
  expect(platform.violations.map((v) => `${v.ruleName} at ${v.violatingConstructs.map((c) => c.constructPath).join(', ')}`)).toEqual([]);
  expect(platform.synthError).toBeUndefined();
});

describe('database in prod', () => {
  it('is protected from deletion and leaves a final snapshot when removed', () => {
    platform.template.hasResource('AWS::RDS::DBCluster', {
      Properties: Match.objectLike({ DeletionProtection: true, BackupRetentionPeriod: 30 }),
      DeletionPolicy: 'Snapshot',
      UpdateReplacePolicy: 'Snapshot',
    });
  });

  it('never pauses, scales to 16 ACU, keeps a month of Performance Insights, and its reader follows the writer', () => {
    platform.template.hasResourceProperties('AWS::RDS::DBCluster', {
      ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 16 },
      PerformanceInsightsEnabled: true,
      PerformanceInsightsRetentionPeriod: 31,
    });
    const instances = resourcesOf(platform.json, 'AWS::RDS::DBInstance').map(([, r]) => r.Properties!);
    expect(instances.map((i) => i.PromotionTier).sort()).toEqual([0, 1]);
    for (const instance of instances) expect(instance).toMatchObject({ EnablePerformanceInsights: true, PerformanceInsightsRetentionPeriod: 31 });
  });

  it('rotates the master secret every 30 days through a private Secrets Manager endpoint', () => {
    platform.template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      SecretId: { Ref: Match.stringLikeRegexp('^DatabaseClusterSecretAttachment') },
      RotationRules: { ScheduleExpression: 'rate(30 days)' },
    });
    platform.template.hasResourceProperties('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Interface', PrivateDnsEnabled: true });
    // The rotation function is the one thing that reaches the cluster over the network.
    const ingress = resourcesOf(platform.json, 'AWS::EC2::SecurityGroupIngress');
    expect(ingress).toHaveLength(1);
    expect(JSON.stringify(ingress[0]![1].Properties!.SourceSecurityGroupId)).toContain('RotationSingleUser');
  });
});

describe('everything else in prod', () => {
  it('keeps logs three months and keeps them, and the screenshots 90 days, when the stack goes', () => {
    for (const [id, group] of resourcesOf(platform.json, 'AWS::Logs::LogGroup')) {
      expect(group.Properties!.RetentionInDays, id).toBe(90);
      expect(group.DeletionPolicy, id).toBe('Retain');
    }
    platform.template.hasResource('AWS::S3::Bucket', {
      Properties: Match.objectLike({ LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 90 })] } }),
      DeletionPolicy: 'Retain',
    });
  });

  it('keeps the uploaded resumes when the stack goes', () => {
    expect(platform.json.Resources[logicalIdOf(platform.stack.uploads.bucket)]!.DeletionPolicy).toBe('Retain');
  });

  it('turns CORS off by default (server-to-server clients), on the uploads bucket too, and throttles higher', () => {
    platform.template.hasResourceProperties('AWS::ApiGatewayV2::Api', { CorsConfiguration: Match.absent() });
    expect(platform.json.Resources[logicalIdOf(platform.stack.uploads.bucket)]!.Properties!.CorsConfiguration).toBeUndefined();
    platform.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', { DefaultRouteSettings: { ThrottlingRateLimit: 200, ThrottlingBurstLimit: 400 } });
  });

  it('subscribes the alarm email given with -c alarmEmail, and pages at 1% 5xx', () => {
    platform.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
      TopicArn: { Ref: logicalIdOf(platform.stack.alarms.topic) },
    });
    platform.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: Match.arrayWith([Match.objectLike({ Expression: Match.stringLikeRegexp('errors / requests') })]),
      Threshold: 1,
    });
  });
});

describe('email with a sender (-c emailFrom)', () => {
  it('lets the function that sends email send as that one address of that one SES domain identity', () => {
    const passwords = functionLogicalId(platform.json, 'Passwords');
    expect(platform.json.Resources[passwords]!.Properties!.Environment.Variables.EMAIL_FROM).toBe(EMAIL_FROM);
    const ses = statementsOf(platform.json, passwords).filter((s) => actionsOf(s).some((a) => a.startsWith('ses:')));
    expect(ses).toEqual([
      {
        Effect: 'Allow',
        Action: 'ses:SendEmail',
        Resource: {
          'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ses:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':identity/mail.example.com']],
        },
        Condition: { StringEquals: { 'ses:FromAddress': 'no-reply@mail.example.com' } },
      },
    ]);
    expect(platform.warnings).toEqual([]);
  });

  it('gives no other function the sender or any SES permission', () => {
    const passwords = functionLogicalId(platform.json, 'Passwords');
    const others = resourcesOf(platform.json, 'AWS::Lambda::Function').filter(([id]) => id !== passwords);
    expect(others.length).toBeGreaterThanOrEqual(6);
    for (const [id, fn] of others) {
      expect(fn.Properties!.Environment?.Variables?.EMAIL_FROM, id).toBeUndefined();
      expect(statementsOf(platform.json, id).flatMap(actionsOf).filter((a) => a.startsWith('ses:')), id).toEqual([]);
    }
  });
});
