#!/usr/bin/env node
'use strict';
// Launches the compiled CLI; the TypeScript sources are built into dist/ by `npm run build`.
const { existsSync } = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const main = path.join(root, 'dist', 'apps', 'cli', 'src', 'main.js');
if (!existsSync(main)) {
  process.stderr.write(
    `error: the Wharf CLI is not built yet (${path.relative(process.cwd(), main) || main} is missing); run \`npm run build\` in ${root}\n`,
  );
  process.exit(1);
}
require('../scripts/register-paths.js');
require(main).runCli(process.argv);
