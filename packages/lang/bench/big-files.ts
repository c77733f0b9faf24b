/**
 * The large files of `pnpm bench` (docs/performance: loading big projects), generated deterministically into a
 * temporary folder: many runs as one canonical document and as JSON Lines, and few runs with long histories.
 * Strict JSON (no NaN tokens), so `JSON.parse` can be the baseline.
 */
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { prng } from "./data.js";

const JOB_TYPES = ["train", "eval", "sweep"] as const;
const OPTIMIZERS = ["adam", "sgd", "adamw"] as const;
const STATES = ["finished", "finished", "finished", "crashed", "running"] as const;
const T0 = Date.UTC(2026, 0, 1);

const pick = <T>(rand: () => number, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** One RUN object of about 850 bytes of JSON: config (nested), summary, user, tags, artifacts. */
function run(i: number, rand: () => number, history: readonly object[] | undefined): object {
  const created = T0 + Math.floor(rand() * 90 * 86_400_000);
  const user = Math.floor(rand() * 8);
  const nArtifacts = Math.floor(rand() * 3);
  return {
    name: `run-${i.toString(36).padStart(6, "0")}`,
    displayName: `exp-${Math.floor(rand() * 1000)}`,
    jobType: pick(rand, JOB_TYPES),
    state: pick(rand, STATES),
    createdAt: new Date(created).toISOString(),
    heartbeatAt: new Date(created + Math.floor(rand() * 36_000_000)).toISOString(),
    user: { username: `user${user}`, name: `User ${user}`, email: `user${user}@example.com` },
    config: {
      learning_rate: round(10 ** (-4 + rand() * 3), 6),
      batch_size: 2 ** (4 + Math.floor(rand() * 5)),
      optimizer: pick(rand, OPTIMIZERS),
      epochs: 10 + Math.floor(rand() * 90),
      dropout: round(rand() * 0.5, 3),
      model: { arch: pick(rand, ["resnet50", "vit-b16", "convnext-t"]), layers: 12 + Math.floor(rand() * 36), pretrained: rand() < 0.5 },
      seed: Math.floor(rand() * 10_000),
    },
    summary: {
      acc: round(rand(), 4),
      loss: round(rand() * 3, 4),
      val_acc: round(rand(), 4),
      val_loss: round(rand() * 3, 4),
      _step: Math.floor(rand() * 100_000),
      _runtime: round(rand() * 36_000, 1),
    },
    tags: rand() < 0.5 ? ["baseline", "v2"] : ["ablation"],
    group: `group-${Math.floor(rand() * 50)}`,
    ...(history !== undefined ? { history } : {}),
    loggedArtifacts: Array.from({ length: nArtifacts }, (_, v) => ({
      name: "model", version: v, aliases: v === nArtifacts - 1 ? ["latest"] : [], type: "model",
      size: Math.floor(rand() * 1e9), digest: Math.floor(rand() * 2 ** 48).toString(16),
    })),
  };
}

/** A history of `rows` rows: `_step`, `loss`, `acc` each row, `val_loss` every 50th row. */
function historyRows(rows: number, rand: () => number): object[] {
  const out: object[] = [];
  let loss = 2 + rand();
  for (let s = 0; s < rows; s++) {
    loss = Math.max(0.01, loss * (0.9995 + (rand() - 0.5) * 0.004));
    const row: Record<string, number> = { _step: s, loss: round(loss, 4), acc: round(1 - loss / 3, 4) };
    if (s % 50 === 49) row.val_loss = round(loss * 1.1, 4);
    out.push(row);
  }
  return out;
}


export interface BigFileSpec {
  readonly runs: number;
  /** History rows per run (0: none). */
  readonly historyRows: number;
  readonly format: "json" | "jsonl";
}

/** Writes the file for `spec` to `path`, run by run (never one string for the file); resolves to its size in bytes. */
export async function writeBigFile(path: string, spec: BigFileSpec, seed = 7): Promise<number> {
  const rand = prng(seed);
  const out = createWriteStream(path);
  let bytes = 0;
  const write = async (s: string): Promise<void> => {
    bytes += Buffer.byteLength(s);
    if (!out.write(s)) await once(out, "drain");
  };
  if (spec.format === "json") await write(`{"format":"qel-runs/1","project":{"entity":"bench","name":"big"},"runs":[\n`);
  for (let i = 0; i < spec.runs; i++) {
    const line = JSON.stringify(run(i, rand, spec.historyRows > 0 ? historyRows(spec.historyRows, rand) : undefined));
    await write(spec.format === "json" ? `${i > 0 ? ",\n" : ""}${line}` : `${line}\n`);
  }
  if (spec.format === "json") await write("\n]}\n");
  out.end();
  await once(out, "finish");
  return bytes;
}
