// Each event of a timeline checked in this browser, from the published texts rather than our server code: its offline
// receipt (c2sp.org/tlog-proof) gives the event's canonical entry, its leaf index, an inclusion proof and the signed
// checkpoint; the entry must be this event, the proof must lead from its leaf hash to the checkpoint's root (RFC 9162,
// section 2.1.3.2) and the checkpoint must carry the log's Ed25519 signature (c2sp.org/signed-note). WebCrypto does
// the hashing and the signature.
"use strict";
const bytes = b64 => Uint8Array.from(atob(b64), c => c.charCodeAt(0));
const sha256 = async (...parts) => new Uint8Array(await crypto.subtle.digest("SHA-256", concat(...parts)));
const equal = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
function concat(...parts) {
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { all.set(p, at); at += p.length; }
  return all;
}

// RFC 9162, 2.1.3.2: the root an inclusion proof leads to from a leaf hash, or null if the proof cannot be for it.
async function rootFrom(index, size, leafHash, path) {
  if (index >= size) return null;
  let fn = index, sn = size - 1n, r = leafHash;
  for (const p of path) {
    if (sn === 0n) return null;
    if ((fn & 1n) === 1n || fn === sn) {
      r = await sha256(Uint8Array.of(1), p, r);
      if ((fn & 1n) === 0n) while ((fn & 1n) === 0n && fn !== 0n) { fn >>= 1n; sn >>= 1n; }
    } else {
      r = await sha256(Uint8Array.of(1), r, p);
    }
    fn >>= 1n; sn >>= 1n;
  }
  return sn === 0n ? r : null;
}

// c2sp.org/signed-note: the text up to the blank line, signed by the key whose name and key ID the vkey gives.
async function signedBy(note, vkey) {
  const [name, id] = vkey.split("+", 2);
  const key = vkey.slice(name.length + id.length + 2); // base64 holds "+" too
  const cut = note.indexOf("\n\n");
  const text = new TextEncoder().encode(note.slice(0, cut + 1));
  const publicKey = await crypto.subtle.importKey("raw", bytes(key).slice(1), { name: "Ed25519" }, false, ["verify"]);
  for (const line of note.slice(cut + 2).split("\n")) {
    const m = /^\u2014 (\S+) (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const signature = bytes(m[2]);
    const keyId = [...signature.slice(0, 4)].map(b => b.toString(16).padStart(2, "0")).join("");
    if (keyId === id && await crypto.subtle.verify({ name: "Ed25519" }, publicKey, signature.slice(4), text)) return true;
  }
  return false;
}

// Parses a receipt and checks it for the event of this sequence in this stream: the checkpoint's size, or a failure.
async function check(receipt, sequence, stream, vkey) {
  const blank = receipt.indexOf("\n\n");
  const head = receipt.slice(0, blank).split("\n");
  const note = receipt.slice(blank + 2);
  if (head[0] !== "c2sp.org/tlog-proof@v1" || !head[1].startsWith("extra ") || !head[2].startsWith("index "))
    throw new Error("not a c2sp.org/tlog-proof receipt");
  const entry = bytes(head[1].slice(6));
  const index = BigInt(head[2].slice(6));
  const path = head.slice(3).map(bytes);
  const event = JSON.parse(new TextDecoder().decode(entry));
  if (String(event.sequence) !== sequence || event.stream !== stream) throw new Error("the proof is for another event");
  const [, sizeText, rootText] = note.split("\n");
  const size = BigInt(sizeText);
  const root = await rootFrom(index, size, await sha256(Uint8Array.of(0), entry), path);
  if (root === null || !equal(root, bytes(rootText))) throw new Error("the inclusion proof does not lead to the checkpoint's root");
  if (!await signedBy(note, vkey)) throw new Error("the checkpoint is not signed by the log's key");
  return sizeText;
}

const timeline = document.querySelector("table[data-log-key]");
if (timeline) {
  const wait = ms => new Promise(done => setTimeout(done, ms));
  timeline.querySelectorAll("td[data-sequence]").forEach(async cell => {
    for (let attempt = 0; ; attempt++) {
      try {
        const response = await fetch(`/api/integrity/log/proof/${cell.dataset.sequence}`, { credentials: "same-origin" });
        if (response.status === 404 && attempt < 10) { cell.textContent = "not under a checkpoint yet…"; await wait(2000); continue; }
        if (!response.ok) throw new Error(`the ledger answered ${response.status}`);
        const size = await check(await response.text(), cell.dataset.sequence, timeline.dataset.stream, timeline.dataset.logKey);
        cell.textContent = `verified against checkpoint ${size}`;
        cell.className = "proof verified";
      } catch (failure) {
        cell.textContent = `failed: ${failure.message}`;
        cell.className = "proof failed";
      }
      return;
    }
  });
}
