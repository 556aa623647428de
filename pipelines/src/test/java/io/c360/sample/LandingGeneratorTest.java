package io.c360.sample;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

class LandingGeneratorTest {

    private static final int CUSTOMERS = 200;
    private static final int DAYS = 5;
    private static final long SEED = 7L;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    private static Path out;
    private static GenerationSummary summary;

    @BeforeAll
    static void generate() throws IOException {
        out = tmp.resolve("seed-7");
        summary = new LandingGenerator(GeneratorSettings.of(CUSTOMERS, DAYS, SEED)).generate(out);
    }

    @Test
    void sameSeedGivesIdenticalBytesAndAnotherSeedDoesNot() throws IOException {
        Path again = tmp.resolve("seed-7-again");
        Path other = tmp.resolve("seed-8");
        new LandingGenerator(GeneratorSettings.of(CUSTOMERS, DAYS, SEED)).generate(again);
        new LandingGenerator(GeneratorSettings.of(CUSTOMERS, DAYS, SEED + 1)).generate(other);

        Map<String, String> first = hashes(out);
        assertThat(first).isNotEmpty();
        assertThat(hashes(again)).isEqualTo(first);
        assertThat(hashes(other)).isNotEqualTo(first);
    }

    @Test
    void writesEveryDayFileWithItsHeader() throws IOException {
        for (int day = 0; day < DAYS; day++) {
            String date = GeneratorSettings.DEFAULT_START_DATE.plusDays(day).toString();
            assertHeader(out.resolve("crm_contacts/contacts-" + date + ".csv"),
                    "crm_id,email,phone,first_name,last_name,birth_date,street,city,postal_code,country,updated_at,is_deleted");
            assertHeader(out.resolve("orders/orders-" + date + ".csv"),
                    "order_id,user_id,email,status,currency,total_amount,ordered_at,updated_at");
            assertHeader(out.resolve("order_items/order_items-" + date + ".csv"),
                    "order_id,line_number,sku,product_name,category,quantity,unit_price,currency");
            assertHeader(out.resolve("email_engagement/engagement-" + date + ".csv"),
                    "event_id,email,campaign_id,event_type,occurred_at,url");
            assertThat(out.resolve("consent/consent-" + date + ".json")).isRegularFile();
            assertThat(out.resolve("web_events/" + date + "/events-001.json.gz")).isRegularFile();
        }
        assertHeader(out.resolve("ground_truth/identifiers.csv"), "id_type,id_value,person_id");
        assertHeader(out.resolve("ground_truth/junk_identifiers.csv"), "id_type,id_value,kind");
        assertHeader(out.resolve("ground_truth/records.csv"), "source,record_key,person_id");
        assertHeader(out.resolve("ground_truth/persons.csv"),
                "person_id,first_name,last_name,country,email,user_id,is_registered");
        assertThat(out.resolve("ground_truth/README.md")).isRegularFile();
        assertThat(dataLines(out.resolve("ground_truth/persons.csv"))).hasSize(CUSTOMERS);
    }

    @Test
    void everyOrderAndOrderCompletedEventIsInGroundTruth() throws IOException {
        Set<String> orderRecords = new HashSet<>();
        for (String row : dataLines(out.resolve("ground_truth/records.csv"))) {
            String[] f = row.split(",");
            if (f[0].equals("orders")) {
                orderRecords.add(f[1]);
            }
        }
        Set<String> orderIds = new HashSet<>();
        for (Path file : files("orders")) {
            for (String row : dataLines(file)) {
                orderIds.add(row.substring(0, row.indexOf(',')));
            }
        }
        assertThat(orderIds).isNotEmpty();
        assertThat(orderRecords).containsAll(orderIds);

        Set<String> completedEvents = new HashSet<>();
        for (JsonNode event : webEvents()) {
            if ("Order Completed".equals(event.path("event").asText())) {
                completedEvents.add(event.path("properties").path("order_id").asText());
            }
        }
        assertThat(completedEvents).isNotEmpty();
        assertThat(orderIds).containsAll(completedEvents);
    }

    @Test
    void identifiersAreCanonicalAndOfKnownTypes() throws IOException {
        PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
        List<String> rows = dataLines(out.resolve("ground_truth/identifiers.csv"));
        assertThat(rows).isNotEmpty().isSorted();
        Set<String> types = new HashSet<>();
        for (String row : rows) {
            String[] f = row.split(",", -1);
            assertThat(f).as(row).hasSize(3);
            types.add(f[0]);
            assertThat(f[2]).matches("P\\d{6}");
            switch (f[0]) {
                case "email" -> assertThat(f[1]).isEqualTo(f[1].strip().toLowerCase(Locale.ROOT)).contains("@");
                case "phone" -> {
                    assertThat(f[1]).startsWith("+");
                    assertThat(phones.isValidNumber(parse(phones, f[1]))).as(f[1]).isTrue();
                }
                case "user_id", "anonymous_id", "crm_id" -> assertThat(f[1]).isNotBlank();
                default -> throw new AssertionError("unexpected id_type in " + row);
            }
        }
        assertThat(types).containsExactlyInAnyOrder("email", "phone", "user_id", "anonymous_id", "crm_id");
        for (String junk : dataLines(out.resolve("ground_truth/junk_identifiers.csv"))) {
            String value = junk.split(",")[1];
            assertThat(rows).noneMatch(row -> row.split(",")[1].equals(value));
        }
    }

    @Test
    void summaryCountsTheLinesActuallyWritten() throws IOException {
        Map<String, Long> records = summary.recordsPerSource();
        assertThat(records.keySet()).containsExactly("web_events", "web_events_malformed", "crm_contacts",
                "orders", "order_items", "order_changes", "email_engagement", "consent");
        assertThat(summary.persons()).isEqualTo(CUSTOMERS);

        for (String source : List.of("crm_contacts", "orders", "order_items", "email_engagement")) {
            long lines = 0;
            for (Path file : files(source)) {
                lines += dataLines(file).size();
            }
            assertThat(records.get(source)).as(source).isEqualTo(lines);
            assertThat(summary.filesPerSource().get(source)).isEqualTo(DAYS);
        }
        long consent = 0;
        for (Path file : files("consent")) {
            consent += Files.readAllLines(file, StandardCharsets.UTF_8).size();
        }
        assertThat(records.get("consent")).isEqualTo(consent);

        long valid = 0;
        long malformed = 0;
        List<Path> webFiles = files("web_events");
        for (Path file : webFiles) {
            for (byte[] line : gzipLines(file)) {
                if (parseObject(line) != null) {
                    valid++;
                } else {
                    malformed++;
                }
            }
        }
        assertThat(records.get("web_events")).isEqualTo(valid).isPositive();
        assertThat(records.get("web_events_malformed")).isEqualTo(malformed);
        assertThat(summary.filesPerSource().get("web_events")).isEqualTo(webFiles.size());
    }

    // --- helpers ---

    private static void assertHeader(Path file, String header) throws IOException {
        assertThat(file).isRegularFile();
        assertThat(Files.readAllLines(file, StandardCharsets.UTF_8).get(0)).isEqualTo(header);
    }

    private static List<String> dataLines(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        return lines.subList(1, lines.size());
    }

    private static List<Path> files(String source) throws IOException {
        try (Stream<Path> walk = Files.walk(out.resolve(source))) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static List<JsonNode> webEvents() throws IOException {
        List<JsonNode> events = new ArrayList<>();
        for (Path file : files("web_events")) {
            for (byte[] line : gzipLines(file)) {
                JsonNode node = parseObject(line);
                if (node != null) {
                    events.add(node);
                }
            }
        }
        return events;
    }

    /** Lines split on LF only, as bytes (some malformed lines are not UTF-8). */
    private static List<byte[]> gzipLines(Path file) throws IOException {
        byte[] all;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            all = in.readAllBytes();
        }
        List<byte[]> lines = new ArrayList<>();
        ByteArrayOutputStream current = new ByteArrayOutputStream();
        for (byte b : all) {
            if (b == '\n') {
                lines.add(current.toByteArray());
                current.reset();
            } else {
                current.write(b);
            }
        }
        assertThat(current.size()).as("last line of %s ends with LF", file).isZero();
        return lines;
    }

    private static JsonNode parseObject(byte[] line) {
        try {
            JsonNode node = JSON.readTree(line);
            return node != null && node.isObject() && node.hasNonNull("messageId") ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static com.google.i18n.phonenumbers.Phonenumber.PhoneNumber parse(PhoneNumberUtil phones, String e164) {
        try {
            return phones.parse(e164, null);
        } catch (com.google.i18n.phonenumbers.NumberParseException e) {
            throw new AssertionError("not parseable: " + e164, e);
        }
    }

    private static Map<String, String> hashes(Path root) throws IOException {
        Map<String, String> hashes = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                hashes.put(root.relativize(file).toString(), sha256(Files.readAllBytes(file)));
            }
        }
        return hashes;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
