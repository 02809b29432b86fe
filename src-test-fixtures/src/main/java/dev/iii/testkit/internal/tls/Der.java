package dev.iii.testkit.internal.tls;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The few ASN.1 DER encodings an X.509 certificate needs (ITU-T X.690): definite lengths, minimal integers.
 * Each method returns one complete TLV.
 */
final class Der {
  static final int SEQUENCE = 0x30;
  static final int SET = 0x31;
  private static final int BOOLEAN = 0x01;
  private static final int INTEGER = 0x02;
  private static final int BIT_STRING = 0x03;
  private static final int OCTET_STRING = 0x04;
  private static final int OID = 0x06;
  private static final int UTF8_STRING = 0x0C;
  private static final int UTC_TIME = 0x17;
  private static final int GENERALIZED_TIME = 0x18;
  private static final DateTimeFormatter UTC_TIME_FORMAT = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'");
  private static final DateTimeFormatter GENERALIZED_TIME_FORMAT = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'");

  private Der() {}

  static byte[] tlv(int tag, byte[]... parts) {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      content.writeBytes(p);
    }
    byte[] body = content.toByteArray();
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 6);
    out.write(tag);
    writeLength(out, body.length);
    out.writeBytes(body);
    return out.toByteArray();
  }

  private static void writeLength(ByteArrayOutputStream out, int length) {
    if (length < 0x80) {
      out.write(length);
      return;
    }
    byte[] bytes = BigInteger.valueOf(length).toByteArray();
    int skip = bytes[0] == 0 ? 1 : 0; // toByteArray may add a sign byte; lengths are unsigned
    out.write(0x80 | (bytes.length - skip));
    out.write(bytes, skip, bytes.length - skip);
  }

  static byte[] sequence(byte[]... parts) {
    return tlv(SEQUENCE, parts);
  }

  /** An EXPLICIT context-specific tag, e.g. {@code [0]} around the version. */
  static byte[] explicit(int tagNumber, byte[] inner) {
    return tlv(0xA0 | tagNumber, inner);
  }

  /** An IMPLICIT primitive context-specific tag, as GeneralName uses ({@code [2]} dNSName, {@code [7]} IP). */
  static byte[] implicitPrimitive(int tagNumber, byte[] content) {
    return tlv(0x80 | tagNumber, content);
  }

  static byte[] integer(BigInteger value) {
    return tlv(INTEGER, value.toByteArray());
  }

  static byte[] bool(boolean value) {
    return tlv(BOOLEAN, new byte[] {(byte) (value ? 0xFF : 0x00)});
  }

  static byte[] octetString(byte[] content) {
    return tlv(OCTET_STRING, content);
  }

  /** A BIT STRING of whole bytes, or with {@code unusedBits} trailing bits of the last byte unused. */
  static byte[] bitString(int unusedBits, byte[] content) {
    byte[] body = new byte[content.length + 1];
    body[0] = (byte) unusedBits;
    System.arraycopy(content, 0, body, 1, content.length);
    return tlv(BIT_STRING, body);
  }

  static byte[] utf8String(String s) {
    return tlv(UTF8_STRING, s.getBytes(StandardCharsets.UTF_8));
  }

  /** An object identifier from its dotted form, e.g. {@code "2.5.29.17"}. */
  static byte[] oid(String dotted) {
    String[] arcs = dotted.split("\\.");
    if (arcs.length < 2) {
      throw new IllegalArgumentException("an OID has at least two arcs: " + dotted);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeBase128(out, Long.parseLong(arcs[0]) * 40 + Long.parseLong(arcs[1]));
    for (int i = 2; i < arcs.length; i++) {
      writeBase128(out, Long.parseLong(arcs[i]));
    }
    return tlv(OID, out.toByteArray());
  }

  private static void writeBase128(ByteArrayOutputStream out, long value) {
    int groups = 1;
    for (long v = value >>> 7; v != 0; v >>>= 7) {
      groups++;
    }
    for (int g = groups - 1; g >= 0; g--) {
      int bits = (int) ((value >>> (7 * g)) & 0x7F);
      out.write(g == 0 ? bits : bits | 0x80);
    }
  }

  /** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050. */
  static byte[] time(ZonedDateTime when) {
    ZonedDateTime utc = when.withZoneSameInstant(ZoneOffset.UTC).withNano(0);
    if (utc.getYear() < 2050) {
      return tlv(UTC_TIME, UTC_TIME_FORMAT.format(utc).getBytes(StandardCharsets.US_ASCII));
    }
    return tlv(GENERALIZED_TIME, GENERALIZED_TIME_FORMAT.format(utc).getBytes(StandardCharsets.US_ASCII));
  }
}
