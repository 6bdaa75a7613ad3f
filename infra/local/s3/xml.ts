/** The little XML the S3 REST protocol answers with: escaped text in nested elements. */
const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

/** An element: text content is escaped, an array holds child elements already made. */
export function xmlElement(name: string, content: string | number | boolean | string[], namespace?: string): string {
  const inner = Array.isArray(content) ? content.join('') : escapeXml(String(content));
  return `<${name}${namespace ? ` xmlns="${namespace}"` : ''}>${inner}</${name}>`;
}

export const xmlDocument = (root: string): string => `<?xml version="1.0" encoding="UTF-8"?>\n${root}`;

export const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';
