// A tiny `--name value` parser: every option takes a value, and repeated options collect into arrays.
// Kept dependency-free on purpose (the package should need nothing beyond iii-sdk and ws).

/**
 * @param {string[]} argv  process.argv.slice(2)
 * @param {{repeatable?: string[], flags?: string[]}} spec  options that may repeat; options without a value
 * @returns {Record<string, string | string[] | boolean>}
 */
export function parseArgs(argv, spec = {}) {
  const repeatable = new Set(spec.repeatable ?? []);
  const flags = new Set(spec.flags ?? []);
  const out = {};
  for (const name of repeatable) out[name] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new Error(`unexpected argument '${arg}' (options look like --name value)`);
    const name = arg.slice(2);
    if (flags.has(name)) {
      out[name] = true;
      continue;
    }
    if (i + 1 >= argv.length) throw new Error(`option --${name} needs a value`);
    const value = argv[++i];
    if (repeatable.has(name)) out[name].push(value);
    else out[name] = value;
  }
  return out;
}

/** Parses a positive integer option, with a clear message naming the option when it is not one. */
export function positiveInt(name, raw, fallback) {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer, got '${raw}'`);
  return n;
}

/** Like positiveInt but allows 0. */
export function nonNegativeInt(name, raw, fallback) {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be an integer >= 0, got '${raw}'`);
  return n;
}
