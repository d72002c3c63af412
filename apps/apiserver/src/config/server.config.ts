import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min, validateSync } from 'class-validator';

const toInt = ({ value }: { value: unknown }): unknown => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value);

/** apiserver configuration from the environment, validated at start-up. */
export class ServerConfig {
  @IsString() databaseUrl!: string;
  /** Until authentication lands the server binds to loopback only. */
  @IsIn(['127.0.0.1', '::1', 'localhost']) bindAddress: string = '127.0.0.1';
  @Transform(toInt) @IsInt() @Min(0) @Max(65535) port: number = 6443;
  /** History kept for watches and continue tokens; older versions answer 410 Gone. */
  @Transform(toInt) @IsInt() @Min(1) retentionSeconds: number = 900;
  @Transform(toInt) @IsInt() @Min(1) compactionIntervalSeconds: number = 60;
  @IsOptional() @IsString() logLevel?: string;

  static fromEnv(env: NodeJS.ProcessEnv = process.env, overrides: Partial<ServerConfig> = {}): ServerConfig {
    const cfg = plainToInstance(ServerConfig, {
      databaseUrl: env['DATABASE_URL'],
      bindAddress: env['KOP_BIND_ADDRESS'] ?? '127.0.0.1',
      port: env['KOP_PORT'] ?? '6443',
      retentionSeconds: env['KOP_HISTORY_RETENTION_SECONDS'] ?? '900',
      compactionIntervalSeconds: env['KOP_COMPACTION_INTERVAL_SECONDS'] ?? '60',
      ...overrides,
    });
    const errors = validateSync(cfg);
    if (errors.length > 0) {
      const msg = errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join(', ')}`).join('; ');
      throw new Error(`invalid apiserver configuration: ${msg}`);
    }
    return cfg;
  }
}
