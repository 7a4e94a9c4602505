/** Function words that carry no topic; kept short on purpose so content words are never dropped. */
const STOPWORDS = new Set(
  (
    'a an the and or but if then than so as of at by for from in into on onto to with without about above after ' +
    'against along among around before behind below beneath beside between beyond during except inside near off ' +
    'out outside over past since through throughout till toward towards under until up upon within ' +
    'is am are was were be been being do does did doing done have has had having ' +
    'i me my mine we us our ours you your yours he him his she her hers it its they them their theirs ' +
    'this that these those there here who whom whose which what when where why how ' +
    'will would shall should can could may might must ought ' +
    'not no nor also just very too quite rather only own same such both each few more most other some any all ' +
    "s t 's ’s said says say according"
  ).split(/\s+/),
);

export const isStopword = (lower: string): boolean => STOPWORDS.has(lower);
