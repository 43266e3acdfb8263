#!/usr/bin/env node
// The `sparsewatch` executable (package.json "bin"): plain JavaScript, because Node runs a bin
// as it is and the command line is TypeScript. tsx's ESM API compiles src/cli/sparsewatch.ts
// and its imports on the fly, as `npm run` scripts do with the tsx command, without a build step.
import { tsImport } from 'tsx/esm/api';

await tsImport('./sparsewatch.ts', import.meta.url);
