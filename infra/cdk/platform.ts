/**
 * Makes the CDK app: the one stack of the chosen stage, checked by cdk-nag's AwsSolutions pack.
 * app.ts (what `cdk synth` runs) and the tests both build the app here, with the same cdk.json
 * context, so the tests check what an operator deploys.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { type PlatformTables, PlatformStack } from './stack';
import { type StageConfig, stageConfig } from './stages';

export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface PlatformAppOptions {
  tables: PlatformTables;
  /** Context over cdk.json's (the CLI's `-c key=value` reaches the app through its environment). */
  context?: Record<string, unknown>;
  projectRoot?: string;
  migrationsDir?: string;
  /** Where the cloud assembly goes; the CLI sets it through CDK_OUTDIR. */
  outdir?: string;
}

export interface PlatformApp {
  app: App;
  stack: PlatformStack;
  stage: StageConfig;
}

export function cdkJsonContext(projectRoot = PROJECT_ROOT): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(projectRoot, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  return cdkJson.context ?? {};
}

export function stackName(stage: StageConfig): string {
  return `JobPlatform-${stage.name}`;
}

export function createPlatformApp(options: PlatformAppOptions): PlatformApp {
  const projectRoot = options.projectRoot ?? PROJECT_ROOT;
  const app = new App({ context: { ...cdkJsonContext(projectRoot), ...options.context }, outdir: options.outdir });
  const stage = stageConfig({
    stage: app.node.tryGetContext('stage'),
    corsOrigins: app.node.tryGetContext('corsOrigins'),
    alarmEmail: app.node.tryGetContext('alarmEmail'),
  });
  // No env: the template is account- and region-agnostic, so synth never looks anything up.
  const stack = new PlatformStack(app, stackName(stage), {
    stage,
    tables: options.tables,
    projectRoot,
    migrationsDir: options.migrationsDir ?? join(projectRoot, 'sql'),
  });
  // Any finding not acknowledged, with its reason, next to the resource fails the synth.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, stack, stage };
}
