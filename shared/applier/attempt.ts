/**
 * One application attempt in an open page: reach the application form (following a board posting's
 * apply link), fill every step from the user's answers, stop before submitting on a dry run or a
 * missing answer, submit, and read the outcome the page gives.
 */
import type { HTTPResponse, Page } from 'puppeteer-core';
import { resolveQuestion, findAnswer, type AnswerContext, type FormQuestion, type Resolution } from './answers';
import { pickAdapter, type FormAdapter } from './adapters';
import { generic } from './adapters/generic';
import { AttemptLog, loggableUrl } from './attempt-log';
import { ApplicationDocuments, DocumentError, type LocalFile } from './documents';
import { attachFile, chooseInCombobox, chooseInGroup, chooseNative, FillError, openCombobox, searchCombobox, setCheckbox, typeText } from './fill';
import { formButtons, largestForm, pageSignals, resumeMention, scanPage, type DiscoveredField } from './in-page';
import { blockedBy, confirmationIn } from './page-state';
import type { SitePacing } from './pacing';
import type { ApplicationTask, ApplyStatus } from './port';
import { checkTarget } from '../net/url-guard';

export interface AttemptResult {
  status: ApplyStatus;
  reason: string | null;
  retryable: boolean;
}

/** Ends the attempt from anywhere inside it. */
export class AttemptStop extends Error {
  constructor(readonly result: AttemptResult) {
    super(result.reason ?? result.status);
  }
}

const stop = (status: ApplyStatus, reason: string | null, retryable = false) => new AttemptStop({ status, reason, retryable });

const MAX_APPLY_HOPS = 2;
const MAX_STEPS = 10;
/** A client-rendered form may take a moment to appear. */
const FORM_RENDER_WAIT_MS = 3_000;
/** How long to wait for the page to answer a submit. */
const OUTCOME_WAIT_MS = 10_000;
/** A page that has changed after submit and then stayed the same this long has said all it will. */
const OUTCOME_QUIET_MS = 1_500;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Attempt {
  resumeUsed: string | null = null;
  coverLetterUsed: string | null = null;
  /** Set the moment the submit is clicked: from then on, nothing may report "failed" or retry. */
  submitted = false;
  private adapter: FormAdapter = generic;
  private scope: string | undefined;
  private resumeFile: LocalFile | undefined;
  /** A line of the form that asks for a resume, once one is seen: a form that asks and offers no slot is worth saying. */
  private resumeAsked: string | null = null;
  /** Upload slots left empty (their labels say nothing the profile has a file for): named when the resume found no slot. */
  private readonly emptySlots = new Set<string>();
  private readonly handled = new Map<string, 'filled' | 'skipped' | 'missing'>();

  constructor(
    private readonly page: Page,
    private readonly task: ApplicationTask,
    private readonly log: AttemptLog,
    private readonly docs: ApplicationDocuments,
    private readonly answers: AnswerContext,
    private readonly pacing: SitePacing,
    private readonly deadline: number,
  ) {}

  async run(): Promise<AttemptResult> {
    await this.reachForm();
    await this.walkSteps();
    if (this.task.applicant.resumeUrl && !this.resumeUsed && this.resumeAsked) {
      const slots = [...this.emptySlots].map((s) => `"${s}"`).join(', ');
      this.log.step('note', slots
        ? `resume not attached: the form asks for one ("${this.resumeAsked}"), but none of its upload slots (${slots}) says it is for a resume`
        : `resume not attached: the form asks for one ("${this.resumeAsked}") but no upload slot for it was found`);
    }
    if (this.log.missingAnswers.length) {
      await this.log.screenshot(this.page, 'filled', 'form filled as far as the answers go');
      return { status: 'failed', reason: `required question${this.log.missingAnswers.length > 1 ? 's' : ''} without an answer in the profile: ${this.log.missingAnswers.map((q) => `"${q}"`).join(', ')}`, retryable: false };
    }
    await this.log.screenshot(this.page, 'filled', 'filled form, before submit');
    if (this.task.dryRun) {
      this.log.step('note', 'dry run: stopped before submitting');
      return { status: 'filled', reason: null, retryable: false };
    }
    return this.submit();
  }

  private remaining(): number {
    return this.deadline - Date.now();
  }

  private async open(url: string): Promise<HTTPResponse | null> {
    const target = await checkTarget(url).catch((error: Error) => {
      throw stop('failed', `the application URL is refused: ${error.message}`);
    });
    this.log.step('open', `opening ${loggableUrl(target.href)}`);
    try {
      return await this.page.goto(target.href, { waitUntil: 'domcontentloaded', timeout: Math.max(1_000, Math.min(30_000, this.remaining())) });
    } catch (error) {
      throw stop('failed', `the page did not load: ${(error as Error).message.split('\n')[0]}`, true);
    }
  }

  private async checkBlocked(status: number | null): Promise<void> {
    const signals = await pageSignals(this.page);
    const blocked = blockedBy({ status, text: signals.text, captcha: signals.captcha, password: signals.password });
    if (blocked) {
      // The log names the page that stopped the attempt.
      this.log.url = loggableUrl(this.page.url());
      this.log.step('blocked', blocked.reason);
      await this.log.screenshot(this.page, 'outcome', 'page that stopped the attempt');
      throw stop('failed', blocked.reason, blocked.retryable);
    }
  }

  /** From the job's URL to a page with the application form on it. */
  private async reachForm(): Promise<void> {
    const applyUrl = typeof this.task.job.metadata.applyUrl === 'string' ? this.task.job.metadata.applyUrl : null;
    const response = await this.open(applyUrl ?? this.task.job.sourceUrl);
    await this.checkBlocked(response?.status() ?? null);
    for (let hop = 0; ; hop++) {
      let signals = await pageSignals(this.page);
      if (signals.controls === 0 && signals.embeddedForms.length && hop < MAX_APPLY_HOPS) {
        // The form lives in an ATS iframe: open the iframe's page itself, where the fields can be reached.
        this.log.step('navigate', `opening the application form embedded in ${loggableUrl(signals.url)}`);
        await this.checkBlocked((await this.open(signals.embeddedForms[0]!))?.status() ?? null);
        continue;
      }
      if (signals.controls === 0 && signals.applyLinks.length && hop < MAX_APPLY_HOPS) {
        const link = signals.applyLinks.find((l) => l.href && /^https?:/.test(l.href)) ?? signals.applyLinks[0]!;
        this.log.step('navigate', `following "${link.text}" from ${loggableUrl(signals.url)}`);
        let status: number | null = null;
        if (link.href && /^https?:/.test(link.href)) status = (await this.open(link.href))?.status() ?? null;
        else {
          await Promise.all([this.page.waitForNavigation({ timeout: 5_000 }).catch(() => null), this.page.click(link.selector)]);
        }
        await this.checkBlocked(status);
        continue;
      }
      if (signals.controls === 0) {
        await this.page.waitForSelector('input:not([type=hidden]), select, textarea', { timeout: Math.min(FORM_RENDER_WAIT_MS, this.remaining()) }).catch(() => null);
        signals = await pageSignals(this.page);
        await this.checkBlocked(null);
        if (signals.controls === 0) {
          this.log.step('blocked', 'no application form on the page');
          await this.log.screenshot(this.page, 'outcome', 'page without an application form');
          throw stop('failed', 'removed form: the page has no application form and no apply link');
        }
      }
      break;
    }
    this.adapter = await pickAdapter(this.page);
    this.scope = (this.adapter.scope && (await this.page.$(this.adapter.scope)) ? this.adapter.scope : await largestForm(this.page)) ?? undefined;
    this.log.adapter = this.adapter.name;
    this.log.url = loggableUrl(this.page.url());
    this.log.step('note', `${this.adapter.name} form at ${this.log.url}`);
  }

  private scan() {
    return scanPage(this.page, { scope: this.scope, buttonGroups: this.adapter.buttonGroups ?? undefined });
  }

  /** Fills what is visible, again for fields that appear once others are answered. */
  private async fillVisible(): Promise<DiscoveredField[]> {
    let fields: DiscoveredField[] = [];
    for (let pass = 0; pass < 4; pass++) {
      fields = (await this.scan()).fields;
      const todo = fields.filter((f) => !this.handled.has(f.selector));
      if (!todo.length) break;
      for (const field of todo) this.handled.set(field.selector, await this.fill(field, field.required));
    }
    return fields;
  }

  private async walkSteps(): Promise<void> {
    for (let step = 1; step <= MAX_STEPS; step++) {
      const fields = await this.fillVisible();
      this.resumeAsked ??= await resumeMention(this.page, this.scope);
      if (this.log.missingAnswers.length) return;
      const { next } = await formButtons(this.page, this.scope);
      if (!next) return;
      const before = new Set(fields.map((f) => f.selector));
      for (let tries = 0; ; tries++) {
        this.log.step('step', `step ${step} done, moving on`);
        const url = this.page.url();
        await this.clickAndSettle(next);
        if (this.page.url() !== url) this.handled.clear();
        const scan = await this.scan();
        const stayed = scan.fields.some((f) => before.has(f.selector)) && this.page.url() === url;
        const errors = scan.fields.filter((f) => f.error);
        if (!stayed) break;
        if (!errors.length && !scan.formErrors.length) break;
        await this.answerValidation(errors, scan.formErrors);
        if (this.log.missingAnswers.length) return;
        if (tries >= 1) throw stop('failed', `the form did not accept step ${step}: ${[...errors.map((e) => `${e.label}: ${e.error}`), ...scan.formErrors].join('; ')}`);
      }
    }
  }

  /** Clicks, then waits for the page load the click starts, if it starts one (a step that navigates). */
  private async clickAndSettle(selector: string): Promise<void> {
    const navigation = this.page.waitForNavigation({ waitUntil: 'domcontentloaded', timeout: Math.max(1_000, Math.min(15_000, this.remaining())) });
    navigation.catch(() => null);
    let started = false;
    const onRequest = (request: import('puppeteer-core').HTTPRequest) => {
      if (request.isNavigationRequest() && request.frame() === this.page.mainFrame()) started = true;
    };
    this.page.on('request', onRequest);
    try {
      await this.page.click(selector);
      await sleep(250);
      if (started) await navigation.catch(() => null);
    } finally {
      this.page.off('request', onRequest);
    }
  }

  /** Inline errors name fields the page requires: answer them now if the profile can, else record them. */
  private async answerValidation(errored: DiscoveredField[], formErrors: string[]): Promise<void> {
    for (const message of formErrors) this.log.step('validation', message);
    for (const field of errored) {
      this.log.step('validation', field.error ?? 'invalid', { field: field.label });
      const outcome = await this.fill(field, true);
      this.handled.set(field.selector, outcome);
    }
  }

  private async resolve(field: DiscoveredField, required: boolean): Promise<Resolution> {
    const question: FormQuestion = { label: field.label, kind: field.kind, required, options: field.options };
    if (!field.label) return required ? { kind: 'missing', why: 'the field has no label to match' } : { kind: 'skip', why: 'no label' };
    const answer = field.kind === 'combobox' ? findAnswer(field.label, this.answers) : undefined;
    if (answer) {
      question.options = await openCombobox(this.page, field.selector).catch(() => []);
      if (!question.options.length && typeof answer.value === 'string') {
        question.options = await searchCombobox(this.page, field.selector, answer.value).catch(() => []);
      }
    }
    return resolveQuestion(question, this.answers);
  }

  private async fill(field: DiscoveredField, required: boolean): Promise<'filled' | 'skipped' | 'missing'> {
    const label = field.label || '(unlabelled field)';
    const resolution = await this.resolve(field, required);
    if (field.kind === 'file' && resolution.kind !== 'file') this.emptySlots.add(label);
    try {
      switch (resolution.kind) {
        case 'missing':
          if (field.kind === 'combobox') await this.page.keyboard.press('Escape');
          if (field.hasValue && !field.error) {
            this.log.step('field', `kept the value the page already had; no answer of the user's own (${resolution.why})`, { field: label });
            return 'filled';
          }
          this.log.missing(label);
          this.log.step('field', `required, no answer: ${resolution.why}`, { field: label });
          return 'missing';
        case 'skip':
          if (field.kind === 'combobox') await this.page.keyboard.press('Escape');
          this.log.step('field', `left empty: ${resolution.why}`, { field: label });
          return 'skipped';
        case 'text':
          await typeText(this.page, field.selector, resolution.value);
          if (resolution.source === 'cover letter template') this.coverLetterUsed = resolution.value;
          this.log.step('field', `typed ${resolution.value.length} characters`, { field: label, valueSource: resolution.source });
          return 'filled';
        case 'choice':
          if (field.kind === 'select') await chooseNative(this.page, field.selector, resolution.option);
          else if (field.kind === 'combobox') await chooseInCombobox(this.page, field.selector, resolution.option);
          else await chooseInGroup(this.page, field, resolution.option);
          this.log.step('field', `chose "${resolution.option}"`, { field: label, valueSource: resolution.source });
          return 'filled';
        case 'check':
          await setCheckbox(this.page, field.selector, resolution.checked);
          this.log.step('field', resolution.checked ? 'checked' : 'unchecked', { field: label, valueSource: resolution.source });
          return 'filled';
        case 'file': {
          const file = resolution.slot === 'resume' ? await this.resume() : await this.docs.coverLetterFile(this.answers.coverLetter ?? '', this.task.job.company);
          await attachFile(this.page, field.selector, file.path);
          if (resolution.slot === 'resume') this.resumeUsed = this.task.applicant.resumeUrl;
          else this.coverLetterUsed = this.answers.coverLetter;
          this.log.step('upload', `attached ${file.name} (${file.size} bytes)`, { field: label, valueSource: resolution.source });
          return 'filled';
        }
      }
    } catch (error) {
      if (error instanceof AttemptStop) throw error;
      if (error instanceof DocumentError) throw stop('failed', error.message, error.retryable);
      const message = error instanceof FillError ? error.message : (error as Error).message.split('\n')[0];
      this.log.step('error', `could not fill: ${message}`, { field: label });
      // A resume slot is filled or the attempt stops: an application is never sent without the resume it asked for.
      if (resolution.kind === 'file' && resolution.slot === 'resume') throw stop('failed', `could not attach the resume to "${label}": ${message}`);
      if (required) throw stop('failed', `could not fill the required field "${label}": ${message}`);
      return 'skipped';
    }
  }

  private async resume(): Promise<LocalFile> {
    this.resumeFile ??= await this.docs.resume(this.task.applicant.resumeUrl as string, this.task.userId, this.deadline);
    return this.resumeFile;
  }

  private async submit(): Promise<AttemptResult> {
    const host = new URL(this.page.url()).host;
    const wait = await this.pacing.reserve(host, this.remaining() - OUTCOME_WAIT_MS);
    if (wait === null) {
      return { status: 'failed', reason: `pacing: the next submission to ${host} is due in more than this attempt has left (one every ${Math.round(this.pacing.minIntervalMs / 1000)} s per site)`, retryable: true };
    }
    if (wait > 0) {
      this.log.step('note', `pacing: waiting ${Math.ceil(wait / 1000)} s before submitting to ${host}`);
      await sleep(wait);
    }
    const button = (this.adapter.submit && (await this.page.$(this.adapter.submit)) ? this.adapter.submit : null) ?? (await formButtons(this.page, this.scope)).submit;
    if (!button) throw stop('failed', 'the form has no submit button');
    const before = await pageSignals(this.page);
    const handle = await this.page.$(button);
    if (!handle) throw stop('failed', 'the submit button disappeared');
    this.log.step('submit', 'submitting');
    this.submitted = true;
    // Fall back on the same element only: after a navigation the handle is stale, so nothing is clicked twice.
    await handle.click().catch(() => handle.evaluate((el) => (el as HTMLElement).click()).catch(() => undefined));
    await handle.dispose().catch(() => undefined);
    return this.outcome(before.text, before.url);
  }

  /** Reads what the page answers: a confirmation, validation errors, or nothing that can be told. */
  private async outcome(textBefore: string, urlBefore: string): Promise<AttemptResult> {
    const until = Math.min(Date.now() + OUTCOME_WAIT_MS, this.deadline - 1_000);
    let lastText = textBefore;
    let quietSince = Date.now();
    let changed = false;
    for (;;) {
      await sleep(150);
      const signals = await pageSignals(this.page).catch(() => null);
      if (signals) {
        const byMarkup = (this.adapter.confirmation && (await this.page.$(this.adapter.confirmation).catch(() => null))) || this.adapter.confirmationUrl?.test(new URL(signals.url).pathname);
        const wording = confirmationIn(signals.text, textBefore);
        if (byMarkup || wording) {
          this.log.step('confirmation', wording ? `the page says "${wording}"` : `the ${this.adapter.name} confirmation is shown`);
          await this.log.screenshot(this.page, 'outcome', 'confirmation');
          return { status: 'applied', reason: null, retryable: false };
        }
        if (signals.text !== lastText) {
          lastText = signals.text;
          quietSince = Date.now();
          changed = true;
        }
        if (signals.url !== urlBefore) changed = true;
        if (changed && signals.url === urlBefore) {
          const scan = await this.scan().catch(() => null);
          const errors = scan ? [...scan.fields.filter((f) => f.error).map((f) => `${f.label}: ${f.error}`), ...scan.formErrors] : [];
          if (scan && errors.length && Date.now() - quietSince >= 300) {
            for (const field of scan.fields.filter((f) => f.error)) {
              this.log.step('validation', field.error ?? 'invalid', { field: field.label });
              if (this.handled.get(field.selector) !== 'filled') this.log.missing(field.label);
            }
            for (const message of scan.formErrors) this.log.step('validation', message);
            await this.log.screenshot(this.page, 'outcome', 'form with validation errors after submit');
            return { status: 'failed', reason: `the form refused the submission: ${errors.join('; ')}`, retryable: false };
          }
        }
        if (changed && Date.now() - quietSince >= OUTCOME_QUIET_MS) break;
      }
      if (Date.now() >= until) break;
    }
    this.log.step('note', 'no confirmation seen after submitting');
    await this.log.screenshot(this.page, 'outcome', 'page after submit');
    return { status: 'unconfirmed', reason: 'submitted, but the page showed no confirmation', retryable: false };
  }
}
