// Channel benchmark pair on iii-sdk@0.11.6: a writer worker and a reader worker, each its own process.
//
//   node bench-channel.mjs --role writer --url ws://127.0.0.1:PORT [--function bench::channel-write] [--otel]
//   node bench-channel.mjs --role reader --url ws://127.0.0.1:PORT [--function bench::channel-write]
//       [--warmup-bytes 67108864] --bytes 268435456 [--chunk-bytes 65536] [--buffer 64] [--timeout-ms 600000]
//
// writer: registers --function, which takes {"output": <writer ref>, "bytes", "chunk_bytes"} (the SDK hands the
//   handler a live ChannelWriter), writes `bytes` bytes as one fixed chunk repeated, honouring the stream's
//   backpressure, ends the stream and returns {"bytes"}. Prints `READY {…}`, serves until stdin closes.
// reader: per transfer (the warm-up, then the measured one) creates a channel with --buffer frames, calls
//   --function with the writer ref, and counts the bytes of `reader.stream` until it ends. Prints one JSON line,
//   the same as the Java reader's: {"client":"node","bytes","seconds","warmup_bytes","warmup_seconds"}, where
//   seconds run from createChannel until the end of the stream and the writer's answer.
// OpenTelemetry is off unless --otel (benchmarks measure the protocol).

import './lib/out.mjs';
import { createInterface } from 'node:readline';
import { registerWorker, ChannelWriter } from 'iii-sdk';
import { emit, describeError, die } from './lib/out.mjs';
import { parseArgs, positiveInt, nonNegativeInt } from './lib/args.mjs';
import { awaitFunctions } from './lib/barrier.mjs';

let cfg;
try {
  const o = parseArgs(process.argv.slice(2), { flags: ['otel'] });
  if (o.role !== 'writer' && o.role !== 'reader') throw new Error("--role must be 'writer' or 'reader'");
  cfg = {
    role: o.role,
    url: o.url ?? process.env.III_URL,
    functionId: o.function ?? 'bench::channel-write',
    warmupBytes: nonNegativeInt('warmup-bytes', o['warmup-bytes'], 64 * 1024 * 1024),
    bytes: positiveInt('bytes', o.bytes, 256 * 1024 * 1024),
    chunkBytes: positiveInt('chunk-bytes', o['chunk-bytes'], 64 * 1024),
    buffer: positiveInt('buffer', o.buffer, 64),
    timeoutMs: positiveInt('timeout-ms', o['timeout-ms'], 600000),
    otel: o.otel === true,
  };
} catch (e) {
  die(e.message);
}
if (!cfg.url) die('no engine URL: pass --url ws://host:port or set III_URL');

const iii = registerWorker(cfg.url, {
  workerName: `bench-channel-${cfg.role}-${process.pid}`,
  invocationTimeoutMs: cfg.timeoutMs,
  otel: { enabled: cfg.otel },
  enableMetricsReporting: cfg.otel,
});

/** Resolves on the stream's next 'drain' or 'close', removing both listeners either way. */
function drainedOrClosed(stream) {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}

/** Writes `total` bytes to a ChannelWriter the idiomatic Node way: write until false, then wait for 'drain'. */
async function writeAll(writer, total, chunkBytes) {
  const stream = writer.stream;
  const chunk = Buffer.alloc(chunkBytes);
  let failure = null;
  stream.on('error', (e) => { failure = e; });
  let left = total;
  while (left > 0) {
    if (failure) throw failure;
    const size = Math.min(left, chunkBytes);
    left -= size;
    if (!stream.write(size === chunkBytes ? chunk : chunk.subarray(0, size))) {
      await drainedOrClosed(stream);
    }
  }
  await new Promise((resolve, reject) => {
    stream.once('error', reject);
    stream.end(resolve);
  });
  if (failure) throw failure;
}

async function runWriter() {
  iii.registerFunction(cfg.functionId, async (input) => {
    const writer = input?.output;
    const total = input?.bytes;
    const chunkBytes = input?.chunk_bytes ?? 64 * 1024;
    if (!(writer instanceof ChannelWriter) || !Number.isInteger(total) || total < 0) {
      throw new Error(`${cfg.functionId} needs {"output": <channel writer ref>, "bytes": n, "chunk_bytes": n}`);
    }
    await writeAll(writer, total, chunkBytes);
    return { bytes: total };
  });
  await awaitFunctions(iii, [cfg.functionId], 30000);
  emit('READY', { function_id: cfg.functionId, worker_id: iii.workerId ?? null });
  const stop = async () => {
    await iii.shutdown();
    process.exit(0);
  };
  createInterface({ input: process.stdin }).on('close', stop);
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

/** One transfer through a fresh channel; returns [seconds, bytes counted]. */
async function transfer(total) {
  const start = process.hrtime.bigint();
  const channel = await iii.createChannel(cfg.buffer);
  let counted = 0;
  const reading = (async () => {
    for await (const chunk of channel.reader.stream) counted += chunk.length;
  })();
  const written = iii.trigger({
    function_id: cfg.functionId,
    payload: { output: channel.writerRef, bytes: total, chunk_bytes: cfg.chunkBytes },
    timeoutMs: cfg.timeoutMs,
  });
  await reading;
  const answer = await written;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (answer?.bytes !== total) throw new Error(`the writer reports ${answer?.bytes} bytes written, not ${total}`);
  if (counted !== total) throw new Error(`the reader counted ${counted} bytes, the writer sent ${total}`);
  return seconds;
}

async function runReader() {
  await awaitFunctions(iii, [cfg.functionId], 30000);
  let warmupSeconds = 0;
  if (cfg.warmupBytes > 0) {
    warmupSeconds = await transfer(cfg.warmupBytes);
    console.error(`node: warm-up ${cfg.warmupBytes} bytes in ${warmupSeconds.toFixed(2)} s`);
  }
  const seconds = await transfer(cfg.bytes);
  process.stdout.write(JSON.stringify({
    client: 'node', bytes: cfg.bytes, seconds, warmup_bytes: cfg.warmupBytes, warmup_seconds: warmupSeconds,
  }) + '\n');
  await iii.shutdown();
  process.exit(0);
}

try {
  await (cfg.role === 'writer' ? runWriter() : runReader());
} catch (e) {
  if (cfg.role === 'reader') {
    process.stdout.write(JSON.stringify({ client: 'node', error: describeError(e).display }) + '\n');
  } else {
    emit('FATAL', describeError(e));
  }
  process.exit(1);
}
