/** The study's PyRadiomics configuration (params/seed.yaml), bundled as text: the viewer extracts with it. */
import seedParamsYaml from '../../../params/seed.yaml';

export default seedParamsYaml;
