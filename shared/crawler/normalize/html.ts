/**
 * Descriptions as safe HTML (an allowlist of structural tags; links http(s)/mailto only; no
 * scripts, styles, event handlers or inline CSS) and as plain text with paragraph breaks kept.
 * Handles the entity-encoded HTML some APIs return (Greenhouse's `&lt;p&gt;`).
 */
import { load } from 'cheerio';
import sanitizeHtml from 'sanitize-html';

const ALLOWED_TAGS = [
  'p', 'br', 'hr', 'div', 'span', 'section', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'b', 'em', 'i', 'u',
  'small', 'sub', 'sup', 'blockquote', 'pre', 'code', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'a', 'table', 'thead',
  'tbody', 'tfoot', 'tr', 'th', 'td', 'caption',
];

const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: { a: ['href', 'title'], td: ['colspan', 'rowspan'], th: ['colspan', 'rowspan'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'template', 'iframe', 'object', 'svg'],
  transformTags: {
    a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow noopener noreferrer', target: '_blank' }),
  },
  exclusiveFilter: (frame) => frame.tag === 'a' && !frame.attribs.href && !frame.text.trim(),
};
// transformTags adds rel/target after the attribute filter ran, so allow them on the way out.
(SANITIZE_OPTIONS.allowedAttributes as Record<string, string[]>).a = ['href', 'title', 'rel', 'target'];

/** Decodes HTML entities once ("&lt;p&gt;" -> "<p>"). */
export function decodeEntities(text: string): string {
  return load(`<textarea>${text.replace(/<\/textarea/gi, '&lt;/textarea')}</textarea>`)('textarea').text();
}

/** Entity-encoded markup: no real tags, but encoded ones. */
function isEntityEncodedHtml(text: string): boolean {
  const encoded = text.match(/&lt;\/?[a-z][^&]*?&gt;/gi)?.length ?? 0;
  const real = text.match(/<\/?[a-z][^>]*>/gi)?.length ?? 0;
  return encoded > real;
}

/** Text that is plain (no tags at all) becomes paragraphs, so line breaks survive as structure. */
function plainToHtml(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((para) => `<p>${sanitizeHtml(para, { allowedTags: [], allowedAttributes: {} }).replace(/\n/g, '<br>')}</p>`)
    .join('');
}

/** Safe HTML from whatever a source gives (HTML, entity-encoded HTML, or plain text); null when empty. */
export function sanitizeDescription(input: string | null | undefined): string | null {
  if (!input) return null;
  let html = input.replace(/\r\n?/g, '\n');
  if (isEntityEncodedHtml(html)) html = decodeEntities(html);
  if (!/<[a-z!/][\s\S]*?>/i.test(html)) html = plainToHtml(html);
  const clean = sanitizeHtml(html, SANITIZE_OPTIONS)
    .replace(/<(p|div|span|li|h[1-6])>\s*(?:&nbsp;|\s)*<\/\1>/g, '')
    .trim();
  return clean && htmlToText(clean) ? clean : null;
}

const BLOCK_TAGS = new Set(['p', 'div', 'section', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'dl', 'table', 'tr', 'blockquote', 'pre', 'hr', 'article', 'header', 'footer']);

/** Plain text from HTML: blocks on their own lines, list items as "• item", whitespace collapsed. */
export function htmlToText(html: string | null | undefined): string {
  if (!html) return '';
  const $ = load(html, null, false);
  const out: string[] = [];
  const walk = (nodes: ReturnType<typeof $>): void => {
    nodes.each((_, node) => {
      if (node.type === 'text') {
        out.push(node.data.replace(/\s+/g, ' '));
        return;
      }
      if (node.type !== 'tag') return;
      const tag = node.name.toLowerCase();
      if (tag === 'script' || tag === 'style') return;
      if (tag === 'br') {
        out.push('\n');
        return;
      }
      const block = BLOCK_TAGS.has(tag);
      if (tag === 'li') out.push('\n• ');
      else if (tag === 'td' || tag === 'th') out.push(' ');
      else if (block) out.push('\n\n');
      walk($(node).contents());
      if (block) out.push('\n');
    });
  };
  walk($.root().contents());
  return out
    .join('')
    .replace(/\u00a0/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** A short single-line text field (titles, company names): tags stripped, entities decoded, spaces collapsed. */
export function cleanText(input: unknown): string | null {
  if (typeof input !== 'string' && typeof input !== 'number') return null;
  let text = String(input);
  if (/[<&]/.test(text)) text = load(text, null, false).text();
  text = text.replace(/[\u0000-\u001f\u007f\u00a0]+/g, ' ').replace(/\s+/g, ' ').trim();
  return text || null;
}
