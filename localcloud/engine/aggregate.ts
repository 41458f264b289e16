/**
 * Aggregation pipelines, run with mingo over the committed documents of a collection, with the
 * platform's semantics where mingo differs: `$lookup` of a missing collection joins nothing (empty
 * arrays); `$expr` compares in BSON order with missing as null (expr.ts); an expression that yields
 * nothing (`$arrayElemAt` past the end) leaves the field out; `$project` answers its fields in the order
 * it names them; `$sample` draws without replacement (Math.random); `$geoNear` is ours (geo.ts).
 */
import { Aggregator, ProcessingMode } from 'mingo';
import { DbError, ErrorCodes } from './errors';
import { isPlainObject } from './ejson';
import { mingoContext, rewriteExpression, rewriteQueryExpr } from './expr';
import { geoNearStage } from './geo';
import { compileQuery, type Doc } from './query';

/** Drops fields whose value is missing (undefined): MongoDB has no such value, the field is absent. */
function dropMissing(v: unknown): unknown {
  if (Array.isArray(v)) return v.map((x) => (x === undefined ? null : dropMissing(x)));
  if (!isPlainObject(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = dropMissing(x);
  return out;
}

/** A `$project` answer with its fields in the order the stage names them (`_id` first, as MongoDB). */
function inProjectionOrder(doc: Doc, spec: Record<string, unknown>): Doc {
  const order = ['_id', ...Object.keys(spec).map((k) => k.split('.')[0])];
  const out: Doc = {};
  for (const k of order) if (k in doc && !(k in out)) out[k] = doc[k];
  for (const k of Object.keys(doc)) if (!(k in out)) out[k] = doc[k];
  return out;
}

/** Stages whose value is made of aggregation expressions. */
const EXPRESSION_STAGES = new Set(['$project', '$addFields', '$set', '$group', '$replaceRoot', '$replaceWith', '$bucket']);

/** Expressions rewritten where mingo differs (see expr.ts): `$expr` of `$match`, and expression stages. */
function prepareStage(st: Record<string, unknown>): Record<string, unknown> {
  const [name] = Object.keys(st);
  if (name === '$match') return { $match: rewriteQueryExpr(st.$match) };
  return EXPRESSION_STAGES.has(name) ? { [name]: rewriteExpression(st[name]) } : st;
}

/**
 * Runs `pipeline` over `docs` (which are not modified) and returns the result documents.
 * `resolve` returns the documents of another collection (throws if it does not exist); `geoKeys` are
 * the fields of the collection's 2dsphere indexes (for `$geoNear`).
 */
export function runPipeline(docs: Doc[], pipeline: Array<Record<string, unknown>>, resolve: (name: string) => Doc[], nowMs: number, geoKeys: string[] = []): Doc[] {
  void nowMs;
  for (const st of pipeline) {
    const keys = Object.keys(st);
    if (keys.length !== 1 || !keys[0].startsWith('$')) throw new DbError(ErrorCodes.INVALID_OPERATOR, `invalid aggregation stage: ${JSON.stringify(keys)}`);
  }
  try {
    // $sample is done here (without replacement, like MongoDB); mingo's samples with replacement.
    let cur = docs;
    let segment: Array<Record<string, unknown>> = [];
    const joinable = (name: string): Doc[] => {
      try {
        return resolve(name);
      } catch (e) {
        if (e instanceof DbError && e.code === ErrorCodes.COLLECTION_NOT_EXIST) return [];
        throw e;
      }
    };
    const flush = (): void => {
      if (segment.length === 0) return;
      const agg = new Aggregator(segment.map(prepareStage), { processingMode: ProcessingMode.CLONE_INPUT, collectionResolver: joinable, context: mingoContext });
      cur = agg.run<Doc>(cur).map((d) => dropMissing(d) as Doc);
      segment = [];
    };
    for (let i = 0; i < pipeline.length; i++) {
      const st = pipeline[i];
      if ('$geoNear' in st) {
        if (i !== 0) throw new DbError(ErrorCodes.INVALID_OPERATOR, '$geoNear is only valid as the first stage in a pipeline');
        cur = geoNearStage(cur, st.$geoNear, geoKeys, compileQuery);
      } else if ('$project' in st && isPlainObject(st.$project)) {
        segment.push(st);
        flush();
        const spec = st.$project;
        cur = cur.map((d) => inProjectionOrder(d, spec));
      } else if ('$sample' in st) {
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
