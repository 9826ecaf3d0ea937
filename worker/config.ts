import { EnvConfig } from "../schema/config";

/** The deployment's settings, validated; a bad value fails loudly at the first request. */
export function config(env: Env): EnvConfig {
  return EnvConfig.parse(env);
}
