import { existsSync, readFileSync, statSync } from 'node:fs';
import { CitedError } from '../errors.js';

/** Read from the folder `cited` runs in, as docker compose, Vite and dotenv read theirs. */
const ENV_FILE = '.env';

/** `NAME=value`, optionally after `export ` (for a file a shell also sources); names as Node's parser takes them. */
const ASSIGNMENT = /^\s*(?:export\s+)?[A-Za-z_][\w.-]*\s*=(.*)$/;
/** The quotes a value may open and close on a later line (Node's parser reads all three that way). */
const QUOTES = new Set(['"', "'", '`']);

/**
 * Loads `.env` from the current folder, if there is one, into `process.env` before any setting is read. A variable
 * already set in the environment wins over the file: the file holds this folder's defaults, the environment is what
 * this one run was asked for (as `docker run -e` wins over `--env-file`, and as dotenv does by default). Node's
 * `loadEnvFile` keeps set variables today, but its documentation does not promise it, so the order is enforced here.
 *
 * Node's parser skips a line it cannot read without a word, so `PORT 9000` or an unclosed quote would silently do
 * nothing; such a file is refused instead, naming the line but never its text (the line may hold a key).
 */
export function loadEnvFile(path = ENV_FILE): void {
  if (!existsSync(path)) return;
  const text = readText(path);
  const bad = firstBadLine(text);
  if (bad) throw new CitedError('CONFIG_INVALID', `${path}, line ${bad.line}: ${bad.reason}`);
  // engines says >= 20.12, where loadEnvFile arrived, but npm only warns about engines.
  if (typeof process.loadEnvFile !== 'function')
    throw new CitedError('CONFIG_INVALID', `reading ${path} needs Node 20.12 or later (this is ${process.version})`);
  const before = { ...process.env };
  process.loadEnvFile(path);
  Object.assign(process.env, before);
}

function readText(path: string): string {
  try {
    if (!statSync(path).isFile()) throw new Error('not a file');
    return readFileSync(path, 'utf8');
  } catch (e) {
    const why = e instanceof Error && 'code' in e ? String(e.code) : 'not a file';
    throw new CitedError('CONFIG_INVALID', `cannot read ${path} (${why}): fix or remove it`, { cause: e });
  }
}

/** The first line that is not blank, a comment, `NAME=value` or the rest of a quoted value, and why. */
function firstBadLine(text: string): { line: number; reason: string } | undefined {
  const lines = text.split(/\r?\n/);
  let open: { quote: string; line: number } | undefined;
  for (const [i, line] of lines.entries()) {
    if (open) {
      if (line.includes(open.quote)) open = undefined;
      continue;
    }
    if (/^\s*(#|$)/.test(line)) continue;
    const assignment = ASSIGNMENT.exec(line);
    if (!assignment) return { line: i + 1, reason: 'not NAME=value (a comment starts with #)' };
    const value = assignment[1].trimStart();
    if (QUOTES.has(value[0]) && !value.slice(1).includes(value[0])) open = { quote: value[0], line: i + 1 };
  }
  return open && { line: open.line, reason: `a value opened with ${open.quote} is never closed` };
}
