// Machine-readable stdout for the Java tests: one line per event, `<KIND> <fields…>`, JSON last.
//
// stdout belongs to this protocol alone. iii-sdk@0.11.6 prints its own chatter with console.debug
// ("[iii] Worker registered with ID: …", "[OTel] …"), which Node writes to stdout, so every console
// method is sent to stderr here; the Java side still ignores lines it does not know.

for (const method of ['log', 'info', 'debug', 'warn', 'trace']) {
  console[method] = (...args) => console.error(...args);
}

/** Writes one protocol line. `json` (optional) is serialised compactly as the last field. */
export function emit(kind, ...fields) {
  const parts = [kind, ...fields.map((f) => (typeof f === 'string' ? f : JSON.stringify(f ?? null)))];
  // Pipes are synchronous for process.stdout on Linux, so lines keep their order and are never torn.
  process.stdout.write(parts.join(' ') + '\n');
}

/**
 * Turns anything thrown by the SDK into the JSON the Java side reads in ERROR lines.
 * IIIInvocationError's own message is "<code>: <wire message>"; `message` here is the wire message
 * again (what the callee or the engine put in the ErrorBody) and `display` the SDK's text.
 */
export function describeError(err) {
  if (err instanceof Error) {
    // A plain Error (e.g. "iii is shutting down") has no code.
    const code = typeof err.code === 'string' ? err.code : null;
    const prefix = code === null ? null : `${code}: `;
    const message = prefix !== null && err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message;
    return {
      name: err.name,
      code,
      message,
      display: err.message,
      stacktrace: err.stacktrace ?? null,
      function_id: err.function_id ?? null,
    };
  }
  return { name: typeof err, code: null, message: String(err), display: String(err), stacktrace: null, function_id: null };
}

/** Fails fast and visibly: a worker that cannot start must not leave the Java side waiting. */
export function die(message) {
  emit('FATAL', { message });
  process.exit(2);
}
