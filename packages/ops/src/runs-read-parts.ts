/** Validation of the parts of a RUN: dates, string lists and ARTIFACT objects (docs/runs-format.md). */
import { parseIsoDate } from "./runs-dates.js";
import { describeValue, isJsonObject, joinPath, own, report, type IssueContext } from "./runs-issues.js";
import { fromJson, type DataLoss } from "./from-data.js";
import { ArtifactVersion, DateValue, EMPTY_DICT, type Value } from "./values.js";

/** The fields the format defines for an ARTIFACT; any other field is kept in `ArtifactVersion.extra`. */
export const ARTIFACT_FIELDS: ReadonlySet<string> = new Set(["name", "version", "aliases", "type", "size", "createdAt", "digest"]);

/**
 * Reads an ISO-8601 date string (see parseIsoDate for what is accepted). On anything else, reports an error
 * at `path` whose text ends with `consequence` and returns null.
 */
export function readDate(v: unknown, path: string, ctx: IssueContext, consequence: string): DateValue | null {
  if (typeof v !== "string") {
    report(ctx, "error", path, `expected an ISO-8601 date string, found ${describeValue(v)}${consequence}`);
    return null;
  }
  const ms = parseIsoDate(v);
  if (ms === null) {
    report(ctx, "error", path, `${describeValue(v)} is not an ISO-8601 date${consequence}`);
    return null;
  }
  return new DateValue(ms);
}

/** Reads a list of strings; a non-list is reported and gives [], a non-string element is reported and skipped. */
export function readStringList(v: unknown, path: string, ctx: IssueContext, tag: string): readonly string[] {
  if (v === undefined || v === null) return Object.freeze([]);
  if (!Array.isArray(v)) {
    report(ctx, "error", path, `expected a list of strings, found ${describeValue(v)}${tag}; field ignored`);
    return Object.freeze([]);
  }
  const out: string[] = [];
  v.forEach((s: unknown, i) => {
    if (typeof s === "string") out.push(s);
    else report(ctx, "error", `${path}[${i}]`, `expected a string, found ${describeValue(s)}${tag}; entry ignored`);
  });
  return Object.freeze(out);
}

/**
 * Builds an ArtifactVersion from one ARTIFACT object. Returns null (after reporting an error) when `name` is not
 * a non-empty string or `version` is not an integer ≥ 0; other invalid fields are reported and left out.
 * `v<version>` is appended to the aliases when missing, as the format implies it.
 */
export function readArtifact(raw: unknown, path: string, ctx: IssueContext, tag: string): ArtifactVersion | null {
  if (!isJsonObject(raw)) {
    report(ctx, "error", path, `expected an artifact version object, found ${describeValue(raw)}${tag}; artifact ignored`);
    return null;
  }
  const at = (f: string): string => joinPath(path, f);
  const name = own(raw, "name");
  if (typeof name !== "string" || name === "") {
    const found = name === undefined ? "missing" : `expected a non-empty string, found ${describeValue(name)}`;
    report(ctx, "error", at("name"), `${found}${tag}; artifact ignored`);
    return null;
  }
  const version = own(raw, "version");
  if (typeof version !== "number" || !Number.isSafeInteger(version) || version < 0 || Object.is(version, -0)) {
    const found = version === undefined ? "missing" : `expected an integer ≥ 0, found ${describeValue(version)}`;
    report(ctx, "error", at("version"), `${found}${tag}; artifact ignored`);
    return null;
  }
  const aliases = [...readStringList(own(raw, "aliases"), at("aliases"), ctx, tag)];
  if (!aliases.includes(`v${version}`)) aliases.push(`v${version}`);
  const str = (f: string): string | null => {
    const x = own(raw, f);
    if (x === undefined || x === null || typeof x === "string") return x ?? null;
    report(ctx, "error", at(f), `expected a string or null, found ${describeValue(x)}${tag}; field ignored`);
    return null;
  };
  let size: number | null = null;
  const sizeRaw = own(raw, "size");
  if (typeof sizeRaw === "number" && Number.isSafeInteger(sizeRaw) && sizeRaw >= 0) size = sizeRaw;
  else if (sizeRaw !== undefined && sizeRaw !== null) {
    report(ctx, "error", at("size"), `expected an integer number of bytes ≥ 0, found ${describeValue(sizeRaw)}${tag}; field ignored`);
  }
  const createdRaw = own(raw, "createdAt");
  const createdAt =
    createdRaw === undefined || createdRaw === null ? null : readDate(createdRaw, at("createdAt"), ctx, `${tag}; field ignored`);
  const extra = new Map<string, Value>();
  for (const k of Object.keys(raw)) {
    if (ARTIFACT_FIELDS.has(k)) continue;
    const onLoss = (l: DataLoss): void => report(ctx, l.severity, at(k) + l.path, `${l.text}${tag}`);
    extra.set(k, fromJson(raw[k], { depth: 1, onLoss }));
  }
  return new ArtifactVersion(
    name,
    version,
    Object.freeze(aliases),
    str("type"),
    size,
    createdAt,
    str("digest"),
    null,
    extra.size === 0 ? EMPTY_DICT : extra,
  );
}
