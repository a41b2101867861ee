#!/usr/bin/env node
require('@oclif/core').execute({ dir: __dirname }).catch(require('@oclif/core').handle);
