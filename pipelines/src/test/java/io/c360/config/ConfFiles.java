package io.c360.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes small configuration trees for tests, starting from a copy of a valid one. */
final class ConfFiles {
  private final Path root;

  ConfFiles(Path root) {
    this.root = root;
  }

  /** A valid conf/ with two sources, identity rules and a base + local environment. */
  static ConfFiles valid(Path dir) {
    ConfFiles c = new ConfFiles(dir);
    c.write("base.yaml", """
        paths:
          landing: ./landing
          lakehouse: ./lakehouse
        tables:
          default-format: delta
        reporting:
          currency: EUR
          fx-rates:
            GBP: 1.17
        """);
    c.write("env/local.yaml", """
        spark:
          master: local[2]
        """);
    c.write("identity.yaml", """
        types:
          - name: user_id
            max-per-customer: 1
          - name: email
          - name: phone
        blocklist:
          values: [test@test.com, "n/a"]
          patterns: ["^0+$"]
        """);
    c.write("sources/crm.yaml", """
        kind: csv
        key: crm_id
        observed-at: updated_at
        schema:
          crm_id: string
          email: string
          phone: string
          updated_at: timestamp
        identifiers:
          email: email
          phone: phone
        """);
    c.write("sources/web_events.yaml", """
        kind: events
        key: messageId
        observed-at: timestamp
        identifiers:
          user_id: userId
          email: traits.email
        """);
    c.write("profile.yaml", """
        survivorship:
          first_name: {rule: source-priority, sources: [crm, web_events]}
        rfm:
          recency-days: [7, 30, 90, 180]
          frequency: [2, 3, 5, 8]
          monetary: [50, 150, 400, 1000]
          segments:
            - {name: champions, recency: 4-5, frequency: 4-5, monetary: 4-5}
            - {name: lapsing, recency: 1-2}
        lifecycle:
          repeat-orders: 2
          at-risk-after-days: 30
          lapsed-after-days: 90
        segments:
          - name: buyers
            where: order_count > 0
            consent: {purpose: marketing, channel: email}
        activations:
          - name: buyers_file
            segment: buyers
            kind: file
            columns: [email]
        """);
    c.write("privacy.yaml", """
        regulations: {gdpr: 30, ccpa: 45}
        purge: {retain-hours: 0}
        landing: rewrite
        personal-data:
          - table: silver.events
            identifiers: {user_id: user_id, email: email}
          - table: silver.identity_edges
            typed: [[from_id_type, from_id_value], [to_id_type, to_id_value]]
          - table: gold.customer_360
            customer: customer_id
        """);
    c.write("jobs/daily.yaml", """
        name: daily
        steps:
          - name: ingest_crm
            kind: ingest
            source: crm
          - name: silver_events
            kind: sql
            model: silver/events
            depends_on: [ingest_crm]
        """);
    return c;
  }

  ConfFiles write(String relative, String text) {
    try {
      Path p = root.resolve(relative);
      Files.createDirectories(p.getParent());
      Files.writeString(p, text);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path root() {
    return root;
  }

  Path file(String relative) {
    return root.resolve(relative);
  }

  /** How a file is named in messages (absolute here: the temp dir is outside the working directory). */
  String shown(String relative) {
    return Paths.display(root.resolve(relative));
  }
}
