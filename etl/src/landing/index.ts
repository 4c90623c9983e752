// The landing zone: raw files byte for byte, and the manifest of what landed.
export { LandingError } from './errors';
export { LandingZone, checkedPath, sha256Hex, type LandedFile } from './landing-zone';
