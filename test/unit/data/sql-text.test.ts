import { describe, expect, it } from 'vitest';
import { lex, splitStatements } from '../../../shared/data/sql-text';

const params = (sql: string) => lex(sql).flatMap((p) => (p.kind === 'param' ? [p.name] : []));

describe('splitStatements', () => {
  it('splits at top-level semicolons only', () => {
    const sql = `
      -- a comment; with a semicolon
      create table a (x text default 'a;b');
      /* block; /* nested; */ still comment */
      create function f() returns int language plpgsql as $body$ begin return 1; end $body$;
      select "odd;name" from a;;
    `;
    const statements = splitStatements(sql);
    expect(statements).toHaveLength(3);
    expect(statements[0]).toMatch(/^-- a comment; with a semicolon\s+create table a/);
    expect(statements[1]).toContain('$body$ begin return 1; end $body$');
    expect(statements[2]).toContain('"odd;name"');
  });

  it('drops statements that are only comments or blanks', () => {
    expect(splitStatements('-- nothing\n;\n  ;/* x */')).toEqual([]);
  });

  it("keeps E'' strings with escaped quotes together", () => {
    expect(splitStatements(`select E'it\\'s; fine'; select 2`)).toHaveLength(2);
  });
});

describe('named parameters', () => {
  it('finds :name but not casts, strings, comments or dollar quotes', () => {
    const sql = `select :a::int, cast(:b as jsonb), ':c', $$ :d $$, "e:f" -- :g
      from t where x = :a and y = any(cast(:list as bigint[])) and z[1:2] = 'q'`;
    expect(params(sql)).toEqual(['a', 'b', 'a', 'list']);
  });
});
