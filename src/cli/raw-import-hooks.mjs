// Node module-customization hooks (module.register) that give `import text from './x.wgsl?raw'`
// the meaning Vite gives it: the file's text as the module's default export. The engine imports
// its WGSL that way (src/engine/gpu/shaders.ts), so under Node, where Vite is not, the
// command line registers these hooks before loading any TypeScript (src/cli/sparsewatch.mjs).
// Any file with a `raw` query is served this way, whatever its extension: nothing here knows
// which shaders exist. Plain JavaScript: the hooks run on Node's loader thread, before tsx.
import { readFile } from 'node:fs/promises';

export async function load(url, context, nextLoad) {
  const parsed = new URL(url);
  if (parsed.protocol !== 'file:' || !parsed.searchParams.has('raw')) return nextLoad(url, context);
  parsed.search = '';
  parsed.hash = '';
  const text = await readFile(parsed, 'utf8');
  return { format: 'module', source: `export default ${JSON.stringify(text)};\n`, shortCircuit: true };
}
