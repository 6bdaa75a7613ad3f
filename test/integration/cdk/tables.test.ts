/**
 * The platform's own tables, checked the way the stack checks them, and against what their handlers
 * really import (one esbuild pass over every entry, no CDK synth): a wrong row here would fail
 * `cdk synth`, the deploy, or a function at run time for a grant it lacks.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_MIN_MEMORY_MB } from '../../../infra/cdk/constructs/functions';
import { migrationsHash } from '../../../infra/cdk/constructs/migrations';
import { checkQueueSpec, queueUrlVariable } from '../../../infra/cdk/constructs/queues';
import { checkScheduleSpec } from '../../../infra/cdk/constructs/schedules';
import { entryFiles, missingEntryFiles, PROJECT_ROOT, stageFromContext } from '../../../infra/cdk/platform';
import { emailSender } from '../../../infra/cdk/stages';
import { checkFunctionNeeds, functionSpecsOf } from '../../../infra/cdk/tables';
import { queues } from '../../../shared/tables/queues';
import { routeTable } from '../../../shared/tables/routes';
import { schedules } from '../../../shared/tables/schedules';
import type { FunctionSpec } from '../../../shared/tables/types';
import { migrationsDir, tables as fixtureTables } from '../../fixtures/cdk/tables';

const realTables = { routes: routeTable, queues, schedules };

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

  it('send only to queues of the queue table', () => {
    expect(() => checkFunctionNeeds(realTables)).not.toThrow();
    const sender = schedules.find((s) => s.fn.sendsTo?.includes('apply'))!;
    expect(() => checkFunctionNeeds({ ...realTables, queues: queues.filter((q) => q.name !== 'apply') })).toThrow(
      new RegExp(`"${sender.fn.id}" sends to "apply", which is not in the queue table`),
    );
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

describe("what the platform's functions touch, against what their handlers import", () => {
  /** Per function id, the project files and packages its bundle takes in. */
  const inputsOf = new Map<string, string[]>();
  const specs = functionSpecsOf(realTables);

  beforeAll(async () => {
    // One build of every entry, as the CDK bundles them, with nothing written: only the import graph.
    const result = await build({
      entryPoints: Object.fromEntries(specs.map((fn) => [fn.id, join(PROJECT_ROOT, fn.entry)])),
      absWorkingDir: PROJECT_ROOT,
      bundle: true,
      platform: 'node',
      format: 'esm',
      outdir: 'out',
      write: false,
      metafile: true,
      logLevel: 'silent',
      external: ['@sparticuz/chromium', '@node-rs/argon2'],
    });
    const { inputs, outputs } = result.metafile;
    const externalsOf = (file: string) => inputs[file]?.imports.filter((i) => i.external).map((i) => i.path) ?? [];
    for (const [, output] of Object.entries(outputs)) {
      if (!output.entryPoint) continue;
      const fn = specs.find((f) => join(PROJECT_ROOT, f.entry).endsWith(output.entryPoint!))!;
      const files = Object.keys(output.inputs);
      inputsOf.set(fn.id, [...files, ...files.flatMap(externalsOf)]);
    }
  }, 120_000);

  const imports = (fn: FunctionSpec, module: string) => inputsOf.get(fn.id)!.some((input) => input.includes(module));
  const touching = (has: (fn: FunctionSpec) => boolean) => specs.filter(has).map((fn) => fn.id).sort();

  it('found every function', () => {
    expect([...inputsOf.keys()].sort()).toEqual(specs.map((fn) => fn.id).sort());
  });

  it('say sendsTo exactly on the functions that send to a queue', () => {
    expect(touching((fn) => Boolean(fn.sendsTo?.length))).toEqual(touching((fn) => imports(fn, 'shared/queue/send.ts')));
  });

  it('say artifacts exactly on the functions that read or write screenshots', () => {
    expect(touching((fn) => Boolean(fn.artifacts))).toEqual(touching((fn) => imports(fn, 'shared/artifacts/store.ts')));
    // The crawler keeps no screenshots; the applier does.
    expect(specs.find((fn) => fn.id === 'crawl-worker')!.artifacts).toBeUndefined();
    expect(specs.find((fn) => fn.id === 'apply-worker')!.artifacts).toBe('read-write');
  });

  it('say uploads exactly on the functions that touch the uploads bucket, and which access each has', () => {
    expect(touching((fn) => Boolean(fn.uploads))).toEqual(touching((fn) => imports(fn, 'shared/resumes/files.ts')));
    expect(Object.fromEntries(specs.filter((fn) => fn.uploads).map((fn) => [fn.id, fn.uploads]))).toEqual({ accounts: 'remove', profiles: 'manage', 'apply-worker': 'read' });
  });

  it('say sendsEmail exactly on the functions that send email', () => {
    expect(touching((fn) => Boolean(fn.sendsEmail))).toEqual(touching((fn) => imports(fn, 'shared/email/send.ts')));
  });

  it('say nativePackages and browser exactly on the functions that load them', () => {
    expect(touching((fn) => Boolean(fn.nativePackages?.includes('@node-rs/argon2')))).toEqual(touching((fn) => imports(fn, '@node-rs/argon2')));
    expect(touching((fn) => Boolean(fn.browser))).toEqual(touching((fn) => imports(fn, '@sparticuz/chromium')));
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
  // An App without an outdir makes a cdk.out* folder in the temp dir and leaves it there: these go in one removed after.
  const outdirs = mkdtempSync(join(tmpdir(), 'cdk-stages-'));
  let apps = 0;
  afterAll(() => rmSync(outdirs, { recursive: true, force: true }));
  const app = (context?: Record<string, unknown>) => new App({ context, outdir: join(outdirs, String(++apps)) });

  it('is dev unless the context says prod, and refuses anything else', () => {
    expect(stageFromContext(app()).name).toBe('dev');
    expect(stageFromContext(app({ stage: 'prod' })).name).toBe('prod');
    expect(() => stageFromContext(app({ stage: 'staging' }))).toThrow(/Unknown stage "staging"/);
  });

  it('takes the email sender from -c emailFrom, with or without a display name, and refuses what is no address', () => {
    expect(stageFromContext(app({ stage: 'prod' })).email.from).toBeUndefined();
    expect(stageFromContext(app({ emailFrom: 'no-reply@Mail.Example.com' })).email.from).toEqual({
      header: 'no-reply@Mail.Example.com',
      address: 'no-reply@Mail.Example.com',
      domain: 'mail.example.com',
    });
    expect(emailSender('Job Platform <jobs@example.org>')).toEqual({ header: 'Job Platform <jobs@example.org>', address: 'jobs@example.org', domain: 'example.org' });
    for (const wrong of ['example.com', 'no-reply@', 'no-reply@localhost', 'a@b@example.com', 'Name <no-reply@example.com']) {
      expect(() => emailSender(wrong), wrong).toThrow(/is not an email address/);
    }
  });

  it('takes CORS origins from -c corsOrigins', () => {
    const stage = stageFromContext(app({ stage: 'prod', corsOrigins: 'https://app.example.com, https://admin.example.com' }));
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
