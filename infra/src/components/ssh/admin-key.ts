// The operators' SSH key pair, generated in the program. The private half lives only in an SSM SecureString
// (and, encrypted, in the Pulumi state); `ops ssh` reads it from there.
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import * as tls from '@pulumi/tls';
import { parameterPath, physicalName, type StackIdentity } from '../../naming';

export interface AdminKeyArgs {
  readonly identity: StackIdentity;
}

export class AdminKey extends pulumi.ComponentResource {
  readonly keyPairName: pulumi.Output<string>;
  readonly privateKeyParameterName: string;
  readonly publicKeyOpenssh: pulumi.Output<string>;

  constructor(name: string, args: AdminKeyArgs, opts?: pulumi.ComponentResourceOptions) {
    super('energy-market:ssh:AdminKey', name, {}, opts);
    const key = new tls.PrivateKey(`${name}-key`, { algorithm: 'ED25519' }, { parent: this });
    this.publicKeyOpenssh = key.publicKeyOpenssh.apply((k) => k.trim());
    const pair = new aws.ec2.KeyPair(
      `${name}-pair`,
      { keyName: physicalName(args.identity, 'admin'), publicKey: this.publicKeyOpenssh },
      { parent: this },
    );
    this.keyPairName = pair.keyName;
    this.privateKeyParameterName = parameterPath(args.identity, 'bastion', 'ssh-private-key');
    new aws.ssm.Parameter(
      `${name}-private-key`,
      {
        name: this.privateKeyParameterName,
        type: 'SecureString',
        value: pulumi.secret(key.privateKeyOpenssh),
        description: "Operators' SSH private key for the bastion and hosts behind it (ops ssh reads it)",
      },
      { parent: this },
    );
    this.registerOutputs({});
  }
}
