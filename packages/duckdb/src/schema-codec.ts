/**
 * A RunSchema as JSON, stored in the database at import so a query is checked against the project's keys
 * without reading every run again.
 */
import type { RunSchema, Type } from "@qel/ops";

type TypeJson = { kind: string; [k: string]: unknown };

export function typeToJson(t: Type): TypeJson {
  switch (t.kind) {
    case "list":
      return { kind: "list", element: typeToJson(t.element) };
    case "dict": {
      const o: TypeJson = { kind: "dict", value: typeToJson(t.value) };
      if (t.fields !== undefined) o.fields = [...t.fields].map(([k, v]) => [k, typeToJson(v)]);
      if (t.name !== undefined) o.name = t.name;
      return o;
    }
    case "union":
      return { kind: "union", members: t.members.map(typeToJson) };
    case "function":
      return { kind: "any" };
    default:
      return { kind: t.kind };
  }
}

export function typeFromJson(j: TypeJson): Type {
  switch (j.kind) {
    case "list":
      return Object.freeze({ kind: "list", element: typeFromJson(j.element as TypeJson) });
    case "dict": {
      const fields = j.fields === undefined ? undefined : new Map((j.fields as [string, TypeJson][]).map(([k, v]) => [k, typeFromJson(v)]));
      return Object.freeze({ kind: "dict", value: typeFromJson(j.value as TypeJson), ...(fields ? { fields } : {}), ...(j.name ? { name: j.name } : {}) }) as unknown as Type;
    }
    case "union":
      return Object.freeze({ kind: "union", members: (j.members as TypeJson[]).map(typeFromJson) });
    default:
      return Object.freeze({ kind: j.kind }) as Type;
  }
}

export function schemaToJson(s: RunSchema): unknown {
  const side = (m: ReadonlyMap<string, Type>) => [...m].map(([k, t]) => [k, typeToJson(t)]);
  return { config: side(s.config), summary: side(s.summary), history: side(s.history) };
}

export function schemaFromJson(j: unknown): RunSchema {
  const o = j as Record<"config" | "summary" | "history", [string, TypeJson][]>;
  const side = (xs: [string, TypeJson][]) => new Map(xs.map(([k, t]) => [k, typeFromJson(t)]));
  return { config: side(o.config), summary: side(o.summary), history: side(o.history) };
}
