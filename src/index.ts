/**
 * typeorm-mig's programmatic API: the same operations the `mig` commands run.
 */
export { Config, displayPath } from './config/config';
export type { CmdOpts } from './config/config';
export { context } from './context';
export { MigError, isMigError } from './errors';
export { autogenerateRevision, branches, heads, history, init, listTemplates, merge, revision, show, squash } from './api';
export type { SquashResult, SquashSpec } from './autogenerate/squash';
export { resolveSquashes } from './script/squash';
export type { ResolvedRevisions, SquashDecision, SquashSource } from './script/squash';
export { check, compareWithDatabase } from './autogenerate';
export type { AutogenerateHooks, Comparison, CompareRunOptions, RevisionDirectives } from './autogenerate';
export type { RenameCandidate, RenameDecision, RenameHints, RenamePlan } from './autogenerate/renames';
export type { AutogenerateRevisionResult, BranchPoint, HistoryOptions, InitOptions, InitResult, RevisionResult, TemplateInfo } from './api';
export { RevisionMap, Revision } from './script/revision-map';
export type { RevisionSource, IterateOptions } from './script/revision-map';
export { ScriptDirectory } from './script/script-directory';
export type { NewRevision, Script } from './script/script-directory';
export type { RevisionHeader } from './script/revision-file';
export { loadEnvironment } from './loader/env';
export type { Environment } from './loader/env';
export { buildEntityMetadata, loadTypeorm } from './loader/typeorm';
export { appliedLog, checkAppliedRevisions, current, downgrade, stamp, upgrade } from './runtime/migration';
export type { CurrentResult, RunEvents, RunOptions, RunResult, StampOptions, StepInfo, StepResult } from './runtime/migration';
export { normalizeRevisionText, revisionChecksum } from './runtime/checksums';
export type { AppliedLogEntry, ChangedRevision } from './runtime/checksums';
export type { LogDirection } from './dialects/types';
export { BatchOperations, now, Operations, sql } from './operations/api';
export type { AlterColumnOptions, ColumnInput, DefaultInput, ForeignKeyOptions, IndexOptions, ViewOptions } from './operations/api';
export { reverse } from './operations/reverse';
export { lintOps, lintRevisions, RULES as lintRules } from './lint';
export type { Finding as OpLintFinding, LintFinding, LintOptions, LintReport, LintRule, Severity as LintSeverity } from './lint';
export { describe as describeOp } from './operations/ops';
export type { ColumnDef, ColumnType, ConstraintDef, GeneratedType, IndexDef, Op, TableArg, TableDef, TableRef, ViewDef } from './operations/ops';
export type { SchemaModel, SchemaTable, SchemaColumn, SchemaEnum, SchemaView } from './schema/model';
