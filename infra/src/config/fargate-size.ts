// Fargate accepts only certain CPU/memory pairs; checking them here turns a failed deploy into a config error.
// Source: AWS ECS developer guide, "Task CPU and memory" (Fargate task sizes).

interface CpuSizes {
  readonly cpu: number;
  readonly memoryMiB: readonly number[];
}

function range(fromMiB: number, toMiB: number, stepMiB: number): number[] {
  const values: number[] = [];
  for (let m = fromMiB; m <= toMiB; m += stepMiB) values.push(m);
  return values;
}

const FARGATE_SIZES: readonly CpuSizes[] = [
  { cpu: 256, memoryMiB: [512, 1024, 2048] },
  { cpu: 512, memoryMiB: range(1024, 4096, 1024) },
  { cpu: 1024, memoryMiB: range(2048, 8192, 1024) },
  { cpu: 2048, memoryMiB: range(4096, 16384, 1024) },
  { cpu: 4096, memoryMiB: range(8192, 30720, 1024) },
  { cpu: 8192, memoryMiB: range(16384, 61440, 4096) },
  { cpu: 16384, memoryMiB: range(32768, 122880, 8192) },
];

/** Returns undefined when Fargate accepts the pair, else a sentence saying what it accepts. */
export function checkFargateSize(cpu: number, memoryMiB: number): string | undefined {
  const sizes = FARGATE_SIZES.find((s) => s.cpu === cpu);
  if (!sizes) {
    return `has cpu ${cpu}; Fargate accepts cpu ${FARGATE_SIZES.map((s) => s.cpu).join(', ')}`;
  }
  if (sizes.memoryMiB.includes(memoryMiB)) return undefined;
  const m = sizes.memoryMiB;
  const accepted =
    m.length <= 4
      ? m.join(', ')
      : `${m[0]} to ${m[m.length - 1]} in steps of ${(m[1] as number) - (m[0] as number)}`;
  return `has memoryMiB ${memoryMiB} with cpu ${cpu}; Fargate accepts ${accepted} MiB with that cpu`;
}
