/**
 * Aggregation pipelines, run with mingo over the committed documents of a collection.
 * `$lookup` resolves other collections of the same engine; `$sample` draws without replacement
 * (Math.random).
 */
import { Aggregator, ProcessingMode } from 'mingo';
import { DbError, ErrorCodes } from './errors';
import type { Doc } from './query';

/**
 * Runs `pipeline` over `docs` (which are not modified) and returns the result documents.
 * `resolve` returns the documents of another collection (throws if it does not exist).
 */
export function runPipeline(docs: Doc[], pipeline: Array<Record<string, unknown>>, resolve: (name: string) => Doc[], nowMs: number): Doc[] {
  void nowMs;
  for (const st of pipeline) {
    const keys = Object.keys(st);
    if (keys.length !== 1 || !keys[0].startsWith('$')) throw new DbError(ErrorCodes.INVALID_OPERATOR, `invalid aggregation stage: ${JSON.stringify(keys)}`);
  }
  try {
    // $sample is done here (without replacement, like MongoDB); mingo's samples with replacement.
    let cur = docs;
    let segment: Array<Record<string, unknown>> = [];
    const flush = (): void => {
      if (segment.length === 0) return;
      const agg = new Aggregator(segment, { processingMode: ProcessingMode.CLONE_INPUT, collectionResolver: (name: string) => resolve(name) });
      cur = agg.run<Doc>(cur);
      segment = [];
    };
    for (const st of pipeline) {
      if ('$sample' in st) {
        flush();
        const size = Number((st.$sample as { size?: unknown })?.size);
        if (!Number.isInteger(size) || size < 0) throw new DbError(ErrorCodes.INVALID_OPERATOR, '$sample requires a non-negative integer size');
        const pool = [...cur];
        for (let i = 0; i < Math.min(size, pool.length); i++) {
          const j = i + Math.floor(Math.random() * (pool.length - i));
          [pool[i], pool[j]] = [pool[j], pool[i]];
        }
        cur = pool.slice(0, size);
      } else segment.push(st);
    }
    flush();
    return cur;
  } catch (e) {
    if (e instanceof DbError) throw e;
    throw new DbError(ErrorCodes.INVALID_OPERATOR, `aggregation failed: ${(e as Error).message}`);
  }
}
