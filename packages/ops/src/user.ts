/**
 * User fields (docs/ops.md "Users"). A user's `name` is answered by runName, which owns the
 * `name` property and has a User overload.
 */
import { defineOp, overload, type OpDef } from "./define.js";
import { T } from "./types.js";

const USER = [{ name: "user", doc: "A user, from `runUser`." }] as const;

const userUsername = defineOp({
  name: "userUsername", alias: "username", category: "user",
  overloads: [overload([T.User], T.String, (u) => u.username, { sql: { wrapper: "userField", template: { duckdb: "$0.username" } } })],
  doc: {
    summary: "The user's account name.",
    params: USER, returns: "string",
    examples: [{ expr: 'runs.map(run => run.user.username)', result: ["alice", "bob", "bob", "alice", "carol", "carol", null, "alice"] }],
  },
});

const userEmail = defineOp({
  name: "userEmail", alias: "email", category: "user",
  overloads: [overload([T.User], T.Nullable(T.String), (u) => u.email)],
  doc: {
    summary: "The user's e-mail address, or null when not recorded.",
    params: USER, returns: "string|null",
    examples: [{ expr: 'runs.map(run => run.user.email).dropna.unique', result: ["alice@example.com", "carol@example.com"] }],
  },
});

/** The user ops, in reference order. */
export const userOps: readonly OpDef[] = [userUsername, userEmail];
