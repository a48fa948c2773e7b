#!/usr/bin/env node
// A pgmock generator program in Node.js: ISBN-13 numbers and URL slugs of titles.
//
// pgmock talks newline-delimited JSON with it over stdin/stdout
// (docs/generator-protocol.md):
//
//   {"generator": "process", "params": {"command": ["node", "gen-books.mjs"],
//                                       "options": {"kind": "isbn"}}}
//   {"generator": "process", "params": {"command": ["node", "gen-books.mjs"],
//                                       "options": {"kind": "slug"}, "rows": ["title"]}}
//
// "rows" asks pgmock to send earlier columns of the batch with every request; a slug is
// made from the row's title. Values depend only on the request (seed, offset, rows), so
// the output is the same for any --jobs; every answer carries its request's "id" back.
// No dependencies beyond Node's standard library. Running it takes --allow-exec.

import { createInterface } from "node:readline";

const PROTOCOL = 1;

// sfc32 seeded from the request's seed (an integer below 2**53, exact in JavaScript).
function seeded(seed) {
  let a = seed % 4294967296 >>> 0;
  let b = Math.floor(seed / 4294967296) >>> 0;
  let c = 0x9e3779b9;
  let d = 1;
  function next() {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  }
  for (let i = 0; i < 15; i++) next();
  return { int: (lo, hi) => lo + (next() % (hi - lo + 1)) };
}

function isbn13(rnd) {
  let digits = "978" + String(rnd.int(0, 9)) + String(rnd.int(0, 99999999)).padStart(8, "0");
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(digits[i]) * (i % 2 === 0 ? 1 : 3);
  return digits + String((10 - (sum % 10)) % 10);
}

function slug(title, rowNumber) {
  const words = String(title ?? "untitled")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
  return `${words || "item"}-${rowNumber}`; // the row number keeps slugs unique
}

const columns = new Map(); // column path -> options (one handshake per column)
// One answer line with the request's id (pgmock matches answers to requests by it).
const send = (request, message) =>
  process.stdout.write(JSON.stringify({ id: request.id, ...message }) + "\n");

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  const message = JSON.parse(line);
  if ("protocol" in message) {
    if (message.protocol !== PROTOCOL) {
      send(message, { ok: false, error: `protocol ${message.protocol} unsupported` });
      process.exit(1);
    }
    const { schema, table, name } = message.column;
    const options = message.params ?? {};
    if (!["isbn", "slug"].includes(options.kind)) {
      send(message, {
        ok: false,
        error: `options.kind must be "isbn" or "slug", got ${options.kind}`,
      });
      continue;
    }
    columns.set(`${schema}.${table}.${name}`, options);
    console.error(`gen-books: ${schema}.${table}.${name} makes ${options.kind}`);
    send(message, { ok: true });
    continue;
  }
  const options = columns.get(message.column);
  const { n, seed, offset } = message;
  const values = new Array(n);
  if (options.kind === "isbn") {
    const rnd = seeded(seed);
    for (let i = 0; i < n; i++) values[i] = isbn13(rnd);
  } else {
    const titles = message.rows?.title ?? [];
    for (let i = 0; i < n; i++) values[i] = slug(titles[i], offset + i + 1);
  }
  send(message, { values });
}
