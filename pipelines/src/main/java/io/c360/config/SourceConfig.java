package io.c360.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One source, declared by conf/sources/NAME.yaml: what kind of files, where they land, their
 * schema, which columns identify a person and which hold personal data.
 *
 * @param name source name, also the bronze table's name
 * @param kind how records arrive
 * @param path folder under {@code paths.landing}
 * @param files glob on file names inside that folder
 * @param table the bronze table
 * @param key column that identifies a record within the source
 * @param observedAt column with the record's time, as received (required with identifiers)
 * @param schema declared columns and their Spark SQL types, in order
 * @param options reader options (header, delimiter, quote, encoding, ...)
 * @param required columns a record must have
 * @param identifiers identifier type to column path, e.g. {@code email: traits.email}
 * @param phoneRegion default region for phone numbers without a country prefix
 * @param phoneRegionColumn optional column holding each record's country
 * @param personalData columns holding personal data
 * @param maxRecordBytes a record (an event line, a CSV record's fields) longer than this goes to quarantine
 * @param jdbc for {@code kind: jdbc}, where and how to read the table
 * @param evolveSchema for events: top-level fields the schema lacks become new (string) columns of
 *     the bronze table, besides staying in {@code _raw}
 * @param reingestChanged {@code on-change: reingest}: a landed file whose content changed after it
 *     was ingested is read again and replaces its rows in bronze (default {@code report}: it is
 *     reported and not read)
 * @param origin the file it was read from, as named in messages
 */
public record SourceConfig(
    String name,
    SourceKind kind,
    String path,
    String files,
    TableName table,
    String key,
    Optional<String> observedAt,
    Map<String, String> schema,
    Map<String, String> options,
    List<String> required,
    Map<String, String> identifiers,
    String phoneRegion,
    Optional<String> phoneRegionColumn,
    List<String> personalData,
    int maxRecordBytes,
    Optional<JdbcSettings> jdbc,
    boolean evolveSchema,
    boolean reingestChanged,
    String origin) {

  /**
   * A database table read incrementally: rows whose watermark column is above the last value read.
   * Credentials are read from the named environment variables, never from the file.
   */
  /**
   * Where and how a jdbc source reads its table.
   *
   * @param url the JDBC URL as written, or empty when {@code urlEnv} names the environment variable
   *     that holds it (one per deployment, and it may carry credentials)
   */
  public record JdbcSettings(Optional<String> url, Optional<String> urlEnv, String table, String watermark,
      Optional<String> userEnv, Optional<String> passwordEnv, int fetchSize, java.time.Duration lookback) {}

  private static final Set<String> KEYS = Set.of("kind", "description", "path", "files", "table", "key",
      "observed-at", "schema", "options", "required", "identifiers", "phone-region", "phone-region-column",
      "personal-data", "max-record-bytes", "jdbc",
      "evolve-schema", "on-change");

  public SourceConfig {
    schema = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(schema));
    options = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
    required = List.copyOf(required);
    identifiers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(identifiers));
    personalData = List.copyOf(personalData);
  }

  /** Reads and checks {@code conf/sources/NAME.yaml}. */
  public static SourceConfig load(Path file, IdentifierTypes types) {
    String fileName = file.getFileName().toString();
    String name = fileName.replaceFirst("\\.ya?ml$", "");
    Node n = new Node(Yaml.read(file), Paths.display(file), "").allowOnly(KEYS);
    if (!Text.isIdentifier(name)) {
      throw new ConfigException(n.origin() + ": the file name must be the source name in lower case "
          + "(letters, digits, _), e.g. crm_contacts.yaml");
    }
    SourceKind kind = SourceKind.parse(n.string("kind"), n, "kind");
    Map<String, String> schema = kind == SourceKind.EVENTS && !n.has("schema")
        ? SegmentSpec.columns() : n.stringMap("schema");
    if (schema.isEmpty()) {
      throw n.error("schema", "missing required value: declare each column and its type, e.g. email: string");
    }
    schema.forEach((column, type) -> {
      if (!column.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw n.error("schema." + column, "a column name is letters, digits and _, starting with a letter or _");
      }
      if (type.isBlank()) {
        throw n.error("schema." + column, "missing type (e.g. string, timestamp, decimal(12,2))");
      }
      if (!SparkTypes.parses(type)) {
        throw n.error("schema." + column, "not a Spark SQL type: '" + type + "' (e.g. string, bigint, double, "
            + "decimal(12,2), boolean, date, timestamp, array<string>)");
      }
    });
    String key = column(n, "key", n.string("key"), schema);
    Optional<String> observedAt = n.optionalString("observed-at").map(c -> column(n, "observed-at", c, schema));
    List<String> required = n.strings("required");
    for (String r : required) {
      column(n, "required", r, schema);
    }
    Map<String, String> identifiers = n.stringMap("identifiers");
    if (!identifiers.isEmpty() && observedAt.isEmpty()) {
      throw n.error("observed-at", "missing required value: a source that declares identifiers names the "
          + "column with each record's time");
    }
    identifiers.forEach((type, col) -> {
      if (!types.contains(type)) {
        throw n.error("identifiers." + type, "unknown identifier type (expected one of: "
            + Text.list(types.names()) + ", as declared in conf/identity.yaml)");
      }
      column(n, "identifiers." + type, col, schema);
    });
    Optional<String> regionColumn = n.optionalString("phone-region-column");
    regionColumn.ifPresent(c -> column(n, "phone-region-column", c, schema));
    List<String> personal = n.strings("personal-data");
    for (String p : personal) {
      column(n, "personal-data", p, schema);
    }
    String region = n.string("phone-region", "GB");
    if (!region.matches("[A-Z]{2}")) {
      throw n.error("phone-region", "expected an ISO 3166-1 alpha-2 code such as GB but was '" + region + "'");
    }
    TableName table = n.optionalString("table").map(TableName::parse).orElse(TableName.of("bronze", name));
    if (!table.schema().equals("bronze")) {
      throw n.error("table", "a source writes a bronze table, not " + table);
    }
    return new SourceConfig(name, kind, n.string("path", name), n.string("files", defaultFiles(kind)), table,
        key, observedAt, schema, n.stringMap("options"), required, identifiers, region, regionColumn, personal,
        maxRecordBytes(n), kind == SourceKind.JDBC ? Optional.of(jdbc(n, schema)) : Optional.empty(),
        evolveSchema(n, kind), reingestChanged(n, kind), n.origin());
  }

  /** The folder this source's files land in: {@code path} under {@code landing} ({@code paths.landing}). */
  public String folder(String landing) {
    return landing + "/" + path;
  }

  /**
   * A warning when this source's landing folder is on the local file system and does not exist, so
   * that its ingest step would read nothing; empty for jdbc sources and for folders on an object store
   * (s3a://...), which are not looked at before Spark starts.
   */
  public Optional<String> missingFolder(String landing) {
    if (kind == SourceKind.JDBC) {
      return Optional.empty();
    }
    String folder = folder(landing);
    Path local;
    if (folder.startsWith("file:")) {
      local = Path.of(java.net.URI.create(folder));
    } else if (folder.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
      return Optional.empty();
    } else {
      local = Path.of(folder);
    }
    if (Files.isDirectory(local)) {
      return Optional.empty();
    }
    return Optional.of(origin + ": path: landing folder " + local.toAbsolutePath().normalize()
        + (Files.exists(local) ? " is not a folder" : " does not exist") + "; the source's ingest step will read no files");
  }

  /** Every source under {@code confDir/sources}, by name, in name order. */
  public static Map<String, SourceConfig> loadAll(Path confDir, IdentifierTypes types) {
    Path dir = confDir.resolve("sources");
    Map<String, SourceConfig> out = new LinkedHashMap<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    List<Path> files = new ArrayList<>();
    try (var stream = Files.list(dir)) {
      stream.filter(p -> p.getFileName().toString().matches(".*\\.ya?ml$")).sorted().forEach(files::add);
    } catch (java.io.IOException e) {
      throw new ConfigException(Paths.display(dir) + ": cannot list source files: " + e.getMessage(), e);
    }
    for (Path f : files) {
      SourceConfig s = load(f, types);
      out.put(s.name(), s);
    }
    return out;
  }

  private static JdbcSettings jdbc(Node n, Map<String, String> schema) {
    Node j = n.child("jdbc").allowOnly(Set.of("url", "url-env", "table", "watermark", "user-env", "password-env",
        "fetch-size", "lookback"));
    Optional<String> url = j.optionalString("url");
    Optional<String> urlEnv = j.optionalString("url-env");
    if (url.isPresent() == urlEnv.isPresent()) {
      throw j.error("url", "give either url (the JDBC URL) or url-env (the environment variable holding it), "
          + "not " + (url.isPresent() ? "both" : "neither"));
    }
    if (url.isPresent() && !url.get().startsWith("jdbc:")) {
      throw j.error("url", "expected a JDBC URL such as jdbc:postgresql://host:5432/db but was '" + url.get() + "'");
    }
    if (url.isPresent() && url.get().matches(".*(?i)(password|pwd)=.*")) {
      throw j.error("url", "holds a password; name an environment variable under password-env instead");
    }
    String watermark = column(j, "watermark", j.string("watermark"), schema);
    java.time.Duration lookback;
    try {
      lookback = java.time.Duration.parse(j.string("lookback", "PT0S"));
    } catch (java.time.format.DateTimeParseException e) {
      throw j.error("lookback", "expected an ISO-8601 duration such as PT1H but was '" + j.string("lookback") + "'");
    }
    if (lookback.isNegative()) {
      throw j.error("lookback", "expected a duration of zero or more");
    }
    if (!lookback.isZero() && !schema.get(watermark).trim().equalsIgnoreCase("timestamp")) {
      throw j.error("lookback", "a lookback needs a timestamp watermark; " + watermark + " is " + schema.get(watermark));
    }
    return new JdbcSettings(url, urlEnv, j.string("table"), watermark, j.optionalString("user-env"),
        j.optionalString("password-env"), j.integer("fetch-size", 10_000), lookback);
  }

  private static boolean evolveSchema(Node n, SourceKind kind) {
    boolean evolve = n.bool("evolve-schema", false);
    if (evolve && kind != SourceKind.EVENTS) {
      throw n.error("evolve-schema", "only events sources evolve their schema (this one is " + kind.id() + ")");
    }
    return evolve;
  }

  private static boolean reingestChanged(Node n, SourceKind kind) {
    String onChange = n.string("on-change", "report");
    if (!onChange.equals("report") && !onChange.equals("reingest")) {
      throw n.error("on-change", "expected report or reingest but was '" + onChange + "'");
    }
    if (onChange.equals("reingest") && kind == SourceKind.JDBC) {
      throw n.error("on-change", "a jdbc source lands no files; on-change is for sources read from files");
    }
    return onChange.equals("reingest");
  }

  private static int maxRecordBytes(Node n) {
    int max = n.integer("max-record-bytes", 1 << 20);
    if (max < 1) {
      throw n.error("max-record-bytes", "expected a positive number of bytes but was " + max);
    }
    return max;
  }

  private static String defaultFiles(SourceKind kind) {
    return switch (kind) {
      case EVENTS -> "*.json*";
      case CSV -> "*.csv*";
      case JSON -> "*.json*";
      case PARQUET -> "*.parquet";
      case JDBC -> "";
      case CDC -> "*.json*";
    };
  }

  /** Checks that a column path's top-level column is declared. */
  private static String column(Node n, String key, String columnPath, Map<String, String> schema) {
    String top = columnPath.contains(".") ? columnPath.substring(0, columnPath.indexOf('.')) : columnPath;
    if (!schema.containsKey(top)) {
      throw n.error(key, "column '" + top + "' is not in the declared schema (columns: "
          + Text.list(schema.keySet()) + ")");
    }
    return columnPath;
  }
}
