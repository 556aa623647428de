package io.c360.conform;

import io.c360.config.ConfigException;
import io.c360.config.IdentityRules;

/**
 * An identifier given on the command line as {@code type:value} ({@code --id email:jane@example.com}),
 * normalised as ingestion normalises it, so it matches the lakehouse's values. A national phone
 * number is read as British; give others in international form (+49...).
 */
public record IdentifierArgument(String type, String value, String asGiven) {
  public static IdentifierArgument parse(String typeAndValue, IdentityRules rules) {
    int colon = typeAndValue.indexOf(':');
    if (colon <= 0) {
      throw new ConfigException("--id: expected type:value, e.g. email:jane@example.com, but was '" + typeAndValue + "'");
    }
    String type = typeAndValue.substring(0, colon);
    if (!rules.types().contains(type)) {
      throw new ConfigException("--id: unknown identifier type " + type + " (expected one of: "
          + String.join(", ", rules.types().names()) + ")");
    }
    String raw = typeAndValue.substring(colon + 1);
    String value = Identifiers.normalize(type, raw, "GB", rules.email());
    if (value == null) {
      throw new ConfigException("--id: '" + raw + "' is not a valid " + type);
    }
    return new IdentifierArgument(type, value, raw);
  }

  @Override
  public String toString() {
    return type + ":" + value;
  }
}
