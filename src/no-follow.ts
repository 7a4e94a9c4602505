import { constants } from 'node:fs';

/**
 * How cited opens a file it reads from a folder someone else may write to (the corpus, the index): O_NOFOLLOW
 * refuses a symlink planted in the file's place (`CURRENT -> /dev/zero`, `env.txt -> /proc/self/environ`), and
 * O_NONBLOCK opens a FIFO without waiting for a writer, so the caller's fstat can refuse it instead of hanging.
 */
export const READ_NO_FOLLOW = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;
