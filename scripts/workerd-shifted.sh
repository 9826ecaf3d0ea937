#!/bin/sh
# The runtime that scripts/test-clock.mjs hands to miniflare (MINIFLARE_WORKERD_PATH): the real workerd with
# its wall clock shifted and, if asked, its own time zone (miniflare always gives it TZ=UTC, as in production).
export LD_PRELOAD="$BAKEN_CLOCK_SHIFT_LIB"
if [ -n "$BAKEN_RUNTIME_TZ" ]; then export TZ="$BAKEN_RUNTIME_TZ"; fi
exec "$BAKEN_WORKERD" "$@"
