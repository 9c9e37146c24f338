import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { closureOf, LAZY_CHUNKS, loadInPlainNode, readHostManifest, ROOT, type HostManifest } from '../test/support/hostBundle';
import { report } from './support';

const REPEATS = 5;
const kib = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KiB`;

/** Name, uncompressed and compressed size of every entry of a zip (`unzip -v`). */
function zipEntries(zip: string): { name: string; size: number; compressed: number }[] {
  const lines = execFileSync('unzip', ['-v', zip], { encoding: 'utf8' }).split('\n');
  return lines
    .map((l) => /^\s*(\d+)\s+\S+\s+(\d+)\s+\S+\s+\S+\s+\S+\s+[0-9a-f]{8}\s+(.+)$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ name: m[3]!, size: Number(m[1]), compressed: Number(m[2]) }));
}

/** Bytes of packages bundled into more than one file (the duplication issue 11 item 5 removed; 0 expected). */
function duplicateBytes(manifest: HostManifest): number {
  const seen = new Map<string, number[]>();
  for (const f of Object.values(manifest.files)) for (const [p, b] of Object.entries(f.packages)) if (p !== 'src') seen.set(p, [...(seen.get(p) ?? []), b]);
  return [...seen.values()].filter((b) => b.length > 1).reduce((sum, b) => sum + b.reduce((x, y) => x + y, 0) - Math.max(...b), 0);
}

/**
 * What the .vsix ships (issue 11 item 5): its size with the code's compressed share, each bundle's own and loaded
 * size, and each lazy chunk's load time in a plain node process (a stand-in 'vscode', the files extension.js already
 * loaded at activation preloaded) against the floor of reading the same files in that process. Builds and packages
 * the production bundles (dist/ is rewritten; the .vsix goes to a temp dir).
 */
export async function run(): Promise<void> {
  execFileSync(process.execPath, ['scripts/build.mjs', '--production'], { cwd: ROOT, stdio: 'inherit' });
  const dir = mkdtempSync(join(tmpdir(), 'lwc-bench-vsix-'));
  try {
    const vsix = join(dir, 'lw-coder.vsix');
    execFileSync('npx', ['--no-install', 'vsce', 'package', '--no-dependencies', '--no-rewrite-relative-links', '-o', vsix], { cwd: ROOT, stdio: 'ignore' });
    const entries = zipEntries(vsix);
    const code = entries.filter((e) => e.name.endsWith('.js'));
    const codeCompressed = code.reduce((s, e) => s + e.compressed, 0);
    const total = statSync(vsix).size;
    console.log(`.vsix ${kib(total)} (target ≈ 1.1 MB, was 1.64 MiB): ${code.length} code files ${kib(code.reduce((s, e) => s + e.size, 0))}, ${kib(codeCompressed)} compressed; everything else ${kib(total - codeCompressed)}`);

    const manifest = readHostManifest();
    const activation = closureOf(manifest, 'dist/extension.js');
    const bytesOf = (files: readonly string[]): number => files.reduce((s, f) => s + (manifest.files[f]?.bytes ?? 0), 0);
    const shared = Object.keys(manifest.files).filter((f) => basename(f).startsWith('shared-'));
    console.log(`shared files: ${shared.length}, ${kib(bytesOf(shared))}; bytes of packages bundled twice: ${duplicateBytes(manifest)}`);
    for (const entry of ['dist/extension.js', 'dist/server.js', ...LAZY_CHUNKS]) {
      const all = closureOf(manifest, entry);
      const fresh = entry === 'dist/extension.js' ? all : all.filter((f) => !activation.includes(f));
      console.log(`${entry.padEnd(32)} own ${kib(manifest.files[entry]!.bytes).padStart(8)}   loads ${String(all.length).padStart(2)} files ${kib(bytesOf(all)).padStart(8)}   new after activation ${kib(bytesOf(fresh)).padStart(8)}`);
    }

    const preloaded = activation.filter((f) => f !== 'dist/extension.js'); // extension.js itself needs the real host
    for (const chunk of LAZY_CHUNKS) {
      const loads = Array.from({ length: REPEATS }, () => loadInPlainNode(chunk, preloaded));
      const ms = medianOf(loads.map((l) => l.ms));
      report({ name: `load ${basename(chunk)} (${kib(loads[0]!.bytes)})`, ms, floorName: 'reading its files', floorMs: medianOf(loads.map((l) => l.readMs)), targetMs: 50 });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

if (require.main === module) {
  run().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
