/**
 * miniprogram-simulate prefixes every class with the component's tag to scope styles, and exparser maps
 * external classes (`t-class`) only with a prefix. The preview and the page-test harness give every
 * component one fixed prefix, so a selector written as the code writes it (`.tm-home .t-button`) finds
 * the rendered element once rewritten (`.c--tm-home .c--t-button`).
 */
export const CLASS_PREFIX = 'c';

/** `.t-button > .x` → `.c--t-button > .c--x` (class selectors only; ids, tags and attributes as given). */
export function prefixSelector(selector: string): string {
  return selector.replace(/\.(-?[_a-zA-Z][-_a-zA-Z0-9]*)/g, `.${CLASS_PREFIX}--$1`);
}
