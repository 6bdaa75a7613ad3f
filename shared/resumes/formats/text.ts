/**
 * The two text formats. RTF as word processors write it: `{\rtf1` first and its closing brace last,
 * without embedded OLE objects (`\objdata`, the way RTF files carry exploits and executables).
 * Plain text: UTF-8 (a byte-order mark allowed), printable (no NULs or control characters other
 * than tabs, line and page breaks), and not a markup document (an HTML, XML or SVG file renamed
 * .txt is a web page, not a resume an employer can read as text).
 */
import type { FormatVerdict } from './verdict';

const latin1 = (bytes: Uint8Array, start: number, end: number) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1', start, end);

export function checkRtf(bytes: Uint8Array): FormatVerdict {
  if (!latin1(bytes, 0, 5).startsWith('{\\rtf')) return undefined;
  const text = latin1(bytes, 0, bytes.byteLength);
  if (!/^\{\\rtf1(?![a-z])/.test(text) || !/\}[\r\n\t \0]*$/.test(text)) {
    return { problem: 'the file starts as an RTF document but is not a whole one: save it again' };
  }
  if (text.includes('\\objdata')) return { problem: 'the RTF document embeds an object (\\objdata): save it without embedded objects' };
  return { type: 'rtf' };
}

const CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/;
/** How markup documents begin: a doctype, an XML declaration, or one of the elements a page or an image starts with. */
const MARKUP = /^\s*<(?:!doctype\b|\?xml\b|(?:html|head|body|script|svg|iframe|object|embed)\b)/i;

export function checkText(bytes: Uint8Array): FormatVerdict {
  let text: string;
  try {
    // A byte-order mark is dropped by the decoder (ignoreBOM false).
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  if (!text.trim() || CONTROL.test(text)) return undefined;
  if (MARKUP.test(text)) return { problem: 'the file is a markup document (HTML, XML or SVG), not plain text' };
  return { type: 'txt' };
}
