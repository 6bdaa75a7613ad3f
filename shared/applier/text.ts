/** Text normalization shared by question matching and option choice. */

/** Lowercase, no required-marks or "(optional)", punctuation folded to spaces, single-spaced. */
export function normalize(text: string): string {
  return text
    .toLowerCase()
    .replace(/\((optional|required)\)/g, ' ')
    .replace(/[*✱]/g, ' ')
    .replace(/[’']/g, '')
    .replace(/[^\p{L}\p{N}+#]+/gu, ' ')
    .trim();
}

const STOPWORDS = new Set(['a', 'an', 'the', 'you', 'your', 'are', 'is', 'do', 'does', 'did', 'to', 'of', 'in', 'for', 'with', 'and', 'or', 'on', 'at', 'be', 'we', 'our', 'us', 'this', 'that', 'please', 'what', 'have', 'will', 'any', 'if', 'can']);

export function contentWords(text: string): Set<string> {
  return new Set(normalize(text).split(' ').filter((w) => w && !STOPWORDS.has(w)));
}

/** Jaccard similarity of the content words of two questions (0..1). */
export function wordingSimilarity(a: string, b: string): number {
  const wa = contentWords(a);
  const wb = contentWords(b);
  if (wa.size === 0 || wb.size === 0) return 0;
  let shared = 0;
  for (const w of wa) if (wb.has(w)) shared += 1;
  return shared / (wa.size + wb.size - shared);
}
