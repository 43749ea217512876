import { HANGING_PROTOCOL_ID, PANEL_ID } from '../../extension/src/id';

/**
 * The PRNN mode: OHIF's basic viewer mode (its viewports, SEG / RTSTRUCT display, toolbar and tools) with the
 * T1 | T2 | CE-T1 hanging protocol and the PRNN panel on the right. Built on the host's own basic mode at run
 * time, so it follows the host's version. Our extension is not listed in `extensions`: the host resolves those
 * ids from its own bundle, and ours is loaded from its URL in app-config.
 */
export const MODE_ID = 'prnn';

interface Route {
  path: string;
  layoutInstance: { id: string; props: Record<string, unknown> & { rightPanels?: string[] } };
  [key: string]: unknown;
}

interface ModeInstance {
  routes: Route[];
  [key: string]: unknown;
}

interface BasicModeModule {
  modeInstance?: ModeInstance;
  modeFactory?: (this: BasicModeModule, options: { modeConfiguration?: unknown }) => ModeInstance | Promise<ModeInstance>;
}

interface ModeFactoryOptions {
  modeConfiguration?: unknown;
  loadModules: (names: string[]) => Promise<unknown[]>;
}

/** Valid for studies with MR; otherwise the worklist says why. */
export function isValidMode({ modalities }: { modalities?: string }): { valid: boolean; description: string } {
  const list = (modalities ?? '').split('\\').filter(Boolean);
  return list.includes('MR')
    ? { valid: true, description: 'PRNN risk from T1, T2 and CE-T1 MR' }
    : { valid: false, description: `PRNN needs an MR study (T1, T2, CE-T1); this study has ${list.join(', ') || 'no modality listed'}` };
}

export function prnnModeFrom(basic: ModeInstance): ModeInstance {
  const [route] = basic.routes;
  const rightPanels = route.layoutInstance.props.rightPanels ?? [];
  return {
    ...basic,
    id: MODE_ID,
    routeName: MODE_ID,
    displayName: 'PRNN risk',
    hide: false,
    isValidMode,
    hangingProtocol: HANGING_PROTOCOL_ID,
    routes: [
      {
        ...route,
        path: MODE_ID,
        layoutInstance: {
          ...route.layoutInstance,
          props: { ...route.layoutInstance.props, rightPanels: [PANEL_ID, ...rightPanels], rightPanelClosed: false },
        },
      },
    ],
  };
}

const mode = {
  id: MODE_ID,
  async modeFactory({ modeConfiguration, loadModules }: ModeFactoryOptions): Promise<ModeInstance> {
    const [basic] = (await loadModules(['@ohif/mode-basic'])) as BasicModeModule[];
    const base = basic.modeFactory ? await basic.modeFactory.call(basic, { modeConfiguration }) : basic.modeInstance;
    if (!base?.routes?.length) throw new Error('PRNN mode: the host has no usable @ohif/mode-basic (OHIF 3.13 or later is needed).');
    return prnnModeFrom(base);
  },
};

export default mode;
