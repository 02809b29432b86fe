package dev.iii.sdk.internal.wire;

/**
 * The one wire codec: {@link WireMessage} to and from JSON text. Implemented in the codec task; this stub fixes the
 * contract other code compiles against.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@code encode(msg)} writes compact JSON with {@code type} first; writes {@code data}, {@code config} and
 *       service {@code name} always; omits other nulls (PROTOCOL §1.4).
 *   <li>{@code decode(text)} reads one frame, members in any order, unknown members ignored. A well-formed object
 *       with an unknown {@code type} gives {@link WireMessage.Unknown}. Anything else that the engine's decoder
 *       would reject (not an object, missing/ill-typed required member, bad UUID) throws
 *       {@link WireDecodeException}.
 * </ul>
 */
public final class WireCodec {
  private WireCodec() {}
}
