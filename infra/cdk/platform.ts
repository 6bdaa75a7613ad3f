/**
 * Builds the platform into a CDK app: the one stack of the chosen stage, made from the tables, and
 * checked by cdk-nag's AwsSolutions pack. app.ts (what `cdk synth` runs) passes the platform's own
 * tables; the tests pass small fixture tables through the very same function.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { MIGRATION_FUNCTION } from './constructs/migrations';
import { PlatformStack } from './stack';
import { type StageConfig, stageConfig } from './stages';
import { functionSpecsOf, type PlatformTables } from './tables';

export type { PlatformTables } from './tables';

export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface BuildPlatformOptions {
  tables: PlatformTables;
  stage: StageConfig;
  /** The repository root: function entries are relative to it. */
  projectRoot?: string;
  /** The folder of .sql migrations; sql/ of the project root by default. */
  migrationsDir?: string;
}

export function stackName(stage: StageConfig): string {
  return `JobPlatform-${stage.name}`;
}

/** The stage an app's context asks for: `-c stage=prod`, `-c corsOrigins=...`, `-c alarmEmail=...`, `-c emailFrom=...`. */
export function stageFromContext(app: App): StageConfig {
  return stageConfig({
    stage: app.node.tryGetContext('stage'),
    corsOrigins: app.node.tryGetContext('corsOrigins'),
    alarmEmail: app.node.tryGetContext('alarmEmail'),
    emailFrom: app.node.tryGetContext('emailFrom'),
  });
}

export function buildPlatform(app: App, options: BuildPlatformOptions): PlatformStack {
  const projectRoot = options.projectRoot ?? PROJECT_ROOT;
  // No env: the template is account- and region-agnostic, so synth never looks anything up.
  const stack = new PlatformStack(app, stackName(options.stage), {
    stage: options.stage,
    tables: options.tables,
    projectRoot,
    migrationsDir: options.migrationsDir ?? join(projectRoot, 'sql'),
  });
  // Any finding not acknowledged, with its reason, next to its resource fails the synth.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true, writeSuppressionsToCloudFormation: true }));
  return stack;
}

/** Every entry file the tables (and the migration function) name, once each. */
export function entryFiles(tables: PlatformTables): string[] {
  const entries = [...functionSpecsOf(tables).map((fn) => fn.entry), MIGRATION_FUNCTION.entry];
  return [...new Set(entries)];
}

/** The entry files that do not exist yet: esbuild cannot bundle a function without one. */
export function missingEntryFiles(tables: PlatformTables, projectRoot = PROJECT_ROOT): string[] {
  return entryFiles(tables).filter((entry) => !existsSync(join(projectRoot, entry)));
}

/** cdk.json's context (feature flags, default stage), for apps made outside the CLI (tests). */
export function cdkJsonContext(projectRoot = PROJECT_ROOT): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(projectRoot, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  return cdkJson.context ?? {};
}
