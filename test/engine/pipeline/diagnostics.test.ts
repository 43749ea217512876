import { createHash, randomBytes } from 'node:crypto';
import { connectedComponentCount, sha1 } from '../../../extension/src/radiomics/diagnostics';
import type { Volume } from '../../../extension/src/radiomics/image/volume';

describe('sha1 (diagnostics hashes, as sitk.Hash)', () => {
  it.each([0, 1, 55, 56, 63, 64, 65, 119, 120, 127, 128, 1000, 1 << 16])('equals node:crypto for %i bytes', (length) => {
    const bytes = randomBytes(length);
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
});
