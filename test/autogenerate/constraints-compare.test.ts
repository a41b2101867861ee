/**
 * compare(model, database) for the issue-9 shapes as plain data: PostgreSQL extensions (created
 * first when missing, reversed by a drop, never dropped otherwise), deferrable uniques (a change
 * is a drop and an add), index methods (btree is no method) and exclusion constraints (by name and
 * expression as the server deparses it); SQLite has none of them.
 */
import { expect } from 'chai';
import { compare } from '../../src/autogenerate/compare';
import type { ExclusionDef, IndexDef, Op, UniqueDef } from '../../src/operations/ops';
import { reverse } from '../../src/operations/reverse';
import type { SchemaModel, SchemaTable } from '../../src/schema/model';

type Dialect = 'postgres' | 'sqlite';

function tbl(extra: Partial<SchemaTable> = {}): SchemaTable {
  return { name: 'bookings', columns: [{ name: 'id', type: 'int', nullable: false }, { name: 'room', type: 'int', nullable: false }], uniques: [], foreignKeys: [], checks: [], indexes: [], ...extra };
}

const model = (dialect: Dialect, table: SchemaTable, extensions?: string[]): SchemaModel => ({ dialect, tables: [table], enums: [], ...(extensions ? { extensions } : {}) });
const diff = (dialect: Dialect, m: SchemaModel, d: SchemaModel): Op[] => {
  const ops = compare(m, d, { dialect });
  // The downgrade can be built.
  ops.map(reverse);
  return ops;
};

const uq = (deferrable?: UniqueDef['deferrable']): UniqueDef => ({ kind: 'unique', name: 'UQ_room', columns: ['room'], ...(deferrable ? { deferrable } : {}) });
const ix = (using?: string): IndexDef => ({ name: 'IDX_room', columns: ['room'], unique: false, ...(using ? { using } : {}) });
const ex = (expression: string, name = 'EXC_room'): ExclusionDef => ({ kind: 'exclusion', name, expression });

describe('autogenerate compare: extensions, deferrable uniques, index methods, exclusions', () => {
  it('PostgreSQL: a missing extension is created first, its reverse drops it; an installed one or one no entity needs gets no op', () => {
    const ops = diff('postgres', model('postgres', tbl(), ['citext', 'hstore']), { dialect: 'postgres', tables: [], enums: [], extensions: ['hstore', 'pg_trgm'] });
    expect(ops[0]).to.deep.equal({ kind: 'createExtension', name: 'citext' });
    expect(ops.filter((o) => o.kind === 'createExtension' || o.kind === 'dropExtension')).to.have.length(1);
    expect(ops[1].kind).to.equal('createTable');
    expect(reverse(ops[0])).to.deep.equal({ kind: 'dropExtension', name: 'citext' });
    expect(diff('postgres', model('postgres', tbl(), ['citext']), model('postgres', tbl(), ['citext']))).to.deep.equal([]);
  });

  it('SQLite: extensions are not compared', () => {
    expect(diff('sqlite', model('sqlite', tbl(), ['citext']), model('sqlite', tbl()))).to.deep.equal([]);
  });

  it('a unique whose deferrability changes is dropped and added again; the same one is left alone', () => {
    const ops = diff('postgres', model('postgres', tbl({ uniques: [uq('INITIALLY DEFERRED')] })), model('postgres', tbl({ uniques: [uq()] })));
    expect(ops).to.deep.equal([
      { kind: 'dropConstraint', table: { name: 'bookings' }, name: 'UQ_room', type: 'unique', existing: uq() },
      { kind: 'addConstraint', table: { name: 'bookings' }, constraint: uq('INITIALLY DEFERRED') },
    ]);
    expect(diff('postgres', model('postgres', tbl({ uniques: [uq('INITIALLY IMMEDIATE')] })), model('postgres', tbl({ uniques: [uq('INITIALLY IMMEDIATE')] })))).to.deep.equal([]);
  });

  it('an index with another method is dropped and created again; btree is no method', () => {
    const ops = diff('postgres', model('postgres', tbl({ indexes: [ix('hash')] })), model('postgres', tbl({ indexes: [ix()] })));
    expect(ops).to.deep.equal([
      { kind: 'dropIndex', table: { name: 'bookings' }, name: 'IDX_room', existing: ix() },
      { kind: 'createIndex', table: { name: 'bookings' }, index: ix('hash') },
    ]);
    expect(diff('postgres', model('postgres', tbl({ indexes: [ix('btree')] })), model('postgres', tbl({ indexes: [ix()] })))).to.deep.equal([]);
    expect(diff('postgres', model('postgres', tbl({ indexes: [ix('gist')] })), model('postgres', tbl({ indexes: [ix('gist')] })))).to.deep.equal([]);
  });

  it('exclusion constraints: by name and expression, quotes and spacing as the server deparses them aside; changed, new and dropped ones', () => {
    const written = ex('USING gist ("room" WITH =, int4range("from","to") WITH &&)');
    const deparsed = ex('USING gist (room WITH =, int4range("from", "to") WITH &&)');
    expect(diff('postgres', model('postgres', tbl({ exclusions: [written] })), model('postgres', tbl({ exclusions: [deparsed] })))).to.deep.equal([]);
    const changed = ex('USING gist (int4range("from","to") WITH &&)');
    expect(diff('postgres', model('postgres', tbl({ exclusions: [changed] })), model('postgres', tbl({ exclusions: [deparsed] })))).to.deep.equal([
      { kind: 'dropConstraint', table: { name: 'bookings' }, name: 'EXC_room', type: 'exclusion', existing: deparsed },
      { kind: 'addConstraint', table: { name: 'bookings' }, constraint: changed },
    ]);
    const deferred: ExclusionDef = { ...written, deferrable: 'INITIALLY DEFERRED' };
    expect(diff('postgres', model('postgres', tbl({ exclusions: [deferred] })), model('postgres', tbl({ exclusions: [deparsed] }))).map((o) => o.kind)).to.deep.equal(['dropConstraint', 'addConstraint']);
    expect(diff('postgres', model('postgres', tbl()), model('postgres', tbl({ exclusions: [deparsed] }))).map((o) => o.kind)).to.deep.equal(['dropConstraint']);
    const created = diff('postgres', model('postgres', tbl({ exclusions: [written] })), { dialect: 'postgres', tables: [], enums: [] });
    expect(created).to.have.length(1);
    expect(created[0]).to.deep.include({ kind: 'createTable', constraints: [written] });
  });

  it('SQLite: exclusion constraints are not compared', () => {
    expect(diff('sqlite', model('sqlite', tbl({ exclusions: [ex('USING gist (room WITH =)')] })), model('sqlite', tbl()))).to.deep.equal([]);
  });
});
