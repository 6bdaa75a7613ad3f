/**
 * Fires the schedule table's handlers locally with EventBridge "Scheduled Event" events, at the
 * times their expressions name. A schedule still running when it is due again is not overlapped.
 */
import { randomUUID } from 'node:crypto';
import type { ScheduledEvent } from 'aws-lambda';
import type { ScheduleSpec } from '../../shared/tables/types';
import { invoke } from './lambda';
import { parseSchedule } from './schedule-expression';

export function scheduledEvent(spec: ScheduleSpec, time = new Date()): ScheduledEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '000000000000',
    time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: 'us-east-1',
    resources: [`arn:aws:scheduler:us-east-1:000000000000:schedule/default/${spec.name}`],
    detail: {},
  };
}

export function startScheduler(schedules: ScheduleSpec[], log: (line: string) => void = () => {}): { stop(): void } {
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;
  for (const spec of schedules) {
    const schedule = parseSchedule(spec.expression);
    let running = false;
    const arm = () => {
      if (stopped) return;
      const due = schedule.next(new Date());
      const timer = setTimeout(async () => {
        timers.delete(timer);
        arm();
        if (running) return log(`schedule ${spec.name}: still running, this firing skipped`);
        running = true;
        try {
          await invoke(spec.fn, scheduledEvent(spec, due));
        } catch (error) {
          log(`schedule ${spec.name} failed: ${(error as Error).message}`);
        } finally {
          running = false;
        }
      }, due.getTime() - Date.now());
      timer.unref();
      timers.add(timer);
    };
    arm();
  }
  return {
    stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
    },
  };
}
