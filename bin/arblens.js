#!/usr/bin/env node
// Tiny launcher: the CLI lives in the compiled dist/ (built by `npm install` via the prepare script).
import('../dist/cli/main.js').then((m) => m.main(process.argv)).catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/cli/main.js')) {
    process.stderr.write('arblens: the build is missing — run `npm install` (or `npm run build`) in the arblens folder.\n');
    process.exit(1);
  }
  process.stderr.write(`arblens: ${err && err.stack ? err.stack : err}\n`);
  process.exit(1);
});
