// Errors of the landing zone.

export class LandingError extends Error {
  readonly expected = true;
  constructor(
    readonly code: 'UNSAFE_PATH',
    message: string,
  ) {
    super(message);
    this.name = 'LandingError';
  }
}
