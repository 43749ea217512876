import mode, { isValidMode, prnnModeFrom } from '../../mode/src/index';
import { PANEL_ID } from '../../extension/src/id';

/** The shape of @ohif/mode-basic 3.13's default export, as far as the PRNN mode reads it. */
function basicMode() {
  const route = {
    path: 'basic',
    layoutTemplate(this: { layoutInstance: unknown }) {
      return this.layoutInstance;
    },
    layoutInstance: { id: '@ohif/extension-default.layoutTemplateModule.viewerLayout', props: { rightPanels: ['seg', 'measure'], rightPanelClosed: true } },
  };
  return {
    id: '@ohif/mode-basic',
    modeInstance: { id: '@ohif/mode-basic', routeName: 'basic', hide: true, routes: [route], extensions: { '@ohif/extension-default': '^3.0.0' } },
    modeFactory(this: { modeInstance: unknown }) {
      return this.modeInstance;
    },
  };
}

describe('PRNN mode', () => {
  test('valid for MR studies; says why otherwise', () => {
    expect(isValidMode({ modalities: 'MR\\SEG\\RTSTRUCT' }).valid).toBe(true);
    expect(isValidMode({ modalities: 'CT\\RTSTRUCT' })).toEqual({
      valid: false,
      description: 'PRNN needs an MR study (T1, T2, CE-T1); this study has CT, RTSTRUCT',
    });
  });

  test('built on the host basic mode: own id and route, PRNN panel first and open, basic extensions only', async () => {
    const loadModules = jest.fn(async () => [basicMode()]);
    const instance = await mode.modeFactory({ loadModules });
    expect(loadModules).toHaveBeenCalledWith(['@ohif/mode-basic']);
    expect(instance).toMatchObject({ id: 'prnn', routeName: 'prnn', displayName: 'PRNN risk', hide: false, hangingProtocol: 'prnn' });
    const route = (instance.routes as ReturnType<typeof prnnModeFrom>['routes'])[0];
    expect(route.path).toBe('prnn');
    expect(route.layoutInstance.props).toMatchObject({ rightPanels: [PANEL_ID, 'seg', 'measure'], rightPanelClosed: false });
    expect(Object.keys(instance.extensions as object)).not.toContain('@prnn/extension-prnn');
  });
});
