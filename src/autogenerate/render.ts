/**
 * Renders operations (../operations/ops.ts) as the TypeScript statements of a revision's
 * `upgrade(op)` / `downgrade(op)` body: calls of the `op` API (operations/api.ts) exactly as it
 * is typed, written the way a person would write them.
 *
 * - One renderer per op kind (`RENDERERS`); each gives a call, or nothing when the typed API
 *   cannot express the op exactly (an unnamed constraint added to an existing table, a batch
 *   holding an op that BatchOperations lacks, ...). Those ops are rendered as data:
 *   `await op.invoke({ kind: ..., ... })`, which runs the same op.
 * - Ops are normalized first (`normalizeOp`): what is the default is left out (`nullable: false`,
 *   `unique: false`, `recreate: 'auto'`, undefined options, empty params), so the code that is
 *   rendered gives back exactly `normalizeOp(op)` when it runs.
 * - A small layout engine keeps each call on one line when it fits the width (100), and
 *   otherwise breaks it the way Prettier would: the last object/array argument "hugged"
 *   (`op.createTable('users', [` ... `]);`), else one argument per line; objects and arrays one
 *   item per line with trailing commas. Lists of columns and of rows always take one line each
 *   when there are several.
 * - Raw SQL defaults are `sql('now()')` (and `sql` is listed in `imports`); SQL text with line
 *   breaks is a template literal. Strings are single-quoted unless double quotes need fewer
 *   escapes (`"'active'::text"`); keys are unquoted when they are identifiers.
 *
 * Deterministic: keys of known structures are written in a fixed order, data (rows, JSON
 * defaults, params) in its own order.
 */
import { typeWord } from '../dialects/normalize';
import { MigError } from '../errors';
import {
  columnType,
  isPortableSql,
  isSqlExpression,
  NOW_SQL,
  tableRef,
  type ColumnDef,
  type ColumnState,
  type ColumnType,
  type ConstraintDef,
  type IndexDef,
  type Op,
  type OpKind,
  type OpOf,
  type TableDef,
  type TableRef,
  type ViewDef,
} from '../operations/ops';

export interface RenderOptions {
  /** One level of indentation; statements are indented by one level. Default: two spaces. */
  indent?: string;
  /** The line width to keep to. Default: 100. */
  width?: number;
  /** Comment lines to put above the op of each index (the lint's findings), without `//`. */
  notes?: ReadonlyMap<number, readonly string[]>;
}

export interface RenderedOps {
  /** The statements, one level indented, joined by newlines (no trailing newline); '' for no ops. */
  code: string;
  /** Names the code uses from 'typeorm-mig' besides `op` (e.g. `sql`), sorted. */
  imports: string[];
}

export function renderOps(ops: Op[], options: RenderOptions = {}): RenderedOps {
  const unit = options.indent ?? '  ';
  const width = options.width ?? 100;
  const ctx: Ctx = { imports: new Set<string>(), inBatch: false };
  const layout = new Layout(unit, width);
  const lines = ops.map((op, i) => {
    const normal = normalizeOp(op);
    const note = postgresOnlyNote(normal);
    const notes = (options.notes?.get(i) ?? []).map((n) => `${unit}// ${n}\n`).join('');
    return `${notes}${note ? `${unit}// PostgreSQL only: ${note}\n` : ''}${layout.statement(renderOp(normal, ctx), unit)}`;
  });
  return { code: lines.join('\n'), imports: [...ctx.imports].sort() };
}

// ---------------------------------------------------------------------------------------------
// Normalization: the op as the rendered code recreates it.
// ---------------------------------------------------------------------------------------------

/**
 * The op without what is the default (`nullable: false`, `unique: false`, `array: false`,
 * `primary: false`, `concurrently: false`, undefined options, empty `params`, empty or null
 * names and comments where the API drops them), with table references in `tableRef` form and
 * only the keys ops.ts declares. Running the code `renderOps` gives for an op records exactly
 * `normalizeOp(op)`.
 */
export function normalizeOp(op: Op): Op {
  switch (op.kind) {
    case 'createTable':
      return {
        kind: 'createTable',
        table: tableRef(op.table),
        columns: op.columns.map(normColumn),
        constraints: (op.constraints ?? []).map(normConstraint),
        ...(op.indexes?.length ? { indexes: op.indexes.map(normIndex) } : {}),
        ...(op.comment !== undefined && op.comment !== null ? { comment: op.comment } : {}),
      };
    case 'dropTable':
      return { kind: 'dropTable', table: tableRef(op.table), ...(op.existing ? { existing: normTableDef(op.existing) } : {}) };
    case 'renameTable':
      return { kind: 'renameTable', table: tableRef(op.table), newName: op.newName };
    case 'addColumn':
      return { kind: 'addColumn', table: tableRef(op.table), column: normColumn(op.column) };
    case 'dropColumn':
      return { kind: 'dropColumn', table: tableRef(op.table), column: op.column, ...(op.existing ? { existing: normColumn(op.existing) } : {}) };
    case 'alterColumn':
      return {
        kind: 'alterColumn',
        table: tableRef(op.table),
        column: op.column,
        changes: normState(op.changes ?? {}),
        ...(op.using !== undefined ? { using: op.using } : {}),
        ...(op.backfill !== undefined ? { backfill: op.backfill } : {}),
        existing: normState(op.existing ?? {}),
      };
    case 'createIndex':
      return { kind: 'createIndex', table: tableRef(op.table), index: normIndex(op.index) };
    case 'dropIndex':
      return {
        kind: 'dropIndex',
        table: tableRef(op.table),
        name: op.name,
        ...(op.existing ? { existing: normIndex(op.existing) } : {}),
        ...(op.concurrently ? { concurrently: true } : {}),
      };
    case 'addConstraint':
      return { kind: 'addConstraint', table: tableRef(op.table), constraint: normConstraint(op.constraint) };
    case 'dropConstraint':
      return { kind: 'dropConstraint', table: tableRef(op.table), name: op.name, type: op.type, ...(op.existing ? { existing: normConstraint(op.existing) } : {}) };
    case 'createEnum':
      return { kind: 'createEnum', name: tableRef(op.name), values: [...op.values] };
    case 'dropEnum':
      return { kind: 'dropEnum', name: tableRef(op.name), ...(op.existing ? { existing: [...op.existing] } : {}) };
    case 'renameEnum':
      return { kind: 'renameEnum', name: tableRef(op.name), newName: op.newName };
    case 'alterEnum':
      return {
        kind: 'alterEnum',
        name: tableRef(op.name),
        values: [...op.values],
        existing: [...op.existing],
        columns: op.columns.map((c) => ({ table: tableRef(c.table), column: c.column, ...(c.array ? { array: true } : {}), ...(c.default !== undefined ? { default: c.default } : {}) })),
      };
    case 'addEnumValue':
      return {
        kind: 'addEnumValue',
        name: tableRef(op.name),
        value: op.value,
        ...(op.before !== undefined ? { before: op.before } : {}),
        ...(op.after !== undefined ? { after: op.after } : {}),
      };
    case 'setTableComment':
      return { kind: 'setTableComment', table: tableRef(op.table), comment: op.comment ?? null, ...(op.existing !== undefined ? { existing: op.existing } : {}) };
    case 'createView':
      return {
        kind: 'createView',
        view: tableRef(op.view),
        definition: op.definition.trim(),
        ...(op.materialized ? { materialized: true } : {}),
        ...(op.materialized && op.indexes?.length ? { indexes: op.indexes.map(normIndex) } : {}),
      };
    case 'dropView':
      return { kind: 'dropView', view: tableRef(op.view), ...(op.materialized || op.existing?.materialized ? { materialized: true } : {}), ...(op.existing ? { existing: normViewDef(op.existing) } : {}) };
    case 'createExtension':
    case 'dropExtension':
      return { kind: op.kind, name: op.name };
    case 'execute':
      return { kind: 'execute', sql: op.sql, ...(op.params?.length ? { params: op.params } : {}) };
    case 'bulkInsert':
      return { kind: 'bulkInsert', table: tableRef(op.table), rows: op.rows };
    case 'batch':
      return {
        kind: 'batch',
        table: tableRef(op.table),
        ops: op.ops.map(normalizeOp),
        recreate: op.recreate ?? 'auto',
        ...(op.copyFrom ? { copyFrom: normTableDef(op.copyFrom) } : {}),
      };
    default:
      // A kind this renderer does not know yet: rendered as data (`op.invoke`).
      return op;
  }
}

function unknownKind(op: unknown): MigError {
  return new MigError('render-unsupported', `Cannot render an operation of kind ${JSON.stringify((op as { kind?: unknown })?.kind)}`);
}

type Mutable = Record<string, unknown>;

/** The type as the file writes it: in an entity's words, read back to the same type by every dialect. */
function normType(t: ColumnType): ColumnType {
  const out: ColumnType = { type: typeWord(t.type) };
  copyDefined(t, out, ['length', 'precision', 'scale']);
  if (t.array) out.array = true;
  if (t.enum !== undefined) out.enum = [...t.enum];
  if (t.enumName !== undefined) out.enumName = t.enumName;
  return out;
}

function normColumn(c: ColumnDef): ColumnDef {
  const out = { name: c.name, ...normType(c) } as ColumnDef;
  if (c.primary) out.primary = true;
  if (c.generated !== undefined) out.generated = c.generated;
  if (c.generatedIdentity === 'ALWAYS') out.generatedIdentity = c.generatedIdentity;
  if (c.nullable) out.nullable = true;
  if (c.unique) out.unique = true;
  if (c.default !== undefined && c.default !== null) out.default = c.default;
  if (c.comment !== undefined && c.comment !== null) out.comment = c.comment;
  if (c.collation) out.collation = c.collation;
  if (c.onUpdate) out.onUpdate = c.onUpdate;
  if (c.asExpression !== undefined && c.asExpression !== null) {
    out.asExpression = c.asExpression;
    if (c.generatedType) out.generatedType = c.generatedType;
  }
  return out;
}

function normViewDef(d: ViewDef): ViewDef {
  return { definition: d.definition.trim(), ...(d.materialized ? { materialized: true } : {}), ...(d.materialized && d.indexes?.length ? { indexes: d.indexes.map(normIndex) } : {}) };
}

function normIndex(i: IndexDef): IndexDef {
  const out: IndexDef = { name: i.name, columns: [...i.columns] };
  if (i.unique) out.unique = true;
  if (i.where) out.where = i.where;
  if (i.concurrently) out.concurrently = true;
  if (i.using && i.using.toLowerCase() !== 'btree') out.using = i.using.toLowerCase();
  return out;
}

function normConstraint(c: ConstraintDef): ConstraintDef {
  const name = c.name ? { name: c.name } : {};
  switch (c.kind) {
    case 'primaryKey':
      return { kind: c.kind, ...name, columns: [...c.columns] };
    case 'unique':
      return { kind: c.kind, ...name, columns: [...c.columns], ...(c.deferrable ? { deferrable: c.deferrable } : {}) };
    case 'check':
      return { kind: 'check', ...name, expression: c.expression, ...(c.notValid ? { notValid: true } : {}) };
    case 'exclusion':
      return { kind: 'exclusion', ...name, expression: c.expression.trim(), ...(c.deferrable ? { deferrable: c.deferrable } : {}) };
    case 'foreignKey': {
      const out: ConstraintDef = { kind: 'foreignKey', ...name, columns: [...c.columns], referencedTable: tableRef(c.referencedTable), referencedColumns: [...c.referencedColumns] };
      copyDefined(c, out, ['onDelete', 'onUpdate', 'deferrable', 'notValid']);
      return out;
    }
    default:
      throw new MigError('render-unsupported', `Cannot render a constraint of kind ${JSON.stringify((c as { kind?: unknown }).kind)}`);
  }
}

function normTableDef(d: TableDef): TableDef {
  const out: TableDef = { columns: d.columns.map(normColumn) };
  if (d.constraints?.length) out.constraints = d.constraints.map(normConstraint);
  if (d.indexes?.length) out.indexes = d.indexes.map(normIndex);
  if (d.comment !== undefined && d.comment !== null) out.comment = d.comment;
  return out;
}

function normState(s: ColumnState & { newName?: string }): ColumnState & { newName?: string } {
  const out: ColumnState & { newName?: string } = {};
  if (s.type !== undefined) out.type = normType(s.type);
  if (s.nullable !== undefined) out.nullable = s.nullable;
  if (s.default !== undefined) out.default = s.default;
  if (s.comment !== undefined) out.comment = s.comment;
  if (s.collation !== undefined) out.collation = s.collation;
  if (s.onUpdate !== undefined) out.onUpdate = s.onUpdate;
  if (s.generated !== undefined) out.generated = s.generated;
  if (s.generatedIdentity !== undefined) out.generatedIdentity = s.generatedIdentity;
  if (s.asExpression !== undefined) out.asExpression = s.asExpression;
  if (s.asExpression && s.generatedType) out.generatedType = s.generatedType;
  if (s.newName !== undefined) out.newName = s.newName;
  return out;
}

function copyDefined(from: object, to: object, keys: string[]): void {
  for (const key of keys) {
    const value = (from as Mutable)[key];
    if (value !== undefined) (to as Mutable)[key] = value;
  }
}

// ---------------------------------------------------------------------------------------------
// Documents: what the layout engine formats.
// ---------------------------------------------------------------------------------------------

type Doc =
  | { t: 'atom'; text: string }
  | { t: 'array'; items: Doc[]; breakAlways?: boolean }
  | { t: 'object'; props: Prop[] }
  | { t: 'call'; callee: string; args: Doc[] }
  | { t: 'arrow'; param: string; body: Doc[] };

interface Prop {
  key: string;
  value: Doc;
  /** A placeholder for the reader to fill in: written commented out, below this note. */
  placeholder?: string;
}

const atom = (text: string): Doc => ({ t: 'atom', text });
const call = (callee: string, ...args: Doc[]): Doc => ({ t: 'call', callee, args });
/** An array; `breakAlways`: one item per line whenever there are several (columns, rows). */
const array = (items: Doc[], breakAlways = false): Doc => ({ t: 'array', items, breakAlways: breakAlways && items.length > 1 });
const str = (value: string): Doc => atom(quote(value));
const strings = (values: string[]): Doc => array(values.map(str));

/** An object literal of the entries whose value is not undefined, in the order given. */
function obj(entries: [string, Doc | undefined][]): Doc {
  return { t: 'object', props: entries.filter((e): e is [string, Doc] => e[1] !== undefined).map(([key, value]) => ({ key, value })) };
}

const isEmptyObject = (d: Doc) => d.t === 'object' && !d.props.length;

class Layout {
  constructor(
    private readonly unit: string,
    private readonly width: number,
  ) {}

  statement(doc: Doc, indent: string): string {
    return indent + this.format(doc, indent, indent.length, 1) + ';';
  }

  /** One line, or null when the document must break (an arrow function, a forced list). */
  flat(doc: Doc): string | null {
    switch (doc.t) {
      case 'atom':
        return doc.text;
      case 'array': {
        if (doc.breakAlways) return null;
        const items = this.flatAll(doc.items);
        return items && `[${items.join(', ')}]`;
      }
      case 'object': {
        if (!doc.props.length) return '{}';
        if (doc.props.some((p) => p.placeholder !== undefined)) return null;
        const values = this.flatAll(doc.props.map((p) => p.value));
        return values && `{ ${doc.props.map((p, i) => `${propKey(p.key)}: ${values[i]}`).join(', ')} }`;
      }
      case 'call': {
        const args = this.flatAll(doc.args);
        return args && `${doc.callee}(${args.join(', ')})`;
      }
      case 'arrow':
        return null;
    }
  }

  private flatAll(docs: Doc[]): string[] | null {
    const out: string[] = [];
    for (const d of docs) {
      const f = this.flat(d);
      if (f === null) return null;
      out.push(f);
    }
    return out;
  }

  /** Whether `text` fits when it starts at column `col` and `tail` characters follow it. */
  private fits(text: string, col: number, tail: number): boolean {
    const lines = text.split('\n');
    if (lines.length === 1) return col + text.length + tail <= this.width;
    return col + lines[0].length <= this.width && lines[lines.length - 1].length + tail <= this.width;
  }

  /**
   * `doc` laid out starting at column `col` of a line indented by `indent`, with `tail`
   * characters to follow on its last line.
   */
  format(doc: Doc, indent: string, col: number, tail: number): string {
    if (doc.t === 'atom') return doc.text;
    const f = this.flat(doc);
    if (f !== null && this.fits(f, col, tail)) return f;
    const inner = indent + this.unit;
    switch (doc.t) {
      case 'array':
        if (!doc.items.length) return '[]';
        return `[\n${doc.items.map((item) => `${inner}${this.format(item, inner, inner.length, 1)},`).join('\n')}\n${indent}]`;
      case 'object':
        if (!doc.props.length) return '{}';
        return `{\n${doc.props
          .map((p) => {
            const key = `${propKey(p.key)}: `;
            if (p.placeholder !== undefined) return `${inner}// ${p.placeholder}\n${inner}// ${key}${this.flat(p.value) ?? '...'},`;
            return `${inner}${key}${this.format(p.value, inner, inner.length + key.length, 1)},`;
          })
          .join('\n')}\n${indent}}`;
      case 'arrow':
        return `${doc.param} => {\n${doc.body.map((s) => this.statement(s, inner)).join('\n')}\n${indent}}`;
      case 'call': {
        if (!doc.args.length) return `${doc.callee}()`;
        const hugged = this.hug(doc, indent, col, tail);
        if (hugged !== null) return hugged;
        return `${doc.callee}(\n${doc.args.map((a) => `${inner}${this.format(a, inner, inner.length, 1)},`).join('\n')}\n${indent})`;
      }
    }
  }

  /**
   * A call with its last argument (an object, array or function) or its function arguments
   * opened on the call's own line — `op.createTable('users', [` — the other arguments flat.
   * Null when that does not suit: no such argument, or the flat arguments do not fit.
   */
  private hug(doc: Extract<Doc, { t: 'call' }>, indent: string, col: number, tail: number): string | null {
    const last = doc.args[doc.args.length - 1];
    const hasArrow = doc.args.some((a) => a.t === 'arrow');
    if (!hasArrow && !((last.t === 'object' || last.t === 'array') && !isEmptyList(last))) return null;
    let text = `${doc.callee}(`;
    let column = col + text.length;
    for (let i = 0; i < doc.args.length; i++) {
      const arg = doc.args[i];
      const isLast = i === doc.args.length - 1;
      if (i > 0) {
        text += ', ';
        column += 2;
      }
      let piece: string;
      if (arg.t === 'arrow') {
        piece = this.format(arg, indent, column, isLast ? tail + 1 : 1);
      } else if (isLast) {
        const open = arg.t === 'object' || arg.t === 'array' ? 1 : 0;
        if (!this.fits(' '.repeat(open), column, 0)) return null;
        piece = this.format(arg, indent, column, tail + 1);
      } else {
        const f = this.flat(arg);
        if (f === null || !this.fits(f, column, 1)) return null;
        piece = f;
      }
      text += piece;
      const nl = piece.lastIndexOf('\n');
      column = nl < 0 ? column + piece.length : piece.length - nl - 1;
    }
    return `${text})`;
  }
}

function isEmptyList(d: Doc): boolean {
  return (d.t === 'object' && !d.props.length) || (d.t === 'array' && !d.items.length);
}

// ---------------------------------------------------------------------------------------------
// Literals
// ---------------------------------------------------------------------------------------------

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function propKey(key: string): string {
  if (key === '__proto__') return `['__proto__']`;
  return IDENTIFIER.test(key) ? key : quote(key);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function hex4(ch: string): string {
  return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

const ESCAPED_IN_SINGLE = /[\\'\u0000-\u001f\u007f\u2028\u2029]/g;
const ESCAPED_IN_DOUBLE = /[\\"\u0000-\u001f\u007f\u2028\u2029]/g;

/**
 * A string literal: single-quoted, or double-quoted when that needs fewer escapes (SQL text
 * such as `"'active'::text"`), as Prettier chooses with `singleQuote`.
 */
function quote(value: string): string {
  const q = count(value, "'") > count(value, '"') ? '"' : "'";
  const body = value
    .replace(q === "'" ? ESCAPED_IN_SINGLE : ESCAPED_IN_DOUBLE, (ch) => {
      switch (ch) {
        case '\\':
          return '\\\\';
        case "'":
        case '"':
          return `\\${ch}`;
        case '\n':
          return '\\n';
        case '\r':
          return '\\r';
        case '\t':
          return '\\t';
        case '\b':
          return '\\b';
        case '\f':
          return '\\f';
        case '\v':
          return '\\v';
        default:
          return hex4(ch);
      }
    })
    .replace(LONE_SURROGATE, hex4);
  return `${q}${body}${q}`;
}

function count(text: string, ch: string): number {
  let n = 0;
  for (const c of text) if (c === ch) n++;
  return n;
}

/** A template literal (for SQL over several lines): its lines as they are. */
function template(value: string): string {
  const body = value
    .replace(/\\|`|\$\{|\r|[\u0000-\u0008\u000b-\u001f\u007f]/g, (ch) => {
      if (ch === '\\' || ch === '`') return `\\${ch}`;
      if (ch === '${') return '\\${';
      if (ch === '\r') return '\\r';
      return hex4(ch);
    })
    .replace(LONE_SURROGATE, hex4);
  return `\`${body}\``;
}

/** SQL text: a string, or a template literal when it has line breaks. */
const sqlText = (value: string): Doc => atom(value.includes('\n') ? template(value) : quote(value));

function numberText(n: number): string {
  return Object.is(n, -0) ? '-0' : String(n);
}

/** Any JSON-like value (rows, params, JSON defaults) as a literal; Date and Buffer as well. */
function value(v: unknown, seen: Set<unknown> = new Set()): Doc {
  if (v === undefined) return atom('undefined');
  if (v === null) return atom('null');
  switch (typeof v) {
    case 'string':
      return str(v);
    case 'number':
      return atom(numberText(v));
    case 'boolean':
      return atom(String(v));
    case 'bigint':
      return atom(`${v}n`);
    case 'object':
      break;
    default:
      throw new MigError('render-unsupported', `Cannot render a ${typeof v} as code`);
  }
  if (seen.has(v)) throw new MigError('render-unsupported', 'Cannot render a value that contains itself');
  if (v instanceof Date) return atom(Number.isNaN(v.getTime()) ? 'new Date(NaN)' : `new Date(${quote(v.toISOString())})`);
  if (Buffer.isBuffer(v)) return atom(`Buffer.from(${quote(v.toString('base64'))}, 'base64')`);
  const inner = new Set(seen).add(v);
  if (Array.isArray(v)) return array(Array.from(v, (item) => value(item, inner)));
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) {
    throw new MigError('render-unsupported', `Cannot render an instance of ${(v as object).constructor?.name ?? 'a class'} as code`);
  }
  return obj(Object.entries(v as Mutable).map(([k, item]) => [k, value(item, inner)]));
}

// ---------------------------------------------------------------------------------------------
// Parts of ops
// ---------------------------------------------------------------------------------------------

interface Ctx {
  imports: Set<string>;
  /** Rendering the callback of op.batchAlterTable: `batch.x(...)`, table implied. */
  inBatch: boolean;
}

/** `'users'` or `{ schema: 'app', name: 'users' }`. */
function table(t: TableRef): Doc {
  return t.schema ? obj([['schema', str(t.schema)], ['name', str(t.name)]]) : str(t.name);
}

/** A default: `sql('now()')` for raw SQL (imported), null, or the value. */
function defaultValue(v: unknown, ctx: Ctx): Doc {
  if (isSqlExpression(v)) {
    ctx.imports.add('sql');
    return call('sql', sqlText(v.sql));
  }
  if (isPortableSql(v)) {
    if (v.sql.postgres === NOW_SQL.postgres && v.sql.sqlite === NOW_SQL.sqlite) {
      ctx.imports.add('now');
      return atom('now()');
    }
    ctx.imports.add('sql');
    return call('sql', obj(Object.entries(v.sql).map(([d, text]) => [d, sqlText(text)])));
  }
  return value(v);
}

const bool = (v: boolean | undefined): Doc | undefined => (v === undefined ? undefined : atom(String(v)));
const num = (v: number | undefined): Doc | undefined => (v === undefined ? undefined : atom(numberText(v)));
const opt = (v: string | undefined): Doc | undefined => (v === undefined ? undefined : str(v));
const nullable = (v: string | null | undefined): Doc | undefined => (v === undefined ? undefined : v === null ? atom('null') : str(v));

/** The text form of a type that `columnType()` reads back exactly, e.g. `'varchar(200)'`. */
function typeString(t: ColumnType): string | null {
  if (t.enum !== undefined || t.enumName !== undefined) return null;
  let text = t.type;
  if (t.length !== undefined) {
    if (t.precision !== undefined || t.scale !== undefined) return null;
    text += `(${t.length})`;
  } else if (t.precision !== undefined) {
    text += t.scale !== undefined ? `(${t.precision},${t.scale})` : `(${t.precision})`;
  } else if (t.scale !== undefined) return null;
  if (t.array) text += '[]';
  const back = columnType(text);
  const same = back.type === t.type && back.length === t.length && back.precision === t.precision && back.scale === t.scale && !!back.array === !!t.array;
  return same ? text : null;
}

/** A type for alterColumn: `'varchar(200)'` when that reads back exactly, else `{ type, ... }`. */
function typeArg(t: ColumnType): Doc {
  const text = typeString(t);
  if (text !== null) return str(text);
  return obj([
    ['type', str(t.type)],
    ['length', num(t.length)],
    ['precision', num(t.precision)],
    ['scale', num(t.scale)],
    ['array', bool(t.array)],
    ['enum', t.enum && strings(t.enum)],
    ['enumName', opt(t.enumName)],
  ]);
}

/** Whether the API's column parsing (`'varchar(200)'` -> length 200) leaves this type name as it is. */
function plainTypeName(c: ColumnDef): boolean {
  if (typeof c.type !== 'string' || !c.type.trim() || typeof c.name !== 'string' || !c.name) return false;
  const back = columnType(c.type);
  return back.type === c.type && back.length === undefined && back.precision === undefined && back.scale === undefined && back.array === undefined;
}

function column(c: ColumnDef, ctx: Ctx): Doc {
  return obj([
    ['name', str(c.name)],
    ['type', str(c.type)],
    ['length', num(c.length)],
    ['precision', num(c.precision)],
    ['scale', num(c.scale)],
    ['array', bool(c.array)],
    ['enum', c.enum && strings(c.enum)],
    ['enumName', opt(c.enumName)],
    ['primary', bool(c.primary)],
    ['generated', opt(c.generated)],
    ['generatedIdentity', opt(c.generatedIdentity)],
    ['nullable', bool(c.nullable)],
    ['unique', bool(c.unique)],
    ['default', c.default === undefined ? undefined : defaultValue(c.default, ctx)],
    ['comment', opt(c.comment)],
    ['collation', opt(c.collation)],
    ['onUpdate', opt(c.onUpdate)],
    ['asExpression', c.asExpression === undefined ? undefined : sqlText(c.asExpression)],
    ['generatedType', opt(c.generatedType)],
  ]);
}

const columns = (list: ColumnDef[], ctx: Ctx): Doc => array(list.map((c) => column(c, ctx)), true);

function index(i: IndexDef): Doc {
  return obj([
    ['name', str(i.name)],
    ['columns', strings(i.columns)],
    ['unique', bool(i.unique)],
    ['where', i.where === undefined ? undefined : sqlText(i.where)],
    ['concurrently', bool(i.concurrently)],
    ['using', opt(i.using)],
  ]);
}

const nameOption = (name: string | undefined): Doc[] => (name ? [obj([['name', str(name)]])] : []);
/** `{ name, deferrable }` as the last argument of op.unique / op.exclusion, left out when empty. */
const nameAndDeferrable = (c: { name?: string; deferrable?: string }): Doc[] => {
  const o = obj([
    ['name', opt(c.name)],
    ['deferrable', opt(c.deferrable)],
  ]);
  return isEmptyObject(o) ? [] : [o];
};

/** A constraint definition: `op.primaryKey(['id'])`, `op.foreignKey(...)`, ... or its data. */
function constraint(c: ConstraintDef): Doc {
  switch (c.kind) {
    case 'primaryKey':
      if (c.columns.length) return call(`op.${c.kind}`, strings(c.columns), ...nameOption(c.name));
      break;
    case 'unique':
      if (c.columns.length) return call('op.unique', strings(c.columns), ...nameAndDeferrable(c));
      break;
    case 'check':
      return call('op.check', sqlText(c.expression), ...(c.notValid ? [obj([['name', opt(c.name)], ['notValid', bool(true)]])] : nameOption(c.name)));
    case 'exclusion':
      return call('op.exclusion', sqlText(c.expression), ...nameAndDeferrable(c));
    case 'foreignKey':
      if (c.columns.length && c.columns.length === c.referencedColumns.length) {
        const options = obj([['name', opt(c.name)], ...foreignKeyOptions(c)]);
        return call('op.foreignKey', strings(c.columns), table(c.referencedTable), strings(c.referencedColumns), ...(isEmptyObject(options) ? [] : [options]));
      }
      break;
  }
  return value(c);
}

function foreignKeyOptions(c: Extract<ConstraintDef, { kind: 'foreignKey' }>): [string, Doc | undefined][] {
  return [
    ['onDelete', opt(c.onDelete)],
    ['onUpdate', opt(c.onUpdate)],
    ['deferrable', opt(c.deferrable)],
    ['notValid', c.notValid ? bool(true) : undefined],
  ];
}

function tableDef(d: TableDef, ctx: Ctx): Doc {
  return obj([
    ['columns', columns(d.columns, ctx)],
    ['constraints', d.constraints && array(d.constraints.map(constraint))],
    ['indexes', d.indexes && array(d.indexes.map(index))],
    ['comment', opt(d.comment)],
  ]);
}

// ---------------------------------------------------------------------------------------------
// One renderer per op kind
// ---------------------------------------------------------------------------------------------

/** Stands for the op's table: the argument of `op.x(...)`, left out of `batch.x(...)`. */
const TABLE = Symbol('table');
type Arg = Doc | typeof TABLE;

/** A call of the op API, or null when the typed API cannot express the op exactly. */
interface Call {
  method: string;
  args: Arg[];
}

type Renderer<K extends OpKind> = (op: OpOf<K>, ctx: Ctx) => Call | null;

/** Options object as the last argument, left out when empty. */
const options = (entries: [string, Doc | undefined][]): Arg[] => {
  const o = obj(entries);
  return isEmptyObject(o) ? [] : [o];
};

const RENDERERS: { [K in OpKind]: Renderer<K> } = {
  createTable: (op, ctx) => {
    // op.createTable(table, columns, ...constraints) has no place for indexes or a comment.
    if (op.indexes?.length || op.comment !== undefined) return null;
    if (!op.columns.length || !op.columns.every(plainTypeName)) return null;
    return { method: 'createTable', args: [TABLE, columns(op.columns, ctx), ...op.constraints.map(constraint)] };
  },
  dropTable: (op, ctx) => ({ method: 'dropTable', args: [TABLE, ...options([['existing', op.existing && tableDef(op.existing, ctx)]])] }),
  renameTable: (op) => (op.newName ? { method: 'renameTable', args: [TABLE, str(op.newName)] } : null),
  addColumn: (op, ctx) => (plainTypeName(op.column) ? { method: 'addColumn', args: [TABLE, column(op.column, ctx)] } : null),
  dropColumn: (op, ctx) => {
    if (!op.column || (op.existing && !plainTypeName(op.existing))) return null;
    return { method: 'dropColumn', args: [TABLE, str(op.column), ...options([['existing', op.existing && column(op.existing, ctx)]])] };
  },
  alterColumn: (op, ctx) => {
    const { changes: c, existing: e } = op;
    if (!op.column || !Object.keys(c).length || c.newName === '') return null;
    const o = obj([
      ['type', c.type && typeArg(c.type)],
      ['using', op.using === undefined ? undefined : sqlText(op.using)],
      ['nullable', bool(c.nullable)],
      ['backfill', op.backfill === undefined ? undefined : defaultValue(op.backfill, ctx)],
      ['default', c.default === undefined ? undefined : defaultValue(c.default, ctx)],
      ['comment', nullable(c.comment)],
      ['collation', nullable(c.collation)],
      ['onUpdate', nullable(c.onUpdate)],
      ['generated', nullable(c.generated)],
      ['generatedIdentity', nullable(c.generatedIdentity)],
      ['asExpression', c.asExpression === undefined ? undefined : c.asExpression === null ? atom('null') : sqlText(c.asExpression)],
      ['generatedType', opt(c.generatedType ?? undefined)],
      ['newColumnName', opt(c.newName)],
      ['existingType', e.type && typeArg(e.type)],
      ['existingNullable', bool(e.nullable)],
      ['existingDefault', e.default === undefined ? undefined : defaultValue(e.default, ctx)],
      ['existingComment', nullable(e.comment)],
      ['existingCollation', nullable(e.collation)],
      ['existingOnUpdate', nullable(e.onUpdate)],
      ['existingGenerated', nullable(e.generated)],
      ['existingGeneratedIdentity', nullable(e.generatedIdentity)],
      ['existingAsExpression', e.asExpression === undefined ? undefined : e.asExpression === null ? atom('null') : sqlText(e.asExpression)],
      ['existingGeneratedType', opt(e.generatedType ?? undefined)],
    ]);
    if (c.nullable === false && e.nullable !== false && op.backfill === undefined && o.t === 'object') {
      const at = o.props.findIndex((p) => p.key === 'nullable') + 1;
      o.props.splice(at, 0, {
        key: 'backfill',
        value: atom("sql('...')"),
        placeholder: `if ${op.table.name} has rows where ${op.column} is NULL, give them a value (autogenerate cannot tell):`,
      });
    }
    return { method: 'alterColumn', args: [TABLE, str(op.column), o] };
  },
  createIndex: (op) => {
    const i = op.index;
    if (!i.name || !i.columns.length || i.columns.some((c) => typeof c !== 'string' || !c)) return null;
    const o = options([
      ['unique', bool(i.unique)],
      ['where', i.where === undefined ? undefined : sqlText(i.where)],
      ['concurrently', bool(i.concurrently)],
      ['using', opt(i.using)],
    ]);
    return { method: 'createIndex', args: [str(i.name), TABLE, strings(i.columns), ...o] };
  },
  dropIndex: (op, ctx) => {
    if (!op.name || (ctx.inBatch && op.concurrently)) return null;
    const o = options([
      ['existing', op.existing && index(op.existing)],
      ['concurrently', ctx.inBatch ? undefined : bool(op.concurrently)],
    ]);
    // `op.dropIndex(name, table?, options)`: no table given, the table is left out (or undefined).
    const noTable = !ctx.inBatch && !op.table.name && !op.table.schema;
    const tableArg: Arg[] = noTable ? (o.length ? [atom('undefined')] : []) : [TABLE];
    return { method: 'dropIndex', args: [str(op.name), ...tableArg, ...o] };
  },
  renameIndex: (op) => ({ method: 'renameIndex', args: [TABLE, str(op.name), str(op.newName)] }),
  renameConstraint: (op) => ({ method: 'renameConstraint', args: [TABLE, str(op.name), str(op.newName), str(op.type)] }),
  addConstraint: (op) => {
    const c = op.constraint;
    // The op API adds only named constraints to an existing table.
    if (!c.name) return null;
    switch (c.kind) {
      case 'unique':
        return c.columns.length ? { method: 'createUniqueConstraint', args: [str(c.name), TABLE, strings(c.columns), ...options([['deferrable', opt(c.deferrable)]])] } : null;
      case 'exclusion':
        return { method: 'createExclusionConstraint', args: [str(c.name), TABLE, sqlText(c.expression), ...options([['deferrable', opt(c.deferrable)]])] };
      case 'primaryKey':
        return c.columns.length ? { method: 'createPrimaryKey', args: [str(c.name), TABLE, strings(c.columns)] } : null;
      case 'check':
        return { method: 'createCheckConstraint', args: [str(c.name), TABLE, sqlText(c.expression), ...options([['notValid', c.notValid ? bool(true) : undefined]])] };
      case 'foreignKey':
        if (!c.columns.length || c.columns.length !== c.referencedColumns.length) return null;
        return {
          method: 'createForeignKey',
          args: [str(c.name), TABLE, table(c.referencedTable), strings(c.columns), strings(c.referencedColumns), ...options(foreignKeyOptions(c))],
        };
    }
  },
  dropConstraint: (op) => {
    if (!op.name) return null;
    return { method: 'dropConstraint', args: [str(op.name), TABLE, str(op.type), ...options([['existing', op.existing && constraint(op.existing)]])] };
  },
  createEnum: (op) => ({ method: 'createEnum', args: [table(op.name), strings(op.values)] }),
  dropEnum: (op) => ({ method: 'dropEnum', args: [table(op.name), ...options([['existing', op.existing && strings(op.existing)]])] }),
  renameEnum: (op) => ({ method: 'renameEnum', args: [table(op.name), str(op.newName)] }),
  alterEnum: (op, ctx) => ({
    method: 'alterEnum',
    args: [
      table(op.name),
      strings(op.values),
      obj([
        ['existing', strings(op.existing)],
        [
          'columns',
          op.columns.length
            ? array(
                op.columns.map((c) =>
                  obj([
                    ['table', table(c.table)],
                    ['column', str(c.column)],
                    ['array', c.array ? atom('true') : undefined],
                    ['default', c.default !== undefined ? defaultValue(c.default, ctx) : undefined],
                  ]),
                ),
                true,
              )
            : undefined,
        ],
      ]),
    ],
  }),
  addEnumValue: (op) => ({
    method: 'addEnumValue',
    args: [
      table(op.name),
      str(op.value),
      ...options([
        ['before', opt(op.before)],
        ['after', opt(op.after)],
      ]),
    ],
  }),
  setTableComment: (op) => ({ method: 'setTableComment', args: [TABLE, nullable(op.comment)!, ...options([['existing', nullable(op.existing)]])] }),
  createView: (op) => {
    if (!op.view.name || !op.definition) return null;
    const o = options([
      ['materialized', op.materialized ? atom('true') : undefined],
      ['indexes', op.indexes?.length ? array(op.indexes.map(index), true) : undefined],
    ]);
    return { method: 'createView', args: [table(op.view), sqlText(op.definition), ...o] };
  },
  dropView: (op) => {
    if (!op.view.name) return null;
    const e = op.existing;
    const existing =
      e &&
      obj([
        ['definition', sqlText(e.definition)],
        ['materialized', e.materialized ? atom('true') : undefined],
        ['indexes', e.indexes?.length ? array(e.indexes.map(index), true) : undefined],
      ]);
    return { method: 'dropView', args: [table(op.view), ...options([['materialized', op.materialized ? atom('true') : undefined], ['existing', existing]])] };
  },
  createExtension: (op) => (op.name ? { method: 'createExtension', args: [str(op.name)] } : null),
  dropExtension: (op) => (op.name ? { method: 'dropExtension', args: [str(op.name)] } : null),
  execute: (op) => ({ method: 'execute', args: [sqlText(op.sql), ...(op.params ? [value(op.params)] : [])] }),
  bulkInsert: (op) => ({ method: 'bulkInsert', args: [TABLE, array(op.rows.map((r) => value(r)), true)] }),
  batch: (op, ctx) => {
    // What BatchOperations has: column, index and constraint changes of its own table.
    const inBatch = new Set<OpKind>(['addColumn', 'dropColumn', 'alterColumn', 'createIndex', 'dropIndex', 'addConstraint', 'dropConstraint']);
    if (!op.ops.length || op.copyFrom?.comment !== undefined) return null;
    if (op.copyFrom && !op.copyFrom.columns.every(plainTypeName)) return null;
    const inner: Ctx = { imports: ctx.imports, inBatch: true };
    const body: Doc[] = [];
    for (const o of op.ops) {
      if (!inBatch.has(o.kind) || !('table' in o) || !sameTable(o.table, op.table)) return null;
      const c = renderCall(o, inner);
      if (!c) return null;
      body.push(c);
    }
    const o = options([
      ['recreate', op.recreate === 'auto' ? undefined : str(op.recreate)],
      ['copyFrom', op.copyFrom && tableDef(op.copyFrom, ctx)],
    ]);
    return { method: 'batchAlterTable', args: [TABLE, { t: 'arrow', param: '(batch)', body }, ...o] };
  },
};

/**
 * What an op does only on PostgreSQL (SQLite skips it or leaves the part out), said in a comment
 * above its line, so that a reader of a revision run on both knows: an extension, an enum type
 * (SQLite holds the values in the column's CHECK), an exclusion constraint, an index method, a
 * deferrable unique, a table comment.
 */
function postgresOnlyNote(op: Op): string | undefined {
  const constraintNote = (c: ConstraintDef | undefined) =>
    c?.kind === 'exclusion' ? 'exclusion constraint' : c?.kind === 'unique' && c.deferrable ? 'deferrable unique' : undefined;
  const indexNote = (i: IndexDef | undefined) => (i?.using ? `index method ${i.using}` : undefined);
  switch (op.kind) {
    case 'createExtension':
    case 'dropExtension':
      return 'extension';
    case 'createEnum':
    case 'dropEnum':
    case 'renameEnum':
    case 'alterEnum':
      return "enum type (SQLite checks the column's values)";
    case 'setTableComment':
      return 'table comment';
    case 'createIndex':
      return indexNote(op.index);
    case 'dropIndex':
      return indexNote(op.existing);
    case 'addConstraint':
      return constraintNote(op.constraint);
    case 'dropConstraint':
      return constraintNote(op.existing) ?? (op.type === 'exclusion' ? 'exclusion constraint' : undefined);
    case 'createTable': {
      const notes = [...new Set([...op.constraints.map(constraintNote), ...(op.indexes ?? []).map(indexNote)].filter((n): n is string => !!n))];
      return notes.length ? notes.join(', ') : undefined;
    }
    case 'batch': {
      const notes = [...new Set(op.ops.map(postgresOnlyNote).filter((n): n is string => !!n))];
      return notes.length ? notes.join(', ') : undefined;
    }
    default:
      return undefined;
  }
}

function sameTable(a: TableRef, b: TableRef): boolean {
  return a.name === b.name && (a.schema ?? '') === (b.schema ?? '');
}

/** The op as a call (`op.x(...)`, or `batch.x(...)` in a batch), or null. */
function renderCall(op: Op, ctx: Ctx): Doc | null {
  const renderer = Object.hasOwn(RENDERERS, op.kind) ? (RENDERERS as Record<string, Renderer<OpKind>>)[op.kind] : undefined;
  if (!renderer) {
    if (typeof op.kind !== 'string') throw unknownKind(op);
    return null;
  }
  const local: Ctx = { imports: new Set(), inBatch: ctx.inBatch };
  const c = renderer(op as never, local);
  if (!c) return null;
  for (const name of local.imports) ctx.imports.add(name);
  const t = 'table' in op ? table(op.table) : undefined;
  const args = c.args.filter((a) => !(a === TABLE && ctx.inBatch)).map((a) => (a === TABLE ? t! : a));
  return call(ctx.inBatch ? `batch.${c.method}` : `await op.${c.method}`, ...args);
}

/** A statement for an op: its call, or `await op.invoke({ ...op })` for what the API cannot say. */
function renderOp(op: Op, ctx: Ctx): Doc {
  return renderCall(op, ctx) ?? call('await op.invoke', value(op));
}
