export type ErrorKind =
  'network' | 'origin-denied' | 'rate-limited' | 'not-ready' | 'unauthorized' | 'rejected' | 'server' | 'cut-off';

/** What went wrong with a question, in terms the widget can explain to a person. */
export class ChatError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

/** Retry-After is either seconds or an HTTP date. */
function retryAfterSeconds(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(1, Math.ceil(seconds));
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(1, Math.ceil((at - now) / 1000));
}

/** Maps a failed response (the API's Error JSON, when it is one) to a ChatError. */
export async function errorFromResponse(res: Response): Promise<ChatError> {
  let message = '';
  let code: unknown;
  try {
    const body = (await res.json()) as { error?: { code?: unknown; message?: unknown } };
    if (typeof body.error?.message === 'string') message = body.error.message;
    code = body.error?.code;
  } catch {
    // not JSON: a proxy's error page, say; the status is enough
  }
  if (res.status === 403 && code === 'ORIGIN_NOT_ALLOWED') return new ChatError('origin-denied', message);
  if (res.status === 429)
    return new ChatError('rate-limited', message, retryAfterSeconds(res.headers.get('Retry-After')));
  if (res.status === 503) return new ChatError('not-ready', message);
  if (res.status === 401 || res.status === 403) return new ChatError('unauthorized', message);
  if (res.status >= 400 && res.status < 500) return new ChatError('rejected', message);
  return new ChatError('server', message);
}

/** The sentence a person sees: what happened and what to do, never a stack or a bare status code. */
export function friendlyMessage(e: ChatError): string {
  switch (e.kind) {
    case 'rate-limited':
      return e.retryAfter
        ? `Too many questions, try again in ${e.retryAfter} s.`
        : 'Too many questions, try again in a minute.';
    case 'network':
      return 'Couldn’t reach the server. Check your connection and try again.';
    case 'origin-denied':
      return 'This site isn’t allowed to use this assistant. Its owner can allow it in the server’s settings.';
    case 'not-ready':
      return 'The server is still getting its documents ready. Try again in a moment.';
    case 'unauthorized':
      return 'This chat isn’t allowed to ask questions here (the API key is missing or wrong).';
    case 'rejected':
      return e.message ? `The question couldn’t be sent: ${e.message}` : 'The question couldn’t be sent.';
    case 'cut-off':
      return 'The answer was cut off before it finished. Try again.';
    case 'server':
      return 'Something went wrong on the server while answering. Try again.';
  }
}
