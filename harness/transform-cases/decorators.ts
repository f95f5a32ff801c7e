// @syntax decorators
// Decorated classes keep their decorators on the class expression.
function sealed<T>(value: T, _context?: unknown): T {
  return value;
}

@sealed
export class Vault {
  open() {
    return true;
  }
}
