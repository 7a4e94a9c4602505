import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/main/index.js';
import type { Answer, DocumentEntry } from '../../src/types.js';
import { REPO, corpusOf, tempDir } from '../helpers/fixtures.js';
import { startTestServer } from '../helpers/server.js';

const FIXTURES = join(REPO, 'tests', 'fixtures', 'documents');
const ADMIN = 'admin-key-1';
const ASK = 'ask-key-1';
const auth = (key: string) => ({ authorization: `Bearer ${key}` });

let servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function serve(env: Record<string, string>): Promise<RunningServer> {
  const server = await startTestServer({ CITED_API_KEYS: ASK, CITED_ADMIN_KEYS: ADMIN, ...env });
  servers.push(server);
  return server;
}

/** A real multipart/form-data request, as a browser form or `curl -F file=@…` sends it. */
function upload(server: RunningServer, name: string, bytes: Uint8Array | string, key = ADMIN) {
  const form = new FormData();
  form.append('file', new Blob([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)]), name);
  return fetch(`${server.url}/api/documents`, { method: 'POST', headers: auth(key), body: form });
}

const list = async (server: RunningServer): Promise<DocumentEntry[]> =>
  (
    (await (await fetch(`${server.url}/api/documents`, { headers: auth(ADMIN) })).json()) as {
      documents: DocumentEntry[];
    }
  ).documents;

async function ask(server: RunningServer, question: string): Promise<Answer> {
  const res = await fetch(`${server.url}/api/ask`, {
    method: 'POST',
    headers: { ...auth(ASK), 'content-type': 'application/json' },
    body: JSON.stringify({ question }),
  });
  return (await res.json()) as Answer;
}

const fixture = (name: string) => readFileSync(join(FIXTURES, name));
const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

describe('the document API', () => {
  it('is off without admin keys, and takes only admin keys', async () => {
    const off = await startTestServer({ CITED_CORPUS_DIR: corpusOf({ 'a.txt': 'A bridge.' }) });
    servers.push(off);
    const res = await fetch(`${off.url}/api/documents`);
    expect([res.status, await errorCode(res)]).toEqual([403, 'FORBIDDEN']);
    const server = await serve({ CITED_CORPUS_DIR: corpusOf({ 'a.txt': 'The bridge opened in 1932.' }) });
    expect((await fetch(`${server.url}/api/documents`, { headers: auth(ASK) })).status).toBe(401);
    expect((await upload(server, 'b.txt', 'B.', ASK)).status).toBe(401);
    expect((await fetch(`${server.url}/api/documents`)).status).toBe(401);
    expect(await list(server)).toEqual([
      expect.objectContaining({ id: 'a', title: 'The bridge opened in 1932.', type: 'text', chunks: 1 }),
    ]);
    // An admin key may ask as well.
    const asked = await fetch(`${server.url}/api/ask`, {
      method: 'POST',
      headers: { ...auth(ADMIN), 'content-type': 'application/json' },
      body: JSON.stringify({ question: 'When did the bridge open?' }),
    });
    expect(asked.status).toBe(200);
  });

  it('takes a PDF and a Word file, answers with checked quotes and pages, forgets one deleted', async () => {
    const corpus = corpusOf({ 'note.txt': 'The office closes at 6pm on Fridays.' });
    const indexDir = tempDir();
    const env = { CITED_CORPUS_DIR: corpus, CITED_INDEX_DIR: indexDir };
    let server = await serve(env);
    const pdf = await upload(server, 'Travel Policy.pdf', fixture('travel-policy.pdf'));
    expect(pdf.status).toBe(201);
    const entry = (await pdf.json()) as DocumentEntry;
    expect(entry).toMatchObject({ id: 'travel-policy-pdf', title: 'Brightwater Travel Policy', type: 'pdf', pages: 3 });
    expect(entry.chunks).toBeGreaterThan(0);
    expect(entry.sha256).toMatch(/^[0-9a-f]{64}$/);
    const docx = await upload(server, 'handbook.docx', fixture('leave-handbook.docx'));
    expect(docx.status).toBe(201);
    expect(await docx.json()).toMatchObject({ id: 'handbook-docx', title: 'Northfield Leave Handbook', type: 'docx' });

    const checkAnswers = async (s: RunningServer) => {
      const insurance = await ask(s, 'How much medical cost does the travel insurance cover?');
      expect(insurance.citations[0]).toMatchObject({ docId: 'travel-policy-pdf', page: 3 });
      const sick = await ask(s, 'When must sick leave be reported?');
      expect(sick.citations[0]).toMatchObject({ docId: 'handbook-docx' });
      for (const c of [insurance.citations[0], sick.citations[0]]) {
        const doc = (await (await fetch(`${s.url}/api/documents/${c.docId}`, { headers: auth(ASK) })).json()) as {
          text: string;
        };
        expect(doc.text.slice(c.start, c.end)).toBe(c.quote);
      }
    };
    await checkAnswers(server);

    const removed = await fetch(`${server.url}/api/documents/handbook-docx`, {
      method: 'DELETE',
      headers: auth(ADMIN),
    });
    expect(removed.status).toBe(204);
    const gone = await ask(server, 'When must sick leave be reported?');
    expect(gone.citations.concat(gone.related ?? []).some((c) => c.docId === 'handbook-docx')).toBe(false);
    expect((await fetch(`${server.url}/api/documents/handbook-docx`, { headers: auth(ASK) })).status).toBe(404);
    const again = await fetch(`${server.url}/api/documents/handbook-docx`, { method: 'DELETE', headers: auth(ADMIN) });
    expect(again.status).toBe(404);

    // A restart reads what the changes left on disk: the corpus folder and the index.
    await server.close();
    servers = [];
    server = await serve(env);
    expect((await list(server)).map((d) => d.id).sort()).toEqual(['note', 'travel-policy-pdf']);
    expect(readdirSync(corpus).sort()).toEqual(['Travel Policy.pdf', 'note.txt']);
    const insurance = await ask(server, 'How much medical cost does the travel insurance cover?');
    expect(insurance.citations[0]).toMatchObject({ docId: 'travel-policy-pdf', page: 3 });
  });

  it('refuses what it cannot index, with the right status and code, and stores none of it', async () => {
    const corpus = corpusOf({ 'a.txt': 'The bridge opened in 1932.' });
    const server = await serve({ CITED_CORPUS_DIR: corpus, CITED_MAX_FILE_MB: '0.02' });
    const zip = new JSZip();
    zip.file('xl/workbook.xml', '<workbook/>');
    const cases: [Response, number, string][] = [
      [
        await upload(server, 'budget.xlsx', await zip.generateAsync({ type: 'uint8array' })),
        415,
        'DOCUMENT_UNSUPPORTED',
      ],
      [await upload(server, 'blob.txt', new Uint8Array([0, 1, 2, 3])), 415, 'DOCUMENT_UNSUPPORTED'],
      [await upload(server, 'empty.txt', ''), 422, 'DOCUMENT_UNREADABLE'],
      [await upload(server, 'scan.pdf', fixture('scanned.pdf')), 422, 'DOCUMENT_UNREADABLE'],
      // 44 KB over a 0.02 MB (20 KiB) limit.
      [await upload(server, 'policy.pdf', fixture('travel-policy.pdf')), 413, 'PAYLOAD_TOO_LARGE'],
    ];
    for (const [res, status, code] of cases) expect([res.status, await errorCode(res)]).toEqual([status, code]);
    const notMultipart = await fetch(`${server.url}/api/documents`, {
      method: 'POST',
      headers: { ...auth(ADMIN), 'content-type': 'application/json' },
      body: '{"file": "x"}',
    });
    expect([notMultipart.status, await errorCode(notMultipart)]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    const form = new FormData();
    form.append('document', new Blob(['A.']), 'a.txt');
    const wrongField = await fetch(`${server.url}/api/documents`, { method: 'POST', headers: auth(ADMIN), body: form });
    expect([wrongField.status, await errorCode(wrongField)]).toEqual([400, 'INVALID_REQUEST']);
    expect(readdirSync(corpus)).toEqual(['a.txt']);
    expect((await list(server)).map((d) => d.id)).toEqual(['a']);
  });

  it('stores a file under its own name only, with the extension of what it is', async () => {
    const corpus = corpusOf({ 'a.txt': 'The bridge opened in 1932.' });
    const server = await serve({ CITED_CORPUS_DIR: corpus });
    const uploads = [
      ['../../etc/cron.d/evil.txt', 'The ferry leaves at noon.'],
      ['.hidden.md', '# Hidden\n\nThe museum opens at ten.'],
      ['report', fixture('travel-policy.pdf')],
      ['notes.txt', fixture('leave-handbook.docx')],
    ] as const;
    for (const [name, bytes] of uploads) expect((await upload(server, name, bytes)).status).toBe(201);
    expect(readdirSync(corpus).sort()).toEqual(['a.txt', 'evil.txt', 'hidden.md', 'notes.docx', 'report.pdf']);
    // The same name again replaces the document: 200, one document.
    const replaced = await upload(server, 'evil.txt', 'The ferry leaves at one.');
    expect(replaced.status).toBe(200);
    expect((await list(server)).filter((d) => d.id === 'evil')).toHaveLength(1);
  });

  it('takes concurrent uploads and a delete racing them, and every change lands', async () => {
    const corpus = corpusOf({ 'old.txt': 'The old pier was built in 1890.', 'keep.txt': 'The lighthouse is white.' });
    const server = await serve({ CITED_CORPUS_DIR: corpus });
    const names = Array.from({ length: 6 }, (_, i) => `doc-${i}.txt`);
    const results = await Promise.all([
      ...names.map((n, i) => upload(server, n, `Document ${i} says the tide table number is ${1000 + i}.`)),
      fetch(`${server.url}/api/documents/old`, { method: 'DELETE', headers: auth(ADMIN) }),
    ]);
    expect(results.map((r) => r.status)).toEqual([...names.map(() => 201), 204]);
    expect((await list(server)).map((d) => d.id).sort()).toEqual(
      [...names.map((n) => n.replace('.txt', '')), 'keep'].sort(),
    );
    const answer = await ask(server, 'Which document says the tide table number is 1004?');
    expect(answer.citations[0]?.docId).toBe('doc-4');
  });

  it('keeps the last document: an index of nothing would answer nothing', async () => {
    const corpus = corpusOf({ 'only.txt': 'The lighthouse is white.' });
    const server = await serve({ CITED_CORPUS_DIR: corpus });
    const res = await fetch(`${server.url}/api/documents/only`, { method: 'DELETE', headers: auth(ADMIN) });
    expect([res.status, await errorCode(res)]).toEqual([400, 'INVALID_REQUEST']);
    expect(readdirSync(corpus)).toEqual(['only.txt']);
    expect((await list(server)).map((d) => d.id)).toEqual(['only']);
  });
});
