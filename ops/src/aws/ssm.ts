// SSM Parameter Store. Region from the stack; endpoint and credentials from the SDK's default chain, so
// AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_SSM and AWS_PROFILE work as everywhere else.
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { AwsRequestError } from '../errors';
import { callAws } from './errors';

/** Reads a SecureString decrypted. The value is returned to the caller only: never logged here. */
export async function getSecureParameter(region: string, name: string): Promise<string> {
  const client = new SSMClient({ region });
  try {
    const result = await callAws(`ssm:GetParameter ${name}`, () =>
      client.send(new GetParameterCommand({ Name: name, WithDecryption: true })),
    );
    const value = result.Parameter?.Value;
    if (value === undefined || value === '') {
      throw new AwsRequestError(`ssm:GetParameter ${name}`, 'the parameter has no value');
    }
    return value;
  } finally {
    client.destroy();
  }
}
