#!/usr/bin/env node
// The bundled CLI (packages/cli/build.mjs); `npm install` builds it.
await import('../packages/cli/dist/bundle/cli.js');
