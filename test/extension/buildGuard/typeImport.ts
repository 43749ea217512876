// Type-only imports of host packages are erased before bundling and are allowed.
// @ts-expect-error -- @cornerstonejs/core is not installed (the host owns it); only the erasure matters here
import type { Types } from '@cornerstonejs/core';

export const viewportKind: Types | 'none' = 'none';
