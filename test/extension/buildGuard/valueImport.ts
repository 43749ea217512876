// A value import of a host singleton: the build must refuse it. (@ohif/core is not installed: the host owns it.)
// @ts-expect-error -- no types: the point is what webpack does with the import
import { utils } from '@ohif/core';

export const used: unknown = utils;
