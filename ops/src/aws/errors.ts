// Translates AWS SDK failures into AwsRequestError at the boundary, keeping the service's error name.
import { AwsRequestError } from '../errors';

export async function callAws<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    const message = error instanceof Error ? error.message : String(error);
    throw new AwsRequestError(operation, `${name}: ${message}`, { cause: error });
  }
}
