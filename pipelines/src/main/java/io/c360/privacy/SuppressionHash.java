package io.c360.privacy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The salted hash under which an erased identifier is kept in compliance.suppression: SHA-256 of
 * salt, type and normalised value, separated by NUL. Without the salt the hash cannot be tested
 * against guessed e-mail addresses or phone numbers.
 */
public final class SuppressionHash {
  /** The environment variable that holds the salt; never in config, never logged. */
  public static final String SALT_VARIABLE = "C360_SUPPRESSION_SALT";

  private SuppressionHash() {}

  public static String of(String salt, String idType, String normalisedValue) {
    if (salt == null || salt.isEmpty()) {
      throw new IllegalArgumentException("an empty salt");
    }
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(salt.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(idType.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(normalisedValue.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
