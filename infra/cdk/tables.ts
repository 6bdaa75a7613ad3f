/**
 * The tables the platform is built from (shared/tables): routes, queues and schedules, each row
 * naming its function. What a function touches beyond its row (queues it sends to, the screenshot
 * bucket, email, native packages) is said on its FunctionSpec, so the stack reads one definition.
 */
import type { FunctionSpec, QueueSpec, RouteSpec, ScheduleSpec } from '../../shared/tables/types';

export interface PlatformTables {
  routes: RouteSpec[];
  queues: QueueSpec[];
  schedules: ScheduleSpec[];
}

/** Every function the tables name, once each, in table order (routes, queues, schedules). */
export function functionSpecsOf(tables: PlatformTables): FunctionSpec[] {
  const byId = new Map<string, FunctionSpec>();
  for (const row of [...tables.routes, ...tables.queues, ...tables.schedules]) {
    if (!byId.has(row.fn.id)) byId.set(row.fn.id, row.fn);
  }
  return [...byId.values()];
}

/**
 * Refuses a function that sends to a queue the queue table does not have: the type allows any queue
 * with a message schema (shared/queue/messages.ts), but only the table's queues are made, and such
 * a function would have no URL to send to. All such mistakes are named at once.
 */
export function checkFunctionNeeds(tables: PlatformTables): void {
  const queueNames = new Set<string>(tables.queues.map((q) => q.name));
  const problems = functionSpecsOf(tables).flatMap((fn) =>
    (fn.sendsTo ?? []).filter((queue) => !queueNames.has(queue)).map((queue) => `"${fn.id}" sends to "${queue}", which is not in the queue table`),
  );
  if (problems.length) throw new Error(`The tables are wrong: ${problems.join('; ')}`);
}
