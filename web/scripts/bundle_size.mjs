// Prints the built dashboard's gzipped size (every file under dist/, and the entry chunks the
// overview needs) and fails when the total passes the budget of 500 kB (500,000 bytes).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET = 500_000;
const dist = path.resolve(import.meta.dirname, '..', 'dist');

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : [full];
  });
}

const gz = (file) => gzipSync(readFileSync(file), { level: 9 }).length;
const all = files(dist).filter((f) => !f.endsWith('.map'));
const total = all.reduce((sum, f) => sum + gz(f), 0);
const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
const entry = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((m) => path.join(dist, m[1]));
const initial = entry.reduce((sum, f) => sum + gz(f), gz(path.join(dist, 'index.html')));

const kb = (n) => `${(n / 1000).toFixed(1)} kB`;
console.log(`METRIC bundle_gzip_total_bytes ${total} (${kb(total)} for ${all.length} files; budget ${kb(BUDGET)})`);
console.log(`METRIC bundle_gzip_initial_bytes ${initial} (${kb(initial)}: index.html and its entry chunks)`);
if (total > BUDGET) {
  console.error(`bundle-size: ${kb(total)} gzipped is over the ${kb(BUDGET)} budget`);
  process.exit(1);
}
