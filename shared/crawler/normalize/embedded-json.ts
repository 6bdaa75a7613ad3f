/**
 * Listings embedded in pages as JavaScript/JSON: `window.mosaic.providerData[...] = {...};`,
 * `<script id="__NEXT_DATA__">`, Next.js flight chunks (`self.__next_f.push([1,"..."])`).
 * Extraction scans for the balanced value after a marker instead of trusting a regex to find the end.
 */

/** The balanced {...} or [...] starting at the first brace at or after `from`; strings are respected. */
export function balancedJsonAt(text: string, from: number): string | null {
  let start = -1;
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (ch === '{' || ch === '[') {
      start = i;
      break;
    }
    if (ch !== ' ' && ch !== '=' && ch !== ':' && ch !== '\n' && ch !== '\t' && ch !== '\r') return null;
  }
  if (start < 0) return null;
  let depth = 0;
  let inString: string | null = null;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === inString) inString = null;
      continue;
    }
    if (ch === '"') inString = ch;
    else if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') {
      depth--;
      if (depth === 0) return text.slice(start, i + 1);
    }
  }
  return null;
}

/** Parses the JSON value that follows `marker` (a string or a regex); undefined when absent or invalid. */
export function jsonAfter(text: string, marker: string | RegExp): unknown {
  let at: number;
  if (typeof marker === 'string') {
    const idx = text.indexOf(marker);
    if (idx < 0) return undefined;
    at = idx + marker.length;
  } else {
    const m = marker.exec(text);
    if (!m) return undefined;
    at = m.index + m[0].length;
  }
  const raw = balancedJsonAt(text, at);
  if (!raw) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

/** The concatenated Next.js App Router flight payload of a page (the strings pushed to self.__next_f). */
export function nextFlightPayload(html: string): string {
  const chunks: string[] = [];
  const re = /self\.__next_f\.push\(\[1,("(?:[^"\\]|\\.)*")\]\)/g;
  for (const m of html.matchAll(re)) {
    try {
      chunks.push(JSON.parse(m[1] as string) as string);
    } catch {
      // a malformed chunk carries nothing we can use
    }
  }
  return chunks.join('');
}

/** Depth-first search for the first object under a key, anywhere in a parsed value. */
export function findKey(value: unknown, key: string, depth = 0): unknown {
  if (depth > 60 || value === null || typeof value !== 'object') return undefined;
  if (!Array.isArray(value) && Object.prototype.hasOwnProperty.call(value, key)) return (value as Record<string, unknown>)[key];
  for (const child of Array.isArray(value) ? value : Object.values(value)) {
    const found = findKey(child, key, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}
