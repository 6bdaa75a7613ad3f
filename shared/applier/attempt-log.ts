/**
 * The automation log of one attempt as it happens: steps with their time since the start, and the
 * screenshots stored for it. Values are never written here, only where they came from; URLs lose
 * their query strings and fragments (they can carry tokens).
 */
import type { Page } from 'puppeteer-core';
import { applicationArtifactsPrefix, type ArtifactStore } from '../artifacts/store';
import type { AutomationLog, AutomationStep } from './log';

export function loggableUrl(url: string): string {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? `${u.origin}${u.pathname}` : u.protocol;
  } catch {
    return '(invalid URL)';
  }
}

export class AttemptLog {
  readonly steps: AutomationStep[] = [];
  readonly screenshots: { key: string; label: string }[] = [];
  readonly missingAnswers: string[] = [];
  adapter = 'generic';
  url = '';
  private readonly started = Date.now();
  private readonly startedAt = new Date(this.started).toISOString();

  constructor(
    private readonly applicationId: number,
    private readonly attempt: number,
    private readonly dryRun: boolean,
    private readonly artifacts: () => ArtifactStore,
  ) {}

  step(kind: AutomationStep['kind'], message: string, extra: Pick<AutomationStep, 'field' | 'valueSource' | 'screenshot'> = {}): void {
    this.steps.push({ atMs: Date.now() - this.started, kind, message, ...extra });
  }

  missing(question: string): void {
    if (!this.missingAnswers.includes(question)) this.missingAnswers.push(question);
  }

  /**
   * A full-page PNG stored as applications/<id>/attempts/<attempt>/<name>.png, so a later attempt never
   * overwrites this one's; a failure to capture is logged, not thrown.
   */
  async screenshot(page: Page, name: string, label: string): Promise<void> {
    const key = `${applicationArtifactsPrefix(this.applicationId)}attempts/${this.attempt}/${name}.png`;
    try {
      const bytes = await page.screenshot({ type: 'png', fullPage: true, captureBeyondViewport: true, optimizeForSpeed: true });
      await this.artifacts().put(key, { bytes, contentType: 'image/png' });
      this.screenshots.push({ key, label });
      this.step('screenshot', label, { screenshot: key });
    } catch (error) {
      this.step('error', `screenshot "${label}" not stored: ${(error as Error).message.split('\n')[0]}`);
    }
  }

  toJSON(): AutomationLog {
    return {
      adapter: this.adapter,
      url: this.url,
      dryRun: this.dryRun,
      startedAt: this.startedAt,
      durationMs: Date.now() - this.started,
      steps: this.steps,
      missingAnswers: this.missingAnswers,
      screenshots: this.screenshots,
    };
  }
}
