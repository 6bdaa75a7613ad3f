/**
 * What an operator is paged for, all on one SNS topic (output as AlarmTopicArn): a message in a
 * dead-letter queue, the API answering 5xx, a worker or scheduled function failing, and the
 * database running near its capacity ceiling.
 */
import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import { type HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  MathExpression,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { type DatabaseCluster } from 'aws-cdk-lib/aws-rds';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { StageConfig } from '../stages';
import { type AppFunction, pascal } from './functions';
import type { PlatformQueue } from './queues';

export interface AlarmsConstructProps {
  stage: StageConfig;
  queues: PlatformQueue[];
  api: HttpApi;
  /** Functions whose every error matters: queue workers, scheduled jobs, the migration runner. */
  backgroundFunctions: AppFunction[];
  cluster: DatabaseCluster;
  removalPolicy: RemovalPolicy;
}

export class AlarmsConstruct extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: AlarmsConstructProps) {
    super(scope, id);
    const { stage } = props;

    // SNS encryption with a key CloudWatch may use: alarms cannot publish to a topic under the
    // AWS-managed SNS key.
    const key = new Key(this, 'TopicKey', {
      description: 'Encrypts the platform alarm topic',
      enableKeyRotation: true,
      removalPolicy: props.removalPolicy,
    });
    key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new Topic(this, 'Topic', {
      displayName: `Job platform alarms (${stage.name})`,
      masterKey: key,
      enforceSSL: true,
    });
    if (stage.alarms.email) this.topic.addSubscription(new EmailSubscription(stage.alarms.email));
    const action = new SnsAction(this.topic);

    const watch = (alarm: Alarm) => {
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
      this.alarms.push(alarm);
    };

    for (const q of props.queues) {
      watch(
        new Alarm(this, `${pascal(q.spec.name)}DeadLetters`, {
          alarmDescription: `Messages are waiting in ${q.deadLetterQueue.queueName}: ${q.spec.name} work failed ${q.spec.maxReceiveCount} times. Inspect, fix, then redrive.`,
          metric: q.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
          threshold: 0,
          comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
    }

    const period = Duration.minutes(5);
    const serverErrorRate = new MathExpression({
      label: 'API 5xx %',
      expression: 'IF(requests > 0, 100 * errors / requests, 0)',
      usingMetrics: {
        errors: props.api.metricServerError({ period, statistic: 'Sum' }),
        requests: props.api.metricCount({ period, statistic: 'Sum' }),
      },
      period,
    });
    watch(
      new Alarm(this, 'Api5xxRate', {
        alarmDescription: `More than ${stage.alarms.api5xxPercent}% of API requests answered 5xx over five minutes.`,
        metric: serverErrorRate,
        threshold: stage.alarms.api5xxPercent,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );

    for (const background of props.backgroundFunctions) {
      watch(
        new Alarm(this, `${pascal(background.spec.id)}Errors`, {
          alarmDescription: `The ${background.spec.id} function failed (crash, timeout or out of memory) in the last five minutes.`,
          metric: background.fn.metricErrors({ period, statistic: 'Sum' }),
          threshold: 0,
          comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
    }

    watch(
      new Alarm(this, 'DatabaseCapacity', {
        alarmDescription: `The database has used over ${stage.alarms.acuUtilizationPercent}% of its maximum capacity (${stage.database.maxCapacity} ACU) for fifteen minutes: raise maxCapacity or find the queries (Performance Insights).`,
        metric: props.cluster.metricACUUtilization({ period, statistic: 'Average' }),
        threshold: stage.alarms.acuUtilizationPercent,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
  }
}
