/** Parameter files are bundled as text (webpack `asset/source`) and parsed by radiomics/params. */
declare module '*.yaml' {
  const text: string;
  export default text;
}
