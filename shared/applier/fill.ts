/**
 * Putting one value into one control the way a person would: real clicks and key events (so
 * React-style controlled inputs see them), native selects through their change event, custom dropdowns
 * opened and their option clicked, files attached to the input. Every write is read back; a control
 * that does not take the value is an error, not a silent success.
 */
import type { Page } from 'puppeteer-core';
import type { DiscoveredField } from './in-page';
import { comboboxDisplay, visibleOptions } from './in-page';

export class FillError extends Error {
  override readonly name = 'FillError';
}

/** Short values are typed key by key; long ones (a cover letter) are inserted as one input event, which is what a paste does. */
const TYPE_LIMIT = 80;

const settle = (ms = 10) => new Promise((r) => setTimeout(r, ms));

async function click(page: Page, selector: string): Promise<void> {
  const handle = await page.$(selector);
  if (!handle) throw new FillError(`control ${selector} is gone`);
  try {
    await handle.click();
  } catch {
    // Styled radios and checkboxes are often invisible behind their label: click it the way the label would.
    await handle.evaluate((el) => (el as HTMLElement).click());
  } finally {
    await handle.dispose();
  }
}

async function valueOf(page: Page, selector: string): Promise<string> {
  return page.$eval(selector, (el) => (el as HTMLInputElement).value ?? '');
}

export async function typeText(page: Page, selector: string, value: string): Promise<void> {
  const handle = await page.$(selector);
  if (!handle) throw new FillError(`control ${selector} is gone`);
  await handle.click({ count: 1 }).catch(() => handle.focus());
  await handle.dispose();
  if ((await valueOf(page, selector)) !== '') {
    await page.keyboard.down('Control');
    await page.keyboard.press('KeyA');
    await page.keyboard.up('Control');
    await page.keyboard.press('Backspace');
  }
  if (value.length <= TYPE_LIMIT) await page.keyboard.type(value);
  else await page.keyboard.sendCharacter(value);
  await settle();
  const now = await valueOf(page, selector);
  if (now !== value && !(Number(now) === Number(value) && now !== '')) {
    throw new FillError(`the field did not keep the typed value (shows ${now.length} characters, typed ${value.length})`);
  }
  await page.$eval(selector, (el) => (el as HTMLElement).blur());
}

export async function chooseNative(page: Page, selector: string, option: string): Promise<void> {
  const value = await page.$eval(selector, (el, text) => {
    const match = Array.from((el as HTMLSelectElement).options).find((o) => (o.textContent ?? '').replace(/\s+/g, ' ').trim() === text);
    return match ? match.value : null;
  }, option);
  if (value === null) throw new FillError(`option "${option}" is not in the list`);
  await page.select(selector, value);
  const chosen = await page.$eval(selector, (el) => (el as HTMLSelectElement).selectedOptions[0]?.textContent?.replace(/\s+/g, ' ').trim() ?? '');
  if (chosen !== option) throw new FillError(`the list shows "${chosen}" after choosing "${option}"`);
}

export async function chooseInGroup(page: Page, field: DiscoveredField, option: string): Promise<void> {
  const index = field.options.indexOf(option);
  const selector = field.optionSelectors[index];
  if (index < 0 || !selector) throw new FillError(`option "${option}" is not in the group`);
  const isInput = await page.$eval(selector, (el) => el instanceof HTMLInputElement);
  if (isInput) {
    if (!(await page.$eval(selector, (el) => (el as HTMLInputElement).checked))) await click(page, selector);
    if (!(await page.$eval(selector, (el) => (el as HTMLInputElement).checked))) throw new FillError(`option "${option}" did not become checked`);
  } else {
    await click(page, selector);
  }
  await settle();
}

export async function setCheckbox(page: Page, selector: string, checked: boolean): Promise<void> {
  if ((await page.$eval(selector, (el) => (el as HTMLInputElement).checked)) !== checked) await click(page, selector);
  if ((await page.$eval(selector, (el) => (el as HTMLInputElement).checked)) !== checked) throw new FillError('the checkbox did not change');
}

/** Opens a custom dropdown and returns the options it shows (closing it again is left to the choice or to blur). */
export async function openCombobox(page: Page, selector: string): Promise<string[]> {
  await click(page, selector);
  let options = await waitForOptions(page, selector);
  if (!options.length) {
    await page.keyboard.press('ArrowDown');
    options = await waitForOptions(page, selector);
  }
  return options.map((o) => o.text);
}

async function waitForOptions(page: Page, selector: string, tries = 20): Promise<{ text: string; selector: string }[]> {
  for (let i = 0; i < tries; i++) {
    const options = await visibleOptions(page, selector);
    if (options.length) return options;
    await settle(25);
  }
  return [];
}

/** A typeahead shows nothing until something is typed: type the answer and read what it offers. */
export async function searchCombobox(page: Page, selector: string, text: string): Promise<string[]> {
  await page.focus(selector);
  await page.keyboard.type(text);
  return (await waitForOptions(page, selector, 40)).map((o) => o.text);
}

export async function chooseInCombobox(page: Page, selector: string, option: string): Promise<void> {
  let options = await visibleOptions(page, selector);
  if (!options.length) {
    await openCombobox(page, selector);
    options = await visibleOptions(page, selector);
  }
  const target = options.find((o) => o.text === option);
  if (!target) throw new FillError(`option "${option}" is not in the dropdown`);
  await click(page, target.selector);
  await settle();
  const shown = await comboboxDisplay(page, selector);
  if (shown !== option) throw new FillError(`the dropdown shows "${shown}" after choosing "${option}"`);
}

export async function attachFile(page: Page, selector: string, path: string): Promise<void> {
  const handle = await page.$(selector);
  if (!handle) throw new FillError(`upload ${selector} is gone`);
  try {
    await (handle as unknown as { uploadFile(...paths: string[]): Promise<void> }).uploadFile(path);
    // Read back from the same element: a page may re-render and replace the input once it has the file.
    const count = await handle.evaluate((el) => (el as HTMLInputElement).files?.length ?? 0);
    if (count === 0) throw new FillError('the upload did not take the file');
  } finally {
    await handle.dispose();
  }
  await settle();
}
