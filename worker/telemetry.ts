import type { LogLevel, LogMetadata, Logger as TemporalLogger } from '@temporalio/common';
import { Runtime } from '@temporalio/worker';
import pino, { type Logger } from 'pino';

/**
 * One log format and one metrics set-up for every process that runs a worker (bin/start.ts, and a
 * stand-alone worker process): the Temporal SDK's own logs, the Rust core's and the workflows' (`log`
 * from @temporalio/workflow reaches the Runtime logger through the SDK's logger sink) all come out as
 * the service's pino JSON lines, and the SDK's Prometheus exporter is on.
 */

/** Where the SDK's Prometheus exporter listens unless CADRE_SDK_METRICS_ADDRESS says otherwise. */
const defaultSdkMetricsAddress = '127.0.0.1:9464';

/** The service's logger: JSON lines on stdout, at LOG_LEVEL (default info). */
export function serviceLogger(level = process.env.LOG_LEVEL || 'info'): Logger {
  return pino({ name: 'cadre', level });
}

const pinoLevels: Record<LogLevel, pino.Level> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/** The most verbose level pino would print, in the SDK's words: the core is filtered at it, not after. */
function temporalLevelOf(logger: Logger): LogLevel {
  for (const level of ['TRACE', 'DEBUG', 'INFO', 'WARN'] as const) {
    if (logger.isLevelEnabled(pinoLevels[level])) return level;
  }
  return 'ERROR';
}

/**
 * The SDK's Logger interface over a pino logger. Its metadata (sdkComponent, workflowId, runId,
 * workflowType, taskQueue…) becomes the line's fields; the SDK names an error `error`, pino's
 * serializer knows it as `err`; the SDK's own timestamp (a symbol key) is left to pino's clock.
 */
class PinoTemporalLogger implements TemporalLogger {
  constructor(private readonly logger: Logger) {}

  log(level: LogLevel, message: string, meta: LogMetadata = {}): void {
    const { error, ...fields } = meta;
    const entry = error instanceof Error ? { ...fields, err: error } : { ...meta };
    this.logger[pinoLevels[level] ?? 'info'](entry, message);
  }
  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }
  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }
  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }
  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }
  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}

export interface Telemetry {
  /** Where the SDK's Prometheus metrics are scraped, or undefined when they are off. */
  sdkMetricsUrl?: string;
}

/**
 * Installs the SDK's Runtime once per process, before any connection or worker is made. The address is
 * `host:port` (CADRE_SDK_METRICS_ADDRESS; `off` turns the exporter off). Signals are the caller's: the
 * starters stop things in order themselves, so the SDK must not act on them.
 */
export function installTelemetry(
  logger: Logger,
  { sdkMetricsAddress = process.env.CADRE_SDK_METRICS_ADDRESS || defaultSdkMetricsAddress } = {},
): Telemetry {
  const metricsOn = sdkMetricsAddress !== 'off';
  const level = temporalLevelOf(logger);
  try {
    install(logger, level, metricsOn ? sdkMetricsAddress : undefined);
  } catch (error) {
    // The exporter binds at once: a port taken (a second service on this machine) is for a person to fix.
    throw new Error(
      `The Temporal SDK's metrics exporter cannot listen on ${sdkMetricsAddress} (CADRE_SDK_METRICS_ADDRESS): ${error instanceof Error ? error.message : String(error)}. Set CADRE_SDK_METRICS_ADDRESS to another host:port, or to off.`,
    );
  }
  return { sdkMetricsUrl: metricsOn ? `http://${sdkMetricsAddress}/metrics` : undefined };
}

function install(logger: Logger, level: LogLevel, sdkMetricsAddress: string | undefined): void {
  Runtime.install({
    logger: new PinoTemporalLogger(logger.child({ component: 'temporal' })),
    shutdownSignals: [],
    telemetryOptions: {
      // The core's own lines (connections, polling) forwarded to the logger above, at INFO or above: its
      // DEBUG is every workflow task, command by command. Other crates only warn.
      logging: {
        filter: { core: level === 'TRACE' || level === 'DEBUG' ? 'INFO' : level, other: 'WARN' },
        forward: {},
      },
      ...(sdkMetricsAddress ? { metrics: { prometheus: { bindAddress: sdkMetricsAddress } } } : {}),
    },
  });
}
