package io.c360.config;

/**
 * How e-mail addresses are normalised beyond trimming and lower-casing (conf/identity.yaml,
 * {@code email}). Both are off by default: Gmail ignores dots and +tags, most providers do not, so
 * removing them would merge different people's addresses elsewhere.
 *
 * @param removeGmailDots drop dots from the local part of gmail.com and googlemail.com addresses
 * @param removePlusTags drop a {@code +tag} from the local part of every address
 */
public record EmailRules(boolean removeGmailDots, boolean removePlusTags) implements java.io.Serializable {
  /** Addresses kept as written (trimmed and lower-cased). */
  public static final EmailRules AS_WRITTEN = new EmailRules(false, false);
}
