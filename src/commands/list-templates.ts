import { listTemplates, type TemplateInfo } from '../api';
import { MigCommand } from '../cli/base-command';

export default class ListTemplates extends MigCommand<typeof ListTemplates> {
  static summary = 'List the templates `mig init` can use.';
  static examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json'];
  static enableJsonFlag = true;

  async run(): Promise<TemplateInfo[]> {
    const templates = listTemplates();
    this.say('Available templates:\n');
    for (const t of templates) this.say(`${t.name} - ${t.description}`);
    this.say(`\nTemplates are used via the 'init' command, e.g.:\n\n  ${this.config.bin} init --template generic ./migrations`);
    return templates;
  }
}
