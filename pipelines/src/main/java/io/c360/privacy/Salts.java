package io.c360.privacy;

import io.c360.config.EnvironmentConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the suppression salt comes from: the environment variable {@value SuppressionHash#SALT_VARIABLE},
 * else, where {@code privacy.local-salt} allows it (the embedded default), a salt the lakehouse keeps
 * in {@code <lakehouse>/_c360/suppression.salt}. Anywhere else a run without the variable is refused.
 * The salt itself is never logged or printed.
 */
public final class Salts {
  private static final Logger LOG = LoggerFactory.getLogger(Salts.class);

  /** The salt and where it came from (for messages; never the value). */
  public record Salt(String value, String origin) {
    @Override
    public String toString() {
      return "salt from " + origin;
    }
  }

  private final EnvironmentConfig env;
  private final Map<String, String> environment;
  private final Configuration hadoop;

  public Salts(EnvironmentConfig env, Map<String, String> environment, Configuration hadoop) {
    this.env = env;
    this.environment = environment;
    this.hadoop = hadoop;
  }

  static Path file(String lakehouse) {
    return new Path(lakehouse + "/_c360/suppression.salt");
  }

  /**
   * The salt for ingestion: absent only where a local salt is allowed and none was made yet (nothing
   * was erased then).
   *
   * @throws IllegalStateException where the variable is required and not set
   */
  public Optional<Salt> forIngest() {
    Optional<Salt> variable = variable();
    if (variable.isPresent()) {
      return variable;
    }
    requireAllowed("ingest");
    return readLocal();
  }

  /** The salt for an erasure: the variable, else the lakehouse's own (made now if needed, and said so). */
  public Salt forErasure() {
    Optional<Salt> variable = variable();
    if (variable.isPresent()) {
      return variable.get();
    }
    requireAllowed("erase");
    Optional<Salt> local = readLocal();
    if (local.isPresent()) {
      return local.get();
    }
    Path file = file(env.lakehouse());
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    try {
      FileSystem fs = file.getFileSystem(hadoop);
      try (FSDataOutputStream out = fs.create(file, false)) {
        out.write(HexFormat.of().formatHex(random).getBytes(StandardCharsets.UTF_8));
      } catch (FileAlreadyExistsException e) {
        return readLocal().orElseThrow(); // another run made it first
      }
      setOwnerOnly(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the local suppression salt " + file, e);
    }
    LOG.warn("{} is not set: created this lakehouse's own suppression salt in {} (allowed by privacy.local-salt; "
        + "keep that file with the lakehouse)", SuppressionHash.SALT_VARIABLE, file);
    return readLocal().orElseThrow();
  }

  private Optional<Salt> variable() {
    String v = environment.get(SuppressionHash.SALT_VARIABLE);
    return v == null || v.isBlank() ? Optional.empty()
        : Optional.of(new Salt(v, "the environment variable " + SuppressionHash.SALT_VARIABLE));
  }

  private void requireAllowed(String what) {
    if (!env.localSalt()) {
      throw new IllegalStateException(SuppressionHash.SALT_VARIABLE + " is not set, and this environment does not "
          + "allow a local salt (privacy.local-salt is false), so c360 refuses to " + what + ": erased people are "
          + "kept out by a salted hash of their identifiers. Set " + SuppressionHash.SALT_VARIABLE
          + " to the salt (a secret, the same for every run on this lakehouse).");
    }
  }

  private Optional<Salt> readLocal() {
    Path file = file(env.lakehouse());
    try {
      FileSystem fs = file.getFileSystem(hadoop);
      if (!fs.exists(file)) {
        return Optional.empty();
      }
      try (FSDataInputStream in = fs.open(file)) {
        String value = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        if (value.isEmpty()) {
          throw new IllegalStateException("the local suppression salt " + file + " is empty");
        }
        return Optional.of(new Salt(value, "the lakehouse's own salt file " + file));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the local suppression salt " + file, e);
    }
  }

  private static void setOwnerOnly(Path file) {
    if ("file".equals(file.toUri().getScheme()) || file.toUri().getScheme() == null) {
      java.io.File f = new java.io.File(file.toUri().getPath());
      f.setReadable(false, false);
      f.setReadable(true, true);
      f.setWritable(false, false);
      f.setWritable(true, true);
    }
  }
}
