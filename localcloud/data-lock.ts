/**
 * One local cloud per data dir: a second process writing the same journal would corrupt it. The lock is a
 * `lock` file holding the owner's pid, created exclusively; a lock left by a process that no longer runs
 * (a `kill -9`) is taken over.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export class DataDirLockedError extends Error {}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the data dir's lock; answers the function that releases it. */
export function lockDataDir(dir: string): () => void {
  const file = join(dir, 'lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(readFileSync(file, 'utf8').trim());
      if (Number.isSafeInteger(owner) && owner > 0 && owner !== process.pid && alive(owner)) {
        throw new DataDirLockedError(`data dir ${dir} is in use by process ${owner}; stop it or choose another DATA_DIR`);
      }
      rmSync(file, { force: true }); // a stale lock: its process is gone
    }
  }
  throw new DataDirLockedError(`could not lock data dir ${dir}`);
}
