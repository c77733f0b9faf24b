/**
 * The worker thread of `qel eval` over a big JSON Lines file (stream-parallel.ts): compiles the expressions once
 * from the setup it is sent first, then evaluates each part of the file it is sent (stream-part.ts).
 */
import { serveParts } from "@qel/duckdb/parallel";
import { evaluatePart, setUpParts, type PartJob, type PartReply, type PartSetup, type PartState } from "./stream-part.js";

serveParts<PartJob, PartReply, PartState>(evaluatePart, (setup) => setUpParts(setup as PartSetup));
