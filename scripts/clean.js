// Removes build output so that a renamed or deleted source file cannot survive in dist/.
const fs = require('node:fs');
const path = require('node:path');
for (const name of ['dist', 'oclif.manifest.json']) {
  fs.rmSync(path.join(__dirname, '..', name), { recursive: true, force: true });
}
