import cliProgress from 'cli-progress';
const LABELS: Record<string, string> = { load: 'reading', embed: 'embedding', index: 'indexing', write: 'writing' };

/** A progress bar on a terminal; nothing at all when stderr is a pipe or a file. */
export function progressReporter(stream: NodeJS.WriteStream = process.stderr): ((phase: string, done: number, total: number) => void) & { stop(): void } {
  let bar: cliProgress.SingleBar | undefined;
  let phase: string | undefined;
  const report = (p: string, done: number, total: number) => {
    if (!stream.isTTY) return;
    if (p !== phase) {
      bar?.stop();
      phase = p;
      bar = new cliProgress.SingleBar(
        { format: `${(LABELS[p] ?? p).padEnd(9)} [{bar}] {value}/{total}`, stream, clearOnComplete: false, hideCursor: true },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, done);
    }
    bar?.update(done);
  };
  return Object.assign(report, {
    stop: () => {
      bar?.stop();
      bar = undefined;
      phase = undefined;
    },
  });
}
