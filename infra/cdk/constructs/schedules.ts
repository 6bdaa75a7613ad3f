/**
 * The periodic jobs from the schedule table (shared/tables/schedules.ts) as EventBridge scheduled
 * rules. A rule delivers the standard `Scheduled Event` (source aws.events), the same event the
 * local runtime's scheduler fires, and invokes its function through a resource policy scoped to
 * that one rule: no role, no wildcard.
 */
import { Duration } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Construct } from 'constructs';
import type { ScheduleSpec } from '../../../shared/tables/types';
import { type AppFunction, type AppFunctions, pascal } from './functions';

/** rate(5 minutes), rate(1 hour), cron(0 3 * * ? *): EventBridge's own syntax. */
const EXPRESSION = /^(rate\(\d+ (minute|minutes|hour|hours|day|days)\)|cron\((\S+ ){5}\S+\))$/;

/** Refuses an expression EventBridge would reject at deploy time, so the synth fails first. */
export function checkScheduleSpec(spec: ScheduleSpec): void {
  if (!EXPRESSION.test(spec.expression)) throw new Error(`Schedule "${spec.name}": "${spec.expression}" is not a rate() or cron() expression`);
}

export interface SchedulesConstructProps {
  schedules: ScheduleSpec[];
  functions: AppFunctions;
}

export class SchedulesConstruct extends Construct {
  readonly schedules: { spec: ScheduleSpec; rule: Rule; target: AppFunction }[];

  constructor(scope: Construct, id: string, props: SchedulesConstructProps) {
    super(scope, id);
    const names = new Set<string>();
    this.schedules = props.schedules.map((spec) => {
      if (names.has(spec.name)) throw new Error(`Schedule "${spec.name}" appears twice in the schedule table`);
      names.add(spec.name);
      checkScheduleSpec(spec);

      const target = props.functions.ensure(spec.fn);
      const rule = new Rule(this, `${pascal(spec.name)}Rule`, {
        description: spec.description,
        schedule: Schedule.expression(spec.expression),
        targets: [
          // A run that cannot be delivered within the hour is skipped: the next one does the same work.
          new LambdaFunction(target.fn, { retryAttempts: 2, maxEventAge: Duration.hours(1) }),
        ],
      });
      return { spec, rule, target };
    });
  }
}
