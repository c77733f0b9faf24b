/**
 * @qel/ops and @qel/lang as a host application gets them: packed into tarballs (`pnpm pack`, which builds them and
 * replaces `workspace:*`), installed with plain npm into a project outside the workspace, then
 * - imported from Node as ES modules, running every ```js example of README.md and docs/host.md (each line
 *   `// prints: …` is what the line before it must write);
 * - type-checked from a consumer .ts file under `moduleResolution` NodeNext and bundler;
 * - bundled for the browser by esbuild, with no Node built-in, and run in a context that has only the standard
 *   globals and forbids `eval` and `new Function` (what a `script-src 'self'` policy does); its size, minified
 *   and gzipped, is what the README says.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { runInNewContext } from "node:vm";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { jsExamples } from "./markdown.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const dir = mkdtempSync(join(tmpdir(), "qel-pack-"));
const app = join(dir, "app");
const fromLang = createRequire(join(root, "packages/lang/package.json"));
const tsc = join(root, "node_modules/typescript/bin/tsc");

/** Runs a command; its failure carries what it printed. */
/** esbuild as @qel/lang's own build uses it (the test package does not depend on it). */
function esbuild(): (o: object) => Promise<{ outputFiles: { text: string; contents: Uint8Array }[] }> {
  return (fromLang("esbuild") as { build: ReturnType<typeof esbuild> }).build;
}

function run(cmd: string, args: readonly string[], cwd: string): string {
  try {
    return execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 240_000 });
  } catch (e) {
    const { stdout, stderr } = e as { stdout?: string; stderr?: string };
    throw new Error(`${cmd} ${args.join(" ")} failed:\n${stdout ?? ""}${stderr ?? ""}`);
  }
}

beforeAll(() => {
  const packs = join(dir, "packs");
  for (const pkg of ["ops", "lang"]) {
    run("npx", ["-y", "pnpm@10", "pack", "--pack-destination", packs], join(root, "packages", pkg));
  }
  mkdirSync(app);
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "host-app", private: true, type: "module" }));
  const tarballs = readdirSync(packs).map((f) => join(packs, f));
  run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", ...tarballs], app);
}, 300_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("packed and installed with npm outside the workspace", () => {
  test("the tarballs hold the built modules and their types, not sources, tests or build state", () => {
    for (const pkg of ["ops", "lang"]) {
      const base = join(app, "node_modules/@qel", pkg);
      const manifest = JSON.parse(readFileSync(join(base, "package.json"), "utf8")) as Record<string, unknown>;
      expect(JSON.stringify(manifest)).not.toContain("workspace:");
      expect(JSON.stringify(manifest.exports)).not.toContain("src/");
      const files = readdirSync(base, { recursive: true }).map(String);
      expect(files).toContain(join("dist", "index.js"));
      expect(files).toContain(join("dist", "index.d.ts"));
      expect(files.filter((f) => /(^|\/)(src|bench)\/|\.test\.|tsbuildinfo|\.map$/.test(f))).toEqual([]);
    }
  });

  const docs = ["README.md", "docs/host.md"];
  const examples = docs.flatMap((doc) =>
    jsExamples(readFileSync(join(root, doc), "utf8")).map((code, i) => ({ name: `${doc} #${i + 1}`, code })));

  test("README.md and docs/host.md have runnable examples", () => {
    expect(examples.filter((e) => e.name.startsWith("README")).length).toBeGreaterThan(0);
    expect(examples.filter((e) => e.name.startsWith("docs/host")).length).toBeGreaterThan(2);
  });

  test.for(examples)("$name runs in Node and prints what it says", { timeout: 60_000 }, ({ name, code }) => {
    const file = join(app, `${name.replace(/\W+/g, "-")}.mjs`);
    writeFileSync(file, code);
    const expected = [...code.matchAll(/^\s*\/\/ prints: (.*)$/gm)].map((m) => m[1]!);
    expect(expected.length).toBeGreaterThan(0);
    const out = run("node", [file], app).trimEnd().split("\n");
    expect(out).toEqual(expected);
  });

  const consumer = `
import { compile, evaluate, QelError, type Compiled, type Value } from "@qel/lang";
import { T, type Type } from "@qel/ops";
const compiled: Compiled = compile("runs.filter(r => r.summary.acc > 0.5).map(runName)");
const t: Type = T.List(T.String);
const v: Value = compiled.run({ runs: [] });
export function code(): string | undefined {
  try { evaluate("runs.cont", { runs: [] }); } catch (e) { if (e instanceof QelError) return e.diagnostic.code; }
  return undefined;
}
export { t, v };
`;

  test.for(["NodeNext", "bundler"])("a consumer .ts file type-checks under moduleResolution %s", { timeout: 240_000 }, (resolution) => {
    const sub = join(app, `ts-${resolution}`);
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, "consumer.ts"), consumer);
    const module = resolution === "NodeNext" ? "NodeNext" : "ESNext";
    writeFileSync(join(sub, "tsconfig.json"), JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, target: "ES2022", lib: ["ES2022"], types: [], module, moduleResolution: resolution, skipLibCheck: false },
      files: ["consumer.ts"],
    }));
    // a type error must fail the check, so the check is shown to look at the package's types
    writeFileSync(join(sub, "wrong.ts"), `import { compile } from "@qel/lang";\nconst n: number = compile("1");\nexport { n };\n`);
    expect(() => run("node", [tsc, "-p", sub], sub)).not.toThrow();
    writeFileSync(join(sub, "tsconfig.json"), readFileSync(join(sub, "tsconfig.json"), "utf8").replace(`["consumer.ts"]`, `["consumer.ts","wrong.ts"]`));
    expect(() => run("node", [tsc, "-p", sub], sub)).toThrow(/TS2322/);
  });

  test("bundles for the browser with esbuild and runs without eval or new Function", async () => {
    const build = esbuild();
    writeFileSync(join(app, "browser.mjs"), `
import { evaluate, toJsonValue } from "@qel/lang";
const runs = [{ name: "a", jobType: "train", createdAt: "2026-03-01T10:00:00Z", heartbeatAt: "2026-03-01T11:30:00Z" }];
globalThis.result = toJsonValue(evaluate("runs.filter(r => r.jobType == 'train').map(runRuntime)", { runs }));
`);
    const out = await build({
      entryPoints: [join(app, "browser.mjs")], bundle: true, write: false, format: "iife", platform: "browser",
      target: "es2022", minify: true, logLevel: "silent", absWorkingDir: app,
    });
    const code = out.outputFiles[0]!.text;
    expect(code.match(/(?<![.\w])require\(\s*["'](?:node:)?[\w/]+["']\s*\)/g)).toBeNull();
    // a browser's globals as far as the bundle looks at them; code generation from strings forbidden, as under CSP
    const sandbox = Object.create(null) as Record<string, unknown>;
    const context = { self: undefined as unknown };
    const result = runInNewContext(`self = globalThis; ${code}; globalThis.result`, Object.assign(sandbox, context), {
      contextCodeGeneration: { strings: false, wasm: false },
      timeout: 10_000,
    }) as unknown;
    expect(result).toEqual([5400]);
  }, 120_000);

  test("the README gives the browser bundle's size, minified and gzipped, as measured", async () => {
    writeFileSync(join(app, "all.mjs"), `export * from "@qel/lang";\n`);
    const out = await esbuild()({
      entryPoints: [join(app, "all.mjs")], bundle: true, write: false, format: "esm", platform: "browser",
      target: "es2022", minify: true, logLevel: "silent", absWorkingDir: app,
    });
    const bytes = out.outputFiles[0]!.contents;
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const said = /about (\d+) KB minified and (\d+) KB\s+gzipped/.exec(readme);
    expect(said, "README: 'about N KB minified and M KB gzipped'").not.toBeNull();
    const kb = (n: number): number => n / 1000;
    expect(Math.abs(kb(bytes.length) - Number(said![1])) / kb(bytes.length)).toBeLessThan(0.1);
    expect(Math.abs(kb(gzipSync(bytes).length) - Number(said![2])) / kb(gzipSync(bytes).length)).toBeLessThan(0.1);
  }, 120_000);
});
