import { createHash, randomBytes } from 'node:crypto';
import { connectedComponentCount, sha1 } from '../../../extension/src/radiomics/diagnostics';
import type { Volume } from '../../../extension/src/radiomics/image/volume';

describe('sha1 (diagnostics hashes, as sitk.Hash)', () => {
  it.each([0, 1, 55, 56, 63, 64, 65, 119, 120, 127, 128, 1000, 1 << 16])('equals node:crypto for %i bytes', (length) => {
    const bytes = randomBytes(length);
    expect(sha1(new Uint8Array(bytes))).toBe(createHash('sha1').update(bytes).digest('hex'));
  });
  it('equals node:crypto when all-zero and non-zero 64-byte blocks alternate (a zero block reuses the zero schedule)', () => {
    const pattern = [0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 0];
    const bytes = Buffer.alloc(64 * pattern.length + 30);
    pattern.forEach((nonZero, block) => {
      if (nonZero) randomBytes(64).copy(bytes, 64 * block);
    });
    expect(sha1(new Uint8Array(bytes))).toBe(createHash('sha1').update(bytes).digest('hex'));
  });
});

describe('connectedComponentCount (26-connectivity, as sitk ConnectedComponent FullyConnectedOn)', () => {
  it('joins voxels touching by a corner and separates voxels one voxel apart', () => {
    const data = new Uint32Array(4 * 4 * 4);
    const at = (i: number, j: number, k: number) => i + 4 * (j + 4 * k);
    data[at(0, 0, 0)] = 1;
    data[at(1, 1, 1)] = 1; // corner neighbour of (0,0,0)
    data[at(3, 3, 3)] = 1; // two voxels away: a second component
    data[at(3, 0, 0)] = 2; // another label is ignored
    const mask: Volume = { size: [4, 4, 4], spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], data, pixelType: 'uint32' };
    expect(connectedComponentCount(mask, 1)).toBe(2);
    expect(connectedComponentCount(mask, 2)).toBe(1);
  });
  it('counts components touching every face of the array (the search box is the whole array)', () => {
    const data = new Uint32Array(5 * 4 * 3);
    const at = (i: number, j: number, k: number) => i + 5 * (j + 4 * k);
    data[at(0, 0, 0)] = 1; // corner component
    data[at(4, 3, 2)] = 1; // opposite corner, alone
    data[at(4, 0, 0)] = 1;
    data[at(3, 1, 1)] = 1; // corner neighbour of (4,0,0): joins it
    data[at(0, 3, 2)] = 1; // a fourth corner, alone
    data[at(1, 2, 2)] = 2; // another label between them is ignored
    const mask: Volume = { size: [5, 4, 3], spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], data, pixelType: 'uint32' };
    expect(connectedComponentCount(mask, 1)).toBe(4);
  });
});
