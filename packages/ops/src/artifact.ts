/**
 * ArtifactVersion fields (docs/ops.md "Artifact versions"). `name` and `createdAt` are answered by the run
 * ops that own those property names (runName, runCreatedAt), which have ArtifactVersion overloads.
 */
import { defineOp, overload, type OpDef } from "./define.js";
import { T } from "./types.js";
import type { ArtifactVersion } from "./values.js";

const VERSION = [{ name: "artifact", doc: "An artifact version, from `loggedArtifactVersions`, `usedArtifactVersions` or `loggedArtifactVersion`." }] as const;

/** The alias an artifact version goes by: the one it was selected by, else "latest" when it has it, else `v<version>`. */
export function artifactAliasOf(a: ArtifactVersion): string {
  return a.selectedAlias ?? (a.aliases.includes("latest") ? "latest" : `v${a.version}`);
}

const artifactVersion = defineOp({
  name: "artifactVersion", alias: "version", category: "artifact",
  overloads: [overload([T.ArtifactVersion], T.Number, (a) => a.version)],
  doc: {
    summary: "The version index: 3 for `v3`.",
    params: VERSION, returns: "number",
    examples: [{ expr: 'runs[0].loggedArtifactVersions.map(a => a.version)', result: [0, 1] }],
  },
});

const artifactAlias = defineOp({
  name: "artifactAlias", alias: "alias", category: "artifact",
  overloads: [overload([T.ArtifactVersion], T.String, artifactAliasOf)],
  doc: {
    summary: "The alias the version was selected by; otherwise \"latest\" when it carries that alias, else `v<version>`.",
    params: VERSION, returns: "string",
    examples: [
      { title: "Listed versions", expr: 'runs[1].loggedArtifactVersions.map(a => a.name + ":" + a.alias)', result: ["model:latest"] },
      { title: "Selected by an alias", expr: 'runLoggedArtifactVersion(runs[1], "model:best").alias', result: "best" },
    ],
  },
});

const artifactAliases = defineOp({
  name: "artifactAliases", alias: "aliases", category: "artifact",
  overloads: [overload([T.ArtifactVersion], T.List(T.String), (a) => a.aliases.includes(`v${a.version}`) ? a.aliases : Object.freeze([...a.aliases, `v${a.version}`]))],
  doc: {
    summary: "Every alias of the version, always including its version alias `v<version>`.",
    params: VERSION, returns: "list<string>",
    examples: [{ expr: 'runs[1].loggedArtifactVersions[0].aliases', result: ["latest", "best", "v2"] }],
  },
});

const artifactSize = defineOp({
  name: "artifactSize", alias: "size", category: "artifact",
  overloads: [overload([T.ArtifactVersion], T.Nullable(T.Number), (a) => a.size)],
  doc: {
    summary: "The version's size in bytes, or null when unknown.",
    params: VERSION, returns: "number|null",
    examples: [{ expr: 'runs.map(run => run.loggedArtifactVersions.map(a => a.size).sum)', result: [2000000, 1200000, 0, 20000, 21000, 0, 0, 0] }],
  },
});

const artifactType = defineOp({
  name: "artifactType", alias: "type", category: "artifact",
  overloads: [overload([T.ArtifactVersion], T.Nullable(T.String), (a) => a.type)],
  doc: {
    summary: "The artifact's type (\"model\", \"dataset\", …), or null when unknown.",
    params: VERSION, returns: "string|null",
    examples: [{ expr: 'runs[3].usedArtifactVersions.map(a => a.type)', result: ["model"] }],
  },
});

const artifactDigest = defineOp({
  name: "artifactDigest", alias: "digest", category: "artifact",
  overloads: [overload([T.ArtifactVersion], T.Nullable(T.String), (a) => a.digest)],
  doc: {
    summary: "The content digest of the version, or null when unknown.",
    params: VERSION, returns: "string|null",
    examples: [{ expr: 'runs[0].loggedArtifactVersions.map(a => a.digest)', result: [null, null] }],
  },
});

/** The artifact version ops, in reference order. */
export const artifactOps: readonly OpDef[] = [artifactVersion, artifactAlias, artifactAliases, artifactSize, artifactType, artifactDigest];
