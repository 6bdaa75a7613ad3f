/**
 * Code that runs inside the application page. Kept as source text (not a transpiled function) so the
 * bundler's helpers never leak into the page. Everything here only reads the DOM.
 *
 * Forms built of web components (SmartRecruiters' Lit fields) keep their inputs, labels and buttons
 * in open shadow roots: the page is read through them, and a control inside one is named by a
 * selector that crosses each boundary with puppeteer's ">>>>" (host >>>> path within its shadow root).
 */
import type { Page } from 'puppeteer-core';
import type { FieldKind } from './answers';
import { RESUME_WORDING } from './resume-wording';

export interface DiscoveredField {
  /** A CSS selector for the control (radio, checkbox and button groups: their first option). Also the field's identity across passes. */
  selector: string;
  kind: FieldKind;
  label: string;
  required: boolean;
  options: string[];
  /** Radio, checkbox and button groups: a selector per option, parallel to options. */
  optionSelectors: string[];
  /** Whether the control already holds a value (typed, chosen, checked or attached). */
  hasValue: boolean;
  /** The inline validation message shown for this field, if any. */
  error: string | null;
}

export interface PageScan {
  fields: DiscoveredField[];
  /** Validation messages not tied to one field (a banner above the submit button). */
  formErrors: string[];
}

/** Shared helpers, defined once per call. */
const HELPERS = String.raw`
  const GENERIC_LABEL = /^(attach|upload|upload (a )?file|browse|choose (a )?file|choose a file or drop it here|select (a )?file|enter manually|drop files here|type here\.*|start typing\.*|select\.*|choose\.*)$/i;
  // Through open shadow roots: every element of the tree under root matching selector, in tree order.
  const deepAll = (root, selector) => {
    const found = [];
    const visit = (node) => {
      for (const el of node.querySelectorAll('*')) {
        if (el.matches(selector)) found.push(el);
        if (el.shadowRoot) visit(el.shadowRoot);
      }
    };
    visit(root);
    return found;
  };
  // An element's parent, from the top of a shadow root to its host.
  const parentOf = (node) => node.parentElement || (node.parentNode instanceof ShadowRoot ? node.parentNode.host : null);
  const closestDeep = (el, selector) => {
    for (let node = el; node; node = parentOf(node)) if (node.matches(selector)) return node;
    return null;
  };
  // What a selector from cssPath names: each ">>>>" steps into the shadow root of what comes before it.
  const resolve = (selector) => {
    let root = document;
    let el = null;
    for (const part of selector.split(' >>>> ')) {
      if (!root) return null;
      el = root.querySelector(part);
      if (!el) return null;
      root = el.shadowRoot;
    }
    return el;
  };
  // Text as shown, slotted content included (a web component's button shows its light children through a slot).
  const shownText = (el) => {
    let text = '';
    for (const child of el.childNodes) {
      if (child.nodeType === 3) text += child.textContent;
      else if (child.nodeType === 1 && child.tagName === 'SLOT') text += child.assignedNodes({ flatten: true }).map((n) => n.textContent).join('');
      else if (child.nodeType === 1 && !['SCRIPT', 'STYLE', 'TEMPLATE'].includes(child.tagName)) text += shownText(child);
    }
    return text;
  };
  // A custom dropdown drawn by a component whose own text input sits in its shadow root.
  const comboHost = (el) => {
    const host = el.getRootNode().host;
    return host && host.getAttribute('role') === 'combobox' ? host : null;
  };
  const REQUIRED_MARK = /[*✱]\s*$|[*✱]/;
  const clean = (t) => (t || '').replace(/\s+/g, ' ').replace(/[*✱]/g, '').trim();
  const CONTROLS = 'input, select, textarea, button, option, [role=listbox], [role=option], script, style, template';
  // Words that only mark a field as required ("Required", "(required)"), shown or kept for screen readers.
  const REQUIRED_WORDS = /^\(?\s*(required|required field|this field is required|mandatory)\s*\.?\s*\)?\.?$/i;
  const HIDDEN_CLASS = /(^|\s)(sr-only|visually-hidden|visuallyhidden|screen-reader-text|screenreader-only|a11y-hidden|assistive-text|u-visually-hidden)(\s|$)/i;
  // Text kept for screen readers only: a class that says so, or the clip / one-pixel tricks those classes use.
  const visuallyHidden = (el) => {
    if (typeof el.className === 'string' && HIDDEN_CLASS.test(el.className)) return true;
    const s = getComputedStyle(el);
    if (s.display === 'none' || s.visibility === 'hidden') return true;
    if (s.clipPath === 'inset(50%)') return true;
    return (s.position === 'absolute' || s.position === 'fixed') && (/rect\(0(px)?,? 0(px)?,? 0(px)?,? 0(px)?\)/.test(s.clip) || (el.offsetWidth <= 1 && el.offsetHeight <= 1));
  };
  // A label as a sighted person reads it: no controls, no required-marker words, and no text kept for
  // screen readers (unless that is all the label has). requiredWord says whether a marker word was there.
  const readLabel = (el) => {
    const seen = { visible: '', hidden: '', requiredWord: false };
    const walk = (node, hidden) => {
      for (const child of node.childNodes) {
        if (child.nodeType === 3) { if (hidden) seen.hidden += child.textContent; else seen.visible += child.textContent; continue; }
        if (child.nodeType !== 1 || child.matches(CONTROLS)) continue;
        if (REQUIRED_WORDS.test(clean(child.textContent))) { seen.requiredWord = true; continue; }
        walk(child, hidden || visuallyHidden(child));
      }
    };
    walk(el, visuallyHidden(el));
    return seen;
  };
  const textWithoutControls = (el) => {
    const { visible, hidden } = readLabel(el);
    return clean(visible) ? visible : hidden;
  };
  // A selector for el, unique within its tree (the document, or the shadow root it is in: then its host's first).
  const cssPath = (el) => {
    const root = el.getRootNode();
    const shadow = root instanceof ShadowRoot;
    const unique = (selector) => root.querySelectorAll(selector).length === 1;
    const within = (() => {
      if (el.id && unique('#' + CSS.escape(el.id))) return '#' + CSS.escape(el.id);
      const name = el.getAttribute('name');
      if (name) {
        const value = el.getAttribute('value');
        const byName = el.tagName.toLowerCase() + '[name="' + CSS.escape(name) + '"]' + ((el.type === 'radio' || el.type === 'checkbox') && value !== null ? '[value="' + CSS.escape(value) + '"]' : '');
        if (unique(byName)) return byName;
      }
      const parts = [];
      let node = el;
      while (node && node.nodeType === 1 && node !== document.body) {
        if (node !== el && node.id && unique('#' + CSS.escape(node.id))) { parts.unshift('#' + CSS.escape(node.id)); break; }
        let index = 1;
        for (let s = node.previousElementSibling; s; s = s.previousElementSibling) if (s.tagName === node.tagName) index++;
        parts.unshift(node.tagName.toLowerCase() + ':nth-of-type(' + index + ')');
        node = node.parentElement;
      }
      if (parts.length && !parts[0].startsWith('#') && !shadow) parts.unshift('body');
      return parts.join(' > ');
    })();
    return shadow ? cssPath(root.host) + ' >>>> ' + within : within;
  };
  const shown = (el) => {
    if (closestDeep(el, '[hidden], [aria-hidden=true]')) return false;
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none' && r.right > 0 && r.bottom > -5000;
  };
  // File inputs are usually hidden behind a styled button or label (Webflow even marks the input
  // aria-hidden, the button speaking for it): judge them by their container, or by a visible label for them.
  const fileShown = (el) => {
    if (!parentOf(el) || closestDeep(parentOf(el), '[hidden], [aria-hidden=true]')) return false;
    for (let node = parentOf(el), i = 0; node && i < 3; node = parentOf(node), i++) if (shown(node)) return true;
    return [...(el.labels || [])].some(shown);
  };
  // A custom dropdown's chosen value: a "single value" element near the input (react-select), else the input's own value.
  const comboValue = (el) => {
    for (let node = el.parentElement, i = 0; node && i < 4; node = node.parentElement, i++) {
      if ([...node.querySelectorAll('[role=combobox]')].some((c) => c !== el)) break;
      const single = node.querySelector('[class*=single-value], [class*=singleValue]');
      if (single && clean(single.textContent)) return clean(single.textContent);
    }
    return clean(el.value || '');
  };
  // The elements ids name, in the tree of the element that names them.
  const byIds = (ids, from) => {
    const root = from && from.getRootNode().getElementById ? from.getRootNode() : document;
    return (ids || '').split(/\s+/).filter(Boolean).map((id) => root.getElementById(id)).filter(Boolean);
  };
  const isControl = (el) => el.matches('input:not([type=hidden]), select, textarea, [role=combobox]');
  // Text just before the control: a sibling (of the control or an ancestor, shadow hosts included) with text
  // and no controls; a generic "Choose a file" is passed over for the heading before it.
  const nearbyText = (el) => {
    for (let node = el, depth = 0; node && node !== document.body && depth < 5; node = parentOf(node), depth++) {
      for (let s = node.previousElementSibling; s; s = s.previousElementSibling) {
        if (s.querySelector('input:not([type=hidden]), select, textarea') || isControl(s)) break;
        const text = clean(textWithoutControls(s));
        if (text && text.length <= 400 && !REQUIRED_WORDS.test(text) && !GENERIC_LABEL.test(text)) return { text, el: s };
      }
    }
    return null;
  };
  const groupLabel = (el) => {
    const group = el.closest('[role=group], [role=radiogroup]');
    if (group) {
      const labelled = byIds(group.getAttribute('aria-labelledby'), group).map(textWithoutControls).join(' ');
      if (clean(labelled)) return { text: labelled, el: byIds(group.getAttribute('aria-labelledby'), group)[0], group };
      if (group.getAttribute('aria-label')) return { text: group.getAttribute('aria-label'), el: null, group };
    }
    const fieldset = el.closest('fieldset');
    const legend = fieldset && fieldset.querySelector(':scope > legend');
    if (legend) return { text: textWithoutControls(legend), el: legend, group: fieldset };
    return null;
  };
  const ownLabel = (el) => {
    const labelled = byIds(el.getAttribute('aria-labelledby'), el);
    if (labelled.length) return { text: labelled.map(textWithoutControls).join(' '), el: labelled[0] };
    for (const label of el.labels || []) {
      const text = textWithoutControls(label);
      if (clean(text)) return { text, el: label };
    }
    if (el.getAttribute('aria-label')) return { text: el.getAttribute('aria-label'), el: null };
    if (el.placeholder && !GENERIC_LABEL.test(clean(el.placeholder))) return { text: el.placeholder, el: null };
    return null;
  };
  const marked = (labelEl, text) => {
    if (REQUIRED_MARK.test(text || '')) return true;
    if (!labelEl) return false;
    if (labelEl.nodeType === 1 && readLabel(labelEl).requiredWord) return true;
    if (labelEl.querySelector && labelEl.querySelector('.required, [class*=required]')) return true;
    const after = getComputedStyle(labelEl, '::after').content || '';
    return /[*✱]/.test(after);
  };
  const errorFor = (el, group) => {
    const texts = [];
    for (const id of [el.getAttribute('aria-errormessage'), ...(el.getAttribute('aria-describedby') || '').split(/\s+/)]) {
      if (id && /error/i.test(id)) { const e = byIds(id, el)[0]; if (e && clean(e.textContent)) texts.push(clean(e.textContent)); }
    }
    if (!texts.length) {
      const own = group || el;
      for (let node = own.parentElement, depth = 0; node && depth < 3; node = node.parentElement, depth++) {
        const others = [...node.querySelectorAll('input:not([type=hidden]), select, textarea')].filter((c) => c !== el && !own.contains(c) && c.getAttribute('aria-hidden') !== 'true');
        if (others.length) break;
        const found = [...node.querySelectorAll('[class*=error], [id$=-error], [role=alert]')].filter((e) => !e.contains(own) && shown(e) && clean(e.textContent));
        if (found.length) { texts.push(...found.map((e) => clean(e.textContent))); break; }
      }
    }
    return texts.length ? [...new Set(texts)].join(' ') : null;
  };
`;

const SCAN = String.raw`(({ scope, buttonGroups }) => {
  ${HELPERS}
  const root = (scope && resolve(scope)) || document;
  const fields = [];
  const seenGroups = new Set();
  const controls = deepAll(root, 'input, select, textarea, [role=combobox]');
  for (const el of controls) {
    const type = (el.getAttribute('type') || (el.tagName === 'SELECT' ? 'select' : el.tagName === 'TEXTAREA' ? 'textarea' : 'text')).toLowerCase();
    if (['hidden', 'submit', 'button', 'reset', 'image', 'password', 'search'].includes(type)) continue;
    if (el.disabled || el.readOnly && el.getAttribute('role') !== 'combobox') continue;
    // A component that is a combobox around its own text input: the input is the field.
    if (el.shadowRoot && el.shadowRoot.querySelector('input')) continue;
    if (type === 'file' ? !fileShown(el) : !shown(el) || el.getAttribute('aria-hidden') === 'true') continue;
    const host = comboHost(el);
    if (el.getAttribute('role') === 'combobox' || el.getAttribute('aria-haspopup') === 'listbox' || host) {
      const label = ownLabel(el) || nearbyText(el);
      fields.push({ selector: cssPath(el), kind: 'combobox', label: clean(label && label.text), required: el.getAttribute('aria-required') === 'true' || el.required || !!(host && host.hasAttribute('required')) || marked(label && label.el, label && label.text),
        options: [], optionSelectors: [], hasValue: !!comboValue(el), error: errorFor(el) });
      continue;
    }
    if (type === 'radio' || type === 'checkbox') {
      const name = el.name;
      const sameName = name ? controls.filter((c) => c.name === name && c.type === type) : [el];
      const fieldset = el.closest('fieldset, [role=group], [role=radiogroup]');
      const fieldsetOnlyThese = fieldset && [...fieldset.querySelectorAll('input:not([type=hidden]), select, textarea')].every((c) => sameName.includes(c));
      const grouped = type === 'radio' || sameName.length > 1 || fieldsetOnlyThese;
      if (!grouped) {
        const label = ownLabel(el) || nearbyText(el);
        fields.push({ selector: cssPath(el), kind: 'checkbox', label: clean(label && label.text), required: el.required || el.getAttribute('aria-required') === 'true' || marked(label && label.el, label && label.text),
          options: [], optionSelectors: [], hasValue: el.checked, error: errorFor(el) });
        continue;
      }
      const key = type + ':' + (name || cssPath(el));
      if (seenGroups.has(key)) continue;
      seenGroups.add(key);
      const members = sameName.filter((c) => shown(c) || c.labels && [...c.labels].some(shown));
      const group = fieldsetOnlyThese ? fieldset : null;
      let label = group ? groupLabel(el) : null;
      if (!label) {
        let common = members[0].parentElement;
        while (common && !members.every((m) => common.contains(m))) common = common.parentElement;
        label = (common && (groupLabel(common) || nearbyText(common))) || null;
      }
      const optionText = (c) => clean((c.labels && c.labels[0] && textWithoutControls(c.labels[0])) || c.getAttribute('aria-label') || c.value);
      const groupEl = group || members[0].closest('fieldset, ul, [role=radiogroup], [role=group]');
      fields.push({ selector: cssPath(members[0]), kind: type === 'radio' ? 'radio' : 'checkboxes', label: clean(label && label.text),
        required: members.some((m) => m.required || m.getAttribute('aria-required') === 'true') || (group && group.getAttribute('aria-required') === 'true') || marked(label && label.el, label && label.text),
        options: members.map(optionText), optionSelectors: members.map(cssPath), hasValue: members.some((m) => m.checked), error: errorFor(members[0], groupEl) });
      continue;
    }
    let label = ownLabel(el);
    if (!label || GENERIC_LABEL.test(clean(label.text))) label = groupLabel(el) || nearbyText(el) || label;
    const kind = type === 'select' ? 'select' : type === 'textarea' ? 'textarea' : ['email', 'tel', 'url', 'number', 'file'].includes(type) ? type : 'text';
    const group = el.closest('[role=group]');
    fields.push({ selector: cssPath(el), kind, label: clean(label && label.text),
      required: el.required || el.getAttribute('aria-required') === 'true' || (group && group.getAttribute('aria-required') === 'true') || marked(label && label.el, label && label.text),
      options: kind === 'select' ? [...el.options].map((o) => clean(o.textContent)) : [], optionSelectors: [],
      hasValue: kind === 'file' ? el.files.length > 0 : kind === 'select' ? el.selectedIndex > 0 || (el.selectedIndex === 0 && !!el.value) : !!el.value.trim(), error: errorFor(el) });
  }
  if (buttonGroups) {
    for (const group of deepAll(root, buttonGroups)) {
      if (!shown(group)) continue;
      const buttons = [...group.querySelectorAll('button')];
      const label = groupLabel(group) || nearbyText(group);
      fields.push({ selector: cssPath(buttons[0]), kind: 'buttons', label: clean(label && label.text), required: marked(label && label.el, label && label.text),
        options: buttons.map((b) => clean(b.textContent)), optionSelectors: buttons.map(cssPath),
        hasValue: buttons.some((b) => b.getAttribute('aria-pressed') === 'true' || /active|selected/.test(b.className)), error: errorFor(buttons[0], group) });
    }
  }
  const tied = new Set(fields.map((f) => f.error).filter(Boolean));
  const formErrors = [...root.querySelectorAll('[role=alert], [class*=error-message], [class*=errorMessage], p.error, div.error')]
    .filter((e) => shown(e) && clean(e.textContent) && !tied.has(clean(e.textContent)))
    .map((e) => clean(e.textContent));
  return { fields, formErrors: [...new Set(formErrors)] };
})`;

export async function scanPage(page: Page, options: { scope?: string; buttonGroups?: string }): Promise<PageScan> {
  return page.evaluate(`${SCAN}(${JSON.stringify(options)})`) as Promise<PageScan>;
}

/** The options a custom dropdown shows once opened: the listbox it controls, else any listbox on screen. */
export async function visibleOptions(page: Page, comboboxSelector: string): Promise<{ text: string; selector: string }[]> {
  return page.evaluate(`((sel) => {
    ${HELPERS}
    const box = resolve(sel);
    const owner = box && (box.getAttribute('aria-controls') || box.getAttribute('aria-owns') ? box : comboHost(box) || box);
    const owned = owner && byIds(owner.getAttribute('aria-controls') || owner.getAttribute('aria-owns'), owner)[0];
    const lists = owned ? [owned] : deepAll(document, '[role=listbox]').filter(shown);
    return lists.flatMap((l) => [...l.querySelectorAll('[role=option]')]).filter(shown).map((o) => ({ text: clean(o.textContent), selector: cssPath(o) }));
  })(${JSON.stringify(comboboxSelector)})`) as Promise<{ text: string; selector: string }[]>;
}

/** What a custom dropdown displays as chosen, so a choice can be verified. */
export async function comboboxDisplay(page: Page, comboboxSelector: string): Promise<string> {
  return page.evaluate(`((sel) => {
    ${HELPERS}
    const el = resolve(sel);
    return el ? comboValue(el) : '';
  })(${JSON.stringify(comboboxSelector)})`) as Promise<string>;
}

export interface PageSignals {
  status: number | null;
  url: string;
  title: string;
  text: string;
  captcha: boolean;
  password: boolean;
  controls: number;
  applyLinks: { text: string; href: string | null; selector: string }[];
  /** Application forms embedded from an ATS in an iframe (an employer's career page embedding Greenhouse, Lever or Ashby). */
  embeddedForms: string[];
}

/** What the page says about itself: its text, captcha widgets, password fields, apply links. */
export async function pageSignals(page: Page): Promise<Omit<PageSignals, 'status'>> {
  return page.evaluate(`(() => {
    ${HELPERS}
    const visibleBig = (el) => { if (!shown(el)) return false; const r = el.getBoundingClientRect(); return r.width * r.height > 2000 && r.left >= -10 && r.left < innerWidth; };
    const captchaEls = [...document.querySelectorAll('.g-recaptcha:not([data-size=invisible]), .h-captcha:not([data-size=invisible]), .cf-turnstile, iframe[src*="recaptcha/api2/anchor"], iframe[data-src*="recaptcha/api2/anchor"], iframe[src*="hcaptcha.com"], iframe[src*="challenges.cloudflare.com"], #challenge-form, #px-captcha')];
    const text = (document.body && document.body.innerText || '').replace(/\\s+/g, ' ').trim();
    const captcha = captchaEls.some(visibleBig) || /verify (that )?you are (a )?human|i.m not a robot|are you a robot|complete the security check/i.test(text);
    const password = [...document.querySelectorAll('input[type=password]')].some(shown);
    // A site's search bar (keywords, location) is not an application form: count controls outside search forms, and
    // call it a form when it has an email, phone or file field, or more fields than a search bar has.
    const visibleControls = deepAll(document, 'input:not([type=hidden]):not([type=submit]):not([type=button]):not([type=search]), select, textarea')
      .filter((el) => !closestDeep(el, '[role=search], form[action*=search i]'))
      .filter((el) => el.type === 'file' ? fileShown(el) : shown(el));
    const controls = visibleControls.some((el) => ['email', 'tel', 'file'].includes(el.type)) || visibleControls.length >= 3 ? visibleControls.length : 0;
    // How postings lead to their form: "Apply", "I'm interested" (SmartRecruiters), "Apply Manually" (Workday's start, beside its autofill choices).
    const applyLinks = deepAll(document, 'a, button').filter(shown)
      .map((el) => ({ text: shownText(el).replace(/\\s+/g, ' ').trim(), href: el.tagName === 'A' ? el.href || null : null, selector: cssPath(el), current: el.getAttribute('aria-current') }))
      .filter((l) => !l.current && /^(apply( now)?|apply for this (job|position|role)|apply on (the )?(company|employer)('s)? (site|website|page)|apply on company site|start (your )?application|application|apply manually|i[’']m interested)$/i.test(l.text))
      .map(({ text, href, selector }) => ({ text, href, selector }));
    const embeddedForms = [...document.querySelectorAll('iframe[src]')].filter(shown).map((f) => f.src)
      .filter((src) => /greenhouse\\.io\\/(embed\\/)?job_app|greenhouse\\.io\\/.+\\/jobs\\/|jobs\\.(eu\\.)?lever\\.co\\/.+\\/apply|jobs\\.ashbyhq\\.com\\/.+\\/application|[?&]for=|\\/(embed|apply|application)(\\/|\\?|$)/i.test(src));
    return { url: location.href, title: document.title, text: text.slice(0, 20000), captcha, password, controls, applyLinks, embeddedForms };
  })()`) as Promise<Omit<PageSignals, 'status'>>;
}

/** Visible buttons that move a form on: next steps and the final submit. */
export async function formButtons(page: Page, scope: string | undefined): Promise<{ next: string | null; submit: string | null }> {
  return page.evaluate(`((scope) => {
    ${HELPERS}
    const root = (scope && resolve(scope)) || document;
    const buttons = deepAll(root, 'button, input[type=submit], input[type=button], a[role=button]').filter(shown);
    const label = (b) => ((b.value && b.tagName === 'INPUT' ? b.value : shownText(b)).replace(/\\s+/g, ' ').trim() || b.getAttribute('aria-label') || '').replace(/\\s+/g, ' ').trim();
    const next = buttons.find((b) => /^(next|continue|next step|save (and|&) continue|proceed)\\b/i.test(label(b)) && !/\\b(with|using) /i.test(label(b)));
    const submit = buttons.find((b) => /^(submit|send|apply|complete|finish)\\b.*$/i.test(label(b)) && !/^apply (with|using) /i.test(label(b)))
      || buttons.find((b) => (b.type === 'submit') && !/^(next|continue|back|previous|sign in|log in|search)/i.test(label(b)));
    return { next: next ? cssPath(next) : null, submit: submit ? cssPath(submit) : null };
  })(${JSON.stringify(scope ?? null)})`) as Promise<{ next: string | null; submit: string | null }>;
}

/** Where the visible form (or page) asks for a resume or CV in words: the line that says so, or null. */
export async function resumeMention(page: Page, scope: string | undefined): Promise<string | null> {
  return page.evaluate(`((scope) => {
    ${HELPERS}
    const root = (scope && resolve(scope)) || document.body;
    const line = (root.innerText || '').split('\\n').map((l) => l.replace(/\\s+/g, ' ').trim())
      .find((l) => l.length <= 160 && new RegExp(${JSON.stringify(RESUME_WORDING)}, 'iu').test(l));
    return line || null;
  })(${JSON.stringify(scope ?? null)})`) as Promise<string | null>;
}

/** The form holding the most visible fields (not a site search): a generic page's application form. */
export async function largestForm(page: Page): Promise<string | null> {
  return page.evaluate(`(() => {
    ${HELPERS}
    const forms = [...document.querySelectorAll('form')].filter((f) => f.getAttribute('role') !== 'search' && !/search/i.test(f.getAttribute('action') || ''));
    const count = (f) => [...f.querySelectorAll('input:not([type=hidden]), select, textarea')].filter((el) => el.type === 'file' ? fileShown(el) : shown(el)).length;
    const best = forms.map((f) => [f, count(f)]).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1])[0];
    return best ? cssPath(best[0]) : null;
  })()`) as Promise<string | null>;
}
