package io.c360.sample;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Learns, from every line actually written, which record and which identifier belongs to whom, and writes
 * ground_truth/. Fails fast when one identifier would belong to two people or a record key repeats.
 */
final class GroundTruth implements Closeable {

    private static final String README = """
            # Ground truth

            This folder is the answer key of a synthetic landing zone written by io.c360.sample.LandingGenerator: \
            identifiers.csv says which person every identifier seen in the landing files belongs to (canonical form: \
            e-mail trimmed and lower-case, phone E.164, other ids as is), junk_identifiers.csv lists placeholder (junk) \
            and shared-device (shared) identifiers that belong to no one, records.csv says which person every \
            crm_contacts, orders, email_engagement, consent and web_events record belongs to, and persons.csv lists \
            the people themselves. It exists only to measure identity resolution and data quality: the pipeline never \
            reads this folder.
            """;

    private final Path dir;
    private final BufferedWriter records;
    private final Set<String> recordKeys = new HashSet<>();
    private final Map<String, String> owners = new TreeMap<>();
    private final Set<String> junk = new TreeSet<>();

    GroundTruth(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
        this.records = Files.newBufferedWriter(dir.resolve("records.csv"), StandardCharsets.UTF_8);
        records.write("source,record_key,person_id\n");
    }

    void accept(Source source, OutputLine line) throws IOException {
        if (line.recordKey() != null) {
            if (!recordKeys.add(source.folder + '\u0000' + line.recordKey())) {
                throw new IllegalStateException("record written twice: " + source.folder + " " + line.recordKey());
            }
            records.write(Csv.row(source.folder, line.recordKey(), line.personId()));
            records.write('\n');
        }
        for (IdFact fact : line.ids()) {
            identifier(fact);
        }
    }

    private void identifier(IdFact fact) {
        if (fact.junkKind() != null) {
            junk.add(Csv.row(fact.idType(), fact.value(), fact.junkKind()));
            return;
        }
        String key = fact.idType() + '\u0000' + fact.value();
        String previous = owners.putIfAbsent(key, fact.personId());
        if (previous != null && !previous.equals(fact.personId())) {
            throw new IllegalStateException(fact.idType() + " " + fact.value() + " belongs to " + previous
                    + " and " + fact.personId());
        }
    }

    void writePersons(List<Person> people) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("persons.csv"), StandardCharsets.UTF_8)) {
            w.write("person_id,first_name,last_name,country,email,user_id,is_registered\n");
            for (Person p : people) {
                w.write(Csv.row(p.personId(), p.firstName(), p.lastName(), p.country().name(), p.email(),
                        p.userId(), p.registered()));
                w.write('\n');
            }
        }
    }

    @Override
    public void close() throws IOException {
        records.close();
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("identifiers.csv"), StandardCharsets.UTF_8)) {
            w.write("id_type,id_value,person_id\n");
            for (Map.Entry<String, String> e : owners.entrySet()) {
                int split = e.getKey().indexOf('\u0000');
                w.write(Csv.row(e.getKey().substring(0, split), e.getKey().substring(split + 1), e.getValue()));
                w.write('\n');
            }
        }
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("junk_identifiers.csv"), StandardCharsets.UTF_8)) {
            w.write("id_type,id_value,kind\n");
            for (String row : junk) {
                w.write(row);
                w.write('\n');
            }
        }
        Files.writeString(dir.resolve("README.md"), README, StandardCharsets.UTF_8);
    }
}
