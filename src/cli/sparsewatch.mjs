#!/usr/bin/env node
// The `sparsewatch` executable (package.json "bin"): plain JavaScript, because Node runs a bin
// as it is and the command line is TypeScript. It registers the `?raw` import hooks first (the
// GPU engine imports its WGSL that way; see raw-import-hooks.mjs), then tsx's ESM API compiles
// src/cli/sparsewatch.ts and its imports on the fly, without a build step.
import { register } from 'node:module';

register('./raw-import-hooks.mjs', import.meta.url);
const { tsImport } = await import('tsx/esm/api');
await tsImport('./sparsewatch.ts', import.meta.url);
