// A host's SSH identity, generated in the program: the private half in an SSM SecureString that only the host's
// role can read (user data fetches it at boot, so it never appears in user data), the public half published as an
// SSM String and as a known_hosts line so clients pin it from the first connection.
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import * as tls from '@pulumi/tls';
import { parameterPath, type StackIdentity } from '../../naming';

export interface HostKeyArgs {
  readonly identity: StackIdentity;
  /** Short host name used in parameter paths, e.g. `bastion`. */
  readonly host: string;
}

export class HostKey extends pulumi.ComponentResource {
  readonly publicKeyOpenssh: pulumi.Output<string>;
  readonly privateParameterName: string;
  readonly privateParameterArn: pulumi.Output<string>;
  readonly publicParameterName: string;

  constructor(name: string, args: HostKeyArgs, opts?: pulumi.ComponentResourceOptions) {
    super('energy-market:ssh:HostKey', name, {}, opts);
    const key = new tls.PrivateKey(`${name}-key`, { algorithm: 'ED25519' }, { parent: this });
    this.publicKeyOpenssh = key.publicKeyOpenssh.apply((k) => k.trim());
    this.privateParameterName = parameterPath(args.identity, args.host, 'ssh-host-key');
    this.publicParameterName = parameterPath(args.identity, args.host, 'ssh-host-key.pub');
    const privateParameter = new aws.ssm.Parameter(
      `${name}-private`,
      {
        name: this.privateParameterName,
        type: 'SecureString',
        value: pulumi.secret(key.privateKeyOpenssh),
        description: `SSH host private key of ${args.host}; read only by its instance role at boot`,
      },
      { parent: this },
    );
    this.privateParameterArn = privateParameter.arn;
    new aws.ssm.Parameter(
      `${name}-public`,
      {
        name: this.publicParameterName,
        type: 'String',
        value: this.publicKeyOpenssh,
        description: `SSH host public key of ${args.host}, for known_hosts pinning`,
      },
      { parent: this },
    );
    this.registerOutputs({});
  }

  /** `host1,host2 ssh-ed25519 AAAA…` for a known_hosts file. */
  knownHostsLine(hosts: readonly pulumi.Input<string>[]): pulumi.Output<string> {
    return pulumi
      .all([pulumi.all(hosts as pulumi.Input<string>[]), this.publicKeyOpenssh])
      .apply(([names, key]) => `${names.join(',')} ${key.split(' ').slice(0, 2).join(' ')}`);
  }
}
