/**
 * Lambda's reading of an SQS handler's answer with ReportBatchItemFailures on. Success for all:
 * no answer, null, an object without batchItemFailures, or an empty or null list. Some records
 * failed: a list of `{ itemIdentifier }` naming messages of the batch. Anything else (not an object,
 * a list that is not a list, an entry without a non-empty itemIdentifier, an id not in the batch, an
 * answer that cannot be serialized) fails the whole batch.
 */

export type BatchOutcome = { ok: true; failedIds: string[] } | { ok: false; reason: string };

export function interpretBatchResponse(messageIds: readonly string[], response: unknown): BatchOutcome {
  let answer: unknown;
  try {
    // Lambda sees the answer as JSON: what does not serialize is a function error.
    const json = JSON.stringify(response);
    answer = json === undefined ? null : JSON.parse(json);
  } catch (error) {
    return { ok: false, reason: `the handler's answer cannot be serialized: ${(error as Error).message}` };
  }
  if (answer === null) return { ok: true, failedIds: [] };
  if (typeof answer !== 'object' || Array.isArray(answer)) return { ok: false, reason: 'the handler answered something other than an object' };
  const failures = (answer as Record<string, unknown>).batchItemFailures;
  if (failures === undefined || failures === null) return { ok: true, failedIds: [] };
  if (!Array.isArray(failures)) return { ok: false, reason: 'batchItemFailures is not a list' };
  const known = new Set(messageIds);
  const failedIds = new Set<string>();
  for (const item of failures) {
    const id = typeof item === 'object' && item !== null && !Array.isArray(item) ? (item as Record<string, unknown>).itemIdentifier : undefined;
    if (typeof id !== 'string' || id === '') return { ok: false, reason: 'a batchItemFailures entry has no itemIdentifier' };
    if (!known.has(id)) return { ok: false, reason: `itemIdentifier ${id} is not a message of this batch` };
    failedIds.add(id);
  }
  return { ok: true, failedIds: [...failedIds] };
}
