/**
 * Synthesizes the platform from the fixture tables (test/fixtures/cdk) once per test file, through
 * the same buildPlatform() app.ts uses, with cdk.json's context. The cdk-nag plugin runs inside
 * app.synth(): a finding nobody acknowledged makes it throw, and that error is kept for the tests.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { buildPlatform, cdkJsonContext, stageFromContext } from '../../../infra/cdk/platform';
import type { PlatformStack } from '../../../infra/cdk/stack';
import { migrationsDir, tables } from '../../fixtures/cdk/tables';

/**
 * A synth takes 15-40 s on an idle two-core machine (esbuild, npm for Chromium, cdk-nag); the
 * allowance covers a machine shared with other test runs.
 */
export const SYNTH_TIMEOUT_MS = 300_000;

export interface SynthesizedPlatform {
  stack: PlatformStack;
  template: Template;
  /** The raw template, for walking every resource. */
  json: { Resources: Record<string, CfnResource>; Outputs: Record<string, unknown> };
  /** The cloud assembly folder: bundled function assets live here. */
  outdir: string;
  /** The stack's synth warnings (annotations), as `cdk synth` prints them; empty when the synth failed. */
  warnings: { path: string; message: string }[];
  /** Violations cdk-nag reported (empty when the synth passed). */
  violations: { ruleName: string; violatingConstructs: { constructPath: string }[] }[];
  synthError?: unknown;
  cleanup: () => void;
}

export interface CfnResource {
  Type: string;
  Properties?: Record<string, any>;
  DependsOn?: string[];
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  Metadata?: Record<string, any>;
}

export function synthesizeFixturePlatform(options: { context?: Record<string, unknown>; bundle: boolean }): SynthesizedPlatform {
  const outdir = mkdtempSync(join(tmpdir(), 'cdk-test-'));
  const context = {
    ...cdkJsonContext(),
    ...options.context,
    // An empty list of stacks to bundle: assets are fingerprinted, not built (no esbuild, no npm).
    ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
  };
  const app = new App({ context, outdir });
  const stack = buildPlatform(app, { tables, stage: stageFromContext(app), migrationsDir });
  let synthError: unknown;
  let assembly: CloudAssembly | undefined;
  try {
    assembly = app.synth();
  } catch (error) {
    synthError = error;
  }
  // Read from this synth: assertions' Annotations.fromStack would synthesize the app a second time.
  const warnings = (assembly?.getStackArtifact(stack.artifactId).messages ?? [])
    .filter((m) => m.level === 'warning')
    .map((m) => ({ path: m.id, message: String(m.entry.data) }));
  const json = JSON.parse(readFileSync(join(outdir, `${stack.stackName}.template.json`), 'utf8'));
  const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as {
    pluginReports: { violations: SynthesizedPlatform['violations'] }[];
  };
  return {
    stack,
    template: Template.fromJSON(json),
    json,
    outdir,
    warnings,
    violations: report.pluginReports.flatMap((r) => r.violations),
    synthError,
    cleanup: () => rmSync(outdir, { recursive: true, force: true }),
  };
}

/** Resources of one type, by logical id. */
export function resourcesOf(json: SynthesizedPlatform['json'], type: string): [string, CfnResource][] {
  return Object.entries(json.Resources).filter(([, r]) => r.Type === type);
}

/** The logical id of the Lambda function made for a function id ('tally-worker' -> FunctionsTallyWorkerFunction...). */
export function functionLogicalId(json: SynthesizedPlatform['json'], pascalId: string): string {
  const found = resourcesOf(json, 'AWS::Lambda::Function').find(([id]) => id.startsWith(`Functions${pascalId}Function`));
  if (!found) throw new Error(`No function ${pascalId}`);
  return found[0];
}

export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

/** Every statement of every policy attached to the role of a function. */
export function statementsOf(json: SynthesizedPlatform['json'], functionId: string): Statement[] {
  const fn = json.Resources[functionId]!;
  const roleId = fn.Properties!.Role['Fn::GetAtt'][0] as string;
  return resourcesOf(json, 'AWS::IAM::Policy')
    .filter(([, p]) => (p.Properties!.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
    .flatMap(([, p]) => p.Properties!.PolicyDocument.Statement as Statement[]);
}

export const actionsOf = (s: Statement): string[] => (Array.isArray(s.Action) ? s.Action : [s.Action]);

/** Actions granted on resources that mention a logical id (e.g. a queue's or the bucket's). */
export function actionsOn(statements: Statement[], logicalId: string): string[] {
  return statements.filter((s) => JSON.stringify(s.Resource).includes(`"${logicalId}"`)).flatMap(actionsOf).sort();
}
