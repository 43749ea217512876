import { execFileSync } from 'node:child_process';

/**
 * dciodvfy's findings for a file. Warnings are allowed only when docs/sr.md ("dciodvfy warnings") explains them;
 * these patterns are that list.
 */
export const DOCUMENTED_WARNINGS: RegExp[] = [
  // Our private coding scheme is declared in CodingSchemeIdentificationSequence, but dciodvfy only knows PS3.16's.
  /^Warning - Unrecognized defined term <99PRNN> for value 1 of attribute <Coding Scheme Designator>$/,
  // Copied unchanged from the source images (STS_001, seg_dcmqi_tiny): person names without '^', an empty StudyID.
  /^Warning - Value dubious for this VR - \(0x0010,0x0010\) PN Patient's Name {2}PN \[1\] = <[^>]*> - Retired Person Name form$/,
  /^Warning - Value dubious for this VR - \(0x0008,0x0090\) PN Referring Physician's Name {2}PN \[1\] = <[^>]*> - Retired Person Name form$/,
  /^Warning - Missing attribute or value that would be needed to build DICOMDIR - Study ID$/,
];

export function dciodvfy(path: string): { errors: string[]; warnings: string[]; undocumented: string[] } {
  // dciodvfy reports on stderr and exits non-zero on errors: merge both streams through a shell.
  const output = execFileSync('sh', ['-c', 'dciodvfy "$1" 2>&1 || true', 'sh', path], { encoding: 'utf8' });
  const lines = output.split('\n').map((l) => l.trim()).filter(Boolean);
  const errors = lines.filter((l) => /^Error\b/.test(l));
  const warnings = lines.filter((l) => /^Warning\b/.test(l));
  return { errors, warnings, undocumented: warnings.filter((w) => !DOCUMENTED_WARNINGS.some((p) => p.test(w))) };
}
