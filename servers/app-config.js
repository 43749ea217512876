/**
 * PRNN's configuration of the stock OHIF 3.13 viewer (served as /app-config.js in place of the host's own).
 * DICOMweb is reached on the viewer's own origin at /dicom-web (the embedded server, or a proxy to Orthanc or to
 * DICOMWEB_URL), so no CORS is involved. The extension and mode are browser ES modules loaded by URL; a hospital
 * adds the same two lines to its own app-config.js (docs/deploy.md).
 */
window.config = {
  name: 'prnn',
  routerBasename: '/',
  extensions: ['/prnn/extension/index.js'],
  modes: ['/prnn/mode/index.js'],
  customizationService: {},
  showStudyList: true,
  maxNumberOfWebWorkers: 3,
  showWarningMessageForCrossOrigin: false,
  showCPUFallbackMessage: true,
  showLoadingIndicator: true,
  strictZSpacingForVolumeViewport: true,
  groupEnabledModesFirst: true,
  showErrorDetails: 'always',
  defaultDataSourceName: 'dicomweb',
  dataSources: [
    {
      namespace: '@ohif/extension-default.dataSourcesModule.dicomweb',
      sourceName: 'dicomweb',
      configuration: {
        friendlyName: 'PRNN DICOMweb',
        name: 'prnn',
        qidoRoot: '/dicom-web',
        wadoRoot: '/dicom-web',
        wadoUriRoot: '/dicom-web',
        qidoSupportsIncludeField: true,
        supportsReject: false,
        imageRendering: 'wadors',
        thumbnailRendering: 'wadors',
        enableStudyLazyLoad: true,
        supportsFuzzyMatching: false,
        supportsWildcard: true,
        dicomUploadEnabled: false,
        omitQuotationForMultipartRequest: true,
        bulkDataURI: { enabled: true },
      },
    },
  ],
};
