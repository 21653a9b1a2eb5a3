import type { Manifest } from './manifest.js';

/** VERIFY.md: how to check a snapshot with unzip, sha256sum and openssl only. */
export function verifyMarkdown(
  m: Pick<Manifest, 'framework' | 'window' | 'checkpoint'>,
  keyFingerprint: string,
): Buffer {
  const cp = m.checkpoint.checkpoint;
  return Buffer.from(
    `# Verifying this snapshot

Framework \`${m.framework}\`, window ${m.window.start} to ${m.window.end}. Closing checkpoint: log \`${cp.origin}\`,
tree size ${cp.treeSize}, root \`${cp.rootHash}\`.

Everything below uses only \`unzip\`, \`sha256sum\` and \`openssl\`. Each command prints an error and exits non-zero
when a check fails.

## 1. Unpack

\`\`\`sh
unzip -q snap.zip -d s && cd s
\`\`\`

## 2. Check the manifest signature

\`manifest.json\` lists every other file with its SHA-256 and size. \`manifest.sig\` is a DER ECDSA P-256 signature over
its exact bytes.

\`\`\`sh
openssl dgst -sha256 -verify public-key.pem -signature manifest.sig manifest.json
\`\`\`

Expected output: \`Verified OK\`.

## 3. Check that the key is the organisation's key

The SHA-256 fingerprint of the key's DER SubjectPublicKeyInfo must equal the fingerprint the organisation published
out of band (for this snapshot: \`${keyFingerprint}\`):

\`\`\`sh
openssl pkey -pubin -in public-key.pem -outform DER | sha256sum
\`\`\`

## 4. Check every file against the manifest

\`SHA256SUMS\` holds the manifest's file list in \`sha256sum\` format.

\`\`\`sh
sha256sum -c --strict SHA256SUMS
grep -o '"sha256":"[0-9a-f]*"' manifest.json | cut -d'"' -f4 | paste -d' ' - <(cut -d' ' -f1 SHA256SUMS) | awk '$1 != $2 { exit 1 }'
\`\`\`

The second command checks that \`SHA256SUMS\` carries the same hashes, in the same order, as the signed
\`manifest.json\`. A file that is in the archive but not in \`SHA256SUMS\` is extra; list them with:

\`\`\`sh
find . -type f ! -name manifest.json ! -name manifest.sig ! -name SHA256SUMS | sed 's|^\\./||' | sort > /tmp/present
cut -c67- SHA256SUMS | sort | diff - /tmp/present
\`\`\`

## 5. Evidence files are named by their hash

Each \`evidence/.../<time>_<sha256>.json\` must hash to the SHA-256 in its name:

\`\`\`sh
find evidence -name '*.json' | while read -r f; do
  h=$(sha256sum "$f" | cut -d' ' -f1); case "$f" in *_"$h".json) ;; *) echo "MISMATCH $f"; exit 1;; esac
done
\`\`\`

## 6. Inclusion proofs (optional, by hand)

\`proofs/inclusion/<sha256>.json\` holds \`{ leafIndex, treeSize, auditPath }\` against the closing checkpoint in
\`checkpoint.json\` (RFC 9162). The leaf hash is SHA-256(0x00 || the 32 raw bytes of the artifact's SHA-256):

\`\`\`sh
h=<artifact sha256>; printf '00%s' "$h" | xxd -r -p | openssl dgst -sha256
\`\`\`

Then fold the audit path as RFC 9162 section 2.1.3.2 describes (node = SHA-256(0x01 || left || right)); the result
must equal \`rootHash\` in \`checkpoint.json\`. \`flux-evidence verify snap.zip\` does this for every artifact, checks the
checkpoint signature (ECDSA over the RFC 8785 canonical JSON of \`checkpoint\`) with the same key, and checks the
consistency proof in \`proofs/consistency.json\` from the window's start checkpoint to its closing one.

## 7. Manual evidence, approvals and exceptions (when the archive has \`manual/\`)

People's statements (a document added, an approval, a risk acceptance) are log leaves themselves: the leaf is the
exact bytes of \`manual/statements/<sha256>.json\` (RFC 8785 canonical JSON with \`"leaf":"flux.leaf/v1"\`), so each
must hash to its name, and its leaf hash is SHA-256(0x00 || those bytes):

\`\`\`sh
for f in manual/statements/*.json; do
  h=$(sha256sum "$f" | cut -d' ' -f1); [ "$f" = "manual/statements/$h.json" ] || { echo "MISMATCH $f"; exit 1; }
done
f=manual/statements/<sha256>.json; (printf '\\000'; cat "$f") | openssl dgst -sha256
\`\`\`

Fold \`proofs/manual/<sha256>.json\` (\`{ leafIndex, treeSize, auditPath }\`) as in step 6. A \`manual\` statement names
its document's \`fileSha256\` and \`size\`; the document is \`manual/files/<fileSha256>.<ext>\` and must hash to it:

\`\`\`sh
for f in manual/files/*; do
  h=$(sha256sum "$f" | cut -d' ' -f1); case "$f" in manual/files/"$h".*) ;; *) echo "MISMATCH $f"; exit 1;; esac
done
\`\`\`

An \`approval\` statement's \`evidence\` is the SHA-256 of the \`manual\` statement it approves. \`manual/index.json\`
lists, per requirement, the documents, who approved them and when, and the accepted exceptions (owner, reason,
expiry). \`flux-evidence verify\` runs all of this as its \`manual-evidence\` check.
`,
    'utf8',
  );
}
