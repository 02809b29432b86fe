// An iii worker written with the official Node SDK (iii-sdk@0.11.6), driven by a Java test.
//
//   node worker.mjs --url ws://127.0.0.1:PORT [--name NAME]
//       [--echo ID]... [--fail ID]... [--record ID]... [--relay ID]... [--delay ID]...
//       [--service ID]... [--trigger-type ID]... [--timeout-ms N] [--frames] [--otel]
//
// Function behaviours (each option registers a function with the given id):
//   --echo    returns its input plus "echoed_by": NAME (a non-object input comes back as {"input": …})
//   --fail    throws new Error(input.message or "<id> failed on purpose")
//   --record  prints `INVOKED <id> <input>` and returns {"recorded": true}; for void-call checks
//   --record-fail  prints `INVOKED <id> <input>`, then throws like --fail; for counting retries
//   --relay   calls input.target with input.payload (a nested call) and returns {"relayed_by", "result"}
//   --delay   waits input.ms (default 60000) milliseconds, then returns {"waited_ms": …}
//   --channel-sink / --channel-source   read / write the channel whose ref is in the input (lib/channels.mjs)
// --service registers a service, --trigger-type a trigger type whose provider accepts every trigger.
// --frames logs every control-connection text frame (`FRAME>` sent, `FRAME<` received).
// --otel keeps the SDK's OpenTelemetry export on (it is off by default so runs are quiet and comparable).
//
// stdout, one line each (see lib/out.mjs):
//   READY {"name","worker_id","functions"}   once every registration is known to the engine
//   RESULT <cmd> <json>   ERROR <cmd> <json {name,code,message,display,stacktrace,function_id}>
//   SENT <cmd> (void call handed to the SDK)   DONE <cmd>   INVOKED <function_id> <json>   BYE   FATAL <json>
//   TRIGGER_REGISTERED <type> {"id","function_id","config","metadata"}   TRIGGER_UNREGISTERED <type> {…}
//        (what a --trigger-type provider's handler was given)
//
// stdin, one JSON command per line ("id" is echoed back as <cmd>):
//   {"op":"call","id":"c1","function_id":"node::echo","payload":{…},"timeout_ms":5000}
//        (leave "payload" out to call with an undefined payload, as a JS caller would)
//   {"op":"void","id":"v1","function_id":"node::record","payload":{…}}
//   {"op":"unregister_trigger_type","id":"u1","trigger_type":"my-type"}
//   {"op":"enqueue","id":"e1","queue":"jobs","function_id":"java::job","payload":{…}}   (TriggerAction.Enqueue)
//   {"op":"register_trigger","id":"t1","key":"k1","type":"my-type","function_id":"f","config":{…},"metadata":{…}}
//   {"op":"unregister_trigger","id":"t2","key":"k1"}
//   {"op":"shutdown","id":"s1"}            (closing stdin shuts down too)

import './lib/out.mjs';
import { createInterface } from 'node:readline';
import { registerWorker, TriggerAction } from 'iii-sdk';
import { emit, describeError, die } from './lib/out.mjs';
import { parseArgs, positiveInt } from './lib/args.mjs';
import { installFrameTap } from './lib/frame-tap.mjs';
import { channelSink, channelSource } from './lib/channels.mjs';

let options;
try {
  options = parseArgs(process.argv.slice(2), {
    repeatable: ['echo', 'fail', 'record', 'record-fail', 'relay', 'delay', 'channel-sink', 'channel-source',
      'service', 'trigger-type'],
    flags: ['frames', 'otel'],
  });
} catch (e) {
  die(e.message);
}
const url = options.url ?? process.env.III_URL;
if (!url) die('no engine URL: pass --url ws://host:port or set III_URL');
const name = options.name ?? `node-worker-${process.pid}`;
let timeoutMs;
try {
  timeoutMs = positiveInt('timeout-ms', options['timeout-ms'], 30000);
} catch (e) {
  die(e.message);
}
const otel = options.otel === true;

if (options.frames === true || process.env.III_LOG_FRAMES === '1') installFrameTap();

const iii = registerWorker(url, {
  workerName: name,
  invocationTimeoutMs: timeoutMs,
  otel: { enabled: otel },
  // Worker gauges need OTel; without it the SDK only prints a warning.
  enableMetricsReporting: otel,
});

const handlers = {
  echo: (id) => async (input) =>
    input !== null && typeof input === 'object' && !Array.isArray(input)
      ? { ...input, echoed_by: name }
      : { input: input ?? null, echoed_by: name },
  fail: (id) => async (input) => {
    throw new Error(typeof input?.message === 'string' ? input.message : `${id} failed on purpose`);
  },
  record: (id) => async (input) => {
    emit('INVOKED', id, input === undefined ? null : input);
    return { recorded: true };
  },
  // Prints INVOKED first, so a test can count attempts (e.g. queue retries) of a failing function.
  'record-fail': (id) => async (input) => {
    emit('INVOKED', id, input === undefined ? null : input);
    throw new Error(typeof input?.message === 'string' ? input.message : `${id} failed on purpose`);
  },
  relay: (id) => async (input) => {
    if (typeof input?.target !== 'string') throw new Error(`${id} needs {"target": "<function id>", "payload": …}`);
    // Called inside the handler, so with --otel the SDK puts the handler span's traceparent on this call.
    const result = await iii.trigger({ function_id: input.target, payload: input.payload ?? null });
    return { relayed_by: name, result: result ?? null };
  },
  delay: (id) => async (input) => {
    const ms = Number.isInteger(input?.ms) ? input.ms : 60000;
    await new Promise((resolve) => setTimeout(resolve, ms));
    return { waited_ms: ms };
  },
  'channel-sink': channelSink,
  'channel-source': channelSource,
};

const functionIds = [];
for (const serviceId of options.service) iii.registerService({ id: serviceId });
for (const [behaviour, makeHandler] of Object.entries(handlers)) {
  for (const id of options[behaviour]) {
    iii.registerFunction(id, makeHandler(id));
    functionIds.push(id);
  }
}
const triggerTypes = new Map();
for (const typeId of options['trigger-type']) {
  const input = { id: typeId, description: `test trigger type ${typeId}` };
  // The provider accepts every trigger and reports what the engine handed it, so a test can check the
  // config round trip and fire the bound function itself (firing = an ordinary call).
  const seen = (trigger) => ({
    id: trigger.id,
    function_id: trigger.function_id,
    config: trigger.config ?? null,
    metadata: trigger.metadata ?? null,
  });
  iii.registerTriggerType(input, {
    registerTrigger: async (trigger) => emit('TRIGGER_REGISTERED', typeId, seen(trigger)),
    unregisterTrigger: async (trigger) => emit('TRIGGER_UNREGISTERED', typeId, seen(trigger)),
  });
  triggerTypes.set(typeId, input);
}

// Registration barrier: registerWorker() returns before the socket is open. A sync call made now is
// queued and flushed after the registrations on open, and the engine handles one connection's
// messages in order, so its answer proves the engine knows every function registered above.
async function awaitRegistered() {
  const listed = await iii.trigger({
    function_id: 'engine::functions::list',
    payload: {},
    timeoutMs: Math.max(timeoutMs, 10000),
  });
  const known = new Set((listed?.functions ?? []).map((f) => f.function_id));
  const missing = functionIds.filter((id) => !known.has(id));
  if (missing.length > 0) throw new Error(`engine does not list ${missing.join(', ')} after registration`);
}

// Triggers registered through stdin commands, by the command's "key" (the Node SDK's handle has no id).
const triggers = new Map();

const inFlight = new Set();
let shuttingDown = false;

async function shutdownAndExit(code) {
  // Both the shutdown command and the end of stdin land here; the first one wins.
  if (shuttingDown) return;
  shuttingDown = true;
  try {
    // shutdown() rejects pending calls; let their ERROR lines out before BYE.
    await iii.shutdown();
    await Promise.allSettled([...inFlight]);
  } finally {
    emit('BYE');
    // OTel exporters and reconnect timers may keep the loop alive; the test waits for this exit.
    process.exit(code);
  }
}

async function runCommand(command) {
  const cmd = String(command.id ?? '-');
  switch (command.op) {
    case 'call': {
      try {
        const result = await iii.trigger({
          function_id: command.function_id,
          payload: command.payload,
          timeoutMs: command.timeout_ms,
        });
        emit('RESULT', cmd, result === undefined ? null : result);
      } catch (e) {
        emit('ERROR', cmd, describeError(e));
      }
      return;
    }
    case 'void': {
      // Resolves once the SDK has sent (or queued) the frame; the engine never answers a void call.
      const result = await iii.trigger({
        function_id: command.function_id,
        payload: command.payload,
        action: TriggerAction.Void(),
      });
      emit('SENT', cmd, result === undefined ? null : result);
      return;
    }
    case 'enqueue': {
      // The engine answers with {messageReceiptId} once the job is queued, or enqueue_error.
      try {
        const result = await iii.trigger({
          function_id: command.function_id,
          payload: command.payload,
          action: TriggerAction.Enqueue({ queue: command.queue }),
          timeoutMs: command.timeout_ms,
        });
        emit('RESULT', cmd, result === undefined ? null : result);
      } catch (e) {
        emit('ERROR', cmd, describeError(e));
      }
      return;
    }
    case 'register_trigger': {
      if (typeof command.key !== 'string' || triggers.has(command.key)) {
        emit('ERROR', cmd, { name: 'Error', code: 'bad_command', message: `register_trigger needs a new "key"` });
        return;
      }
      const trigger = { type: command.type, function_id: command.function_id, config: command.config ?? {} };
      if (command.metadata !== undefined) trigger.metadata = command.metadata;
      triggers.set(command.key, iii.registerTrigger(trigger));
      emit('DONE', cmd);
      return;
    }
    case 'unregister_trigger': {
      const handle = triggers.get(command.key);
      if (!handle) {
        emit('ERROR', cmd, { name: 'Error', code: 'bad_command', message: `unknown trigger key ${command.key}` });
        return;
      }
      handle.unregister();
      triggers.delete(command.key);
      emit('DONE', cmd);
      return;
    }
    case 'unregister_trigger_type': {
      const input = triggerTypes.get(command.trigger_type);
      if (!input) {
        emit('ERROR', cmd, { name: 'Error', code: 'bad_command', message: `unknown trigger type ${command.trigger_type}` });
        return;
      }
      iii.unregisterTriggerType(input);
      triggerTypes.delete(command.trigger_type);
      emit('DONE', cmd);
      return;
    }
    default:
      emit('ERROR', cmd, { name: 'Error', code: 'bad_command', message: `unknown op '${command.op}'` });
  }
}

function onLine(line) {
  if (line.trim() === '') return;
  let command;
  try {
    command = JSON.parse(line);
  } catch (e) {
    emit('ERROR', '-', { name: 'Error', code: 'bad_command', message: `not JSON: ${e.message}` });
    return;
  }
  if (command.op === 'shutdown') {
    // Not tracked as in flight: shutdown waits for the tracked commands.
    shutdownAndExit(0);
    return;
  }
  // Commands run concurrently on purpose: a slow call must not hold back the next one.
  const running = runCommand(command).catch((e) => emit('ERROR', String(command.id ?? '-'), describeError(e)));
  inFlight.add(running);
  running.finally(() => inFlight.delete(running));
}

try {
  await awaitRegistered();
} catch (e) {
  emit('FATAL', describeError(e));
  process.exit(3);
}
emit('READY', { name, worker_id: iii.workerId ?? null, functions: functionIds });

const input = createInterface({ input: process.stdin, crlfDelay: Infinity });
input.on('line', onLine);
input.on('close', () => shutdownAndExit(0));
