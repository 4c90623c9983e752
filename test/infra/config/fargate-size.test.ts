import fc from 'fast-check';
import { checkFargateSize } from '../../../infra/src/config';

describe('checkFargateSize', () => {
  it('accepts the documented pairs at the edges of each cpu', () => {
    for (const [cpu, memory] of [
      [256, 512],
      [256, 2048],
      [512, 4096],
      [1024, 8192],
      [4096, 30720],
      [8192, 61440],
      [16384, 122880],
    ] as const) {
      expect(checkFargateSize(cpu, memory)).toBeUndefined();
    }
  });

  it('refuses memory off the steps of its cpu', () => {
    expect(checkFargateSize(8192, 20000)).toBe(
      'has memoryMiB 20000 with cpu 8192; Fargate accepts 16384 to 61440 in steps of 4096 MiB with that cpu',
    );
    expect(checkFargateSize(256, 1536)).toMatch(/accepts 512, 1024, 2048 MiB/);
  });

  it('never accepts memory below twice the vCPU count in GiB', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(256, 512, 1024, 2048, 4096, 8192, 16384),
        fc.integer({ min: 1, max: 200_000 }),
        (cpu, memory) => {
          if (memory < (cpu / 1024) * 2048 && memory !== 512)
            expect(checkFargateSize(cpu, memory)).toBeDefined();
        },
      ),
    );
  });
});
