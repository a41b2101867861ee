import { Args, Flags } from '@oclif/core';
import { init } from '../api';
import { MigCommand } from '../cli/base-command';
import { displayPath } from '../config/config';

export default class Init extends MigCommand<typeof Init> {
  static summary = 'Create a migration environment: mig.ini and DIRECTORY with env.ts, script.ts.ejs, README and versions/.';
  static description = `Writes the config file (mig.ini, or the file given with -c) in the current folder and the
migration environment in DIRECTORY. Refuses, without writing anything, when the config file exists
or DIRECTORY exists and is not empty. \`mig list-templates\` lists the templates.`;
  static examples = ['<%= config.bin %> <%= command.id %> migrations', '<%= config.bin %> <%= command.id %> db/migrations --template datasource'];
  static args = {
    directory: Args.string({ required: true, description: 'Folder to create for env.ts, script.ts.ejs and versions/.' }),
  };
  static enableJsonFlag = true;
  static flags = {
    template: Flags.string({ char: 't', summary: 'Template to use (see list-templates).', default: 'generic' }),
  };

  async run(): Promise<{ configFile: string; directory: string; created: Array<{ path: string; kind: 'directory' | 'file' }> }> {
    const result = init(this.args.directory, { template: this.flags.template, configFile: this.flags.config });
    for (const item of result.created) {
      this.say(`${item.kind === 'directory' ? 'Creating directory' : 'Generating'} ${displayPath(item.path)} ...  done`);
    }
    const env = displayPath(`${result.directory}/env.ts`);
    this.say(
      this.flags.template === 'datasource'
        ? `Please check the DataSource import in ${env} (it gives the connection and the entities) before proceeding.`
        : `Please edit the database url in ${displayPath(result.configFile)} and the targetMetadata in ${env} before proceeding.`,
    );
    return {
      configFile: displayPath(result.configFile),
      directory: displayPath(result.directory),
      created: result.created.map((c) => ({ path: displayPath(c.path), kind: c.kind })),
    };
  }
}
