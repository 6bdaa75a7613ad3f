/**
 * The attempt history of an application (sql/014): one application_attempts row per attempt, each
 * with its outcome and its automation log, read back newest first. A log is kept under
 * ATTEMPT_LOG_MAX_BYTES so that its row stays readable through the Data API (64 KB a row).
 */
import { basename } from 'node:path';
import { automationLogSchema, type AutomationLog } from '../applier/log';
import { readWithinBudget } from '../data/response-budget';
import type { Db } from '../data/types';
import type { ApplicationAttempt } from './schema';

/** Leaves room under the Data API's 64 KB a row for the attempt's other columns. */
export const ATTEMPT_LOG_MAX_BYTES = 48 * 1024;

/**
 * The size of a value as PostgreSQL prints a jsonb (the Data API returns it as that text): compact
 * JSON plus the space jsonb puts after every ':' and ',' between items.
 */
export function jsonbTextBytes(value: unknown): number {
  let separators = 0;
  const walk = (v: unknown) => {
    if (Array.isArray(v)) {
      separators += Math.max(v.length - 1, 0);
      v.forEach(walk);
    } else if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v).filter(([, e]) => e !== undefined);
      separators += entries.length + Math.max(entries.length - 1, 0);
      for (const [, e] of entries) walk(e);
    }
  };
  walk(value);
  return Buffer.byteLength(JSON.stringify(value)) + separators;
}

/**
 * The log as stored: whole when it fits; otherwise as many of its first and last steps (where the
 * form opened, and where it ended) as fit, with a note in place of the middle ones.
 */
export function fitLog(log: AutomationLog, maxBytes = ATTEMPT_LOG_MAX_BYTES): AutomationLog {
  if (jsonbTextBytes(log) <= maxBytes) return log;
  const note = (left: number, atMs: number) => ({ atMs, kind: 'note' as const, message: `${left} steps left out to keep this log under ${Math.floor(maxBytes / 1024)} KB` });
  // Each step costs its own size and the ', ' before it; the frame holds the note (with a count as long as any).
  let room = maxBytes - jsonbTextBytes({ ...log, steps: [note(log.steps.length, Number.MAX_SAFE_INTEGER)] });
  let head = 0;
  let tail = 0;
  while (head + tail < log.steps.length) {
    const next = head <= tail ? log.steps[head]! : log.steps[log.steps.length - 1 - tail]!;
    const cost = jsonbTextBytes(next) + 2;
    if (cost > room) break;
    room -= cost;
    if (head <= tail) head++;
    else tail++;
  }
  const left = log.steps.length - head - tail;
  return { ...log, steps: [...log.steps.slice(0, head), note(left, log.steps[head]!.atMs), ...log.steps.slice(log.steps.length - tail)] };
}

/** The API path that serves one screenshot of one attempt to the application's owner. */
export const attemptScreenshotPath = (applicationId: number, attempt: number, key: string) =>
  `/applications/${applicationId}/attempts/${attempt}/screenshots/${encodeURIComponent(basename(key))}`;

interface AttemptRow {
  [column: string]: unknown;
  attempt: number;
  status: ApplicationAttempt['status'];
  reason: string | null;
  retryable: boolean;
  log: unknown;
  finished_at: string;
}

function toAttempt(applicationId: number, row: AttemptRow): ApplicationAttempt {
  const parsed = automationLogSchema.safeParse(row.log);
  return {
    attempt: row.attempt,
    status: row.status,
    reason: row.reason,
    retryable: row.retryable,
    finishedAt: row.finished_at,
    log: parsed.success
      ? { ...parsed.data, screenshots: parsed.data.screenshots.map((s) => ({ ...s, url: attemptScreenshotPath(applicationId, row.attempt, s.key) })) }
      : null,
  };
}

/** Attempts the first statement asks for; at their largest (a 48 KB log, escaped twice in a response) fewer fit, and the rest follow (readWithinBudget). */
const ATTEMPTS_FIRST_READ = 20;

/** Every attempt of an application, newest first. The caller has checked that the application is the user's. */
export async function attemptsOf(db: Db, applicationId: number): Promise<ApplicationAttempt[]> {
  const rows = await readWithinBudget<AttemptRow>(
    db,
    Number.MAX_SAFE_INTEGER,
    'attempt desc',
    (after, take) => ({
      sql: `select attempt, status::text as status, reason, retryable, log, finished_at
         from application_attempts
        where application_id = :id and attempt < :before
        order by attempt desc
        limit :take`,
      params: { id: applicationId, before: after?.attempt ?? 2 ** 31 - 1, take },
    }),
    { firstTake: ATTEMPTS_FIRST_READ },
  );
  return rows.map((row) => toAttempt(applicationId, row));
}

/**
 * The artifact key of a screenshot of the user's application, by its file name: of the given
 * attempt, or else of the newest attempt that has one by that name. Only keys a log lists are served.
 */
export async function screenshotKey(db: Db, userId: number, applicationId: number, name: string, attempt?: number): Promise<string | undefined> {
  const row = await db.maybeOne<{ key: string }>(
    `select shot ->> 'key' as key
       from job_applications a
       join application_attempts t on t.application_id = a.id
       cross join lateral jsonb_array_elements(case when jsonb_typeof(t.log -> 'screenshots') = 'array' then t.log -> 'screenshots' else '[]'::jsonb end) shot
      where a.id = :id and a.user_id = :user_id
        and (cast(:attempt as integer) is null or t.attempt = cast(:attempt as integer))
        and regexp_replace(shot ->> 'key', '^.*/', '') = :name
      order by t.attempt desc
      limit 1`,
    { id: applicationId, user_id: userId, attempt: attempt ?? null, name },
  );
  return row?.key;
}
