/**
 * Durable state for the local SQS endpoint: a snapshot file plus an append-only journal of records
 * (model.ts), both under the data dir. A request that changes state is answered only after its records
 * are written (group commit: concurrent requests share one write), so an acknowledged send survives a
 * kill of the process. The snapshot is replaced atomically (write a temporary file, then rename) and the
 * journal is then truncated; a torn last journal line (killed mid-write) is ignored on load.
 */
import { closeSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { appendFile, mkdir, readFile, rename, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { JournalRecord } from './model';

const SNAPSHOT = 'sqs-snapshot.json';
const JOURNAL = 'sqs-journal.ndjson';
const LOCK = 'sqs.lock';
/** Compact once the journal passes this size: loading stays fast, a compaction stays rare. */
const COMPACT_AFTER_BYTES = 4 * 1024 * 1024;

export interface Journal {
  /** Everything persisted so far, in order: the snapshot's records, then the journal's. */
  load(): Promise<JournalRecord[]>;
  append(record: JournalRecord): void;
  /** Resolves once every record appended before the call is on disk. */
  flush(): Promise<void>;
  /** Rewrites the snapshot from the current state and empties the journal. */
  compact(): Promise<void>;
  close(): Promise<void>;
}

/** For a runtime with no data dir: nothing survives the process. */
export function memoryJournal(): Journal {
  return { load: async () => [], append: () => undefined, flush: async () => undefined, compact: async () => undefined, close: async () => undefined };
}

export function fileJournal(dataDir: string, snapshot: () => JournalRecord[]): Journal {
  const snapshotPath = join(dataDir, SNAPSHOT);
  const journalPath = join(dataDir, JOURNAL);
  const lockPath = join(dataDir, LOCK);
  let pending: string[] = [];
  let tail: Promise<void> = Promise.resolve();
  let locked = false;

  const writePending = async (): Promise<void> => {
    if (pending.length === 0) return;
    const lines = pending.join('\n') + '\n';
    pending = [];
    await appendFile(journalPath, lines, 'utf8');
  };

  const writeSnapshot = async (): Promise<void> => {
    // Records still pending are already reflected in the snapshot; writing them again after the
    // truncation replays them over it, which changes nothing (records carry whole values).
    const body = JSON.stringify(snapshot());
    const tmp = `${snapshotPath}.${process.pid}.tmp`;
    await writeFile(tmp, body, 'utf8');
    await rename(tmp, snapshotPath);
    await truncate(journalPath, 0).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
    });
  };

  const enqueue = (step: () => Promise<void>): Promise<void> => {
    const run = tail.then(step);
    tail = run.catch(() => undefined); // one failed write must not wedge every later one
    return run;
  };

  return {
    async load() {
      await mkdir(dataDir, { recursive: true });
      acquireLock(lockPath);
      locked = true;
      const records: JournalRecord[] = [];
      const snap = await readFile(snapshotPath, 'utf8').catch(missingAsEmpty);
      if (snap) records.push(...(JSON.parse(snap) as JournalRecord[]));
      const journal = await readFile(journalPath, 'utf8').catch(missingAsEmpty);
      const lines = journal.split('\n');
      for (const [i, line] of lines.entries()) {
        if (!line) continue;
        try {
          records.push(JSON.parse(line) as JournalRecord);
        } catch (error) {
          if (i >= lines.length - 2) break; // the torn tail of a write the process did not finish
          throw new Error(`local SQS journal ${journalPath} is corrupt at line ${i + 1}: ${(error as Error).message}`);
        }
      }
      return records;
    },
    append(record) {
      pending.push(JSON.stringify(record));
    },
    flush() {
      return enqueue(async () => {
        await writePending();
        const size = await stat(journalPath).then((s) => s.size, () => 0);
        if (size > COMPACT_AFTER_BYTES) await writeSnapshot();
      });
    },
    compact() {
      return enqueue(writeSnapshot);
    },
    async close() {
      await enqueue(writePending).catch(() => undefined);
      if (locked) rmSync(lockPath, { force: true });
      locked = false;
    },
  };
}

function missingAsEmpty(error: NodeJS.ErrnoException): string {
  if (error.code === 'ENOENT') return '';
  throw error;
}

/** One endpoint per data dir: two writers would interleave journals. A lock left by a dead process is taken over. */
function acquireLock(lockPath: string): void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(lockPath, 'utf8').trim());
      if (owner && owner !== process.pid && isAlive(owner)) {
        throw new Error(`the local SQS data dir is in use by process ${owner} (${lockPath})`);
      }
      rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`could not lock the local SQS data dir (${lockPath})`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
