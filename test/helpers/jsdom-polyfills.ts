/**
 * jsdom has no TextDecoder (every browser the pane runs in does, and the file pickers decode the file's bytes with
 * it): give the jsdom tests Node's. No-op in the node environment.
 */
import { TextDecoder as NodeTextDecoder } from "util";

if (typeof globalThis.TextDecoder === "undefined") (globalThis as { TextDecoder?: unknown }).TextDecoder = NodeTextDecoder;
