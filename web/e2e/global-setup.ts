// Starts `storeops demo` on a temporary database and a free loopback port, serving web/dist,
// and stops it after the run. STOREOPS_BIN overrides the binary (default: the ci preset's).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const repo = path.resolve(import.meta.dirname, '..', '..');

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export default async function globalSetup() {
  const bin = path.resolve(repo, process.env.STOREOPS_BIN ?? 'build/ci/app/storeops');
  const dist = path.join(repo, 'web', 'dist');
  if (!existsSync(bin)) throw new Error(`${bin} is missing: cmake --build --preset ci --target storeops`);
  if (!existsSync(path.join(dist, 'index.html'))) throw new Error('web/dist is missing: npm run build');
  const dir = mkdtempSync(path.join(tmpdir(), 'storeops-e2e-'));
  const portFile = path.join(dir, 'port');
  // --start-at now: the tests post events stamped with the real time, so the live clock must be
  // the wall clock (the default starts at 11:00 local when the store is quiet).
  const server = spawn(
    bin,
    ['demo', '--start-at', 'now', '--db', path.join(dir, 'demo.db'), '--listen', '127.0.0.1:0', '--port-file', portFile, '--static-dir', dist, '--log-level', 'warn', '--access-log', 'false'],
    { cwd: repo, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  let exited: number | null = null;
  server.on('exit', (code) => (exited = code ?? -1));
  await waitFor(async () => {
    if (exited !== null) throw new Error(`storeops demo exited with ${exited}`);
    return existsSync(portFile) && readFileSync(portFile, 'utf8').trim() !== '';
  }, 'the port file');
  const url = `http://127.0.0.1:${readFileSync(portFile, 'utf8').trim()}`;
  await waitFor(async () => (await fetch(`${url}/healthz`)).ok, `${url}/healthz`);
  await waitFor(async () => {
    const body = (await (await fetch(`${url}/api/v1/stores`)).json()) as { stores: unknown[] };
    return body.stores.length > 0;
  }, 'the demo store');
  process.env.STOREOPS_E2E_URL = url;
  // For tests that prepare data the way an operator does (e.g. `storeops forecast train --db`).
  process.env.STOREOPS_E2E_BIN = bin;
  process.env.STOREOPS_E2E_DB = path.join(dir, 'demo.db');
  console.log(`e2e: storeops demo (${path.relative(repo, bin)}) on ${url}`);
  return async () => {
    // Wait for a clean exit (the demo finishes the history day it is on) before removing its
    // database, else the backfill writes into a deleted folder.
    const exited = server.exitCode !== null ? Promise.resolve() : new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
    rmSync(dir, { recursive: true, force: true });
  };
}
