// What the scale-out tests share: a database of their own on the throwaway PostgreSQL cluster of
// scripts/with-postgres.sh (BRANCHBOARD_TEST_POSTGRES, POSTGRES_BIN), app server processes on
// free loopback ports, and a failure that stops everything started.
import { spawn, execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { push } from '../bench/sync-client.mjs';

const cluster = process.env.BRANCHBOARD_TEST_POSTGRES;
if (!cluster || !process.env.POSTGRES_BIN) {
  throw new Error('run through scripts/with-postgres.sh (it sets BRANCHBOARD_TEST_POSTGRES and POSTGRES_BIN)');
}

export const psql = (database, query) =>
  execFileSync(`${process.env.POSTGRES_BIN}/psql`, ['-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', '-c', query, `${cluster}/${database}`])
    .toString()
    .trim();

export const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

const children = [];
// Whatever was started stops with the test, however it ends (nginx's master stops its workers on
// SIGTERM; after a SIGKILL they would live on).
process.on('exit', () => {
  for (const [child, signal] of children) if (child.exitCode === null && child.signalCode === null) child.kill(signal);
});
/** Says what failed and ends the test. */
export const fail = (test, message) => {
  console.error(`${test}: FAILED — ${message}`);
  process.exit(1);
};
/** Remembers a child process so that the end of the test stops it (with `signal`). */
export const started = (child, signal = 'SIGKILL') => children.push([child, signal]);

/** A fresh database; `sql` runs a query on it, `drop` deletes it. */
export function database(test) {
  const name = `branchboard_${test}_${process.pid}`;
  psql('postgres', `CREATE DATABASE ${name}`);
  return { url: `${cluster}/${name}`, sql: (query) => psql(name, query), drop: () => psql('postgres', `DROP DATABASE ${name}`) };
}

/** An app server on the database, waited for until it answers /healthz. */
export async function startServer(binary, db, label, env = {}) {
  const port = await freePort();
  const child = spawn(binary, [], {
    env: { ...process.env, DATABASE_URL: db.url, LEPTOS_SITE_ADDR: `127.0.0.1:${port}`, RUST_LOG: 'warn', DATABASE_CONNECTIONS: '8', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  started(child);
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 400; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return { base, port, child, label };
    } catch {}
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`server ${label} did not start`);
}

/** Stops a server with SIGTERM and waits for it. */
export async function stop(server) {
  server.child.kill('SIGTERM');
  await new Promise((r) => server.child.once('exit', r));
}

/** Reads an event stream until a line `id: SEQ` arrives; false after `ms` milliseconds. */
export async function pokedWithin(reader, seq, ms) {
  let text = '';
  const poked = (async () => {
    while (!text.includes(`id: ${seq}\n`)) {
      const { value, done } = await reader.read();
      if (done) return false;
      text += new TextDecoder().decode(value).replaceAll('\r\n', '\n');
    }
    return true;
  })();
  const timeout = new Promise((r) => setTimeout(() => r(false), ms));
  return { poked: await Promise.race([poked, timeout]), text };
}

/**
 * Pushes the mutations in batches of `batch` until each one is acknowledged (applied, or a
 * duplicate of one applied before), as a device's outbox does. After a failed request,
 * `retarget(error)` gives the address for the next one (or throws). `acknowledged` is filled as
 * the answers come, so that a test can act in the middle.
 */
export async function pushAll({ base, retarget, cookie, device, mutations, batch, acknowledged, test }) {
  let retries = 0;
  let duplicates = 0;
  while (acknowledged.size < mutations.length) {
    const unsent = mutations.filter((m) => !acknowledged.has(m.id)).slice(0, batch);
    try {
      for (const r of await push(base, cookie, device, unsent)) {
        if (r.status !== 'applied' && r.status !== 'duplicate') fail(test, `refused: ${JSON.stringify(r)}`);
        if (r.status === 'duplicate') duplicates += 1;
        acknowledged.add(r.id);
      }
    } catch (e) {
      retries += 1;
      base = retarget(e);
    }
  }
  return { retries, duplicates };
}

/** Waits until `acknowledged` holds `count` answers, then a random moment of up to 40 ms. */
export async function after(acknowledged, count) {
  while (acknowledged.size < count) await new Promise((r) => setTimeout(r, 5));
  await new Promise((r) => setTimeout(r, Math.random() * 40));
  return acknowledged.size;
}
