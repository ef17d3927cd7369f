/** Worker thread entry of `report` (started by report-pool.ts): scores the files it is sent, one row each. */
import { serveReportWorker } from "./report-pool";
import { reportFileRow } from "./report-score";

serveReportWorker(reportFileRow);
