package io.c360.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes a deterministic synthetic landing zone: web events, CRM contacts, orders, order items, e-mail engagement
 * and consent, one file (or a few, for web events) per source and day, plus ground_truth/ saying who is who.
 * The same settings always give byte-identical files: all randomness comes from the seed, all time from startDate.
 */
public final class LandingGenerator {

    private final GeneratorSettings settings;

    public LandingGenerator(GeneratorSettings settings) {
        this.settings = settings;
    }

    /** Writes into {@code outDir} (created if needed; existing files of the same names are overwritten). */
    public GenerationSummary generate(Path outDir) throws IOException {
        Files.createDirectories(outDir);
        int days = settings.days();
        SplittableRandom root = new SplittableRandom(settings.seed());
        SplittableRandom peopleRandom = root.split();
        SplittableRandom webRandom = root.split();
        SplittableRandom orderRandom = root.split();
        SplittableRandom crmRandom = root.split();
        SplittableRandom mailRandom = root.split();
        SplittableRandom consentRandom = root.split();
        SplittableRandom fileRandom = root.split();

        Timeline timeline = new Timeline(settings.startDate());
        PhoneNumbers phones = new PhoneNumbers();
        List<Person> people = new Population(peopleRandom, phones, days).create(settings.customers());
        List<Device> kiosks = List.of(Device.random(webRandom), Device.random(webRandom));

        Map<Source, DayBuckets> buckets = new EnumMap<>(Source.class);
        for (Source s : Source.values()) {
            buckets.put(s, new DayBuckets(days));
        }
        ConsentLog consent = new ConsentLog(consentRandom, timeline, buckets.get(Source.CONSENT));
        Crm crm = new Crm(crmRandom, timeline, buckets.get(Source.CRM_CONTACTS), phones, consent);
        Orders orders = new Orders(orderRandom, timeline, buckets.get(Source.ORDERS), buckets.get(Source.ORDER_ITEMS),
                buckets.get(Source.ORDER_CHANGES));
        WebSessions web = new WebSessions(webRandom, timeline, buckets.get(Source.WEB_EVENTS), orders, consent,
                kiosks, people.size());
        EmailCampaigns mail = new EmailCampaigns(mailRandom, timeline, buckets.get(Source.EMAIL_ENGAGEMENT), consent,
                people.size());
        WebEventFiles webFiles = new WebEventFiles(fileRandom);

        try (GroundTruth truth = new GroundTruth(outDir.resolve("ground_truth"))) {
            LandingFiles files = new LandingFiles(outDir, truth);
            for (int day = 0; day < days; day++) {
                crm.simulateDay(day, people);
                web.simulateDay(day, people);
                mail.simulateDay(day, people);
                String date = timeline.date(day);
                webFiles.write(date, buckets.get(Source.WEB_EVENTS).take(day), files);
                for (Source s : Source.values()) {
                    if (s != Source.WEB_EVENTS) {
                        files.writeDay(s, date, buckets.get(s).take(day));
                    }
                }
            }
            truth.writePersons(people);
            return files.summary(people.size());
        }
    }
}
