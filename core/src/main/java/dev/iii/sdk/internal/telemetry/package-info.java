/**
 * Internal: the worker's telemetry (DESIGN §3 Telemetry, PROTOCOL §9). {@link dev.iii.sdk.internal.telemetry.Telemetry}
 * is the one entry point the runtime uses: a per-worker OpenTelemetry SDK (never registered globally) or the user's
 * own, W3C propagation, SERVER/CLIENT spans, the {@link dev.iii.sdk.WorkerLogger}, the worker gauges and the
 * {@code /otel} socket with its OTLP/JSON frames. Not public API.
 */
package dev.iii.sdk.internal.telemetry;
