// Benchmark: does signing in stall the server? 40 clients sign in over and over (argon2 each
// time) for 8 s while another asks /healthz every 20 ms; the health check's latency is what
// every other request feels meanwhile. Release server, loopback.
// Usage: node end2end/bench/signin.mjs BASE_URL
import { median, percentile } from './sync-client.mjs';

const [base] = process.argv.slice(2);
const CLIENTS = 40;
const SECONDS = 8;

async function health() {
  const start = performance.now();
  const reply = await fetch(`${base}/healthz`);
  await reply.text();
  if (!reply.ok) throw new Error(`healthz: ${reply.status}`);
  return performance.now() - start;
}

const quiet = [];
for (let i = 0; i < 100; i++) quiet.push(await health());

const until = Date.now() + SECONDS * 1000;
let signIns = 0;
const client = async () => {
  while (Date.now() < until) {
    const reply = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'sarai', password: 'tanhong' }),
    });
    await reply.text();
    if (!reply.ok) throw new Error(`login: ${reply.status}`);
    signIns += 1;
  }
};
const loaded = [];
const prober = async () => {
  while (Date.now() < until) {
    loaded.push(await health());
    await new Promise((r) => setTimeout(r, 20));
  }
};
await Promise.all([...Array.from({ length: CLIENTS }, client), prober()]);
const f = (x) => x.toFixed(1);
console.log(`/healthz alone: p50 ${f(median(quiet))} ms, p95 ${f(percentile(quiet, 95))} ms`);
console.log(
  `/healthz during ${CLIENTS} concurrent sign-ins (${signIns} in ${SECONDS} s): p50 ${f(median(loaded))} ms, ` +
    `p95 ${f(percentile(loaded, 95))} ms, max ${f(Math.max(...loaded))} ms over ${loaded.length} checks`,
);
