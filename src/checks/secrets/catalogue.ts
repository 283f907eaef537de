// The detector and the built-in rules, from one place, so that the check, the benchmark and the tests
// all use the same ones.
export { createDetector } from './detector.js';
export { SECRET_RULES } from './rules/index.js';
