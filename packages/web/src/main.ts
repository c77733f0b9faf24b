/**
 * The page's entry: starts the evaluation worker on the runs first (what `qel serve` names in the page's
 * `qel-runs` meta tag, else the sample project), telling it which panels the page will show first, then loads the
 * rest of the page (editor, charts) while the worker reads the runs and evaluates them, so both happen at once.
 */
import "./style.css";
import { firstPanels } from "./dashboard/saved.js";
import { Evaluator } from "./evaluator.js";
import type { RunsSource } from "./worker/model.js";

const served = document.querySelector<HTMLMetaElement>('meta[name="qel-runs"]')?.content ?? "";
const source: RunsSource = served !== "" ? { kind: "url", url: new URL(served, location.href).href } : { kind: "sample" };
const key = served !== "" ? `served:${location.host}` : "sample";
performance.mark("qel-main-start");
const evaluator = new Evaluator();
evaluator.load(source, firstPanels(key));
void import("./app.js").then((app) => app.start(evaluator, key));
