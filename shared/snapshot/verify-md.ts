import type { Manifest } from './manifest.js';
import { MANIFEST_STATEMENT_SCHEMA } from './manifest.js';

// The recipe's shell blocks are String.raw (backslashes as written); they avoid backticks and dollar-brace so no
// template substitution can happen. Each block fails (exit 1 through `fail`) on its own; the recipe test runs them
// under dash and bash.

const HELPERS = String.raw`fail() { echo "FAIL: $*" >&2; exit 1; }
[ -n "$SNAP" ] || fail "set SNAP to the snapshot zip"
[ -n "$FP" ] || fail "set FP to the key fingerprint the organisation gave you"
# hex -> binary: awk turns each hex pair into a printf octal escape
hex2bin() { printf "$(printf '%s' "$1" | awk '{ d = "0123456789abcdef"; for (i = 1; i < length($0); i += 2)
  printf "\\%03o", (index(d, substr($0, i, 1)) - 1) * 16 + index(d, substr($0, i + 1, 1)) - 1 }')"; }
sha() { openssl dgst -sha256 -binary | od -An -v -tx1 | tr -d ' \n'; }
leaf() { { printf '\000'; hex2bin "$1"; } | sha; }          # RFC 9162 leaf of an artifact: SHA-256(0x00 || sha256)
node() { { printf '\001'; hex2bin "$1"; hex2bin "$2"; } | sha; }  # interior node: SHA-256(0x01 || left || right)
mkdir fluxcheck || fail "remove ./fluxcheck first"
unzip -q "$SNAP" -d fluxcheck/s || fail "unzip"
cd fluxcheck/s || fail "cd"`;

const KEY = String.raw`have=$(openssl pkey -pubin -in public-key.pem -outform DER | sha256sum | cut -c1-64)
want=$(printf '%s' "$FP" | tr -d ':' | tr 'ABCDEF' 'abcdef')
[ "$have" = "$want" ] || fail "public-key.pem has fingerprint $have, not the one you were given"
echo "key: OK ($have)"`;

const STATEMENT =
  String.raw`openssl dgst -sha256 -verify public-key.pem -signature manifest.sig manifest.statement.json \
  || fail "manifest.sig"
m=$(sha256sum manifest.json | cut -c1-64)
printf '{"manifestSha256":"%s","statement":"STATEMENT_SCHEMA"}' "$m" | cmp -s - manifest.statement.json \
  || fail "manifest.statement.json does not name manifest.json ($m)"
echo "manifest: OK ($m)"`.replace('STATEMENT_SCHEMA', MANIFEST_STATEMENT_SCHEMA);

const FILES = String.raw`grep -o '{"path":"[^"]*","sha256":"[0-9a-f]*","size":[0-9]*}' manifest.json \
  | sed 's/^{"path":"\([^"]*\)","sha256":"\([0-9a-f]*\)",.*$/\2  \1/' > ../sums || fail "manifest file list"
[ -s ../sums ] || fail "manifest lists no file"
sha256sum -c --strict --quiet ../sums || fail "a file does not match the hash the manifest gives its path"
{ cut -c67- ../sums; printf '%s\n' manifest.json manifest.statement.json manifest.sig SHA256SUMS; } \
  | LC_ALL=C sort > ../listed
find . -type f | sed 's|^\./||' | LC_ALL=C sort > ../present
cmp -s ../listed ../present || { diff ../listed ../present; fail "files missing or not in the manifest"; }
echo "files: OK ($(wc -l < ../sums) listed, none extra)"`;

const NAMES = String.raw`grep '  evidence/' ../sums > ../evidence || true
while read -r h f; do
  case "$f" in *_"$h".json) ;; *) fail "$f is not named by its hash $h" ;; esac
done < ../evidence
echo "evidence names: OK ($(wc -l < ../evidence) files)"`;

const CHECKPOINTS = String.raw`field() { sed -n "s/^    \"$1\": \"\{0,1\}\([^\",]*\)\"\{0,1\},\{0,1\}$/\1/p" "$2"; }
cpcheck() {  # $1 = checkpoint file; sets size and root
  origin=$(field origin "$1"); size=$(field treeSize "$1"); root=$(field rootHash "$1"); ts=$(field timestamp "$1")
  sed -n 's/^  "signature": "\([A-Za-z0-9+/=]*\)",\{0,1\}$/\1/p' "$1" | openssl base64 -d -A > ../cp.sig
  printf '{"origin":"%s","rootHash":"%s","timestamp":"%s","treeSize":%s}' "$origin" "$root" "$ts" "$size" \
    > ../cp.body
  openssl dgst -sha256 -verify public-key.pem -signature ../cp.sig ../cp.body > /dev/null \
    || fail "$1: signature does not verify"
  echo "$1: OK (log $origin, tree size $size, root $root)"
}
cpcheck checkpoint.json; N=$size; ROOT=$root; LOG=$origin
M=0; MROOT=
if [ -f start-checkpoint.json ]; then
  cpcheck start-checkpoint.json; M=$size; MROOT=$root
  [ "$origin" = "$LOG" ] || fail "start checkpoint is from log $origin"
fi`;

const INCLUSION = String.raw`proof() { sed -n "/\"$1\": \[/,/\]/p" "$2" | grep -o '[0-9a-f]\{64\}' || true; }
incl() {  # $1 = artifact sha256: its proof must fold to ROOT at tree size N
  p=proofs/inclusion/$1.json; [ -f "$p" ] || fail "$p missing"
  fn=$(sed -n 's/^  "leafIndex": \([0-9]*\),$/\1/p' "$p"); n=$(sed -n 's/^  "treeSize": \([0-9]*\),$/\1/p' "$p")
  [ "$n" = "$N" ] || fail "$p is for tree size $n, not $N"
  sn=$((n - 1)); r=$(leaf "$1")
  for c in $(proof auditPath "$p"); do
    [ "$sn" -gt 0 ] || fail "$p: proof too long"
    if [ $((fn % 2)) -eq 1 ] || [ "$fn" -eq "$sn" ]; then
      r=$(node "$c" "$r")
      if [ $((fn % 2)) -eq 0 ]; then
        while [ $((fn % 2)) -eq 0 ] && [ "$fn" -ne 0 ]; do fn=$((fn / 2)); sn=$((sn / 2)); done
      fi
    else r=$(node "$r" "$c"); fi
    fn=$((fn / 2)); sn=$((sn / 2))
  done
  [ "$sn" -eq 0 ] && [ "$r" = "$ROOT" ] || fail "$p does not lead to the closing root"
}
first=$(head -n 1 ../evidence | cut -c1-64)
[ -z "$first" ] || { incl "$first"; echo "inclusion of $first: OK"; }`;

const CONSISTENCY = String.raw`c=proofs/consistency.json
set -- $(proof proof "$c")
if [ "$M" -eq 0 ]; then
  [ $# -eq 0 ] || fail "$c: a proof from the empty log must be empty"
elif [ "$M" -eq "$N" ]; then
  [ $# -eq 0 ] && [ "$MROOT" = "$ROOT" ] || fail "$c: same size, different root"
else
  fn=$((M - 1)); sn=$((N - 1))
  [ $((M & (M - 1))) -eq 0 ] && set -- "$MROOT" "$@"    # a power of two: the start root is the first node
  while [ $((fn % 2)) -eq 1 ]; do fn=$((fn / 2)); sn=$((sn / 2)); done
  [ $# -gt 0 ] || fail "$c: empty proof"
  fr=$1; sr=$1; shift
  for c2 in "$@"; do
    [ "$sn" -gt 0 ] || fail "$c: proof too long"
    if [ $((fn % 2)) -eq 1 ] || [ "$fn" -eq "$sn" ]; then
      fr=$(node "$c2" "$fr"); sr=$(node "$c2" "$sr")
      while [ $((fn % 2)) -eq 0 ] && [ "$fn" -ne 0 ]; do fn=$((fn / 2)); sn=$((sn / 2)); done
    else sr=$(node "$sr" "$c2"); fi
    fn=$((fn / 2)); sn=$((sn / 2))
  done
  [ "$sn" -eq 0 ] && [ "$fr" = "$MROOT" ] && [ "$sr" = "$ROOT" ] || fail "$c: the log was not append-only"
fi
echo "consistency $M -> $N: OK"`;

const MANUAL = String.raw`if [ -d manual ]; then
  for f in manual/statements/*.json manual/files/*; do
    [ -f "$f" ] || continue
    h=$(sha256sum "$f" | cut -c1-64)
    case "$f" in manual/statements/"$h".json | manual/files/"$h".*) ;; *) fail "$f is not named by its SHA-256" ;; esac
  done
  echo "manual statements and documents named by their hashes: OK"
fi`;

const fence = (code: string) => '```sh\n' + code + '\n```\n';

/**
 * VERIFY.md: a recipe that checks a snapshot with unzip, sha256sum, openssl and POSIX utilities only, under dash or
 * bash. The key fingerprint comes from the auditor (FP), never from the archive.
 */
export function verifyMarkdown(m: Pick<Manifest, 'framework' | 'window' | 'checkpoint'>): Buffer {
  const cp = m.checkpoint.checkpoint;
  return Buffer.from(
    `# Verifying this snapshot

Framework \`${m.framework}\`, window ${m.window.start} to ${m.window.end}, closing checkpoint at tree size ${cp.treeSize}.

The blocks below use only \`unzip\`, \`sha256sum\`, \`openssl\` and POSIX utilities (\`sed\`, \`awk\`, \`od\`, \`grep\`,
\`cmp\`). They run under \`sh\` (dash) and bash. Save them, in order, to one file and run it with \`sh\`; every block
prints \`FAIL: ...\` and exits 1 when its check fails. Set two variables first:

- \`SNAP\`: the path of the snapshot zip;
- \`FP\`: the SHA-256 key fingerprint **the organisation gave you out of band** (engagement letter, a call, their
  published key page). Never take it from this archive: whoever built a forged archive would put their own there.

For example: \`SNAP=$PWD/snapshot.zip FP=3f2a... sh verify.sh\`.

## 1. Helpers, and unpack into ./fluxcheck/s

${fence(HELPERS)}
## 2. The key is the one you were given

\`public-key.pem\` is the organisation's key only if its fingerprint (SHA-256 of its DER SubjectPublicKeyInfo) is yours.

${fence(KEY)}
## 3. The manifest statement and its signature

\`manifest.sig\` is a DER ECDSA P-256 signature, over SHA-256, of \`manifest.statement.json\`: a one-line statement naming
the SHA-256 of \`manifest.json\`. The statement is rebuilt here byte for byte.

${fence(STATEMENT)}
## 4. Every path holds the bytes the manifest gives it, and nothing else is there

The file list is taken from the signed \`manifest.json\` itself (path and hash together), so moving or swapping files
fails. Only the manifest, its statement, its signature and \`SHA256SUMS\` (a copy of the list) are not listed.

${fence(FILES)}
## 5. Evidence files are named by their hash

${fence(NAMES)}
## 6. Checkpoint signatures

\`checkpoint.json\` closes the window and \`start-checkpoint.json\` (when present) opens it. Each \`signature\` is base64
DER ECDSA P-256 over SHA-256 of the RFC 8785 canonical JSON of the \`checkpoint\` object, rebuilt here from its fields.

${fence(CHECKPOINTS)}
## 7. Inclusion proof (RFC 9162)

\`proofs/inclusion/<sha256>.json\` holds \`leafIndex\`, \`treeSize\` and \`auditPath\`. An artifact's leaf hash is
SHA-256(0x00 || its 32-byte SHA-256). This checks the first evidence file; to check them all, run
\`while read -r h f; do incl "$h"; done < ../evidence\`.

${fence(INCLUSION)}
## 8. Consistency proof across the window (RFC 9162)

\`proofs/consistency.json\` proves the log at the start checkpoint is a prefix of the log at the closing one.

${fence(CONSISTENCY)}
## 9. Manual evidence, approvals and exceptions (when the archive has \`manual/\`)

People's statements (a document added, an approval, a risk acceptance) are log leaves themselves: the leaf is the
exact bytes of \`manual/statements/<sha256>.json\` (RFC 8785 canonical JSON with \`"leaf":"flux.leaf/v1"\`), so each
must be named by its own SHA-256, and its leaf hash is SHA-256(0x00 || those bytes), which
\`(printf '\\000'; cat "$f") | openssl dgst -sha256 -r\` prints. Its audit path is \`proofs/manual/<sha256>.json\`, folded
as in step 7. A \`manual\` statement names its document's \`fileSha256\` and \`size\`; the document is
\`manual/files/<fileSha256>.<ext>\` and must hash to it. An \`approval\` statement's \`evidence\` is the SHA-256 of the
\`manual\` statement it approves. \`manual/index.json\` lists, per requirement, the documents, who approved them and
when, and the accepted exceptions (owner, reason, expiry).

${fence(MANUAL)}
## What the CLI checks beyond this

\`flux-evidence verify snapshot.zip --key <fingerprint>\` runs all of the above for every artifact, and also:

- **Complete population:** \`log/population.json\` lists every log leaf between the two checkpoints (index, leaf hash,
  kind, collector, scope, included or excluded with a reason). From the start tree's compact range it recomputes
  both roots, so no leaf of the window can be left out unseen.
- **Every checkpoint of the window:** \`checkpoints/window.json\` lists each checkpoint signed between the start and
  closing checkpoints with a consistency proof to the closing one, so the log only ever grew; keep any of them.
- **Your kept checkpoint:** \`--since <checkpoint.json>\` (a checkpoint from an earlier snapshot you kept) checks that
  this log extends it append-only, with \`proofs/consistency-since.json\` when the snapshot was requested from that
  tree size. Without it, whoever holds the key could rewrite history between two snapshots.
- **Manual evidence:** the \`manual-evidence\` check folds every statement's audit path to the closing root.
- **Samples:** \`samples.json\` records the seed: SHA-256 of the closing checkpoint's root, size and signature, and the
  nonce you supplied after that checkpoint existed (\`--auditor-nonce\`). Without a nonce the samples are
  operator-chosen.
`,
    'utf8',
  );
}
