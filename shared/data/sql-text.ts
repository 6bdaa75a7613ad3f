/**
 * A small lexer for PostgreSQL text: enough to split a file into statements and to find the Data
 * API's named parameters (`:name`) while respecting quotes, comments, dollar quoting and `::` casts.
 */

export type Piece =
  | { kind: 'text'; text: string }
  | { kind: 'param'; name: string }
  | { kind: 'end' }; // a top-level semicolon

const identStart = /[A-Za-z_]/;
const identPart = /[A-Za-z0-9_]/;

export function lex(sql: string): Piece[] {
  const pieces: Piece[] = [];
  let text = '';
  let i = 0;
  const flush = () => {
    if (text) pieces.push({ kind: 'text', text });
    text = '';
  };
  while (i < sql.length) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (c === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end === -1 ? sql.length : end;
      text += sql.slice(i, stop);
      i = stop;
    } else if (c === '/' && next === '*') {
      let depth = 1;
      let j = i + 2;
      while (j < sql.length && depth > 0) {
        if (sql[j] === '/' && sql[j + 1] === '*') (depth++, (j += 2));
        else if (sql[j] === '*' && sql[j + 1] === '/') (depth--, (j += 2));
        else j++;
      }
      text += sql.slice(i, j);
      i = j;
    } else if (c === "'" || c === '"') {
      // E'...' strings allow backslash escapes; doubled quotes escape in all forms.
      const backslashes = c === "'" && /[eE]$/.test(sql.slice(Math.max(0, i - 1), i)) && !identPart.test(sql[i - 2] ?? ' ');
      let j = i + 1;
      while (j < sql.length) {
        if (backslashes && sql[j] === '\\') j += 2;
        else if (sql[j] === c && sql[j + 1] === c) j += 2;
        else if (sql[j] === c) break;
        else j++;
      }
      text += sql.slice(i, j + 1);
      i = j + 1;
    } else if (c === '$' && !identPart.test(sql[i - 1] ?? ' ')) {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i));
      if (tag) {
        const close = sql.indexOf(tag[0], i + tag[0].length);
        const stop = close === -1 ? sql.length : close + tag[0].length;
        text += sql.slice(i, stop);
        i = stop;
      } else {
        text += c;
        i++;
      }
    } else if (c === ':' && next === ':') {
      text += '::';
      i += 2;
    } else if (c === ':' && next !== undefined && identStart.test(next) && sql[i - 1] !== ':') {
      let j = i + 1;
      while (j < sql.length && identPart.test(sql[j]!)) j++;
      flush();
      pieces.push({ kind: 'param', name: sql.slice(i + 1, j) });
      i = j;
    } else if (c === ';') {
      flush();
      pieces.push({ kind: 'end' });
      i++;
    } else {
      text += c;
      i++;
    }
  }
  flush();
  return pieces;
}

function render(pieces: Piece[]): string {
  return pieces.map((p) => (p.kind === 'text' ? p.text : p.kind === 'param' ? `:${p.name}` : ';')).join('');
}

/** True when the text holds something other than white space and comments. */
function hasCode(pieces: Piece[]): boolean {
  const code = render(pieces)
    .replace(/--[^\n]*/g, '')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .trim();
  return code.length > 0;
}

/** Splits SQL text into its statements (without the trailing semicolons), dropping empty ones. */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let current: Piece[] = [];
  for (const piece of [...lex(sql), { kind: 'end' } as Piece]) {
    if (piece.kind !== 'end') {
      current.push(piece);
      continue;
    }
    if (hasCode(current)) statements.push(render(current).trim());
    current = [];
  }
  return statements;
}
