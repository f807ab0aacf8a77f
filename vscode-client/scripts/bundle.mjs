// Bundles the extension into one CommonJS file; `vscode` is provided by the editor at run time.
// No source maps: the .vsix ships only dist/extension.js.
import { build } from 'esbuild';

const production = !process.argv.includes('--dev');
await build({
  entryPoints: ['src/extension.ts'],
  bundle: true,
  outfile: 'dist/extension.js',
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: ['vscode'],
  minify: production,
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
});
