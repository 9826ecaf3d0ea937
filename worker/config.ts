import { EnvConfig } from "../schema/config";

/** The env object lives as long as the isolate, so each is parsed once, not on every request. */
const parsed = new WeakMap<Env, EnvConfig>();

/** The deployment's settings, validated; a bad value fails loudly at the first request. */
export function config(env: Env): EnvConfig {
  let found = parsed.get(env);
  if (!found) {
    found = EnvConfig.parse(env);
    parsed.set(env, found);
  }
  return found;
}
