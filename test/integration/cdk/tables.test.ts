/**
 * The platform's own tables, checked the way the stack checks them, without bundling (their
 * handlers land on their own schedule): a wrong row here would fail `cdk synth` or the deploy.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { BROWSER_MIN_MEMORY_MB } from '../../../infra/cdk/constructs/functions';
import { migrationsHash } from '../../../infra/cdk/constructs/migrations';
import { checkQueueSpec, queueUrlVariable } from '../../../infra/cdk/constructs/queues';
import { checkScheduleSpec } from '../../../infra/cdk/constructs/schedules';
import { checkNeeds, platformNeeds } from '../../../infra/cdk/needs';
import { entryFiles, missingEntryFiles, PROJECT_ROOT, stageFromContext } from '../../../infra/cdk/platform';
import { queues } from '../../../shared/tables/queues';
import { routeTable } from '../../../shared/tables/routes';
import { schedules } from '../../../shared/tables/schedules';
import { migrationsDir, tables as fixtureTables } from '../../fixtures/cdk/tables';

const realTables = { routes: routeTable, queues, schedules, needs: platformNeeds };

describe("the platform's tables", () => {
  it('give every queue a visibility timeout of six handler timeouts and valid batch settings', () => {
    for (const queue of queues) expect(() => checkQueueSpec(queue), queue.name).not.toThrow();
    // The functions read queue URLs by these names (shared/config.ts: config.queueUrl).
    expect(queues.map((q) => queueUrlVariable(q.name)).sort()).toEqual(['APPLY_QUEUE_URL', 'CRAWL_QUEUE_URL']);
  });

  it('give every browser function the memory Chromium needs', () => {
    const fns = [...routeTable.map((r) => r.fn), ...queues.map((q) => q.fn), ...schedules.map((s) => s.fn)];
    const browsers = fns.filter((f) => f.browser);
    expect(browsers.map((f) => f.id).sort()).toEqual(['apply-worker', 'crawl-worker']);
    for (const f of browsers) expect(f.memoryMb, f.id).toBeGreaterThanOrEqual(BROWSER_MIN_MEMORY_MB);
  });

  it('use only expressions EventBridge accepts', () => {
    for (const schedule of schedules) expect(() => checkScheduleSpec(schedule), schedule.name).not.toThrow();
    expect(() => checkScheduleSpec({ ...schedules[0]!, expression: 'every 5 minutes' })).toThrow(/not a rate\(\) or cron\(\)/);
  });

  it('name in the needs table only functions and queues that exist', () => {
    expect(() => checkNeeds(platformNeeds, realTables)).not.toThrow();
    expect(() => checkNeeds({ crawl: { sendsTo: ['crawl'] } }, realTables)).toThrow(/"crawl" is no function/);
    expect(() => checkNeeds({ crawls: { sendsTo: ['crawls'] } }, realTables)).toThrow(/sends to "crawls"/);
  });

  it('route to one function per resource, with an entry under functions/api', () => {
    const byPath = new Map<string, Set<string>>();
    for (const route of routeTable) {
      const resource = route.path.split('/')[1]!;
      byPath.set(resource, (byPath.get(resource) ?? new Set()).add(route.fn.id));
      expect(route.fn.entry).toBe(`functions/api/${route.fn.id}.ts`);
    }
    for (const [resource, fnIds] of byPath) expect(fnIds.size, resource).toBe(1);
  });
});

describe('entry files', () => {
  it('lists each entry once, the migration function included', () => {
    const entries = entryFiles(realTables);
    expect(entries).toContain('functions/migrate.ts');
    expect(entries).toContain('functions/api/accounts.ts');
    expect(new Set(entries).size).toBe(entries.length);
  });

  it('names the entries that do not exist, so app.ts can refuse to synth with them', () => {
    expect(missingEntryFiles(fixtureTables)).toEqual([]);
    const withGhost = { ...fixtureTables, schedules: [{ ...fixtureTables.schedules[0]!, fn: { ...fixtureTables.schedules[0]!.fn, entry: 'functions/schedules/ghost.ts' } }] };
    expect(missingEntryFiles(withGhost, PROJECT_ROOT)).toEqual(['functions/schedules/ghost.ts']);
  });
});

describe('stages', () => {
  it('is dev unless the context says prod, and refuses anything else', () => {
    expect(stageFromContext(new App()).name).toBe('dev');
    expect(stageFromContext(new App({ context: { stage: 'prod' } })).name).toBe('prod');
    expect(() => stageFromContext(new App({ context: { stage: 'staging' } }))).toThrow(/Unknown stage "staging"/);
  });

  it('takes CORS origins from -c corsOrigins', () => {
    const stage = stageFromContext(new App({ context: { stage: 'prod', corsOrigins: 'https://app.example.com, https://admin.example.com' } }));
    expect(stage.api.corsOrigins).toEqual(['https://app.example.com', 'https://admin.example.com']);
  });
});

describe('migrations hash', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cdk-sql-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('changes when a file is added or edited, so the custom resource runs again', () => {
    writeFileSync(join(dir, '001_notes.sql'), 'create table notes (id int);');
    const first = migrationsHash(dir);
    expect(migrationsHash(dir)).toBe(first);
    writeFileSync(join(dir, '002_more.sql'), 'alter table notes add column body text;');
    const second = migrationsHash(dir);
    expect(second).not.toBe(first);
    writeFileSync(join(dir, '002_more.sql'), 'alter table notes add column body varchar(100);');
    expect(migrationsHash(dir)).not.toBe(second);
    writeFileSync(join(dir, 'README.md'), 'not a migration');
    expect(migrationsHash(dir)).toBe(migrationsHash(dir));
    expect(migrationsHash(migrationsDir)).toMatch(/^[0-9a-f]{64}$/);
  });
});
