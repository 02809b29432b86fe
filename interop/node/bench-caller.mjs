// Benchmark caller: N concurrent loops of synchronous iii-sdk@0.11.6 trigger() calls, then one JSON line.
//
//   node bench-caller.mjs --url ws://127.0.0.1:PORT [--function bench::echo] [--payload-bytes 100]
//       [--in-flight 1] [--warmup 2000] [--count 20000] [--timeout-ms 30000] [--otel]
//
// Each loop keeps exactly one call outstanding, so --in-flight is the number of concurrent calls.
// The warm-up runs to completion first (same concurrency), then the measured phase is timed as a whole
// for throughput; each call's latency is measured with process.hrtime.bigint() around trigger().
// Output (stdout, one line): {"client", "function_id", "payload_bytes", "in_flight", "warmup", "count",
//   "errors", "first_error" ("<code>: <message>" of the first failure, or null), "seconds", "throughput_per_s", "latency_us": {"p50","p90","p99","max","mean"}}
// Exit code 1 if any call failed (the line is still printed), 2 for bad arguments.

import './lib/out.mjs';
import { registerWorker } from 'iii-sdk';
import { die, describeError } from './lib/out.mjs';
import { parseArgs, positiveInt, nonNegativeInt } from './lib/args.mjs';
import { awaitFunctions } from './lib/barrier.mjs';

let cfg;
try {
  const o = parseArgs(process.argv.slice(2), { flags: ['otel'] });
  cfg = {
    url: o.url ?? process.env.III_URL,
    functionId: o.function ?? 'bench::echo',
    payloadBytes: positiveInt('payload-bytes', o['payload-bytes'], 100),
    inFlight: positiveInt('in-flight', o['in-flight'], 1),
    warmup: nonNegativeInt('warmup', o.warmup, 2000),
    count: positiveInt('count', o.count, 20000),
    timeoutMs: positiveInt('timeout-ms', o['timeout-ms'], 30000),
    otel: o.otel === true,
  };
} catch (e) {
  die(e.message);
}
if (!cfg.url) die('no engine URL: pass --url ws://host:port or set III_URL');

/** A fixed JSON object whose serialised form is exactly `bytes` long (or the smallest possible). */
function makePayload(bytes) {
  const overhead = JSON.stringify({ data: '' }).length;
  return { data: 'x'.repeat(Math.max(0, bytes - overhead)) };
}

const iii = registerWorker(cfg.url, {
  workerName: `bench-caller-${process.pid}`,
  invocationTimeoutMs: cfg.timeoutMs,
  otel: { enabled: cfg.otel },
  enableMetricsReporting: cfg.otel,
});
const payload = makePayload(cfg.payloadBytes);

let errors = 0;
let firstError = null;

/** Runs `total` calls over cfg.inFlight loops; records latencies (ns) into `sink` when given. */
async function runPhase(total, sink) {
  let next = 0;
  const loop = async () => {
    while (next < total) {
      const index = next++;
      const start = process.hrtime.bigint();
      try {
        await iii.trigger({ function_id: cfg.functionId, payload });
      } catch (e) {
        errors++;
        firstError ??= describeError(e).display;
      }
      if (sink) sink[index] = Number(process.hrtime.bigint() - start);
    }
  };
  await Promise.all(Array.from({ length: cfg.inFlight }, loop));
}

function percentile(sorted, p) {
  // Nearest-rank: the smallest value with at least p% of the samples at or below it.
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

try {
  await awaitFunctions(iii, [cfg.functionId], cfg.timeoutMs);
} catch (e) {
  die(`setup failed: ${e.message}`);
}

await runPhase(cfg.warmup, null);
errors = 0;
firstError = null;

const latenciesNs = new Float64Array(cfg.count);
const started = process.hrtime.bigint();
await runPhase(cfg.count, latenciesNs);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;

latenciesNs.sort();
const us = (ns) => Math.round(ns / 10) / 100; // microseconds, two decimals
const mean = latenciesNs.reduce((a, b) => a + b, 0) / latenciesNs.length;
const report = {
  client: 'node iii-sdk@0.11.6',
  node: process.version,
  function_id: cfg.functionId,
  payload_bytes: JSON.stringify(payload).length,
  in_flight: cfg.inFlight,
  warmup: cfg.warmup,
  count: cfg.count,
  errors,
  first_error: firstError,
  seconds: Math.round(seconds * 1e4) / 1e4,
  throughput_per_s: Math.round(cfg.count / seconds),
  latency_us: {
    p50: us(percentile(latenciesNs, 50)),
    p90: us(percentile(latenciesNs, 90)),
    p99: us(percentile(latenciesNs, 99)),
    max: us(latenciesNs[latenciesNs.length - 1]),
    mean: us(mean),
  },
};
process.stdout.write(JSON.stringify(report) + '\n');
await iii.shutdown();
process.exit(errors > 0 ? 1 : 0);
