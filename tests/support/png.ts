// A minimal PNG baker for tests: inserts one uncompressed iTXt chunk before IEND (Node's zlib.crc32).
import { crc32, deflateSync } from 'node:zlib';

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A 1x1 PNG, so tests need no image file. */
export function tinyPng(): Buffer {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);
  const idat = deflateSync(Buffer.from([0, 0, 0, 0, 0]));
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}

export function bakePng(png: Buffer, keyword: string, text: string): Buffer {
  const iend = png.lastIndexOf(Buffer.from('IEND', 'latin1')) - 4;
  const data = Buffer.concat([Buffer.from(`${keyword}\0\0\0\0\0`, 'latin1'), Buffer.from(text, 'utf8')]);
  return Buffer.concat([png.subarray(0, iend), chunk('iTXt', data), png.subarray(iend)]);
}

/** Like bakePng, with the text zlib-compressed (iTXt compression flag 1): how a decompression bomb is made. */
export function bakeCompressedPng(png: Buffer, keyword: string, text: Buffer): Buffer {
  const iend = png.lastIndexOf(Buffer.from('IEND', 'latin1')) - 4;
  const data = Buffer.concat([Buffer.from(`${keyword}\0\x01\0\0\0`, 'latin1'), deflateSync(text, { level: 9 })]);
  return Buffer.concat([png.subarray(0, iend), chunk('iTXt', data), png.subarray(iend)]);
}
