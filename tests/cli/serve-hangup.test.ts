import type { ChildProcess } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO, corpusOf, tempDir } from '../helpers/fixtures.js';
import { servedUrl, spawnServe } from '../helpers/served-cli.js';

const BIN = join(REPO, 'bin', 'cited.js');
/** How long the served child may take to start and to re-ingest: generous for a shared CI machine. */
const WAIT_MS = 20_000;

/** `cited serve` in its own process (signals are the CLI's), with its log collected. */
const serve = (corpus: string, indexDir: string) =>
  spawnServe(BIN, [], { CITED_CORPUS_DIR: corpus, CITED_INDEX_DIR: indexDir, CITED_RATE_LIMIT: '0' });

async function until(what: string, check: () => boolean | Promise<boolean>, log: () => string): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}; server log:\n${log()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('SIGHUP while another ingest holds the index lock', () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    child?.kill();
  });

  it('waits for the lock and then re-ingests, so a document added meanwhile is served', async () => {
    const corpus = corpusOf({ 'first.txt': 'The lighthouse was built in 1874.' });
    const indexDir = tempDir();
    const server = serve(corpus, indexDir);
    child = server.child;
    const url = await servedUrl(server, /ready:/);

    // Another ingest is writing (a live process — this one — holds the lock) when the corpus changes.
    writeFileSync(join(indexDir, '.lock'), String(process.pid));
    writeFileSync(join(corpus, 'late.txt'), 'The ferry to the island leaves at noon.');
    server.child.kill('SIGHUP');
    await until('the re-ingest to find the lock held', () => /re-ingest waits/.test(server.log()), server.log);
    rmSync(join(indexDir, '.lock'));

    const served = async () => (await fetch(`${url}/api/documents/late`)).status === 200;
    await until('the late document to be served', served, server.log);
    expect(server.log()).toMatch(/re-ingested the corpus/);
  });
});
