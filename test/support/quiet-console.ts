/**
 * A passing test prints nothing: every `console.error` / `console.warn` a test causes must be one it
 * expects. A test that provokes a logged failure says so with `expectLogged('error', /refused/)`; the
 * log is then swallowed and asserted (it must appear). Any other error or warning fails the test that
 * caused it, with the text, so it is fixed or expected instead of scrolling past the summary.
 * Installed for every test file by jest.config.js (`setupFilesAfterEnv`).
 */
type Level = 'error' | 'warn';

interface Expected { level: Level; pattern: RegExp; seen: number }

const logged: { level: Level; text: string }[] = [];
let expected: Expected[] = [];
const original = { error: console.error, warn: console.warn };

function textOf(args: unknown[]): string {
  return args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack ?? ''}` : typeof a === 'string' ? a : safeJson(a))).join(' ');
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}

for (const level of ['error', 'warn'] as const) {
  console[level] = (...args: unknown[]) => {
    const text = textOf(args);
    const match = expected.find((e) => e.level === level && e.pattern.test(text));
    if (match) match.seen += 1;
    else logged.push({ level, text });
  };
}

/**
 * Declares a log line the current test causes on purpose (e.g. a refused forged notification). It is
 * not printed; the test fails if it never appears.
 */
export function expectLogged(level: Level, pattern: RegExp): void {
  expected.push({ level, pattern, seen: 0 });
}

/** The unexpected lines so far, cleared (for a test that inspects them itself). */
export function takeLogged(): { level: Level; text: string }[] {
  return logged.splice(0, logged.length);
}

afterEach(() => {
  const missing = expected.filter((e) => e.seen === 0);
  const unexpected = takeLogged();
  expected = [];
  const problems = [
    ...missing.map((e) => `expected a console.${e.level} matching ${e.pattern}, none was printed`),
    ...unexpected.map((l) => `unexpected console.${l.level}: ${l.text.slice(0, 2000)}`),
  ];
  if (problems.length) throw new Error(problems.join('\n\n'));
});

/** The real console, for a test support module that must print (e.g. a skipped browser suite's reason). */
export const realConsole = original;
