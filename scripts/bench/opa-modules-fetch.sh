#!/bin/bash
# Brings the policies of scripts/bench/opa-modules.mjs into DIR (outside this
# repository: their code is not ours to commit): OPA's module, the Rego it
# was built from, data and inputs, at the commits the README's table names.
#
#   scripts/bench/opa-modules-fetch.sh DIR [MIRRORS]
#
# Repositories are cloned from GitHub into DIR/.repos, or read from MIRRORS
# when given (MIRRORS/OWNER+NAME/repo, bare clones).
set -euo pipefail
out=${1:?usage: opa-modules-fetch.sh DIR [MIRRORS]}
mirrors=${2:-}
mkdir -p "$out"
out=$(cd "$out" && pwd)

declare -A COMMIT=(
  [christophwille/dotnet-opa-wasm]=17f86ce4cd23739aadb03d37c80b20ce83542fe0
  [srenatus/opa-wasm-browser]=80e7567f6b7c8487541709fd0e08c942efb7fe21
  [weihanchen/opa-webassembly-ts]=cfdcebfde1353c0d6f958bd09cb213d4397a4265
  [sangkeon/java-opa-wasm]=9ec120869d09d2cdd7f7af33a97cff57e92c89b1
  [onelittlenightmusic/opa-entrypoint-authorizer]=df910ab592ea4133f7f9cf7fca86caeb43c14fe4
  [JAForbes/opa-wasm-issue]=908170de439e66ca265649bf54c41214a0194829
  [EBI-Metabolights/mtbls-validation]=6ddfeebdc3d7960a7238fbbe5b8a736ad3b85b15
)

gitdir() { # the git directory of repo $1
  if [ -n "$mirrors" ]; then echo "$mirrors/${1/\//+}/repo"; return; fi
  local d="$out/.repos/${1/\//+}"
  [ -d "$d" ] || git clone -q --bare "https://github.com/$1" "$d"
  echo "$d"
}
# show REPO PATH DEST: one file at the pinned commit
show() {
  mkdir -p "$(dirname "$out/$3")"
  git --git-dir "$(gitdir "$1")" show "${COMMIT[$1]}:$2" >"$out/$3"
}
# bundle REPO PATH NAME: policy.wasm (and data.json) of an OPA bundle
bundle() {
  local tmp
  tmp=$(mktemp -d)
  git --git-dir "$(gitdir "$1")" show "${COMMIT[$1]}:$2" | tar xz -C "$tmp" 2>/dev/null
  cp "$tmp/policy.wasm" "$out/$3/policy.wasm"
  if [ -f "$tmp/data.json" ]; then cp "$tmp/data.json" "$out/$3/data.json"; fi
  rm -rf "$tmp"
}
origin() { echo "{\"repo\":\"$1\",\"commit\":\"${COMMIT[$1]}\"}" >"$out/$2/origin.json"; }
input() { mkdir -p "$out/$1/inputs" && echo "$3" >"$out/$1/inputs/$2.json"; }

R=christophwille/dotnet-opa-wasm # sample-policies/build.ps1 builds these; inputs and data from its tests
show $R sample-policies/example.rego dotnet-example/src/example.rego
show $R sample-policies/example.wasm dotnet-example/policy.wasm
echo '{"world":"world"}' >"$out/dotnet-example/data.json"
input dotnet-example world '{"message":"world"}'
origin $R dotnet-example
show $R sample-policies/example-one.rego dotnet-multi/src/example-one.rego
show $R sample-policies/multi.wasm dotnet-multi/policy.wasm
input dotnet-multi both '{"someProp":"thisValue","anotherProp":"thatValue"}'
input dotnet-multi one '{"someProp":"thisValue"}'
origin $R dotnet-multi
show $R sample-policies/rbac.rego dotnet-rbac/src/rbac.rego
show $R sample-policies/rbac.wasm dotnet-rbac/policy.wasm
show $R src/Opa.Wasm.UnitTests/TestData/basic_rbac_data.json dotnet-rbac/data.json
show $R src/Opa.Wasm.UnitTests/TestData/basic_rbac_input.json dotnet-rbac/inputs/alice.json
origin $R dotnet-rbac

R=srenatus/opa-wasm-browser
show $R test.rego browser/src/test.rego
show $R policy.wasm browser/policy.wasm
input browser moo '{"fragment":"moo"}'
origin $R browser

R=weihanchen/opa-webassembly-ts # data of app.ts, inputs of example_test.rego
show $R example.rego webassembly-ts/src/example.rego
show $R policy.wasm webassembly-ts/policy.wasm
echo '{"user_roles":{"userA":["editor"]},"role_permissions":{"editor":[{"action":"edit","object":"article"},{"action":"create","object":"article"}]}}' >"$out/webassembly-ts/data.json"
input webassembly-ts edit '{"user":"userA","action":"edit","object":"article"}'
input webassembly-ts deny '{"user":"userA","action":"edit","object":"management"}'
origin $R webassembly-ts

R=sangkeon/java-opa-wasm
show $R sample-policy/src/policy.rego java-sample/src/policy.rego
show $R sample-policy/wasm/policy.wasm java-sample/policy.wasm
show $R sample-policy/src/data.json java-sample/data.json
input java-sample alice '{"user":"alice"}'
origin $R java-sample

R=onelittlenightmusic/opa-entrypoint-authorizer # data and requests of examples/rest-express
d=entrypoint-authorizer
for f in $(git --git-dir "$(gitdir $R)" ls-tree -r --name-only "${COMMIT[$R]}" policy/); do show $R "$f" "$d/src/${f#policy/}"; done
show $R policy.wasm $d/policy.wasm
perm=$(git --git-dir "$(gitdir $R)" show "${COMMIT[$R]}:examples/rest-express/permissions.json")
cat >"$out/$d/data.json" <<EOF
{"permissions": $perm,
 "entrypointSetting": {"type": "REST", "restEntrypoints": [
  {"path": "/users", "method": "GET", "require": {"resource": "user", "verb": "list"}},
  {"pathPattern": "/users/:user_name", "method": "GET", "require": {"resource": "user", "verb": "getname", "whoOwnsInArgs": "user_name"}},
  {"pathRegex": "^/+users/([^/]+)/age", "method": "GET", "require": {"resource": "user", "verb": "getage", "whoOwnsInArgs": "user_name"}},
  {"path": "/offices", "method": "GET", "require": {"resource": "office", "verb": "list"}}]}}
EOF
input $d list-bob '{"args":{},"path":"/users","pathPattern":"/users","method":"GET","who":"bob"}'
input $d list-chris-deny '{"args":{},"path":"/users","pathPattern":"/users","method":"GET","who":"chris"}'
input $d age-owner-regex '{"args":{"user_name":"chris"},"path":"/users/chris/age","pathPattern":"/users/:user_name/age","method":"GET","who":"chris"}'
input $d age-bob-deny '{"args":{"user_name":"chris"},"path":"/users/chris/age","pathPattern":"/users/:user_name/age","method":"GET","who":"bob"}'
origin $R $d

R=JAForbes/opa-wasm-issue
show $R main.rego with-issue/src/main.rego
show $R utils.rego with-issue/src/utils.rego
bundle $R bundle.tar.gz with-issue
input with-issue empty '{}'
origin $R with-issue

R=EBI-Metabolights/mtbls-validation # build_bundle.sh: opa build -t wasm … -o bundle/mtbls-validation.wasm (a bundle)
d=mtbls-validation
rm -rf "${out:?}/$d/src" && mkdir -p "$out/$d/src"
git --git-dir "$(gitdir $R)" archive "${COMMIT[$R]}" validation | tar x -C "$out/$d/src" --strip-components=1
rm -rf "$out/$d/src/tests" "$out/$d/src/input.json"
bundle $R bundle/mtbls-validation.wasm $d
show $R test-data/input.json $d/inputs/test-data.json
show $R validation/input.json $d/inputs/validation.json
origin $R $d

echo "policies in $out: $(cd "$out" && ls -d */ | tr -d / | tr '\n' ' ')"
