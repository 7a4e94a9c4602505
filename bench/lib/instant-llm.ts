/**
 * An OpenAI-compatible chat server that answers every request at once with the same short completion: the LLM of
 * the LangChain tutorial chain with its thinking time taken out, so what is measured is the chain's own cost.
 * Run as its own process (`node --import tsx bench/lib/instant-llm.ts`) so it takes no time from the process that
 * measures; it prints its base URL on stdout.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const completion = JSON.stringify({
  id: 'chatcmpl-bench',
  object: 'chat.completion',
  created: 0,
  model: 'instant',
  choices: [
    {
      index: 0,
      finish_reason: 'stop',
      message: { role: 'assistant', content: 'Hama is 110km (70 miles) south of Aleppo [1].' },
    },
  ],
  usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
});

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(completion));
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => console.log(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`));
