// Optional raw-frame log of the worker's control connection, to check what iii-sdk@0.11.6 really
// puts on the wire (`FRAME> <json>` = sent by the SDK, `FRAME< <json>` = received from the engine).
//
// iii-sdk uses the `ws` package and resolves it to this folder's node_modules/ws (package.json pins the
// same version, so npm keeps a single copy); patching its prototype therefore sees every SDK frame
// without touching the SDK. Only text frames on the control socket are logged: telemetry (`/otel`)
// and channel sockets (`/ws/channels/…`) are left alone.

import { WebSocket } from 'ws';
import { emit } from './out.mjs';

function isControlSocket(ws) {
  try {
    const path = new URL(ws.url).pathname;
    return !path.endsWith('/otel') && !path.includes('/ws/channels/');
  } catch {
    return false;
  }
}

function asJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    // Not JSON: log it as a string so nothing the SDK sent is hidden.
    return text;
  }
}

export function installFrameTap() {
  const originalSend = WebSocket.prototype.send;
  WebSocket.prototype.send = function tappedSend(data, options, cb) {
    if (typeof data === 'string' && isControlSocket(this)) emit('FRAME>', asJson(data));
    return originalSend.call(this, data, options, cb);
  };

  const originalEmit = WebSocket.prototype.emit;
  WebSocket.prototype.emit = function tappedEmit(event, ...args) {
    if (event === 'message' && isControlSocket(this)) {
      const [data, isBinary] = args;
      if (!isBinary) emit('FRAME<', asJson(data.toString('utf-8')));
    }
    return originalEmit.call(this, event, ...args);
  };
}
