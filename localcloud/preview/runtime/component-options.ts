/**
 * A bundler (or jest) evaluates a module once, so a component's script calls `Component()` only the
 * first time it is loaded. The options of that call are recorded and registered again on every later
 * load (a page opened twice, a component used by two pages). Registration mutates the options
 * (methods, relations, data), hence the copy.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */

/** The JSON round trip: drops `undefined`, copies everything. */
export const wire = <T>(value: T): T => (value === undefined ? value : JSON.parse(JSON.stringify(value)));

/** Copies the parts of `Component()` options that registration mutates (methods, relations, data ...). */
export function cloneOptions(options: any): any {
  const copy: any = {};
  for (const [key, value] of Object.entries(options)) {
    if (Array.isArray(value)) copy[key] = value.slice();
    else if (key === 'data') copy[key] = wire(value);
    else if (key === 'relations' && value) {
      copy[key] = Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, { ...v }]));
    } else if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) copy[key] = { ...value };
    else copy[key] = value;
  }
  return copy;
}
