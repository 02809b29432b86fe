package dev.iii.sdk.internal.wire;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * The one wire codec: {@link WireMessage} to and from JSON text (PROTOCOL §1.4, §2, §10).
 *
 * <p>Writing is hand-written per message with a streaming generator ({@code type} first, compact, members in the
 * engine's order; {@code data}, {@code config} and service {@code name} always written, other absent members
 * omitted, {@code invocation_id} lower-case hyphenated). Reading parses the frame to a tree and picks members by
 * name, mirroring what the engine's decoder accepts: members in any order, unknown members ignored, a well-formed
 * object with an unknown {@code type} gives {@link WireMessage.Unknown}; anything the engine would reject (not an
 * object, missing or ill-typed required member, malformed UUID, ...) throws {@link WireDecodeException}.
 *
 * <p>No reflection-based databinding is involved: this runs for every frame.
 */
public final class WireCodec {
  private WireCodec() {}

  /**
   * Nesting cap for parsing: well above anything a real payload needs, well below what would exhaust a thread's
   * stack when such a tree is later walked recursively.
   */
  static final int MAX_READ_NESTING_DEPTH = 500;

  /**
   * Nesting cap for writing, counting the message object itself. The engine parses frames with serde_json's default
   * recursion limit of 128, which refuses the 128th nested array/object; such a frame would be dropped silently
   * (PROTOCOL §1.4) and the caller left waiting, so it is refused here, loudly, instead.
   */
  static final int MAX_WRITE_NESTING_DEPTH = 127;

  private static final ObjectMapper MAPPER = createMapper();

  private static ObjectMapper createMapper() {
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_READ_NESTING_DEPTH)
                    // Frame size is the transport's job (64 MiB on the engine); a single long string member
                    // (e.g. base64 data) must not be refused here below that.
                    .maxStringLength(Integer.MAX_VALUE)
                    .build())
            .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(MAX_WRITE_NESTING_DEPTH).build())
            .build();
    ObjectMapper mapper = new ObjectMapper(factory);
    // serde_json::from_str rejects trailing characters after the value; so do we.
    mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    return mapper;
  }

  /**
   * The shared mapper the codec uses, for building and reading {@link JsonNode} values that go into messages. Do
   * not reconfigure it.
   */
  public static ObjectMapper wireMapper() {
    return MAPPER;
  }

  /**
   * Writes {@code msg} as compact JSON text.
   *
   * @throws IllegalArgumentException if a required member is null or a value the engine would reject is set (for
   *     example a lower-case HTTP method or a negative timeout)
   */
  public static String encode(WireMessage msg) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
      WireWriter.write(g, MAPPER, msg);
    } catch (IOException e) {
      throw encodeFailure(msg, e);
    }
    return out.toString();
  }

  /** Like {@link #encode} but returns UTF-8 bytes, for transports that want bytes. */
  public static byte[] encodeUtf8(WireMessage msg) {
    ByteArrayBuilder out = new ByteArrayBuilder(256);
    try (JsonGenerator g = MAPPER.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
      WireWriter.write(g, MAPPER, msg);
    } catch (IOException e) {
      throw encodeFailure(msg, e);
    }
    return out.toByteArray();
  }

  /** Reads one text frame. */
  public static WireMessage decode(String text) throws WireDecodeException {
    if (text == null) {
      throw new WireDecodeException("frame is null");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(text);
    } catch (IOException e) {
      throw parseFailure(e);
    } catch (StackOverflowError e) {
      // Should be unreachable with the nesting cap; kept so a hostile frame can never kill the reader.
      throw new WireDecodeException("frame is nested too deeply");
    }
    return WireReader.read(root);
  }

  /** Reads one binary frame that carries a UTF-8 JSON message (PROTOCOL §1.4). */
  public static WireMessage decode(byte[] utf8) throws WireDecodeException {
    if (utf8 == null) {
      throw new WireDecodeException("frame is null");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(utf8);
    } catch (IOException e) {
      throw parseFailure(e);
    } catch (StackOverflowError e) {
      throw new WireDecodeException("frame is nested too deeply");
    }
    return WireReader.read(root);
  }

  private static WireDecodeException parseFailure(IOException e) {
    // Jackson's messages name the problem and position; source echo is off by default in Jackson 2.16+.
    String why =
        e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe
            ? jpe.getOriginalMessage()
            : e.getMessage();
    return new WireDecodeException("frame is not valid JSON: " + why, e);
  }

  private static RuntimeException encodeFailure(WireMessage msg, IOException e) {
    if (e instanceof com.fasterxml.jackson.core.exc.StreamConstraintsException) {
      return new IllegalArgumentException(
          "cannot encode " + msg.type() + ": nested deeper than the engine accepts ("
              + MAX_WRITE_NESTING_DEPTH + " levels including the message itself)",
          e);
    }
    return new UncheckedIOException("cannot encode " + msg.type(), e);
  }
}
