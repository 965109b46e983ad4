/**
 * The HTTP routes a benchmark page reports through, for a backend in another process: each writes the
 * POSTed body to a file the harness waits for (the fleetPixel page's report, and its "measuring from
 * now" mark in `<report-file>.start`).
 */
import { renameSync, writeFileSync } from 'node:fs';
import type { startBackend } from '../../../src-main/backend.js';

type Routes = NonNullable<Parameters<typeof startBackend>[0]['httpRoutes']>;

/** Where the fleetPixel page POSTs its report and its "measuring from now" mark. */
export const PAGE_REPORT_PATH = '/__bench/report';
export const PAGE_START_PATH = '/__bench/start';

/** The page's two POST routes, each writing its body to a file the harness waits for. */
export function pageRoutes(reportFile: string): Routes {
  const route =
    (file: string): Routes[string] =>
    (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        // Written beside it, then renamed: the harness (another process) reads the file as soon as it
        // exists, and a report of several hundred kB was read half-written.
        writeFileSync(`${file}.part`, Buffer.concat(chunks));
        renameSync(`${file}.part`, file);
        res.writeHead(204).end();
      });
    };
  return { [PAGE_REPORT_PATH]: route(reportFile), [PAGE_START_PATH]: route(`${reportFile}.start`) };
}
