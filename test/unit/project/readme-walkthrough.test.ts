/**
 * The README's walk-through is run by hand, so what it hands the API is checked here: every crawl body
 * it shows is one POST /crawls accepts, and the resume it writes is one a profile accepts.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { crawlRequestSchema } from '../../../shared/crawls/schema';
import { crawlTargetSchema } from '../../../shared/crawls/target';
import { resumeFileProblem } from '../../../shared/resumes/document-type';

const readme = readFileSync(join(import.meta.dirname, '../../../README.md'), 'utf8');
const scratch = mkdtempSync(join(tmpdir(), 'readme-walkthrough-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Each JSON object the README shows starting `opening` (`{"searchQuery"`), whole (its braces balanced). */
function objectsStarting(opening: string, text: string): string[] {
  const bodies: string[] = [];
  for (let start = text.indexOf(opening); start >= 0; start = text.indexOf(opening, start + 1)) {
    let depth = 0;
    for (let i = start; i < text.length; i++) {
      if (text[i] === '{') depth++;
      else if (text[i] === '}' && --depth === 0) {
        bodies.push(text.slice(start, i + 1));
        break;
      }
    }
  }
  return bodies;
}

describe("the README's walk-through", () => {
  it('shows only crawl bodies and targets POST /crawls accepts', () => {
    // The careers target's URL is the one the banner prints: any URL stands for it.
    const parsed = (json: string) => JSON.parse(json.replace('<the careers URL the banner prints>', 'http://127.0.0.1:4000/careers'));
    const bodies = objectsStarting('{"searchQuery"', readme);
    const targets = objectsStarting('{"kind"', readme);
    expect(bodies.length).toBeGreaterThan(5);
    expect(targets.length).toBeGreaterThan(15);
    for (const body of bodies) expect(crawlRequestSchema.safeParse(parsed(body)).error?.issues, body).toBeUndefined();
    for (const target of targets) expect(crawlTargetSchema.safeParse(parsed(target)).error?.issues, target).toBeUndefined();
  });

  it('writes a resume a profile accepts', () => {
    // The command as the shell reads it: its continued lines joined.
    const command = readme.replaceAll('\\\n', '').split('\n').find((line) => line.includes('> /tmp/ada-resume.pdf'));
    expect(command).toBeDefined();
    const file = join(scratch, 'ada-resume.pdf');
    execFileSync('bash', ['-c', command!.replace('/tmp/ada-resume.pdf', file)]);
    expect(resumeFileProblem(readFileSync(file), 'ada-resume.pdf')).toBeNull();
  });
});
