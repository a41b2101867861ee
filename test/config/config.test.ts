import { expect } from 'chai';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Config } from '../../src/config/config';
import { maskSecrets, maskUrl, parseDatabaseUrl } from '../../src/config/url';
import { expectError } from '../helpers/graph';

const ini = (text: string, env: NodeJS.ProcessEnv = {}, section?: string) =>
  new Config({ file: '/proj/mig.ini', text, env, section });

describe('mig.ini', () => {
  it('reads the keys of the [mig] section with their defaults', () => {
    const config = ini('[mig]\nscript_location = migrations\n');
    expect(config.scriptLocation).to.equal('/proj/migrations');
    expect(config.versionLocations).to.deep.equal(['/proj/migrations/versions']);
    expect(config.fileTemplate).to.equal('%(rev)s_%(slug)s');
    expect(config.truncateSlugLength).to.equal(40);
    expect(config.versionTable).to.equal('mig_version');
    expect(config.logTable).to.equal('mig_log');
    expect(config.versionTableSchema).to.equal(undefined);
    expect(config.transactionPerMigration).to.equal(false);
    expect(config.url).to.equal(undefined);
  });

  it('resolves relative paths and sqlite urls against the folder of the ini file', () => {
    const config = ini('[mig]\nscript_location = db/mig\nversion_locations = db/a, %(here)s/db/b\nurl = sqlite:data/app.db\n');
    expect(config.scriptLocation).to.equal('/proj/db/mig');
    expect(config.versionLocations).to.deep.equal(['/proj/db/a', '/proj/db/b']);
    expect(parseDatabaseUrl(config.url!, config.here)).to.deep.equal({ dialect: 'sqlite', database: '/proj/data/app.db' });
  });

  it('interpolates options of the section, here, then environment variables', () => {
    const config = ini('[mig]\nhost = db.local\nurl = postgres://u@%(host)s/%(DB_NAME)s\nlog = %(here)s/log\npct = 100%%\n', { DB_NAME: 'shop' });
    expect(config.url).to.equal('postgres://u@db.local/shop');
    expect(config.getMainOption('log')).to.equal('/proj/log');
    expect(config.getMainOption('pct')).to.equal('100%');
  });

  it('prefers an option of the section over an environment variable of the same name', () => {
    expect(ini('[mig]\nname = fromfile\nurl = %(name)s\n', { name: 'fromenv' }).url).to.equal('fromfile');
  });

  it('names the key and the missing name when interpolation fails', () => {
    expectError(
      () => ini('[mig]\nurl = %(DB_URL)s\n').url,
      "/proj/mig.ini [mig] url: '%(DB_URL)s' names DB_URL, which is not an option of the section, not set from env.ts, and not an environment variable",
      'config-interpolation',
    );
    expectError(() => ini('[mig]\nurl = 50% off\n').url, /url: '%' must be followed by '%' or '\(NAME\)s'/);
    expectError(() => ini('[mig]\na = %(b)s\nb = %(a)s\n').getMainOption('a'), /interpolation loop a -> b -> a/);
  });

  it('takes values set at run time literally, and interpolates them into file values', () => {
    const config = ini('[mig]\nurl = %(DB_URL)s\n');
    const section = config.configIniSection;
    config.setSectionOption(section, 'DB_URL', 'postgres://u:p%40ss@h/db');
    expect(config.url).to.equal('postgres://u:p%40ss@h/db');
    config.setMainOption('url', 'sqlite:%(not)s.db');
    expect(config.url).to.equal('sqlite:%(not)s.db');
  });

  it('reads other sections and a section chosen with -n', () => {
    const config = ini('[mig]\nscript_location = a\n[tenant2]\nscript_location = b\n[post_write_hooks]\nhooks = fmt\nfmt.type = exec\n', {}, 'tenant2');
    expect(config.configIniSection).to.equal('tenant2');
    expect(config.scriptLocation).to.equal('/proj/b');
    expect(config.getSection('post_write_hooks')).to.deep.equal({ hooks: 'fmt', 'fmt.type': 'exec' });
    expect(config.getSection('nope')).to.equal(undefined);
    expect(config.getSectionOption('nope', 'x', 'fallback')).to.equal('fallback');
  });

  it('keeps boolean-looking values as strings and checks typed options', () => {
    const config = ini('[mig]\ntransaction_per_migration = true\ntruncate_slug_length = 12\nflag = maybe\nn = x\n');
    expect(config.getMainOption('transaction_per_migration')).to.equal('true');
    expect(config.transactionPerMigration).to.equal(true);
    expect(config.truncateSlugLength).to.equal(12);
    expectError(() => config.booleanOption('flag', false), /flag is 'maybe', not a boolean/);
    expectError(() => config.integerOption('n', 1), /n is 'x', not a whole number/);
  });

  it('accepts file_template written for alembic.ini (%%) or plainly', () => {
    expect(ini('[mig]\nfile_template = %%(rev)s_%%(slug)s\n').fileTemplate).to.equal('%(rev)s_%(slug)s');
    expect(ini('[mig]\nfile_template = %(year)d_%(rev)s\n').fileTemplate).to.equal('%(year)d_%(rev)s');
  });

  it('says how to fix a missing file, a missing section or a missing script_location', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mig-config-'));
    try {
      expectError(() => Config.load(path.join(dir, 'mig.ini')), /No config file '.*mig\.ini' found; run `mig init migrations` to create one, or pass -c FILE/, 'config-missing');
      fs.writeFileSync(path.join(dir, 'mig.ini'), '[other]\na = 1\n');
      expectError(() => Config.load(path.join(dir, 'mig.ini')), /has no \[mig\] section/, 'config-section');
      fs.writeFileSync(path.join(dir, 'mig.ini'), '[mig]\nurl = sqlite:x.db\n');
      expectError(() => Config.load(path.join(dir, 'mig.ini')).scriptLocation, /has no script_location; add `script_location = migrations`/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('database urls', () => {
  it('parses postgres and sqlite urls', () => {
    expect(parseDatabaseUrl('postgresql://u:p@h:5433/db', '/p')).to.deep.equal({ dialect: 'postgres', url: 'postgresql://u:p@h:5433/db' });
    expect(parseDatabaseUrl('sqlite:/abs/app.db', '/p')).to.deep.equal({ dialect: 'sqlite', database: '/abs/app.db' });
    expect(parseDatabaseUrl('sqlite::memory:', '/p')).to.deep.equal({ dialect: 'sqlite', database: ':memory:' });
    expect(parseDatabaseUrl('mysql://u:p@h:3307/db', '/p')).to.deep.equal({ dialect: 'mysql', type: 'mysql', url: 'mysql://u:p@h:3307/db' });
    // mysql2 reads mysql:// only; the scheme keeps TypeORM's type.
    expect(parseDatabaseUrl('mariadb://u:p@h/db', '/p')).to.deep.equal({ dialect: 'mysql', type: 'mariadb', url: 'mysql://u:p@h/db' });
  });

  it('refuses urls it does not understand, without showing the password', () => {
    expectError(() => parseDatabaseUrl('oracle://root:hunter2@h/db', '/p'), /unsupported database URL 'oracle:…'/);
    expectError(() => parseDatabaseUrl('mysql://root:hunter2@h:port/db', '/p'), /^url is not a valid URL: mysql:\/\/root:\*\*\*@h:port\/db/);
    expectError(() => parseDatabaseUrl('sqlite:///x.db', '/p'), /write sqlite:relative\/path\.db/);
  });

  it('masks passwords in urls and messages', () => {
    expect(maskUrl('postgres://mig:s3cret@db:5432/app?sslmode=require&password=x')).to.equal('postgres://mig:***@db:5432/app?sslmode=require&password=***');
    expect(maskSecrets('connect postgres://a:b@h/d failed: auth for hunter2', ['hunter2'])).to.equal('connect postgres://a:***@h/d failed: auth for ***');
  });
});
