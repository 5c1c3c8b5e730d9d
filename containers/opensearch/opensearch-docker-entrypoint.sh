#!/bin/bash
# As the official image's entry point: environment variables named like settings
# (discovery.type=single-node, cluster.routing...=false) become -E options.
set -euo pipefail
if [ "${1:-opensearch}" != opensearch ]; then exec "$@"; fi
options=()
while IFS='=' read -r -d '' name value; do
  if [[ $name =~ ^[a-z0-9_]+\.[a-z0-9_.]+$ ]]; then options+=("-E$name=$value"); fi
done < <(env -0)
exec /usr/share/opensearch/bin/opensearch "${options[@]}"
