/**
 * `npm run analyze -- FILE [--json] [--format DIALECT] [--limit N]`: the Node entry of the analyzer.
 * package.json builds this file with `vite build --ssr` into dist-cli/main.js (Node 20 cannot run TypeScript)
 * and runs it. Everything but the process plumbing is in run-cli.ts.
 */
import { CORE_PIPELINE } from './pipeline';
import { readFileBytes } from './read-file';
import { runCli, type CliIo } from './run-cli';

const NODE_IO: CliIo = {
  readFile: readFileBytes,
  stdout: (chunk) => {
    process.stdout.write(chunk);
  },
  stderr: (chunk) => {
    process.stderr.write(chunk);
  },
};

process.exitCode = runCli(process.argv.slice(2), NODE_IO, CORE_PIPELINE);
