// Shell fragments for EC2 user data. They carry parameter NAMES only: secrets are fetched at boot with the
// instance role, so nothing secret is ever part of user data (which any ec2:DescribeInstanceAttribute can read).

/** Installs the host's pinned ed25519 key from SSM and makes sshd offer only that key. */
export function installHostKeyScript(parameterName: string, region: string): string {
  return [
    '# Install the pinned SSH host key (published in SSM and the stack outputs) and offer only that one.',
    `aws ssm get-parameter --region ${region} --name '${parameterName}' --with-decryption \\`,
    '  --query Parameter.Value --output text > /etc/ssh/ssh_host_ed25519_key.new',
    'install -m 600 -o root -g root /etc/ssh/ssh_host_ed25519_key.new /etc/ssh/ssh_host_ed25519_key',
    'rm -f /etc/ssh/ssh_host_ed25519_key.new /etc/ssh/ssh_host_rsa_key* /etc/ssh/ssh_host_ecdsa_key*',
    'ssh-keygen -y -f /etc/ssh/ssh_host_ed25519_key > /etc/ssh/ssh_host_ed25519_key.pub',
    "printf 'HostKey /etc/ssh/ssh_host_ed25519_key\\nPasswordAuthentication no\\nPermitRootLogin no\\n' \\",
    '  > /etc/ssh/sshd_config.d/10-energy-market.conf',
    'systemctl restart sshd',
  ].join('\n');
}

/** Starts a script that fails loudly: any failing step stops the boot script and shows in the console log. */
export function scriptHeader(purpose: string): string {
  return [
    '#!/bin/bash',
    `# ${purpose}`,
    'set -euo pipefail',
    'exec > >(tee /var/log/energy-market-boot.log) 2>&1',
  ].join('\n');
}
