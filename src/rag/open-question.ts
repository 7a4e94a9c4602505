/**
 * Open questions ask for an overview rather than a fact: "Summarize the article", "What is this about?" (the whole
 * document), or "Tell me about X", "What happened in X?", "Why does X matter?" (what the documents say about X).
 * They are answered by a few central sentences, not by one span.
 */
export type OpenQuestion = { kind: 'overview' } | { kind: 'topic'; topic: string };

const DOCUMENT = [
  '(?:article|document|documents|docs|text|story|report|page|piece|file|files|sources?|corpus|manual|guide)',
].join('');
const THE_DOCUMENT = String.raw`(?:this|the|these)\s+${DOCUMENT}`;
const GIST = '(?:summary|overview|gist|tl;?dr|main points|key points|key facts|highlights)';
const HAPPENED = '(?:happened|happening|has happened|is happening|went on|is going on)';
const OVERVIEW = [
  // "Summarize the article", "give me the gist", "tl;dr", "key points" — with nothing after them but the document.
  String.raw`^(?:please\s+)?(?:summari[sz]e|sum up|recap|outline)(?:\s+(?:this|the|these|it))?(?:\s+${DOCUMENT})?$`,
  String.raw`^(?:give me|what(?:'s| is| are))?\s*(?:a |an |the )?${GIST}(?:\s+(?:of|in)\s+${THE_DOCUMENT})?$`,
  String.raw`^what(?:'s|s| is| are)\s+(?:this|it|these|${THE_DOCUMENT})\s+(?:all\s+)?about$`,
  String.raw`^what (?:do|does) ${THE_DOCUMENT} (?:say|cover|describe|talk about)$`,
].map((p) => new RegExp(p));
// "Tell me about X", "what happened in X", "why does X matter": the capture is X, what the sentences must be about.
const TOPIC = [
  String.raw`^(?:please\s+)?(?:tell me|talk|inform me)\s+(?:more\s+)?about\s+(.+)$`,
  String.raw`^(?:give me|provide|can you give me)\s+(?:a |an |the )?(?:${GIST}|rundown|background)\s+(?:of|on)\s+(.+)$`,
  String.raw`^(?:summari[sz]e|outline|describe)\s+(.+)$`,
  // "List the built-in roles", "name the supported platforms", "what are the common causes": the items of a list.
  String.raw`^(?:please\s+)?(?:list|name|enumerate)\s+(?:all\s+)?(.+)$`,
  String.raw`^what(?:'s|s| is)? ?${HAPPENED}\s+(?:in|to|at|with|on)\s+(.+)$`,
  String.raw`^what(?:'s|s| is)\s+the\s+(?:situation|latest|news|status)\s+(?:in|of|at|with|on)\s+(.+)$`,
  String.raw`^why (?:does|do|did|is|are|would) (.+?) (?:matters?|important|significant|relevant)(?:\s.*)?$`,
  String.raw`^what (?:do|does) ${THE_DOCUMENT} say about\s+(.+)$`,
  String.raw`^what (?:do we know|is known|is said) about\s+(.+)$`,
].map((p) => new RegExp(p));
// "What is Stashbox?", "Who is Ingrid Vaskela?": a name and nothing else asks what the documents say of it.
const NAME_WORD = String.raw`[A-Z0-9][\p{L}\p{N}'’.&-]*`;
const WHAT_IS_NAME = new RegExp(
  String.raw`^\s*(?:[Ww]hat|[Ww]ho)(?:'s|\s+(?:is|are|was|were))\s+` +
    String.raw`((?:the\s+)?${NAME_WORD}(?:\s+(?:of|de|al|the|and|${NAME_WORD}))*)\s*\??\s*$`,
  'u',
);

/** "Tell me about the article": the document itself is the topic, so it is an overview. */
const THE_DOCUMENT_ALONE = new RegExp(String.raw`^the\s+\w*${DOCUMENT}$`);

/** Trailing words that say "in these documents" rather than name the topic. */
const IN_DOCUMENT = new RegExp(String.raw`\s+(?:in|according to)\s+(?:the|this|these)\s+${DOCUMENT}$`);

/** The kind of open question this is, or undefined for a question that asks for a fact. */
export function openQuestion(question: string): OpenQuestion | undefined {
  const q = question
    .trim()
    .toLowerCase()
    .replace(/[’]/g, "'")
    .replace(/[?.!\s]+$/, '');
  if (OVERVIEW.some((p) => p.test(q))) return { kind: 'overview' };
  const named = WHAT_IS_NAME.exec(question);
  if (named) return { kind: 'topic', topic: named[1] };
  for (const p of TOPIC) {
    const m = p.exec(q);
    if (!m) continue;
    const at = q.indexOf(m[1]);
    // The original spelling, so that names keep their capitals.
    const topic = question
      .trim()
      .slice(at, at + m[1].length)
      .replace(IN_DOCUMENT, '');
    if (THE_DOCUMENT_ALONE.test(m[1])) return { kind: 'overview' };
    return topic.trim() ? { kind: 'topic', topic: topic.trim() } : { kind: 'overview' };
  }
  return undefined;
}

export const isOpenQuestion = (question: string): boolean => openQuestion(question) !== undefined;
