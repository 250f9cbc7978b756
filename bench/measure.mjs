// Measuring one cell: autocannon for single requests, a loop of virtual users for complete
// flows; both sample the server's resident set size while they run.
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';

/** Samples `server.rssMiB()` every 100 ms until stopped; returns the peak. */
function watchRss(server) {
  let peak = server.rssMiB();
  const timer = setInterval(() => {
    peak = Math.max(peak, server.rssMiB());
  }, 100);
  return () => {
    clearInterval(timer);
    return Math.max(peak, server.rssMiB());
  };
}

/** req/s, p50 and p99 (ms), failures and peak RSS of `request` at `connections`. */
export async function measureRequests(server, request, connections, seconds) {
  const stopWatching = watchRss(server);
  const result = await new Promise((resolve, reject) =>
    autocannon({ ...request, connections, duration: seconds }, (error, outcome) =>
      error ? reject(error) : resolve(outcome),
    ),
  );
  return {
    perSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts,
    rssMiB: stopWatching(),
  };
}

/** Runs `users` loops of `step` for `seconds`; completions per second, latencies, peak RSS. */
export async function measureLoops(server, users, seconds, prepare, step) {
  const stopWatching = watchRss(server);
  const latencies = [];
  let failures = 0;
  const deadline = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: users }, async () => {
      let state = await prepare();
      while (performance.now() < deadline) {
        const started = performance.now();
        try {
          state = await step(state);
          latencies.push(performance.now() - started);
        } catch {
          failures++;
          state = await prepare().catch(() => state);
        }
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (q) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return {
    perSecond: Math.round(latencies.length / seconds),
    p50: Number(at(0.5).toFixed(1)),
    p99: Number(at(0.99).toFixed(1)),
    failures,
    rssMiB: stopWatching(),
  };
}

/** The median of three (or more) repetitions of a cell; the peak RSS is the highest seen. */
export function medianOf(runs) {
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  return {
    perSecond: median(runs.map((run) => run.perSecond)),
    p50: median(runs.map((run) => run.p50)),
    p99: median(runs.map((run) => run.p99)),
    failures: runs.reduce((sum, run) => sum + run.failures, 0),
    rssMiB: Math.max(...runs.map((run) => run.rssMiB)),
  };
}
