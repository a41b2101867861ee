#!/usr/bin/env node
// Development entry: runs the commands from src/ through ts-node (no build needed).
require('@oclif/core').execute({ development: true, dir: __dirname }).catch(require('@oclif/core').handle);
