/**
 * How messages about a host's arguments name a JavaScript value they did not expect (an environment, a document
 * field, a node of a hand-built tree): one wording for every such message.
 */

/**
 * A short description of any JavaScript value: `"lr"` (cut at 40 characters), `1.5`, `NaN`, `undefined`,
 * `2n (a bigint)`, `a symbol`, `a function`, `null`, `an array`, `an object`. Never throws, reads no property.
 */
export function describeValue(x: unknown): string {
  if (x === null) return "null";
  if (Array.isArray(x)) return "an array";
  switch (typeof x) {
    case "string":
      return JSON.stringify(x.length > 40 ? `${x.slice(0, 40)}…` : x);
    case "number":
    case "boolean":
    case "undefined":
      return String(x);
    case "bigint":
      return `${String(x)}n (a bigint)`;
    case "object":
      return "an object";
    default:
      return `a ${typeof x}`;
  }
}
