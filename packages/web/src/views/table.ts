/**
 * A sortable table: each column header is a button; clicking (or Enter) sorts by it, again reverses. A long table
 * first draws the rows a panel shows without scrolling, and the rest once the page's first results are shown
 * (laying out hundreds of rows costs more than everything else a first panel draws).
 */
import type { Cell, TableData } from "../worker/model.js";
import { afterFirstResults } from "./deferred.js";

/** Rows drawn at once (a panel shows about 15 without scrolling); the rest follow (see deferred.ts). */
export const FIRST_ROWS = 40;

function compare(a: Cell, b: Cell): number {
  if (a.sort === null) return b.sort === null ? 0 : 1;
  if (b.sort === null) return -1;
  if (typeof a.sort === "number" && typeof b.sort === "number") return a.sort - b.sort;
  return String(a.sort).localeCompare(String(b.sort));
}

/** Renders `data` into `host`, captioned with `label`. */
export function renderTable(host: HTMLElement, data: TableData, label: string): void {
  let sortBy = -1;
  let dir = 1;
  const wrap = document.createElement("div");
  wrap.className = "table-wrap";
  const table = document.createElement("table");
  table.className = "result-table";
  const caption = document.createElement("caption");
  caption.textContent = data.total > data.rows.length ? `${label}: first ${data.rows.length} of ${data.total} rows` : `${label}: ${data.total} rows`;
  const thead = document.createElement("thead");
  const tbody = document.createElement("tbody");
  table.append(caption, thead, tbody);
  wrap.append(table);
  const headRow = document.createElement("tr");
  thead.append(headRow);
  /** Counts draws, so rows held for later are dropped when the table was drawn again meanwhile. */
  let draws = 0;
  const rowsOf = (rows: readonly (readonly Cell[])[]): DocumentFragment => {
    const frag = document.createDocumentFragment();
    for (const r of rows) {
      const tr = document.createElement("tr");
      for (const c of r) {
        const td = document.createElement("td");
        td.textContent = c.text;
        if (typeof c.sort === "number") td.className = "num";
        tr.append(td);
      }
      frag.append(tr);
    }
    return frag;
  };
  /** Draws the rows in order; `all`: every row now, else the first screenful now and the rest later. */
  const draw = (all: boolean): void => {
    const rows = sortBy < 0 ? data.rows : [...data.rows].sort((a, b) => dir * compare(a[sortBy]!, b[sortBy]!));
    const now = all ? rows.length : FIRST_ROWS;
    const drawn = ++draws;
    tbody.replaceChildren(rowsOf(rows.slice(0, now)));
    if (rows.length > now) {
      afterFirstResults(() => {
        if (drawn === draws) tbody.append(rowsOf(rows.slice(now)));
      });
    }
    headRow.querySelectorAll("th").forEach((th, i) => {
      th.setAttribute("aria-sort", i === sortBy ? (dir > 0 ? "ascending" : "descending") : "none");
      th.querySelector(".sort-mark")!.textContent = i === sortBy ? (dir > 0 ? " ▲" : " ▼") : "";
    });
  };
  data.columns.forEach((name, i) => {
    const th = document.createElement("th");
    th.scope = "col";
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = name;
    // The arrow is for the eye; aria-sort tells assistive technology, and the button keeps its name.
    const mark = document.createElement("span");
    mark.className = "sort-mark";
    mark.setAttribute("aria-hidden", "true");
    button.append(mark);
    button.title = `Sort by ${name}`;
    button.addEventListener("click", () => {
      dir = sortBy === i ? -dir : 1;
      sortBy = i;
      draw(true);
    });
    th.append(button);
    headRow.append(th);
  });
  draw(false);
  host.replaceChildren(wrap);
}
