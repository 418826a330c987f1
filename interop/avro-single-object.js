#!/usr/bin/env node
// Avro single-object encoding written without fanscore's code: avsc (an Avro library for
// JavaScript) for the schemas and the binary body, and the header (C3 01, then the CRC-64-AVRO
// fingerprint of the writer schema's Parsing Canonical Form, little-endian) computed here from
// the Avro specification. The interop test uses it beside kcat to show that fanscore's wire format
// is standard Avro.
//
//   node avro-single-object.js encode --key FIELD --key-delimiter K --record-delimiter R SCHEMA.avsc...
//       JSON lines on stdin (one record each, Avro field names, enum symbols as strings, null for
//       absent optional fields) -> "key K record R" on stdout, for `kcat -P -K K -D R`.
//   node avro-single-object.js decode SCHEMA.avsc...
//       kcat's `-f '%K %S %k%s'` output on stdin -> {"key": ..., "value": {...}} JSON lines.
//
// SCHEMA.avsc... are schema files in dependency order: named types first, the record type last.
'use strict';

const fs = require('fs');
const avro = require('avsc');

const MARKER = Buffer.from([0xc3, 0x01]);

// CRC-64-AVRO (Avro specification, "Schema Fingerprints"): the Rabin fingerprint with this
// polynomial, table driven, in 64-bit arithmetic.
const EMPTY = 0xc15d213aa4d7a795n;
const MASK = (1n << 64n) - 1n;
const TABLE = Array.from({length: 256}, (_, i) => {
  let fp = BigInt(i);
  for (let j = 0; j < 8; j++) {
    fp = (fp >> 1n) ^ (EMPTY & -(fp & 1n));
  }
  return fp & MASK;
});

function crc64Avro(bytes) {
  let fp = EMPTY;
  for (const b of bytes) {
    fp = (fp >> 8n) ^ TABLE[Number((fp ^ BigInt(b)) & 0xffn)];
  }
  return fp & MASK;
}

/** The record type of the last schema file, the earlier ones defining the types it names. */
function loadType(schemaFiles) {
  if (schemaFiles.length === 0) {
    fail('no schema files given');
  }
  const registry = {};
  let type;
  for (const file of schemaFiles) {
    type = avro.Type.forSchema(JSON.parse(fs.readFileSync(file, 'utf8')), {registry});
  }
  return type;
}

/**
 * The 10-byte header: marker and fingerprint. avsc's getSchema() without options is the Parsing
 * Canonical Form: full names, only the attributes that matter for parsing, in the specified order.
 */
function headerOf(type) {
  const canonical = JSON.stringify(type.getSchema());
  const header = Buffer.alloc(10);
  MARKER.copy(header, 0);
  header.writeBigUInt64LE(crc64Avro(Buffer.from(canonical, 'utf8')), 2);
  return header;
}

function encode(options, type) {
  const header = headerOf(type);
  const keyDelimiter = Buffer.from(options.keyDelimiter, 'utf8');
  const recordDelimiter = Buffer.from(options.recordDelimiter, 'utf8');
  const lines = fs.readFileSync(0, 'utf8').split('\n').filter((line) => line.trim() !== '');
  const out = [];
  lines.forEach((line, index) => {
    const json = JSON.parse(line);
    const value = {};
    for (const field of type.fields) {
      value[field.name] = json[field.name] === undefined ? null : json[field.name];
    }
    const problems = [];
    type.isValid(value, {errorHook: (path, any) => problems.push(path.join('.') + '=' + any)});
    if (problems.length > 0) {
      fail(`line ${index + 1}: not a valid ${type.name}: ${problems.join(', ')}`);
    }
    const key = Buffer.from(String(json[options.key]), 'utf8');
    const record = Buffer.concat([header, type.toBuffer(value)]);
    // kcat splits on the delimiters, so they must not occur inside a key or a record.
    for (const part of [key, record]) {
      if (part.includes(keyDelimiter) || part.includes(recordDelimiter)) {
        fail(`line ${index + 1}: a delimiter occurs inside the record; choose other delimiters`);
      }
    }
    out.push(key, keyDelimiter, record, recordDelimiter);
  });
  process.stdout.write(Buffer.concat(out));
}

function decode(type) {
  const header = headerOf(type);
  const input = fs.readFileSync(0);
  let at = 0;
  const readLength = () => {
    const space = input.indexOf(0x20, at);
    if (space < 0) {
      fail(`truncated input at byte ${at}`);
    }
    const length = Number(input.subarray(at, space).toString('ascii'));
    at = space + 1;
    return length;
  };
  const readBytes = (length) => {
    if (length < 0) {
      return null;
    }
    if (at + length > input.length) {
      fail(`truncated input at byte ${at}`);
    }
    const bytes = input.subarray(at, at + length);
    at += length;
    return bytes;
  };
  let count = 0;
  while (at < input.length) {
    const keyLength = readLength();
    const valueLength = readLength();
    const key = readBytes(keyLength);
    const value = readBytes(valueLength);
    count++;
    if (value === null || value.length < header.length) {
      fail(`record ${count}: no single-object value`);
    }
    if (!value.subarray(0, 2).equals(MARKER)) {
      fail(`record ${count}: no single-object marker C3 01`);
    }
    if (!value.subarray(0, header.length).equals(header)) {
      fail(`record ${count}: the writer fingerprint is not that of ${type.name}`);
    }
    const record = type.fromBuffer(value.subarray(header.length));
    process.stdout.write(
        JSON.stringify({key: key === null ? null : key.toString('utf8'), value: record}) + '\n');
  }
}

function fail(message) {
  process.stderr.write(`avro-single-object: ${message}\n`);
  process.exit(1);
}

function main(argv) {
  const [command, ...rest] = argv;
  const options = {};
  const files = [];
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i].match(/^--(key|key-delimiter|record-delimiter)$/);
    if (flag) {
      const name = flag[1].replace(/-(\w)/g, (_, c) => c.toUpperCase());
      options[name] = rest[++i];
    } else {
      files.push(rest[i]);
    }
  }
  const type = loadType(files);
  if (command === 'encode') {
    for (const required of ['key', 'keyDelimiter', 'recordDelimiter']) {
      if (!options[required]) {
        fail(`encode needs --${required.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}`);
      }
    }
    encode(options, type);
  } else if (command === 'decode') {
    decode(type);
  } else {
    fail('usage: avro-single-object.js encode|decode [options] SCHEMA.avsc...');
  }
}

main(process.argv.slice(2));
