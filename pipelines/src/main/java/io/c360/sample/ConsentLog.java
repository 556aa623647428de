package io.c360.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Consent decisions (grant or withdrawal per purpose and channel) as newline-delimited JSON. */
final class ConsentLog {

    private final SplittableRandom r;
    private final Timeline timeline;
    private final DayBuckets bucket;
    private final Ids.Sequence consentIds = new Ids.Sequence("CNS-", 7, 1);

    ConsentLog(SplittableRandom r, Timeline timeline, DayBuckets bucket) {
        this.r = r;
        this.timeline = timeline;
        this.bucket = bucket;
    }

    /** A decision keyed by the person's canonical e-mail (shown with a little case noise) or user id. */
    void decide(long at, String idType, String canonicalValue, String personId, String purpose, String channel,
                boolean granted) {
        int day = timeline.dayOf(at);
        String consentId = consentIds.next();
        String shown = IdFact.EMAIL.equals(idType) ? Noise.email(canonicalValue, 0.1, r) : canonicalValue;
        byte[] json = Json.object(g -> {
            g.writeStringField("consent_id", consentId);
            g.writeStringField("id_type", idType);
            g.writeStringField("id_value", shown);
            g.writeStringField("purpose", purpose);
            g.writeStringField("channel", channel);
            g.writeBooleanField("granted", granted);
            g.writeStringField("occurred_at", Timeline.iso(at));
        });
        List<IdFact> ids = new ArrayList<>(1);
        ids.add(IdFact.of(idType, canonicalValue, personId));
        bucket.add(day, new OutputLine(at, json, consentId, personId, List.copyOf(ids)));
    }

    /** Roll the dice: granted with the given probability. */
    boolean grants(double probability) {
        return r.nextDouble() < probability;
    }
}
