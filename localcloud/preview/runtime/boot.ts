/**
 * First module of the preview bundle: miniprogram-simulate defines the globals `Component`, `Behavior`
 * and `wx` (its API mocks) before any page, store or TDesign module is evaluated
 * (mobx-miniprogram-bindings calls `Behavior()` on import).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
(globalThis as Record<string, unknown>).__simulate = require('miniprogram-simulate/src/index.js');
