/**
 * Artifact versions of the sample project: dataset versions runs consume, and model checkpoints runs log. Aliases
 * are as they stand at the end of the project: `latest` on each artifact's newest version, `best` on the model
 * version with the highest validation accuracy.
 */
import { ArtifactVersion, DateValue } from "@qel/ops";
import type { Rng } from "./rng.js";

/** An ARTIFACT object of the canonical format. */
export interface ArtifactJson {
  name: string;
  version: number;
  aliases: string[];
  type: string;
  size: number;
  createdAt: string;
  digest: string;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** Dataset versions with their creation dates, oldest first; a run uses the newest one that existed. */
export function datasetVersions(rng: Rng): { imagenet: ArtifactJson[]; cifar: ArtifactJson[] } {
  const dataset = (name: string, dates: readonly number[], aliases: readonly string[][], size: number): ArtifactJson[] =>
    dates.map((d, version) => ({
      name, version, aliases: [...(aliases[version] ?? [])], type: "dataset",
      size: Math.round(size * (1 + 0.08 * version)), createdAt: iso(d), digest: rng.id(32, "0123456789abcdef"),
    }));
  return {
    imagenet: dataset(
      "imagenet-subset",
      [Date.UTC(2025, 11, 15, 10), Date.UTC(2026, 0, 21, 16, 30), Date.UTC(2026, 1, 11, 9, 5), Date.UTC(2026, 2, 9, 14, 45)],
      [[], ["cleaned"], ["stable"], ["latest"]],
      13_400_000_000,
    ),
    cifar: dataset("cifar10-c", [Date.UTC(2025, 10, 2, 12), Date.UTC(2026, 1, 2, 11)], [[], ["latest"]], 2_890_000_000),
  };
}

/** The newest version created before `ms` (the first version when none was). */
export function versionAt(versions: readonly ArtifactJson[], ms: number, rng: Rng): ArtifactJson {
  let i = 0;
  while (i + 1 < versions.length && Date.parse((versions[i + 1] as ArtifactJson).createdAt) <= ms) i++;
  // Now and then a run pins an older version.
  if (i > 0 && rng.chance(0.1)) i--;
  return versions[i] as ArtifactJson;
}

/** A logged model checkpoint waiting for its version number. */
export interface Checkpoint {
  readonly model: string;
  readonly createdMs: number;
  readonly valAcc: number;
  readonly size: number;
  readonly artifact: ArtifactJson;
}

/**
 * Numbers each model's checkpoints in creation order (`v0`, `v1`, …) and sets `latest` and `best`. Mutates the
 * artifacts, which runs already reference.
 */
export function assignModelVersions(checkpoints: readonly Checkpoint[]): void {
  const byModel = new Map<string, Checkpoint[]>();
  for (const c of checkpoints) byModel.set(c.model, [...(byModel.get(c.model) ?? []), c]);
  for (const list of byModel.values()) {
    list.sort((a, b) => a.createdMs - b.createdMs);
    let best = list[0];
    list.forEach((c, version) => {
      c.artifact.version = version;
      c.artifact.aliases = [];
      if (best === undefined || c.valAcc > best.valAcc) best = c;
    });
    list[list.length - 1]?.artifact.aliases.push("latest");
    best?.artifact.aliases.push("best");
  }
}

/** A model checkpoint artifact for a finished training run. */
export function checkpoint(rng: Rng, model: string, createdMs: number, valAcc: number, params: number): Checkpoint {
  const size = Math.round(params * 4 * rng.float(1.0, 1.02));
  const artifact: ArtifactJson = {
    name: `${model}-model`, version: 0, aliases: [], type: "model", size, createdAt: iso(createdMs), digest: rng.id(32, "0123456789abcdef"),
  };
  return { model, createdMs, valAcc, size, artifact };
}

/** The immutable ArtifactVersion for a finished spec; `v<version>` is added to the aliases, as the format implies. */
export function toArtifactVersion(a: ArtifactJson): ArtifactVersion {
  const aliases = a.aliases.includes(`v${a.version}`) ? a.aliases : [...a.aliases, `v${a.version}`];
  return new ArtifactVersion(a.name, a.version, Object.freeze(aliases), a.type, a.size, new DateValue(Date.parse(a.createdAt)), a.digest);
}
