// Loaded by mocha before the specs (see .mocharc.json).
process.env.NO_COLOR = '1';
