import { MAX_QUESTION_CHARS } from '../limits.js';

/**
 * The counter shows from 80 % of the limit: early enough to trim a long question before it is refused, late
 * enough not to distract anyone typing an ordinary one (the longest held-out question is under 150 characters).
 */
const COUNT_FROM = Math.floor(MAX_QUESTION_CHARS * 0.8);

const format = (n: number) => n.toLocaleString();

/**
 * The question's length against the API's limit (src/limits.ts). Nothing is cut: a pasted text over the limit stays
 * whole, the counter turns red and says so, and send is refused until it is short enough.
 */
export class LengthGuard {
  constructor(
    private readonly input: HTMLTextAreaElement,
    private readonly count: HTMLElement,
  ) {}

  /** The characters that would be sent (the question is trimmed before sending). */
  private get length(): number {
    return this.input.value.trim().length;
  }

  get over(): boolean {
    return this.length > MAX_QUESTION_CHARS;
  }

  update(): void {
    const n = this.length;
    this.count.hidden = n < COUNT_FROM;
    this.count.classList.toggle('over', this.over);
    this.count.textContent = this.over
      ? `${format(n)} / ${format(MAX_QUESTION_CHARS)}: too long to send, shorten it`
      : `${format(n)} / ${format(MAX_QUESTION_CHARS)}`;
    if (this.over) this.input.setAttribute('aria-invalid', 'true');
    else this.input.removeAttribute('aria-invalid');
  }
}
