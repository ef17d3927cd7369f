/**
 * What importing a certification file takes (decoding its bytes, checking its JSON text): loaded when the user picks
 * a file (loadCertFile in loaders.ts), not with the pane's first view.
 */
export { parseCertificationJson } from "../../domain/certification-json";
export { decodeJsonBytes } from "../../domain/json-text";
