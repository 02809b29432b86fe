package dev.iii.sdk;

/**
 * The engine sent an {@code error} frame on the control socket (PROTOCOL §3), e.g. {@code AUTH_ERROR} when the
 * handshake is refused. It is the {@link ConnectionEvent#cause()} of {@link ConnectionEvent.Kind#ENGINE_ERROR}.
 *
 * <p>{@link #getMessage()} reads {@code "engine error <code>: <message>"}; {@link #code()} and
 * {@link #errorMessage()} give the two parts as the engine sent them (named as in {@link InvocationException}).
 */
public class EngineErrorException extends IIIException {
  private static final long serialVersionUID = 1L;

  private final String code;
  private final String errorMessage;

  public EngineErrorException(String code, String message) {
    super("engine error " + code + ": " + message);
    this.code = code;
    this.errorMessage = message;
  }

  /** The engine's error code, e.g. {@code AUTH_ERROR}. */
  public String code() {
    return code;
  }

  /** The engine's message without the code prefix. */
  public String errorMessage() {
    return errorMessage;
  }
}
