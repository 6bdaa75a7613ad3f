import { beforeEach, describe, expect, it } from 'vitest';
import { MigrationChecksumError, migrate, type MigrationFile } from '../../../shared/data/migrate';
import { freshDatabase, type TestDatabase } from '../../support/db';

let t: TestDatabase;
beforeEach(async () => {
  t = await freshDatabase();
  // The template already holds the project's migrations; these tests use a table of their own.
  await t.db.execute('drop table schema_migrations');
});

const files: MigrationFile[] = [
  { name: '002_add_column.sql', sql: `alter table widgets add column colour text default 'red';` },
  {
    name: '001_widgets.sql',
    sql: `create table widgets (id int primary key);
          create function widget_count() returns bigint language sql as $$ select count(*) from widgets; $$;
          insert into widgets values (1);`,
  },
];

describe('migration runner', () => {
  it('applies pending files in name order, each once', async () => {
    expect((await migrate(t.db, files)).applied).toEqual(['001_widgets.sql', '002_add_column.sql']);
    expect(await t.db.one('select widget_count() as n, (select colour from widgets) as colour')).toEqual({ n: 1, colour: 'red' });
    expect((await migrate(t.db, files)).applied).toEqual([]);
  });

  it('refuses to go on when an applied file was edited, and applies nothing new', async () => {
    await migrate(t.db, files.slice(1));
    const edited = [{ ...files[1]!, sql: files[1]!.sql + '\ninsert into widgets values (2);' }, files[0]!];
    await expect(migrate(t.db, edited)).rejects.toBeInstanceOf(MigrationChecksumError);
    expect(await t.db.query(`select 1 from information_schema.columns where table_name = 'widgets' and column_name = 'colour'`)).toEqual([]);
  });

  it('rolls back a failing file whole and records nothing for it', async () => {
    const broken = [...files, { name: '003_broken.sql', sql: `create table gadgets (id int); insert into nowhere values (1);` }];
    await expect(migrate(t.db, broken)).rejects.toThrow(/relation "nowhere" does not exist/);
    expect(await t.db.query(`select name from schema_migrations order by name`)).toEqual([{ name: '001_widgets.sql' }, { name: '002_add_column.sql' }]);
    expect(await t.db.query(`select 1 from information_schema.tables where table_name = 'gadgets'`)).toEqual([]);
  });

  it('is safe when two runners start at once', async () => {
    const [a, b] = await Promise.all([migrate(t.db, files), migrate(t.db, files)]);
    expect([...a.applied, ...b.applied].sort()).toEqual(['001_widgets.sql', '002_add_column.sql']);
    expect(await t.db.one('select count(*) as n from widgets')).toEqual({ n: 1 });
  });
});
