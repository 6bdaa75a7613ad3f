/**
 * The prod stage from the fixture tables, with bundling skipped (the dev file checks the bundles):
 * what prod keeps, rotates and sizes differently, and that it too passes cdk-nag.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logicalIdOf } from '../../../infra/cdk/constructs/functions';
import { resourcesOf, SYNTH_TIMEOUT_MS, type SynthesizedPlatform, synthesizeFixturePlatform } from './synth';

let platform: SynthesizedPlatform;

beforeAll(() => {
  platform = synthesizeFixturePlatform({ bundle: false, context: { stage: 'prod', alarmEmail: 'ops@example.com' } });
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

  it('turns CORS off by default (server-to-server clients) and throttles higher', () => {
    platform.template.hasResourceProperties('AWS::ApiGatewayV2::Api', { CorsConfiguration: Match.absent() });
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
