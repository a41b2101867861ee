/**
 * The destructive-change lint: rules over a revision's upgrade ops (ops are data, so nothing
 * here reads a file or a database). Each rule has an id, a default severity, the databases it
 * applies to, a one-line reason and fix, and the linter it was learned from.
 *
 * "An existing table" means one this revision did not create: what lint cannot know is whether
 * that table holds rows, so rules that only fail on rows say "may".
 */
import { renameCompatible, typeChange } from '../dialects/normalize';
import type { DialectName } from '../dialects/types';
import { tableText, type ColumnDef, type ColumnType, type Op, type TableRef } from '../operations/ops';

export type Severity = 'error' | 'warning';

export interface LintRule {
  id: string;
  severity: Severity;
  /** Databases it applies to (all when absent). */
  dialects?: DialectName[];
  reason: string;
  fix: string;
  /** The linters the rule follows. */
  source: string;
}

export interface Finding {
  rule: string;
  severity: Severity;
  /** What the op does, e.g. `drop column users.name`. */
  subject: string;
  reason: string;
  fix: string;
  /** Index of the op in the revision's list (batches count as one). */
  opIndex: number;
}

export const RULES: readonly LintRule[] = [
  {
    id: 'drop-table',
    severity: 'error',
    reason: 'its rows are gone, and running code that still reads it fails',
    fix: 'stop using the table in a release first, back it up, then drop it; or silence this where the data is not needed',
    source: 'squawk ban-drop-table, Atlas DS102',
  },
  {
    id: 'drop-column',
    severity: 'error',
    reason: 'its values are gone, and running code that still selects it fails',
    fix: 'stop reading the column in a release first, then drop it (expand/contract)',
    source: 'squawk ban-drop-column, Atlas DS103, strong_migrations remove_column',
  },
  {
    id: 'possible-rename',
    severity: 'error',
    reason: 'a drop and an add of the same shape in one revision is usually a rename, and the dropped data is lost',
    fix: 'write it as a rename (op.alterColumn(table, old, { newColumnName }) or op.renameTable; autogenerate: --rename / --rename-table) to keep the data',
    source: 'drizzle-kit rename prompts, Atlas BC101/BC102',
  },
  {
    id: 'narrowing-type',
    severity: 'error',
    dialects: ['postgres', 'mysql'],
    reason: 'values that do not fit the narrower type make the upgrade fail, or are cut',
    fix: 'check the longest value first (SELECT max(length(col)) ...), or keep the wider type',
    source: 'strong_migrations change_column, squawk changing-column-type',
  },
  {
    id: 'table-rewrite',
    severity: 'warning',
    dialects: ['postgres'],
    reason: 'this type change rewrites the table and its indexes under an ACCESS EXCLUSIVE lock',
    fix: 'add a new column, backfill it in batches, and switch over; or run it in a maintenance window',
    source: 'squawk changing-column-type, Atlas PG301',
  },
  {
    id: 'set-not-null',
    severity: 'error',
    reason: 'SET NOT NULL fails on rows holding NULL, and scans the table under an exclusive lock',
    fix: 'give the alterColumn a backfill (a value or sql()) for the NULL rows, or set them first',
    source: 'squawk adding-not-nullable-field, Atlas MF104/LT101, strong_migrations',
  },
  {
    id: 'add-column-not-null',
    severity: 'error',
    reason: 'a NOT NULL column without a default fails on a table that holds rows, and breaks inserts of running code',
    fix: 'give the column a default, or add it nullable, backfill, then make it NOT NULL',
    source: 'squawk adding-required-field, Atlas MF103',
  },
  {
    id: 'remove-enum-value',
    severity: 'error',
    reason: 'rows holding a removed value make the conversion fail, and running code may still write it',
    fix: 'update the rows holding the value (and the code writing it) first',
    source: 'strong_migrations (enum value rename), Atlas enum analyzers',
  },
  {
    id: 'index-not-concurrently',
    severity: 'warning',
    dialects: ['postgres'],
    reason: 'CREATE/DROP INDEX without CONCURRENTLY blocks writes to the table while it runs',
    fix: "pass { concurrently: true } in a revision exporting transactional = false",
    source: 'squawk require-concurrent-index-creation/-deletion, Atlas PG101/PG102',
  },
  {
    id: 'concurrently-in-transaction',
    severity: 'error',
    dialects: ['postgres'],
    reason: 'CREATE/DROP INDEX CONCURRENTLY cannot run inside a transaction: the upgrade fails',
    fix: 'export const transactional = false from this revision',
    source: 'squawk ban-concurrent-index-creation-in-transaction, Atlas PG103',
  },
  {
    id: 'constraint-not-valid',
    severity: 'warning',
    dialects: ['postgres'],
    reason: 'adding a foreign key or check validates every row while it blocks writes (both tables for a foreign key)',
    fix: "add it with { notValid: true }, then VALIDATE CONSTRAINT in a later revision (op.execute)",
    source: 'squawk constraint-missing-not-valid / adding-foreign-key-constraint, Atlas PG305/PG306',
  },
  {
    id: 'unique-on-existing-table',
    severity: 'warning',
    reason: 'a new unique constraint fails on duplicate rows, and builds its index under an exclusive lock',
    fix: 'check for duplicates first; on PostgreSQL build a unique index concurrently, then add the constraint USING INDEX',
    source: 'squawk disallowed-unique-constraint, Atlas MF101',
  },
  {
    id: 'rename',
    severity: 'warning',
    reason: 'running code that uses the old name fails as soon as the rename commits',
    fix: 'expand/contract: add the new name, write both, move readers, then drop the old one; or deploy code and rename together',
    source: 'squawk renaming-column/renaming-table, Atlas BC101/BC102',
  },
  {
    id: 'unanalysed-sql',
    severity: 'warning',
    reason: 'lint cannot see what this execute() statement does',
    fix: 'review it by hand, or write it with op.* methods',
    source: 'strong_migrations execute (safety_assured)',
  },
];

const RULE_BY_ID = new Map(RULES.map((r) => [r.id, r]));

export function ruleById(id: string): LintRule | undefined {
  return RULE_BY_ID.get(id);
}

export interface LintContext {
  dialect: DialectName;
  /** Whether the revision runs in a transaction (`transactional` is not false). */
  transactional?: boolean;
}

type Emit = (rule: string, subject: string) => void;

const key = (t: TableRef) => `${t.schema ?? ''}.${t.name}`;

/** The findings of one revision's ops, every rule at its default severity. */
export function lintOps(ops: readonly Op[], context: LintContext): Finding[] {
  const findings: Finding[] = [];
  const created = new Set<string>();
  for (const op of ops) if (op.kind === 'createTable') created.add(key(op.table));
  const drops = collectDrops(ops);

  ops.forEach((op, opIndex) => {
    const emit: Emit = (id, subject) => {
      const rule = RULE_BY_ID.get(id)!;
      if (rule.dialects && !rule.dialects.includes(context.dialect)) return;
      findings.push({ rule: id, severity: rule.severity, subject, reason: rule.reason, fix: rule.fix, opIndex });
    };
    const inner = op.kind === 'batch' ? op.ops.map((o) => withTable(o, op.table)) : [op];
    for (const o of inner) checkOp(o, { ...context, created, drops, ops }, emit);
  });
  return findings;
}

/** A batch's inner ops name their table already; this keeps them self-contained. */
function withTable(op: Op, table: TableRef): Op {
  return 'table' in op && op.table ? op : ({ ...op, table } as Op);
}

interface Drops {
  columns: Map<string, ColumnDef[]>;
  tables: Map<string, string[]>;
  /** Dropped uniques as `table key \0 columns`: one added back on the same columns holds already. */
  uniques: Set<string>;
}

const uniqueKey = (table: TableRef, columns: string[]) => [key(table), ...columns].join('\0');

/** What the revision drops with a known shape, and adds: pairs of these may be renames. */
function collectDrops(ops: readonly Op[]): Drops {
  const columns = new Map<string, ColumnDef[]>();
  const tables = new Map<string, string[]>();
  const uniques = new Set<string>();
  const flat = ops.flatMap((op) => (op.kind === 'batch' ? op.ops.map((o) => withTable(o, op.table)) : [op]));
  for (const op of flat) {
    if (op.kind === 'dropColumn' && op.existing) {
      const list = columns.get(key(op.table)) ?? [];
      list.push(op.existing);
      columns.set(key(op.table), list);
    }
    if (op.kind === 'dropTable' && op.existing) tables.set(tableText(op.table), op.existing.columns.map((c) => c.name).sort());
    if (op.kind === 'dropConstraint' && op.existing?.kind === 'unique') uniques.add(uniqueKey(op.table, op.existing.columns));
  }
  return { columns, tables, uniques };
}

interface CheckContext extends LintContext {
  created: Set<string>;
  drops: Drops;
  ops: readonly Op[];
}

function checkOp(op: Op, ctx: CheckContext, emit: Emit): void {
  const existingTable = (t: TableRef) => !ctx.created.has(key(t));
  switch (op.kind) {
    case 'dropTable':
      emit('drop-table', `drop table ${tableText(op.table)}`);
      break;
    case 'createTable': {
      const columns = op.columns.map((c) => c.name).sort().join(',');
      for (const [dropped, cols] of ctx.drops.tables) {
        if (cols.join(',') === columns) emit('possible-rename', `drop table ${dropped} and create table ${tableText(op.table)} with the same columns`);
      }
      break;
    }
    case 'dropColumn':
      if (typeof op.existing?.asExpression === 'string' && op.existing.generatedType !== 'STORED') break; // computed, no data
      emit('drop-column', `drop column ${tableText(op.table)}.${op.column}`);
      break;
    case 'addColumn': {
      const c = op.column;
      const computed = typeof c.asExpression === 'string' || c.generated !== undefined;
      if (existingTable(op.table) && !c.nullable && !c.primary && c.default === undefined && !computed) {
        emit('add-column-not-null', `add column ${tableText(op.table)}.${c.name} NOT NULL without a default`);
      }
      const twin = (ctx.drops.columns.get(key(op.table)) ?? []).find((d) => renameCompatible(ctx.dialect, d, c));
      if (twin) emit('possible-rename', `drop column ${tableText(op.table)}.${twin.name} and add column ${c.name} of the same type`);
      if (c.unique && existingTable(op.table)) emit('unique-on-existing-table', `add column ${tableText(op.table)}.${c.name} UNIQUE`);
      break;
    }
    case 'alterColumn': {
      const where = `${tableText(op.table)}.${op.column}`;
      if (op.changes.newName !== undefined && op.changes.newName !== op.column) emit('rename', `rename column ${where} to ${op.changes.newName}`);
      if (op.changes.nullable === false && op.existing.nullable !== false && op.backfill === undefined) emit('set-not-null', `set ${where} NOT NULL`);
      if (op.changes.type && op.existing.type) {
        const change = typeChange(ctx.dialect, op.existing.type, op.changes.type);
        if (change === 'narrowing') emit('narrowing-type', `change ${where} from ${typeWords(op.existing.type)} to ${typeWords(op.changes.type)}`);
        if (change !== 'compatible') emit('table-rewrite', `change ${where} from ${typeWords(op.existing.type)} to ${typeWords(op.changes.type)}`);
        const removed = (op.existing.type.enum ?? []).filter((v) => op.changes.type?.enum && !op.changes.type.enum.includes(v));
        if (removed.length) emit('remove-enum-value', `remove ${removed.map((v) => `'${v}'`).join(', ')} from ${where}`);
      }
      break;
    }
    case 'alterEnum': {
      const removed = op.existing.filter((v) => !op.values.includes(v));
      // SQLite keeps enum values in the columns' CHECKs: its alterColumn is what changes them (MySQL's alterEnum restates the columns' ENUMs).
      if (removed.length && ctx.dialect !== 'sqlite') emit('remove-enum-value', `remove ${removed.map((v) => `'${v}'`).join(', ')} from enum ${tableText(op.name)}`);
      break;
    }
    case 'renameTable':
      emit('rename', `rename table ${tableText(op.table)} to ${op.newName}`);
      break;
    case 'createIndex':
      if (op.index.concurrently) {
        if (ctx.transactional !== false) emit('concurrently-in-transaction', `create index ${op.index.name} concurrently`);
      } else if (existingTable(op.table)) emit('index-not-concurrently', `create index ${op.index.name} on ${tableText(op.table)}`);
      break;
    case 'dropIndex':
      if (op.concurrently) {
        if (ctx.transactional !== false) emit('concurrently-in-transaction', `drop index ${op.name} concurrently`);
      } else if (existingTable(op.table)) emit('index-not-concurrently', `drop index ${op.name}`);
      break;
    case 'addConstraint': {
      if (!existingTable(op.table)) break;
      const c = op.constraint;
      if ((c.kind === 'foreignKey' || c.kind === 'check') && !c.notValid) emit('constraint-not-valid', `add ${c.kind === 'check' ? 'check' : 'foreign key'} ${c.name ?? ''} on ${tableText(op.table)}`.replace('  ', ' '));
      // The same unique dropped in this revision (renamed in a SQLite rebuild) holds already.
      if (c.kind === 'unique' && !ctx.drops.uniques.has(uniqueKey(op.table, c.columns))) emit('unique-on-existing-table', `add unique ${c.name ?? c.columns.join(', ')} on ${tableText(op.table)}`);
      break;
    }
    case 'execute':
      checkSql(op.sql, emit);
      break;
    default:
      break;
  }
}

function typeWords(t: ColumnType): string {
  const params = t.length !== undefined ? `(${t.length})` : t.precision !== undefined ? `(${t.precision}${t.scale !== undefined ? `,${t.scale}` : ''})` : '';
  return `${t.type}${params}${t.array ? '[]' : ''}`;
}

const SQL_RULES: Array<[RegExp, string]> = [
  [/^DROP\s+TABLE\b/i, 'drop-table'],
  [/^ALTER\s+TABLE\b[\s\S]*\bDROP\s+(COLUMN\s+)?(?!CONSTRAINT\b|DEFAULT\b|NOT\b|IDENTITY\b|EXPRESSION\b)/i, 'drop-column'],
  [/^ALTER\s+TABLE\b[\s\S]*\bRENAME\b/i, 'rename'],
  [/^ALTER\s+TABLE\b[\s\S]*\bALTER\s+(COLUMN\s+)?\S+\s+(SET\s+DATA\s+)?TYPE\b/i, 'table-rewrite'],
  [/^ALTER\s+TABLE\b[\s\S]*\bSET\s+NOT\s+NULL\b/i, 'set-not-null'],
  [/^CREATE\s+(UNIQUE\s+)?INDEX\s+(?!CONCURRENTLY\b)/i, 'index-not-concurrently'],
  [/^DROP\s+INDEX\s+(?!CONCURRENTLY\b)/i, 'index-not-concurrently'],
  [/^ALTER\s+TABLE\b[\s\S]*\bADD\s+(CONSTRAINT\s+\S+\s+)?(FOREIGN\s+KEY|CHECK)\b(?![\s\S]*\bNOT\s+VALID\b)/i, 'constraint-not-valid'],
];

/** Data statements and comments lint has nothing to say about. */
const HARMLESS = [
  /^(SELECT|INSERT|UPDATE|DELETE|COMMENT\s+ON|SET|CREATE\s+(TABLE|TYPE|SEQUENCE|EXTENSION|VIEW|FUNCTION|OR\s+REPLACE|TRIGGER|SCHEMA)|ANALYZE|GRANT|REVOKE|PRAGMA)\b/i,
  /^(CREATE\s+(UNIQUE\s+)?INDEX|DROP\s+INDEX)\s+CONCURRENTLY\b/i,
  /^ALTER\s+TABLE\b[\s\S]*\b(DROP|VALIDATE)\s+CONSTRAINT\b/i,
  /^ALTER\s+TABLE\b[\s\S]*\bADD\s+[\s\S]*\bNOT\s+VALID\b/i,
];

/** What lint can tell of raw SQL: each statement matched against the rules it shows, or reported. */
function checkSql(sqlText: string, emit: Emit): void {
  for (const statement of splitStatements(sqlText)) {
    const shown = statement.replace(/\s+/g, ' ').slice(0, 60);
    const hits = SQL_RULES.filter(([re]) => re.test(statement));
    for (const [, id] of hits) emit(id, `execute: ${shown}`);
    if (!hits.length && !HARMLESS.some((re) => re.test(statement))) emit('unanalysed-sql', `execute: ${shown}`);
  }
}

/** SQL text as statements: split at semicolons outside quotes, leading `--` comment lines dropped. */
export function splitStatements(text: string): string[] {
  const out: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === ';') {
      if (current.trim()) out.push(current.trim());
      current = '';
      continue;
    }
    current += ch;
  }
  if (current.trim()) out.push(current.trim());
  return out.map((s) => s.replace(/^(--[^\n]*\n\s*)+/, ''));
}
