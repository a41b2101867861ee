import { Flags } from '@oclif/core';
import { autogenerateRevision, revision } from '../api';
import { MigCommand } from '../cli/base-command';
import { revisionJson, type RevisionJson } from '../cli/format';
import { displayPath } from '../config/config';
import { canPrompt, yesNo } from '../cli/prompt';
import type { RenameCandidate } from '../autogenerate/renames';
import { MigError } from '../errors';
import { describeAll, tableText } from '../operations/ops';

/** `a=b` flags as a map; anything else is refused with the form it takes. */
function renameHints(values: string[] | undefined, flag: string, form: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values ?? []) {
    const m = /^([^=\s]+)=([^=\s.]+)$/.exec(v.trim());
    if (!m || (flag === '--rename' && !m[1].includes('.'))) throw new MigError('usage', `${flag} ${v}: expected ${form}`, { hint: flag === '--rename' ? 'e.g. --rename users.name=fullName' : 'e.g. --rename-table people=users' });
    out[m[1]] = m[2];
  }
  return out;
}

export default class Revision extends MigCommand<typeof Revision> {
  static summary = 'Create a new revision file.';
  static description = `Writes a revision from the project's script.ts.ejs whose down revision is the current head
(or --head). With several heads it refuses: name one with --head, or join them with \`mig merge heads\`.
Every check runs before the file is written.
With --autogenerate the entities env.ts exports as targetMetadata are compared with the database
(which must be at the head) and the differences are written as op calls, upgrade and downgrade.
--from-empty compares them with an empty schema instead, without connecting: the whole schema
as a first revision, to adopt an existing project. --offline compares them with the schema the
revisions build (each upgrade's ops replayed from base to --head), without connecting.`;
  static examples = [
    '<%= config.bin %> <%= command.id %> -m "add users"',
    '<%= config.bin %> <%= command.id %> --autogenerate -m "add users"',
    '<%= config.bin %> <%= command.id %> --autogenerate --from-empty -m initial',
    '<%= config.bin %> <%= command.id %> --autogenerate --offline -m "add users"   # no database',
    '<%= config.bin %> <%= command.id %> -m "start billing" --head base --branch-label billing',
    '<%= config.bin %> <%= command.id %> -m "more billing" --head billing@head',
    '<%= config.bin %> <%= command.id %> -m "fix" --head ae1027a6acf --splice',
  ];
  static enableJsonFlag = true;
  static flags = {
    message: Flags.string({ char: 'm', summary: 'Message: the first line of the header and the file name.' }),
    head: Flags.string({ summary: 'Revision the new one is based on: head (default), an id, LABEL@head, or base for a new root.', default: 'head' }),
    splice: Flags.boolean({ summary: 'Allow --head to be a revision that is not a head (starts a branch).' }),
    'branch-label': Flags.string({ summary: 'Branch label of the new revision; repeatable.', multiple: true, multipleNonGreedy: true }),
    'depends-on': Flags.string({ summary: 'Revision or branch label this one depends on; repeatable.', multiple: true, multipleNonGreedy: true }),
    'rev-id': Flags.string({ summary: 'Revision id to use instead of a random one.' }),
    'version-path': Flags.string({ summary: 'Version location to write to (one of version_locations).' }),
    autogenerate: Flags.boolean({ summary: 'Compare the entities with the database and write the differences.' }),
    'from-empty': Flags.boolean({ summary: 'With --autogenerate: compare with an empty schema (no database needed).', dependsOn: ['autogenerate'], exclusive: ['offline'] }),
    offline: Flags.boolean({ summary: "With --autogenerate: compare with the schema the revisions build (their upgrades replayed), not a database.", dependsOn: ['autogenerate'] }),
    rename: Flags.string({ summary: 'With --autogenerate: TABLE.OLD=NEW, a column renamed (its data kept); repeatable.', multiple: true, multipleNonGreedy: true, dependsOn: ['autogenerate'] }),
    'rename-table': Flags.string({ summary: 'With --autogenerate: OLD=NEW, a table renamed (its data kept); repeatable.', multiple: true, multipleNonGreedy: true, dependsOn: ['autogenerate'] }),
    interactive: Flags.boolean({ summary: 'On a terminal, ask about each possible rename (--no-interactive: never ask; they stay drop + add).', default: true, allowNo: true }),
  };

  async run(): Promise<{ revision?: RevisionJson; path?: string; operations?: string[] }> {
    const config = this.loadConfig();
    const spec = {
      message: this.flags.message,
      head: this.flags.head,
      splice: this.flags.splice,
      branchLabels: this.flags['branch-label'],
      dependsOn: this.flags['depends-on'],
      revId: this.flags['rev-id'],
      versionPath: this.flags['version-path'],
    };
    let operations: string[] | undefined;
    let result;
    if (this.flags.autogenerate) {
      const progress = this.progress();
      const renames = { tables: renameHints(this.flags['rename-table'], '--rename-table', 'OLD=NEW'), columns: renameHints(this.flags.rename, '--rename', 'TABLE.OLD=NEW') };
      const prompt = this.flags.interactive && !this.jsonEnabled() && canPrompt() ? yesNo() : undefined;
      const decideRename = prompt
        ? (c: RenameCandidate) => {
            progress();
            return prompt.ask(c.kind === 'table' ? `Is table ${tableText(c.to)} renamed from ${tableText(c.from)}?` : `Is ${tableText(c.table)}.${c.to} renamed from ${tableText(c.table)}.${c.from}?`);
          }
        : undefined;
      const generated = await autogenerateRevision(config, spec, { fromEmpty: this.flags['from-empty'], offline: this.flags.offline, onProgress: progress, renames, decideRename }).finally(() => {
        progress();
        prompt?.close();
      });
      operations = describeAll(generated.upgradeOps);
      for (const line of operations) this.say(`Detected ${line}`);
      if (!operations.length) this.say('No changes in schema detected.');
      if ('skipped' in generated) {
        this.say('No file written (processRevisionDirectives skipped it).');
        return { operations };
      }
      result = generated;
    } else {
      result = revision(config, spec);
    }
    this.say(`Generating ${displayPath(result.path)} ...  done`);
    for (const hook of result.hooks) this.say(`Running post write hook '${hook.name}' ...  done`);
    return { revision: revisionJson(result.revision), path: displayPath(result.path), ...(operations ? { operations } : {}) };
  }
}
