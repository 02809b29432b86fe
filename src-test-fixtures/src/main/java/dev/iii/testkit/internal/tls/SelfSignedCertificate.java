package dev.iii.testkit.internal.tls;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Makes an X.509 v3 certificate (RFC 5280) for {@code localhost} and {@code 127.0.0.1}, signed by its own P-256
 * key, with nothing but the JDK: the DER is written by {@link Der} and signed with {@code SHA256withECDSA}.
 * (Running the JDK's {@code keytool} would also work but needs a full JDK next to the running java, a child
 * process and a temp file; this takes a few milliseconds and works on any runtime with SunEC.)
 */
final class SelfSignedCertificate {
  static final String COMMON_NAME = "localhost";
  private static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
  private static final String COMMON_NAME_OID = "2.5.4.3";
  private static final String KEY_USAGE = "2.5.29.15";
  private static final String SUBJECT_ALT_NAME = "2.5.29.17";
  private static final String BASIC_CONSTRAINTS = "2.5.29.19";
  private static final String EXTENDED_KEY_USAGE = "2.5.29.37";
  private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
  private static final byte[] LOOPBACK_V4 = {127, 0, 0, 1};
  /** Back-dated a little so that a client with a slightly slow clock accepts it too. */
  private static final Duration BACKDATE = Duration.ofHours(1);

  final KeyPair keyPair;
  final X509Certificate certificate;

  private SelfSignedCertificate(KeyPair keyPair, X509Certificate certificate) {
    this.keyPair = keyPair;
    this.certificate = certificate;
  }

  static SelfSignedCertificate create(Duration validity) throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair keyPair = generator.generateKeyPair();

    ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
    byte[] signatureAlgorithm = Der.sequence(Der.oid(ECDSA_WITH_SHA256));
    byte[] name = Der.sequence(Der.tlv(Der.SET, Der.sequence(Der.oid(COMMON_NAME_OID), Der.utf8String(COMMON_NAME))));
    byte[] tbs = Der.sequence(
        Der.explicit(0, Der.integer(BigInteger.TWO)), // v3
        Der.integer(serialNumber()),
        signatureAlgorithm,
        name, // issuer: itself
        Der.sequence(Der.time(now.minus(BACKDATE)), Der.time(now.plus(validity))),
        name, // subject
        keyPair.getPublic().getEncoded(), // already a SubjectPublicKeyInfo
        Der.explicit(3, Der.sequence(
            extension(BASIC_CONSTRAINTS, true, Der.sequence()), // not a CA
            // digitalSignature only (bit 0): what an ECDHE_ECDSA server key needs.
            extension(KEY_USAGE, true, Der.bitString(7, new byte[] {(byte) 0x80})),
            extension(EXTENDED_KEY_USAGE, false, Der.sequence(Der.oid(SERVER_AUTH))),
            extension(SUBJECT_ALT_NAME, false, Der.sequence(
                Der.implicitPrimitive(2, COMMON_NAME.getBytes(StandardCharsets.US_ASCII)),
                Der.implicitPrimitive(7, LOOPBACK_V4))))));

    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(keyPair.getPrivate());
    signer.update(tbs);
    byte[] der = Der.sequence(tbs, signatureAlgorithm, Der.bitString(0, signer.sign()));

    // Parsing it back checks the encoding; verify() checks the signature against its own key.
    X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(der));
    certificate.verify(keyPair.getPublic());
    return new SelfSignedCertificate(keyPair, certificate);
  }

  private static byte[] extension(String oid, boolean critical, byte[] value) {
    return critical
        ? Der.sequence(Der.oid(oid), Der.bool(true), Der.octetString(value))
        : Der.sequence(Der.oid(oid), Der.octetString(value)); // DER omits a FALSE default
  }

  /** RFC 5280: positive, at most 20 octets; random so that two runs never share one. */
  private static BigInteger serialNumber() {
    return new BigInteger(128, new SecureRandom()).setBit(127);
  }
}
