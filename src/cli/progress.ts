import { createRequire } from 'node:module';
import type cliProgressModule from 'cli-progress';

// The bar library loads only when a bar is drawn (a terminal), not at every start of the CLI or the server.
const require = createRequire(import.meta.url);
const cliProgress = () => require('cli-progress') as typeof cliProgressModule;
const LABELS: Record<string, string> = { load: 'reading', embed: 'embedding', index: 'indexing', write: 'writing' };

/** A progress bar on a terminal; nothing at all when stderr is a pipe or a file. */
export function progressReporter(
  stream: NodeJS.WriteStream = process.stderr,
): ((phase: string, done: number, total: number, pages?: number) => void) & { stop(): void } {
  let bar: cliProgressModule.SingleBar | undefined;
  let phase: string | undefined;
  const report = (p: string, done: number, total: number, pages?: number) => {
    if (!stream.isTTY) return;
    if (p !== phase) {
      bar?.stop();
      phase = p;
      const { SingleBar, Presets } = cliProgress();
      bar = new SingleBar(
        {
          format: `${(LABELS[p] ?? p).padEnd(9)} [{bar}] {value}/{total}${p === 'load' ? ' files{pages}' : ''}`,
          stream,
          clearOnComplete: false,
          hideCursor: true,
        },
        Presets.shades_classic,
      );
      bar.start(total, done, { pages: '' });
    }
    // PDF pages are counted as they are read: a 300-page manual shows it is moving, not stuck on one file.
    bar?.update(done, { pages: pages ? `, ${pages} PDF pages` : '' });
  };
  return Object.assign(report, {
    stop: () => {
      bar?.stop();
      bar = undefined;
      phase = undefined;
    },
  });
}
