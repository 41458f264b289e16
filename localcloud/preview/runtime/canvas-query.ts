/**
 * `this.createSelectorQuery().select('#id').fields({ node: true }).exec(cb)` answering a `<canvas type="2d">`'s
 * node (WeChat's Canvas object), which miniprogram-simulate's SelectorQuery does not know. The preview
 * answers a browser canvas (builtins.ts), the page tests a recording double (test/support/canvas.ts): both
 * wrap the instance's query with this. Only `exec`'s callback sees the node (not a per-field callback).
 */
/* eslint-disable @typescript-eslint/no-explicit-any */

interface QueueItem { selector: string; exparserNode: any; isSelectSingle: boolean; fields: Record<string, unknown> }

/** Makes `instance.createSelectorQuery()` answer `node` fields with `nodeOf(exparser node)` (null: not a canvas). */
export function answerCanvasNodes(instance: any, nodeOf: (exparserNode: any) => unknown): void {
  const original = instance.createSelectorQuery;
  if (typeof original !== 'function') return;
  instance.createSelectorQuery = function createSelectorQuery(this: unknown) {
    const query = original.call(instance);
    const exec = query.exec;
    query.exec = (callback?: (res: any[]) => void) => {
      // simulate's query empties its queue once it has answered: read it now.
      const queue: QueueItem[] = [...(query._queue ?? [])];
      return exec.call(query, (res: any[]) => {
        queue.forEach((item, i) => {
          if (!item.fields?.node || !item.exparserNode || !res[i]) return;
          const shadow = item.exparserNode.shadowRoot;
          const nodes: any[] = item.isSelectSingle ? [shadow.querySelector(item.selector)] : shadow.querySelectorAll(item.selector);
          const answers: any[] = item.isSelectSingle ? [res[i]] : res[i];
          answers.forEach((answer, j) => {
            if (answer && nodes[j]) answer.node = nodeOf(nodes[j]);
          });
        });
        callback?.(res);
      });
    };
    return query;
  };
}
