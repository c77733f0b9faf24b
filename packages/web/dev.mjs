// `npx -y pnpm@10 web`: the page with Vite's development server (reloads on edits), over the sample project or a
// runs file opened on the page. `qel serve` serves the built page over runs on disk instead.
import { createServer } from "vite";
import { fileURLToPath } from "node:url";

const server = await createServer({ root: fileURLToPath(new URL(".", import.meta.url)), server: { host: "127.0.0.1" } });
await server.listen();
server.printUrls();
