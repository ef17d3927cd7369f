/**
 * The pane's code that runs on a user's request only, each a chunk of its own loaded then (not first-load
 * JavaScript): importing a certification file, reading a crosswalk file.
 */
export const loadCertFile = () => import(/* webpackChunkName: "cert-file" */ "./certFile");
export const loadCrosswalkFileReader = () => import(/* webpackChunkName: "crosswalk-file" */ "./crosswalkFile");
