import {
  componentTags,
  defaultTags,
  logGroupName,
  parameterPath,
  physicalName,
  serviceNamespace,
} from '../../infra/src/naming';

const dev = { project: 'energy-market', stack: 'dev' };

describe('physicalName', () => {
  it('joins project, stack and parts in lower-case kebab form', () => {
    expect(physicalName(dev, 'Landing')).toBe('energy-market-dev-landing');
  });

  it('gives two stacks different names for the same component', () => {
    expect(physicalName(dev, 'gold')).not.toBe(physicalName({ ...dev, stack: 'prod' }, 'gold'));
  });

  it('refuses names longer than 63 characters', () => {
    expect(() => physicalName(dev, 'x'.repeat(60))).toThrow(/is 78 characters/);
  });
});

describe('parameterPath and defaultTags', () => {
  it('scopes parameters under /project/stack', () => {
    expect(parameterPath(dev, 'bastion', 'private-key')).toBe('/energy-market/dev/bastion/private-key');
  });

  it('tags with project and stack', () => {
    expect(defaultTags(dev)).toEqual({ project: 'energy-market', stack: 'dev', 'managed-by': 'pulumi' });
  });
});

describe('componentTags, serviceNamespace and logGroupName', () => {
  it('adds the owning component to the stack tags', () => {
    expect(componentTags(dev, 'network')).toEqual({
      project: 'energy-market',
      stack: 'dev',
      'managed-by': 'pulumi',
      component: 'network',
    });
  });

  it('names the Cloud Map namespace after stack and project', () => {
    expect(serviceNamespace(dev)).toBe('dev.energy-market.internal');
  });

  it('puts log groups under /project/stack', () => {
    expect(logGroupName(dev, 'dagster', 'daemon')).toBe('/energy-market/dev/dagster/daemon');
  });
});
