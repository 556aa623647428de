package io.c360.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.c360.conform.IdentifierArgument;
import io.c360.config.ConfigException;
import io.c360.config.IdentityRules;
import io.c360.config.PrivacyRules;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Erasure requests dropped as files in the intake folder. CSV: a header with {@code request_id},
 * {@code regulation}, {@code received_at} (optional) and {@code id} ({@code type:value}), one row per
 * identifier, rows of one request sharing its id. JSON: one object per line, or an array of them,
 * with {@code request_id}, {@code regulation}, {@code received_at} (optional) and {@code ids} (a list
 * of {@code type:value}). A request without {@code received_at} was received when its file was
 * written. Errors name the file and the line or object, never an identifier's value (they reach logs
 * and the run log); a request's origin is recorded as "intake", since a file may be named after
 * the person.
 */
final class RequestFiles {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final IdentityRules identity;
  private final PrivacyRules privacy;

  RequestFiles(IdentityRules identity, PrivacyRules privacy) {
    this.identity = identity;
    this.privacy = privacy;
  }

  /**
   * @param name the file's name, for errors and the requests' origin
   * @param written when the file was written: the receipt time of requests that do not say
   */
  List<ErasureRequest> parse(String name, String content, Instant written) {
    String lower = name.toLowerCase(java.util.Locale.ROOT);
    if (lower.endsWith(".csv")) {
      return csv(name, content, written);
    }
    if (lower.endsWith(".json") || lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) {
      return json(name, content, written);
    }
    throw new ConfigException(name + ": an erasure request file is .csv or .json");
  }

  private List<ErasureRequest> csv(String name, String content, Instant written) {
    String[] lines = content.split("\r?\n");
    if (lines.length == 0 || lines[0].isBlank()) {
      throw new ConfigException(name + ": empty; expected a header line request_id,regulation,received_at,id");
    }
    List<String> header = split(lines[0]).stream().map(h -> h.trim().toLowerCase(java.util.Locale.ROOT)).toList();
    for (String required : List.of("request_id", "regulation", "id")) {
      if (!header.contains(required)) {
        throw new ConfigException(name + ": line 1: the header has no column " + required
            + " (expected request_id,regulation,received_at,id)");
      }
    }
    Map<String, Builder> requests = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      String where = name + ": line " + (i + 1);
      List<String> cells = split(lines[i]);
      if (cells.size() != header.size()) {
        throw new ConfigException(where + ": " + cells.size() + " fields, the header has " + header.size());
      }
      Map<String, String> row = new LinkedHashMap<>();
      for (int c = 0; c < header.size(); c++) {
        row.put(header.get(c), cells.get(c).trim());
      }
      Builder b = requests.computeIfAbsent(row.get("request_id"), id -> new Builder(id, name));
      b.add(where, row.get("regulation"), row.getOrDefault("received_at", ""), written, row.get("id"));
    }
    return requests.values().stream().map(Builder::build).toList();
  }

  private List<ErasureRequest> json(String name, String content, Instant written) {
    List<JsonNode> objects = new ArrayList<>();
    List<String> wheres = new ArrayList<>();
    String trimmed = content.strip();
    try {
      if (trimmed.startsWith("[")) {
        JsonNode array = JSON.readTree(trimmed);
        for (int i = 0; i < array.size(); i++) {
          objects.add(array.get(i));
          wheres.add(name + ": request " + (i + 1));
        }
      } else {
        String[] lines = content.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
          if (!lines[i].isBlank()) {
            objects.add(JSON.readTree(lines[i]));
            wheres.add(name + ": line " + (i + 1));
          }
        }
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new ConfigException(name + ": not valid JSON"
          + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
              + e.getLocation().getColumnNr()));
    } catch (IOException e) {
      throw new ConfigException(name + ": cannot be read (" + e.getMessage() + ")");
    }
    Map<String, Builder> requests = new LinkedHashMap<>();
    for (int i = 0; i < objects.size(); i++) {
      JsonNode o = objects.get(i);
      String where = wheres.get(i);
      if (!o.isObject()) {
        throw new ConfigException(where + ": expected an object with request_id, regulation and ids");
      }
      JsonNode ids = o.path("ids");
      if (!ids.isArray() || ids.isEmpty()) {
        throw new ConfigException(where + ": ids: expected a list of type:value, e.g. [\"email:jane@example.com\"]");
      }
      Builder b = requests.computeIfAbsent(o.path("request_id").asText(null), id -> new Builder(id, name));
      for (JsonNode id : ids) {
        b.add(where, o.path("regulation").asText(""), o.path("received_at").asText(""), written, id.asText());
      }
    }
    return requests.values().stream().map(Builder::build).toList();
  }

  private final class Builder {
    private final String requestId;
    private final String file;
    private String regulation;
    private Instant received;
    private final List<IdentifierArgument> ids = new ArrayList<>();

    Builder(String requestId, String file) {
      this.requestId = requestId;
      this.file = file;
    }

    void add(String where, String regulation, String receivedAt, Instant written, String id) {
      try {
        ErasureRequest.checkId(requestId, where);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(e.getMessage());
      }
      String reg = regulation == null ? "" : regulation.trim().toLowerCase(java.util.Locale.ROOT);
      if (!privacy.dueDays().containsKey(reg)) {
        throw new ConfigException(where + ": regulation: expected one of " + String.join(", ",
            privacy.dueDays().keySet()) + " but was '" + regulation + "'");
      }
      if (this.regulation != null && !this.regulation.equals(reg)) {
        throw new ConfigException(where + ": request " + requestId + " is under " + this.regulation
            + " on an earlier line and " + reg + " here");
      }
      this.regulation = reg;
      Instant at = written;
      if (receivedAt != null && !receivedAt.isBlank()) {
        try {
          at = Instant.parse(receivedAt.trim());
        } catch (DateTimeParseException e) {
          throw new ConfigException(where + ": received_at: expected an ISO-8601 instant such as "
              + "2026-11-02T09:30:00Z but was '" + receivedAt + "'");
        }
      }
      received = received == null || at.isBefore(received) ? at : received;
      String text = id == null ? "" : id.trim();
      int colon = text.indexOf(':');
      String type = colon > 0 ? text.substring(0, colon) : "";
      if (colon <= 0) {
        throw new ConfigException(where + ": id: expected type:value, e.g. email:jane@example.com");
      }
      if (!identity.types().contains(type)) {
        throw new ConfigException(where + ": id: unknown identifier type " + type + " (expected one of: "
            + String.join(", ", identity.types().names()) + ")");
      }
      try {
        ids.add(IdentifierArgument.parse(text, identity));
      } catch (ConfigException e) {
        // The message would quote the value: a request file's errors go to logs and the run log.
        throw new ConfigException(where + ": id: not a valid " + type);
      }
    }

    ErasureRequest build() {
      return new ErasureRequest(requestId, regulation, received, ids, "intake");
    }
  }

  /** One CSV line's fields; quotes group, a doubled quote is a quote. */
  static List<String> split(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    out.add(cell.toString());
    return out;
  }
}
