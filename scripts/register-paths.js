// Resolves the `@wharf/<lib>` imports of the compiled code in dist/ (tsc keeps path aliases as written).
const path = require('node:path');
require('tsconfig-paths').register({
  baseUrl: path.join(__dirname, '..', 'dist'),
  paths: { '@wharf/*': ['libs/*/src'] },
});
