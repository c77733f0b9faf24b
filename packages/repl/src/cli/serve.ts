/**
 * `qel serve [--runs PATH] [--port N]`: the panels page (packages/web, built into its dist/ folder) on
 * 127.0.0.1, over the runs at PATH (anything `--runs` reads) or the sample project. The runs go to the page as one
 * canonical runs document, `runs.json`; the page's index names it in its `qel-runs` meta tag.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { dirname, extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { serializeRunsDocument } from "@qel/ops";
import { COMMANDS, parseArgs, stringFlag, UsageError } from "./args.js";
import { writeLine, type Io } from "./io.js";
import { issueLines, openProject } from "./project.js";
import { wholeNumberFlag } from "./numbers.js";

const spec = COMMANDS["serve"]!;

const TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

/** The built page: beside this module's package, in packages/web/dist (from src/cli or from the dist bundle). */
export function findPage(env: NodeJS.ProcessEnv): string | null {
  const given = env["QEL_WEB_DIST"];
  if (given !== undefined && given !== "") return existsSync(join(given, "index.html")) ? resolve(given) : null;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, "packages", "web", "dist");
    if (existsSync(join(candidate, "index.html"))) return candidate;
    const sibling = join(dir, "web", "dist");
    if (existsSync(join(sibling, "index.html"))) return sibling;
    dir = dirname(dir);
  }
  return null;
}

/** The page's build script, when this runs from a checkout of the repository. */
function pageBuilder(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    for (const candidate of [join(dir, "packages", "web", "build.mjs"), join(dir, "web", "build.mjs")]) if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  return null;
}

export interface PageServer {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

/** Serves `root` (a built page) on 127.0.0.1:`port` (0: any free port); with `runsJson`, also `/runs.json`. */
export async function servePage(root: string, port: number, runsJson: string | null): Promise<PageServer> {
  const index = await readFile(join(root, "index.html"), "utf8");
  const page = runsJson === null ? index : index.replace(/(<meta name="qel-runs" content=")[^"]*(")/, "$1runs.json$2");
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://127.0.0.1").pathname);
    const send = (status: number, type: string, body: string | Buffer): void => {
      res.writeHead(status, { "content-type": type, "cache-control": "no-store", "x-content-type-options": "nosniff" });
      res.end(body);
    };
    if (req.method !== "GET" && req.method !== "HEAD") return send(405, "text/plain", "method not allowed\n");
    if (path === "/" || path === "/index.html") return send(200, TYPES[".html"]!, page);
    if (path === "/runs.json" && runsJson !== null) return send(200, TYPES[".json"]!, runsJson);
    const file = normalize(join(root, path));
    if (!file.startsWith(root + sep)) return send(404, "text/plain", "not found\n");
    readFile(file).then(
      (body) => send(200, TYPES[extname(file)] ?? "application/octet-stream", body),
      () => send(404, "text/plain", "not found\n"),
    );
  });
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(port, "127.0.0.1", () => ok());
  });
  const address = server.address();
  const actual = typeof address === "object" && address !== null ? address.port : port;
  return {
    url: `http://127.0.0.1:${actual}/`,
    server,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

/** Runs `qel serve` until the process is stopped; resolves to an exit code only on failure to start. */
export async function serveCommand(argv: readonly string[], io: Io): Promise<number> {
  const args = parseArgs(argv, spec);
  if (args.flags.has("help")) {
    writeLine(io.stdout, `usage: ${spec.usage}`);
    return 0;
  }
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}"`, spec.usage);
  const portText = stringFlag(args, "port") ?? "4173";
  const port = wholeNumberFlag("port", portText, { min: 0, max: 65535 }, spec.usage, "expects a port number from 0 to 65535");
  let root = findPage(io.env);
  const builder = pageBuilder();
  if (root === null && builder !== null) {
    writeLine(io.stderr, "qel serve: building the page (once)…");
    const r = spawnSync(process.execPath, [builder], { stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
    if (r.status !== 0) writeLine(io.stderr, `qel serve: building the page failed:\n${r.stderr}`);
    root = findPage(io.env);
  }
  if (root === null) {
    writeLine(io.stderr, "qel serve: the page is not built; run `node packages/web/build.mjs` in the qel repository (or set QEL_WEB_DIST)");
    return 1;
  }
  const runsPath = stringFlag(args, "runs");
  let runsJson: string | null = null;
  let what = "the sample project";
  if (runsPath !== undefined) {
    const project = await openProject(runsPath);
    for (const line of issueLines(project)) writeLine(io.stderr, line);
    runsJson = serializeRunsDocument(project.runs, { name: project.name });
    what = `${project.runs.length} runs from ${runsPath}`;
  }
  let served: PageServer;
  try {
    served = await servePage(root, port, runsJson);
  } catch (e) {
    writeLine(io.stderr, `qel serve: cannot listen on 127.0.0.1:${port} (${e instanceof Error ? e.message : String(e)})`);
    return 1;
  }
  writeLine(io.stdout, `qel serve: ${served.url} (${what}; Ctrl+C stops)`);
  await new Promise<void>((done) => {
    const stop = (): void => void served.close().then(done);
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  return 0;
}
