// Bundles the extension into one CommonJS file; `vscode` is provided by the editor at run time.
// No source maps: the .vsix ships only dist/extension.js (+ the licences of what it bundles).
import { build } from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';

const production = !process.argv.includes('--dev');
const result = await build({
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
  metafile: true,
  logLevel: 'warning',
});

// ThirdPartyNotices.txt: the licence of every npm package that ended up in the bundle.
const packages = new Set();
for (const input of Object.keys(result.metafile.inputs)) {
  const m = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (m) packages.add(m[1]);
}
const parts = ['speclint for VS Code bundles the following npm packages.\n'];
for (const name of [...packages].sort()) {
  const dir = path.join('node_modules', name);
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const licenceFile = fs.readdirSync(dir).find((f) => /^licen[cs]e(\.md|\.txt)?$/i.test(f));
  if (!licenceFile) throw new Error(`no licence file in ${dir}`);
  const text = fs.readFileSync(path.join(dir, licenceFile), 'utf8').trim();
  parts.push(`${'='.repeat(78)}\n${name}@${pkg.version} (${pkg.license})\n${'='.repeat(78)}\n${text}\n`);
}
fs.writeFileSync('ThirdPartyNotices.txt', parts.join('\n'));
console.log(`bundled dist/extension.js (${(fs.statSync('dist/extension.js').size / 1024).toFixed(1)} KB) with ${packages.size} npm packages`);
