/** jpeg-lossless-decoder-js ships no type declarations; this is the part the Node loader uses. */
declare module 'jpeg-lossless-decoder-js' {
  export class Decoder {
    /** Decodes one JPEG Lossless (ITU-T T.81 process 14) frame; returns rows x columns samples of its precision. */
    decompress(buffer: ArrayBuffer, offset?: number, length?: number): ArrayBuffer;
  }
}
