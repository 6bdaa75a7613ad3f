/**
 * What a function needs beyond what the tables already say. The tables give every function the
 * Data API, a route with `auth: true` gives its function the token-signing secret, and a queue
 * gives its worker consumption of that queue. Everything else a function may touch is listed here,
 * by function id, so the stack grants it and nothing more:
 * - sendsTo: the queues (by queue table name) it sends messages to;
 * - artifacts: the screenshot bucket, read (serve them to their owner) or read-write (capture);
 * - nativePackages: packages esbuild cannot bundle (native addons), installed beside the bundle.
 *
 * The stack refuses an entry that names a function or queue the tables do not have.
 */
export interface FunctionNeeds {
  sendsTo?: string[];
  artifacts?: 'read' | 'read-write';
  nativePackages?: string[];
}

export type NeedsTable = Record<string, FunctionNeeds>;

/** argon2id password hashing (shared/http/password.ts) is a native addon. */
export const ARGON2_PACKAGE = '@node-rs/argon2';

/** The platform's own functions (shared/tables). */
export const platformNeeds: NeedsTable = {
  // Registration, login and password changes hash passwords.
  accounts: { nativePackages: [ARGON2_PACKAGE] },
  // Starting a crawl queues it; asking to apply (or retrying) queues an application.
  crawls: { sendsTo: ['crawl'] },
  // A user reviews what the bot did: the screenshots of each attempt.
  applications: { sendsTo: ['apply'], artifacts: 'read' },
  // The browser workers keep screenshots of what they saw and did.
  'crawl-worker': { artifacts: 'read-write' },
  'apply-worker': { artifacts: 'read-write' },
  // Due saved searches become crawls; stuck rows are sent again.
  'enqueue-due-crawls': { sendsTo: ['crawl'] },
  'sweep-queues': { sendsTo: ['crawl', 'apply'] },
};

/** Refuses a needs table that names a function or a queue the tables do not have (a typo grants nothing). */
export function checkNeeds(
  needs: NeedsTable,
  tables: { routes: { fn: { id: string } }[]; queues: { name: string; fn: { id: string } }[]; schedules: { fn: { id: string } }[] },
): void {
  const functionIds = new Set([...tables.routes, ...tables.queues, ...tables.schedules].map((row) => row.fn.id));
  const queueNames = new Set(tables.queues.map((q) => q.name));
  const problems: string[] = [];
  for (const [fnId, need] of Object.entries(needs)) {
    if (!functionIds.has(fnId)) problems.push(`"${fnId}" is no function of the route, queue or schedule tables`);
    for (const queue of need.sendsTo ?? []) {
      if (!queueNames.has(queue)) problems.push(`"${fnId}" sends to "${queue}", which is not in the queue table`);
    }
  }
  if (problems.length) throw new Error(`The needs table is wrong: ${problems.join('; ')}`);
}
