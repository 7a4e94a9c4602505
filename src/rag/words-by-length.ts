/** Words grouped by length: a spelling correction only compares words of nearly the same length. */
export class WordsByLength {
  private readonly byLength = new Map<number, string[]>();

  add(word: string): void {
    const list = this.byLength.get(word.length) ?? [];
    list.push(word);
    this.byLength.set(word.length, list);
  }

  /** Words of length within `spread` of `length`. */
  *near(length: number, spread: number): Generator<string> {
    for (let n = length - spread; n <= length + spread; n++) yield* this.byLength.get(n) ?? [];
  }
}
