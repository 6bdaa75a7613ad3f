/**
 * JSON as real pages serve it. Career sites break their JSON-LD in a handful of ways: CDATA or
 * HTML-comment wrappers, the whole block entity-encoded (&quot;), raw newlines and control
 * characters inside strings, invalid escapes (\'), unescaped quotes inside strings, trailing commas,
 * comments, and several objects back to back. `parseLooseJson` tries the strict parse first and
 * repairs only when it fails.
 */
import { decodeEntities } from './html';

function stripWrappers(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .trim()
    .replace(/^(?:\/\*\s*)?(?:\/\/\s*)?<!\[CDATA\[(?:\s*\*\/)?/, '')
    .replace(/(?:\/\*\s*)?(?:\/\/\s*)?\]\]>(?:\s*\*\/)?$/, '')
    .replace(/^<!--/, '')
    .replace(/-->$/, '')
    .trim();
}

const VALID_ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't', 'u']);

/** Whether the quote at `i` closes a string: what follows it must be JSON structure. */
function closesString(text: string, i: number): boolean {
  let j = i + 1;
  while (j < text.length && /\s/.test(text[j] as string)) j++;
  return j >= text.length || /[,:}\]]/.test(text[j] as string);
}

/** One pass over the text, fixing string contents and dropping what JSON does not allow outside them. */
export function repairJson(input: string): string {
  const text = input;
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    const code = ch.charCodeAt(0);
    if (inString) {
      if (ch === '\\') {
        const next = text[i + 1];
        if (next !== undefined && VALID_ESCAPES.has(next)) {
          if (next === 'u' && !/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
            out += '\\\\';
            continue;
          }
          out += ch + next;
          i++;
        } else if (next !== undefined) {
          out += next === "'" ? "'" : `\\\\${next}`; // \' is not JSON; any other stray backslash is literal
          i++;
        }
        continue;
      }
      if (ch === '"') {
        if (closesString(text, i)) {
          inString = false;
          out += ch;
        } else {
          out += '\\"';
        }
        continue;
      }
      if (code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029) {
        out += ch === '\n' ? '\\n' : ch === '\r' ? '\\r' : ch === '\t' ? '\\t' : ' ';
        continue;
      }
      out += ch;
      continue;
    }
    if (ch === '"') {
      inString = true;
      out += ch;
      continue;
    }
    if (ch === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
      continue;
    }
    if (ch === ',') {
      let j = i + 1;
      while (j < text.length && /\s/.test(text[j] as string)) j++;
      if (text[j] === '}' || text[j] === ']') continue; // trailing comma
    }
    if (code < 0x20 && !/\s/.test(ch)) continue;
    out += ch;
  }
  return out;
}

/** Splits back-to-back top-level values ("{...}{...}" or "{...}\n{...}"). */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let inString = false;
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') {
      if (depth === 0) start = i;
      depth++;
    } else if (ch === '}' || ch === ']') {
      depth--;
      if (depth === 0 && start >= 0) {
        parts.push(text.slice(start, i + 1));
        start = -1;
      }
    }
  }
  return parts;
}

function tryParse(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/**
 * The parsed value, or undefined when even the repaired text is not JSON. Back-to-back values come
 * back as an array.
 */
export function parseLooseJson(input: string | null | undefined): unknown {
  if (!input) return undefined;
  let text = stripWrappers(input);
  if (!text) return undefined;
  const strict = tryParse(text);
  if (strict.ok) return strict.value;
  if (/&quot;|&#34;|&#x22;/i.test(text) && !/"\s*:/.test(text)) text = decodeEntities(text);
  const repaired = repairJson(text);
  const once = tryParse(repaired);
  if (once.ok) return once.value;
  const parts = splitTopLevel(repaired);
  if (parts.length > 1) {
    const values = parts.map(tryParse).filter((r): r is { ok: true; value: unknown } => r.ok).map((r) => r.value);
    if (values.length) return values;
  }
  return undefined;
}
