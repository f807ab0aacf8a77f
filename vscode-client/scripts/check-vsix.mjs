// Checks a packaged .vsix: exactly the expected files (no node_modules, no sources, no source maps),
// a consistent manifest, a self-contained bundle with no build-machine paths or secrets, and a
// bounded size. Prints the size and the file list. Usage: node scripts/check-vsix.mjs speclint.vsix
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';

const MAX_BYTES = 1024 * 1024;
const file = process.argv[2] ?? 'speclint.vsix';
const buf = fs.readFileSync(file);
const problems = [];

/** Reads the zip central directory: name -> {method, compressed, size, offset}. */
function entries(zip) {
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65535); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${file}: not a zip file`);
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  const out = new Map();
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(p) !== 0x02014b50) throw new Error('bad central directory');
    const method = zip.readUInt16LE(p + 10);
    const compressed = zip.readUInt32LE(p + 20);
    const size = zip.readUInt32LE(p + 24);
    const nameLen = zip.readUInt16LE(p + 28);
    const extraLen = zip.readUInt16LE(p + 30);
    const commentLen = zip.readUInt16LE(p + 32);
    const offset = zip.readUInt32LE(p + 42);
    const name = zip.toString('utf8', p + 46, p + 46 + nameLen);
    out.set(name, { method, compressed, size, offset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

function read(zip, e) {
  const nameLen = zip.readUInt16LE(e.offset + 26);
  const extraLen = zip.readUInt16LE(e.offset + 28);
  const start = e.offset + 30 + nameLen + extraLen;
  const data = zip.subarray(start, start + e.compressed);
  return e.method === 0 ? data : zlib.inflateRawSync(data);
}

const files = entries(buf);
const expected = [
  '[Content_Types].xml',
  'extension.vsixmanifest',
  'extension/LICENSE.txt',
  'extension/ThirdPartyNotices.txt',
  'extension/changelog.md',
  'extension/dist/extension.js',
  'extension/package.json',
  'extension/readme.md',
];
const names = [...files.keys()].sort();
for (const n of names) {
  if (!expected.includes(n)) problems.push(`unexpected file in the package: ${n}`);
  if (/node_modules|\.map$|\.ts$|(^|\/)(src|test|out)\//.test(n)) problems.push(`must not ship: ${n}`);
}
for (const n of expected) if (!files.has(n)) problems.push(`missing from the package: ${n}`);

const pkg = JSON.parse(read(buf, files.get('extension/package.json')).toString('utf8'));
const main = `extension/${pkg.main.replace(/^\.\//, '')}`;
if (!files.has(main)) problems.push(`main ${pkg.main} is not in the package`);
if (pkg.name !== 'speclint' || pkg.publisher !== 'speclint') problems.push('name/publisher must be speclint.speclint');
if (!/^\^1\.\d+\.\d+$/.test(pkg.engines?.vscode ?? '')) problems.push(`engines.vscode: ${pkg.engines?.vscode}`);
const commands = (pkg.contributes?.commands ?? []).map((c) => c.command).sort();
const wantCommands = ['speclint.askClarifyingQuestions', 'speclint.lintWorkspace', 'speclint.openCoverage', 'speclint.restartServer', 'speclint.showOutput'];
if (JSON.stringify(commands) !== JSON.stringify(wantCommands)) problems.push(`commands: ${commands}`);
const settings = Object.keys(pkg.contributes?.configuration?.properties ?? {}).sort();
for (const s of ['speclint.args', 'speclint.enable', 'speclint.interpreter', 'speclint.trace.server']) {
  if (!settings.includes(s)) problems.push(`setting missing: ${s}`);
}
if (!(pkg.activationEvents ?? []).includes('workspaceContains:**/speclint.toml')) problems.push('activation on speclint.toml missing');
const vsixManifest = read(buf, files.get('extension.vsixmanifest')).toString('utf8');
if (!vsixManifest.includes(`Version="${pkg.version}"`)) problems.push('vsixmanifest version differs from package.json');

const js = read(buf, files.get(main)).toString('utf8');
if (/sourceMappingURL/.test(js)) problems.push('the bundle references a source map');
if (/require\(["']vscode-languageclient/.test(js)) problems.push('vscode-languageclient is required at run time, not bundled');
if (!/require\(["']vscode["']\)/.test(js)) problems.push('the bundle does not load the vscode API');
const here = path.resolve('.');
for (const leak of [here, os.homedir() === '/' ? null : os.homedir()].filter(Boolean)) {
  if (js.includes(leak)) problems.push(`the bundle contains a build-machine path: ${leak}`);
}
const secretPatterns = [/sk-ant-[A-Za-z0-9_-]{10,}/, /-----BEGIN [A-Z ]*PRIVATE KEY-----/, /AKIA[0-9A-Z]{16}/, /ghp_[A-Za-z0-9]{30,}/];
for (const [name, e] of files) {
  const text = read(buf, e).toString('utf8');
  for (const re of secretPatterns) if (re.test(text)) problems.push(`${name} looks like it holds a secret (${re})`);
}

const total = buf.length;
console.log(`${file}: ${(total / 1024).toFixed(1)} KB, ${files.size} files`);
for (const n of names) console.log(`  ${String(files.get(n).size).padStart(8)}  ${n}`);
if (total > MAX_BYTES) problems.push(`the package is ${total} bytes, over ${MAX_BYTES}`);
if (problems.length) {
  console.error(problems.map((p) => `check-vsix: ${p}`).join('\n'));
  process.exit(1);
}
console.log('check-vsix: ok');
