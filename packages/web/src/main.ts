/**
 * The page: loads runs (what `qel serve` names in the page, else the sample project; a runs file can be opened or
 * dropped at any time), then shows the saved dashboard for those runs or starter panels.
 */
import type { QelEnv } from "@qel/codemirror";
import type { RunSchema } from "@qel/ops";
import "./style.css";
import { Evaluator } from "./evaluator.js";
import { DashboardView } from "./ui/dashboard-view.js";
import type { RunsSource } from "./worker/model.js";

const $ = <T extends HTMLElement>(sel: string): T => document.querySelector<T>(sel)!;
const messages = $("#messages");
const say = (text: string): void => {
  messages.textContent = text;
};

const dashboard = new DashboardView($("#panels"), new Evaluator({
  loaded(info) {
    $("#project").textContent = `${info.project} · ${info.runs} runs`;
    document.body.dataset["runsLoadMs"] = String(Math.round(info.ms));
    if (info.issues.length > 0) say(`${info.issues.length} problems while loading:\n${info.issues.slice(0, 5).join("\n")}`);
    if (dashboard.panelCount === 0) dashboard.openStarter(info);
  },
  loadFailed(message) {
    say(`Could not load runs: ${message}`);
  },
  schema(schema) {
    dashboard.setEnv({ schema: schema as RunSchema } satisfies QelEnv);
  },
}), say);

dashboard.onFirstResults = () => {
  // Milliseconds since the navigation started (performance.now's origin).
  const ms = Math.round(performance.now());
  document.body.dataset["firstResultsMs"] = String(ms);
  $("#timing").textContent = `first results in ${ms} ms`;
};

function open(source: RunsSource, key: string): void {
  $("#project").textContent = "Loading runs…";
  dashboard.evaluator.load(source);
  dashboard.setEnv({});
  dashboard.openSaved(key);
}

async function start(): Promise<void> {
  const served = document.querySelector<HTMLMetaElement>('meta[name="qel-runs"]')?.content ?? "";
  if (served !== "") {
    const res = await fetch(served);
    if (!res.ok) return say(`Could not load ${served}: HTTP ${res.status}`);
    open({ kind: "text", text: await res.text(), fileName: served }, `served:${location.host}`);
  } else open({ kind: "sample" }, "sample");
}

async function openFile(file: File): Promise<void> {
  if (/\.json$/i.test(file.name) && (await file.slice(0, 200).text()).includes("qel-dashboard/")) {
    dashboard.importText(await file.text(), file.name);
    return;
  }
  open({ kind: "text", text: await file.text(), fileName: file.name }, `file:${file.name}`);
  say(`Opened ${file.name}`);
}

$<HTMLInputElement>("#open-runs").addEventListener("change", (e) => {
  const f = (e.target as HTMLInputElement).files?.[0];
  if (f !== undefined) void openFile(f);
});
$<HTMLInputElement>("#import").addEventListener("change", async (e) => {
  const input = e.target as HTMLInputElement;
  const f = input.files?.[0];
  if (f !== undefined) dashboard.importText(await f.text(), f.name);
  input.value = "";
});
$("#add-panel").addEventListener("click", () => dashboard.add().editor.focus());
$("#export").addEventListener("click", () => {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([dashboard.exportText()], { type: "application/json" }));
  a.download = "qel-dashboard.json";
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
});
$("#sample").addEventListener("click", () => open({ kind: "sample" }, "sample"));
document.addEventListener("dragover", (e) => {
  e.preventDefault();
  document.body.classList.add("dropping");
});
document.addEventListener("dragleave", () => document.body.classList.remove("dropping"));
document.addEventListener("drop", (e) => {
  e.preventDefault();
  document.body.classList.remove("dropping");
  const f = e.dataTransfer?.files[0];
  if (f !== undefined) void openFile(f);
});
window.addEventListener("beforeunload", () => dashboard.save());

void start();
