#!/bin/bash
# throwaway: start a hub on prefix $1 with state dir $2, print restore lines and RSS
HUB_TOPIC_PREFIX=$1 HUB_STATE_DIR=$2 HUB_LOG_LEVEL=info node --max-old-space-size=${HUB_HEAP:-192} bin/hub.mjs start --no-http > /tmp/natl/hub-$3.log 2>&1 &
echo $! > /tmp/natl/pid-$3
