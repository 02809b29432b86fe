// Channel roles for worker.mjs: a function that reads the channel whose reader arrives in its payload, and one
// that writes to the channel whose writer arrives in its payload. The SDK turns every channel ref inside an input
// into a live ChannelReader / ChannelWriter before the handler runs, so the handlers see ends, not refs.
//
//   --channel-sink ID    input {"input": <reader ref>}: reads to the end, returns {"sha256","bytes","texts"}
//   --channel-source ID  input {"output": <writer ref>, "bytes": N}: writes N random bytes in chunks of varying
//                        size with a text message {"mark":k} after every 5th chunk, then closes; returns the same
//                        summary of what it wrote
// "texts" lists the text messages in the order seen; SHA-256 is hex.

import { createHash, randomBytes, randomInt } from 'node:crypto';
import { ChannelReader, ChannelWriter } from 'iii-sdk';

export function channelSink(id) {
  return async (input) => {
    const reader = input?.input;
    if (!(reader instanceof ChannelReader)) throw new Error(`${id} needs {"input": <channel reader ref>}`);
    const sha = createHash('sha256');
    const texts = [];
    let bytes = 0;
    reader.onMessage((text) => texts.push(text));
    for await (const chunk of reader.stream) {
      sha.update(chunk);
      bytes += chunk.length;
    }
    return { sha256: sha.digest('hex'), bytes, texts };
  };
}

export function channelSource(id) {
  return async (input) => {
    const writer = input?.output;
    if (!(writer instanceof ChannelWriter)) throw new Error(`${id} needs {"output": <channel writer ref>}`);
    const total = Number.isInteger(input?.bytes) ? input.bytes : 1024 * 1024;
    const sha = createHash('sha256');
    const texts = [];
    let written = 0;
    let chunkNo = 0;
    while (written < total) {
      const chunk = randomBytes(Math.min(total - written, randomInt(1, 96 * 1024)));
      // Wait for each chunk to reach the socket: sendMessage bypasses the Writable's buffer, so a text sent
      // while bytes are still buffered would overtake them.
      await new Promise((resolve, reject) => writer.stream.write(chunk, (err) => (err ? reject(err) : resolve())));
      sha.update(chunk);
      written += chunk.length;
      if (++chunkNo % 5 === 0) {
        const text = JSON.stringify({ mark: chunkNo });
        writer.sendMessage(text);
        texts.push(text);
      }
    }
    await new Promise((resolve, reject) => {
      writer.stream.on('error', reject);
      writer.stream.end(resolve);
    });
    return { sha256: sha.digest('hex'), bytes: written, texts };
  };
}
