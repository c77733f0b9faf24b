/**
 * The worker thread of a JSON Lines import (import-jsonl.ts): reads each part of the file it is sent and posts
 * back its rows (parallel/worker-pool.ts's serveParts).
 */
import { readChunk, type ChunkJob, type ChunkRows } from "./import-chunk.js";
import { serveParts } from "./parallel/worker-pool.js";

serveParts<ChunkJob, ChunkRows>((job) => ({ reply: readChunk(job) }));
