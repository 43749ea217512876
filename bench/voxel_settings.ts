/** Settings of the voxel-map benchmark (also read by bench/voxel_pyradiomics_timed.py as JSON via voxel_run.ts). */
export const VOXEL_BENCH_SETTING = { binWidth: 25, label: 1 };
