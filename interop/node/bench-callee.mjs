// Benchmark callee: an iii-sdk@0.11.6 worker that registers one function returning its input unchanged.
//
//   node bench-callee.mjs --url ws://127.0.0.1:PORT [--function bench::echo] [--otel]
//
// Prints `READY {"function_id": …}` once the engine lists the function, then serves until stdin closes
// or the process is signalled. OpenTelemetry is off unless --otel (benchmarks measure the protocol).

import './lib/out.mjs';
import { createInterface } from 'node:readline';
import { registerWorker } from 'iii-sdk';
import { emit, describeError, die } from './lib/out.mjs';
import { parseArgs } from './lib/args.mjs';
import { awaitFunctions } from './lib/barrier.mjs';

let options;
try {
  options = parseArgs(process.argv.slice(2), { flags: ['otel'] });
} catch (e) {
  die(e.message);
}
const url = options.url ?? process.env.III_URL;
if (!url) die('no engine URL: pass --url ws://host:port or set III_URL');
const functionId = options.function ?? 'bench::echo';
const otel = options.otel === true;

const iii = registerWorker(url, {
  workerName: `bench-callee-${process.pid}`,
  otel: { enabled: otel },
  enableMetricsReporting: otel,
});
iii.registerFunction(functionId, async (input) => input);

try {
  await awaitFunctions(iii, [functionId], 30000);
} catch (e) {
  emit('FATAL', describeError(e));
  process.exit(3);
}
emit('READY', { function_id: functionId, worker_id: iii.workerId ?? null });

async function stop() {
  await iii.shutdown();
  process.exit(0);
}
createInterface({ input: process.stdin }).on('close', stop);
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
