// Fact probe: how iii-sdk@0.11.6 answers, as a callee, invocations it cannot serve.
//
//   node probe-callee-errors.mjs
//
// No engine is involved (a conforming engine never routes an unknown function to a worker), so this
// script plays the engine itself with a raw WebSocket server on 127.0.0.1: it lets an SDK worker
// connect, waits for its connection sequence to end (the engine::workers::register call comes last),
// then sends three invocations: an id the worker never registered, an HTTP-invoked function the
// worker registered, and a working function as a control. It prints every frame the SDK sends as
// `FRAME> <json>`, then `DONE` and exits 0; `FATAL {…}` and exit 3 if the answers do not come.

import './lib/out.mjs';
import { once } from 'node:events';
import { WebSocketServer } from 'ws';
import { registerWorker } from 'iii-sdk';
import { emit } from './lib/out.mjs';

const TIMEOUT_MS = 10000;
const PROBES = [
  { invocation_id: '00000000-0000-4000-8000-000000000001', function_id: 'probe::never-registered', data: { x: 1 } },
  { invocation_id: '00000000-0000-4000-8000-000000000002', function_id: 'probe::http-invoked', data: { x: 2 } },
  { invocation_id: '00000000-0000-4000-8000-000000000003', function_id: 'probe::echo', data: { x: 3 } },
];

const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
await once(server, 'listening');
const timer = setTimeout(() => {
  emit('FATAL', { message: `no answers to all probes within ${TIMEOUT_MS} ms` });
  process.exit(3);
}, TIMEOUT_MS);

const answered = new Set();
server.on('connection', (socket) => {
  socket.send(JSON.stringify({ type: 'workerregistered', worker_id: '00000000-0000-4000-8000-0000000000ff' }));
  socket.on('message', async (raw, isBinary) => {
    if (isBinary) return;
    const frame = JSON.parse(raw.toString('utf-8'));
    emit('FRAME>', frame);
    if (frame.type === 'invokefunction' && frame.function_id === 'engine::workers::register') {
      for (const probe of PROBES) socket.send(JSON.stringify({ type: 'invokefunction', ...probe }));
    }
    if (frame.type === 'invocationresult') answered.add(frame.invocation_id);
    if (PROBES.every((p) => answered.has(p.invocation_id))) {
      clearTimeout(timer);
      emit('DONE');
      await iii.shutdown();
      server.close();
      process.exit(0);
    }
  });
});

const iii = registerWorker(`ws://127.0.0.1:${server.address().port}`, {
  workerName: 'probe',
  otel: { enabled: false },
  enableMetricsReporting: false,
  // One connection is enough; a retry would only repeat the frames.
  reconnectionConfig: { maxRetries: 0 },
});
iii.registerFunction('probe::http-invoked', { url: 'http://127.0.0.1:9/unused', method: 'POST' });
iii.registerFunction('probe::echo', async (input) => input);
