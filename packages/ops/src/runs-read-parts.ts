/**
 * Validation of the parts of a RUN: dates, string lists and ARTIFACT objects (docs/runs-format.md). Each part
 * is checked in one pass that allocates nothing when it is valid; the path and text of a problem are written
 * only when there is one (a big project has a million runs and, usually, no problem at all).
 */
import { parseIsoDate } from "./runs-dates.js";
import { describeValue, isJsonObject, joinPath, report, type IssueContext } from "./runs-issues.js";
import { fromJson, type DataLoss } from "./from-data.js";
import { ArtifactVersion, DateValue, EMPTY_DICT, type Value } from "./values.js";

/** The fields the format defines for an ARTIFACT; any other field is kept in `ArtifactVersion.extra`. */
export const ARTIFACT_FIELDS: ReadonlySet<string> = new Set(["name", "version", "aliases", "type", "size", "createdAt", "digest"]);

/** The empty list every run without tags or artifacts shares. */
export const EMPTY_LIST: readonly never[] = Object.freeze([]);

/**
 * Where the problems of one run are reported: the issue context, the run's path (`runs[3]`) and its name, which
 * ends every message about the run (` (run "a")`). Paths and the name's text are made only for a problem.
 */
export class RunPlace {
  #tag: string | undefined;

  constructor(
    readonly ctx: IssueContext,
    readonly path: string,
    readonly name: string,
  ) {}

  /** ` (run "NAME")`. */
  get tag(): string {
    return (this.#tag ??= ` (run ${JSON.stringify(this.name)})`);
  }

  at(field: string): string {
    return joinPath(this.path, field);
  }

  /** Reports `what` about the thing at `path`, then the run's tag, then `consequence` (`; field ignored`). */
  report(severity: "error" | "warning", path: string, what: string, consequence = ""): void {
    report(this.ctx, severity, path, `${what}${this.tag}${consequence}`);
  }
}

/**
 * Reads an ISO-8601 date string (see parseIsoDate for what is accepted): the date, or the problem's text
 * (`expected an ISO-8601 date string, found 3`) for the caller to report.
 */
export function readDate(v: unknown): DateValue | string {
  if (typeof v !== "string") return `expected an ISO-8601 date string, found ${describeValue(v)}`;
  const ms = parseIsoDate(v);
  return ms === null ? `${describeValue(v)} is not an ISO-8601 date` : new DateValue(ms);
}

/**
 * Reads a list of strings; a non-list is reported and gives [], a non-string element is reported and skipped.
 * `path` is the list's. `owned`: the list was parsed by the loader and is shared with no one, so a valid one is
 * kept itself (frozen) rather than copied.
 */
export function readStringList(v: unknown, place: RunPlace, path: () => string, owned = false): readonly string[] {
  if (v === undefined || v === null) return EMPTY_LIST;
  if (!Array.isArray(v)) {
    place.report("error", path(), `expected a list of strings, found ${describeValue(v)}`, "; field ignored");
    return EMPTY_LIST;
  }
  let valid = true;
  for (let i = 0; i < v.length && valid; i++) valid = typeof v[i] === "string";
  if (valid) return v.length === 0 ? EMPTY_LIST : Object.freeze(owned ? (v as string[]) : v.slice());
  const out: string[] = [];
  v.forEach((s: unknown, i) => {
    if (typeof s === "string") out.push(s);
    else place.report("error", `${path()}[${i}]`, `expected a string, found ${describeValue(s)}`, "; entry ignored");
  });
  return Object.freeze(out);
}

/** `v<version>` for the usual small versions, made once; and the aliases of an artifact that records none. */
const IMPLIED: string[] = Array.from({ length: 256 }, (_, i) => `v${i}`);
const ONLY_IMPLIED: (readonly string[])[] = IMPLIED.map((v) => Object.freeze([v]));

/** The aliases of artifacts recording one alias, by the alias and then the version (below 256). Bounded. */
const ONE_ALIAS = new Map<string, (readonly string[])[]>();

/** The aliases of an artifact of `version` recording only `alias`: it and the implied `v<version>`, made once. */
function oneAlias(alias: string, version: number): readonly string[] {
  let byVersion = ONE_ALIAS.get(alias);
  if (byVersion === undefined) {
    if (ONE_ALIAS.size >= 256) ONE_ALIAS.clear();
    ONE_ALIAS.set(alias, (byVersion = []));
  }
  const implied = IMPLIED[version]!;
  return (byVersion[version] ??= Object.freeze(alias === implied ? [alias] : [alias, implied]));
}

/**
 * Builds an ArtifactVersion from one ARTIFACT object, element `index` of the run's list `field`. Returns null
 * (after reporting an error) when `name` is not a non-empty string or `version` is not an integer ≥ 0; other
 * invalid fields are reported and left out. `v<version>` is appended to the aliases when missing, as the format
 * implies it. `owned` as for readStringList.
 */
export function readArtifact(raw: unknown, place: RunPlace, field: string, index: number, owned = false): ArtifactVersion | null {
  const path = (): string => `${place.at(field)}[${index}]`;
  if (!isJsonObject(raw)) {
    place.report("error", path(), `expected an artifact version object, found ${describeValue(raw)}`, "; artifact ignored");
    return null;
  }
  const at = (f: string): string => joinPath(path(), f);
  // one pass over its own keys, as readRun reads a run's (the cases are ARTIFACT_FIELDS)
  let name: unknown, version: unknown, aliasesRaw: unknown, type: unknown, sizeRaw: unknown, createdRaw: unknown, digest: unknown;
  let others: string[] | undefined;
  const keys = Object.keys(raw);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const v = raw[k];
    switch (k) {
      case "name": name = v; break;
      case "version": version = v; break;
      case "aliases": aliasesRaw = v; break;
      case "type": type = v; break;
      case "size": sizeRaw = v; break;
      case "createdAt": createdRaw = v; break;
      case "digest": digest = v; break;
      default: (others ??= []).push(k);
    }
  }
  if (typeof name !== "string" || name === "") {
    const found = name === undefined ? "missing" : `expected a non-empty string, found ${describeValue(name)}`;
    place.report("error", at("name"), found, "; artifact ignored");
    return null;
  }
  if (typeof version !== "number" || !Number.isSafeInteger(version) || version < 0 || Object.is(version, -0)) {
    const found = version === undefined ? "missing" : `expected an integer ≥ 0, found ${describeValue(version)}`;
    place.report("error", at("version"), found, "; artifact ignored");
    return null;
  }
  let aliases: readonly string[];
  if (version < IMPLIED.length && Array.isArray(aliasesRaw) && aliasesRaw.length === 1 && typeof aliasesRaw[0] === "string") {
    aliases = oneAlias(aliasesRaw[0], version);
  } else {
    aliases = aliasesRaw === undefined || aliasesRaw === null ? EMPTY_LIST : readStringList(aliasesRaw, place, () => at("aliases"), owned);
    const implied = version < IMPLIED.length ? IMPLIED[version]! : `v${version}`;
    if (aliases.length === 0) aliases = version < ONLY_IMPLIED.length ? ONLY_IMPLIED[version]! : Object.freeze([implied]);
    // concat, not a spread, which leaves the list room for 38
    else if (!aliases.includes(implied)) aliases = Object.freeze(aliases.concat(implied));
  }
  const str = (f: string, x: unknown): string | null => {
    if (x === undefined || x === null || typeof x === "string") return x ?? null;
    place.report("error", at(f), `expected a string or null, found ${describeValue(x)}`, "; field ignored");
    return null;
  };
  let size: number | null = null;
  if (typeof sizeRaw === "number" && Number.isSafeInteger(sizeRaw) && sizeRaw >= 0) size = sizeRaw;
  else if (sizeRaw !== undefined && sizeRaw !== null) {
    place.report("error", at("size"), `expected an integer number of bytes ≥ 0, found ${describeValue(sizeRaw)}`, "; field ignored");
  }
  let createdAt: DateValue | null = null;
  if (createdRaw !== undefined && createdRaw !== null) {
    const d = readDate(createdRaw);
    if (typeof d === "string") place.report("error", at("createdAt"), d, "; field ignored");
    else createdAt = d;
  }
  let extra: Map<string, Value> | undefined;
  if (others !== undefined) {
    for (const k of others) {
      const onLoss = (l: DataLoss): void => report(place.ctx, l.severity, at(k) + l.path, `${l.text}${place.tag}`);
      (extra ??= new Map()).set(k, fromJson(raw[k], { depth: 1, onLoss }));
    }
  }
  return new ArtifactVersion(name, version, aliases, str("type", type), size, createdAt, str("digest", digest), null, extra ?? EMPTY_DICT);
}
