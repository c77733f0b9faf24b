/**
 * The worker thread of a JSON Lines import (import-jsonl.ts): reads each part of the file it is sent and posts
 * back its rows, in the order the parts came. A part that throws posts the error instead; null ends the thread.
 */
import { parentPort } from "node:worker_threads";
import { readChunk, type ChunkJob } from "./import-chunk.js";

const port = parentPort!;
port.on("message", (job: ChunkJob | null) => {
  // null: no more parts; the thread ends once its port is closed
  if (job === null) return port.close();
  try {
    port.postMessage(readChunk(job));
  } catch (e) {
    port.postMessage({ seq: job.seq, error: e instanceof Error ? { name: e.name, message: e.message } : { name: "Error", message: String(e) } });
  }
});
