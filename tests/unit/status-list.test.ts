import { describe, expect, it } from 'vitest';
import { bitstring, encodeStatusList } from '../../src/lib/issue/status-list-fs.ts';
import { decodeStatusList, readStatusBit, StatusListError } from '../../src/lib/verify/status-list.ts';
import { STATUS_LIST_SIZE } from '../../src/schemas/award.ts';

describe('Bitstring Status List', () => {
  it('puts index 0 in the most significant bit of the first byte', () => {
    const bits = bitstring(16, [0, 9, 15]);
    expect([...bits]).toEqual([0b1000_0000, 0b0100_0001]);
  });

  it('encodes as "u" + base64url(gzip) and decodes back to the same bits, 16 KB long', async () => {
    const set = [0, 7, 8, 4095, 65_536, STATUS_LIST_SIZE - 1];
    const encoded = encodeStatusList(bitstring(STATUS_LIST_SIZE, set));
    expect(encoded).toMatch(/^u[A-Za-z0-9_-]+$/);
    const bits = await decodeStatusList(encoded);
    expect(bits.length).toBe(16_384);
    for (const index of set) expect(readStatusBit(bits, index), `bit ${index}`).toBe(1);
    for (const index of [1, 6, 9, 4094, 4096, 65_535, STATUS_LIST_SIZE - 2]) expect(readStatusBit(bits, index), `bit ${index}`).toBe(0);
  });

  it('encodes the same bits to the same text every time', () => {
    expect(encodeStatusList(bitstring(STATUS_LIST_SIZE, [5, 42]))).toBe(encodeStatusList(bitstring(STATUS_LIST_SIZE, [42, 5])));
  });

  it('rejects what is not a status list, with a stable code', async () => {
    await expect(decodeStatusList('zabc')).rejects.toMatchObject({ code: 'ERR_STATUS_LIST_ENCODING' });
    await expect(decodeStatusList('uAAAA')).rejects.toBeInstanceOf(StatusListError);
    expect(() => readStatusBit(new Uint8Array(2), 16)).toThrow(expect.objectContaining({ code: 'ERR_STATUS_LIST_INDEX' }));
    expect(() => bitstring(16, [16])).toThrow('Index 16 is outside the list (0 to 15).');
  });
});
