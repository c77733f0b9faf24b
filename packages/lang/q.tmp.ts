import { evaluate, check } from "@qel/lang";
import { toJsonValue } from "@qel/ops";
for (const e of process.argv.slice(2)) {
  try { console.log(e, "=>", JSON.stringify(toJsonValue(evaluate(e, { runs: [] })))); }
  catch (x: any) { console.log(e, "!!", x.diagnostic?.code, x.message); }
}
