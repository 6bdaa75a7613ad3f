/**
 * npm run bench:apply — time per application on each fixture form, with a cold browser (launched for
 * the attempt) and a warm one (reused, as in a warm Lambda), and the peak memory of this process plus
 * Chromium's whole process tree. Writes test/bench/results/apply.json.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { closeBrowser, getBrowser } from '../../shared/browser/chromium';
import { testApplicant, testTask } from '../fixtures/sites/forms/applicant';
import { ASHBY_APPLICATION, LEVER_POSTING } from '../fixtures/sites/forms/server';
import { startApplierWorld } from '../integration/applier/helpers';

const WARM_RUNS = 5;
const forms: Record<string, string> = {
  greenhouse: '/greenhouse/acme/jobs/4012345',
  lever: LEVER_POSTING,
  ashby: ASHBY_APPLICATION,
  generic: '/careers/apply/123',
};

function rssKb(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

function descendants(pid: number): number[] {
  const children: number[] = [];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const list = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      if (list) children.push(...list.split(/\s+/).map(Number));
    }
  } catch {
    return [];
  }
  return children.flatMap((c) => [c, ...descendants(c)]);
}

let peakMb = 0;
async function sampleMemory(): Promise<void> {
  const browserPid = (await getBrowser().catch(() => undefined))?.process()?.pid;
  const pids = browserPid ? [browserPid, ...descendants(browserPid)] : [];
  const totalKb = process.memoryUsage().rss / 1024 + pids.reduce((sum, pid) => sum + rssKb(pid), 0);
  peakMb = Math.max(peakMb, totalKb / 1024);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  process.env.ALLOW_PRIVATE_TARGETS = 'true';
  // The fixture forms, and the resume kept in a local uploads bucket the applier reads it from, as in AWS.
  const { sites, apply, resumeUrl, close } = await startApplierWorld();
  let id = 0;
  const run = async (path: string) => {
    const sampler = setInterval(() => void sampleMemory(), 100);
    const started = performance.now();
    const outcome = await apply(testTask(sites.baseUrl + path, { applicationId: ++id, applicant: testApplicant({ resumeUrl }) }), { deadline: Date.now() + 60_000 });
    const ms = performance.now() - started;
    clearInterval(sampler);
    await sampleMemory();
    if (outcome.status !== 'applied') throw new Error(`${path}: ${outcome.status} ${outcome.reason}`);
    // Where the time goes, from the attempt's own log: reaching the form, filling it, screenshot, submit to confirmation.
    const at = (kind: string) => outcome.log.steps.find((s) => s.kind === kind)?.atMs ?? 0;
    const firstField = outcome.log.steps.find((s) => s.kind === 'field' || s.kind === 'upload')?.atMs ?? 0;
    const filledShot = outcome.log.steps.find((s) => s.kind === 'screenshot')?.atMs ?? 0;
    phases.push({ reachFormMs: firstField, fillMs: filledShot - firstField, submitToConfirmationMs: at('confirmation') - at('submit') });
    return ms;
  };
  let phases: { reachFormMs: number; fillMs: number; submitToConfirmationMs: number }[] = [];

  const results: Record<string, { coldMs: number; warmMedianMs: number; warmMinMs: number; warmMaxMs: number; warmPhasesMedianMs: Record<string, number> }> = {};
  for (const [name, path] of Object.entries(forms)) {
    await closeBrowser();
    const coldMs = await run(path);
    const warm: number[] = [];
    phases = [];
    for (let i = 0; i < WARM_RUNS; i++) warm.push(await run(path));
    const warmPhasesMedianMs = Object.fromEntries((['reachFormMs', 'fillMs', 'submitToConfirmationMs'] as const).map((k) => [k, median(phases.map((p) => p[k]))]));
    results[name] = { coldMs: Math.round(coldMs), warmMedianMs: Math.round(median(warm)), warmMinMs: Math.round(Math.min(...warm)), warmMaxMs: Math.round(Math.max(...warm)), warmPhasesMedianMs };
    console.log(name.padEnd(11), `cold ${results[name].coldMs} ms`, `warm median ${results[name].warmMedianMs} ms (min ${results[name].warmMinMs}, max ${results[name].warmMaxMs})`, JSON.stringify(warmPhasesMedianMs));
  }
  console.log(`peak memory (node + chromium tree): ${Math.round(peakMb)} MB`);
  await close();
  const out = join(import.meta.dirname, 'results');
  await mkdir(out, { recursive: true });
  await writeFile(join(out, 'apply.json'), `${JSON.stringify({ at: new Date().toISOString(), warmRuns: WARM_RUNS, loadAverage: (await import('node:os')).loadavg().map((l) => Math.round(l * 10) / 10), cores: (await import('node:os')).cpus().length, note: 'each run submits and waits for the confirmation; screenshots (full page PNG) included', forms: results, peakMemoryMb: Math.round(peakMb) }, null, 2)}\n`);
}

await main();
