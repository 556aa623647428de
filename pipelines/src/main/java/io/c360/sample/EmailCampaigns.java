package io.c360.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The e-mail service provider: every third day a campaign goes to part of the people it knows an address for
 * (registered users and CRM contacts); sends lead to opens, clicks, unsubscribes (which withdraw consent) and
 * bounces (after which nobody mails the address again). Opens may land up to three days later.
 */
final class EmailCampaigns {

    static final int CAMPAIGN_EVERY_DAYS = 3;
    static final double AUDIENCE = 0.6;
    static final double BOUNCE = 0.02;
    static final double OPEN = 0.30;
    static final double CLICK_PER_OPEN = 0.20;
    static final double UNSUBSCRIBE_PER_OPEN = 0.03;

    private final SplittableRandom r;
    private final Timeline timeline;
    private final DayBuckets bucket;
    private final ConsentLog consent;
    private final Ids.Sequence eventIds = new Ids.Sequence("EM-", 8, 1);
    /** Per person: bounced or unsubscribed, so never mailed again. */
    private final boolean[] unreachable;

    EmailCampaigns(SplittableRandom r, Timeline timeline, DayBuckets bucket, ConsentLog consent, int people) {
        this.r = r;
        this.timeline = timeline;
        this.bucket = bucket;
        this.consent = consent;
        this.unreachable = new boolean[people];
    }

    void simulateDay(int day, List<Person> people) {
        if (day % CAMPAIGN_EVERY_DAYS != 0) {
            return;
        }
        String campaignId = "cmp_" + timeline.date(day).replace("-", "");
        long start = timeline.dayStart(day) + 9 * Timeline.HOUR;
        for (int i = 0; i < people.size(); i++) {
            Person p = people.get(i);
            boolean known = p.registered() || (p.crmId() != null && p.crmDay() <= day);
            if (!p.anonymousOnly() && known && !unreachable[i] && r.nextDouble() < AUDIENCE) {
                send(i, p, campaignId, start + r.nextLong(2 * Timeline.HOUR));
            }
        }
    }

    private void send(int index, Person p, String campaignId, long at) {
        event(p, campaignId, "send", at, "");
        if (r.nextDouble() < BOUNCE) {
            event(p, campaignId, "bounce", at + Timeline.SECOND * (1 + r.nextInt(60)), "");
            unreachable[index] = true;
            return;
        }
        if (r.nextDouble() >= OPEN) {
            return;
        }
        long openedAt = at + Timeline.MINUTE * (1 + r.nextInt(r.nextDouble() < 0.7 ? 180 : 72 * 60));
        event(p, campaignId, "open", openedAt, "");
        if (r.nextDouble() < CLICK_PER_OPEN) {
            Product product = Product.random(r);
            String url = WebSessions.SITE + product.path() + "?utm_source=newsletter&utm_medium=email&utm_campaign="
                    + campaignId;
            event(p, campaignId, "click", openedAt + Timeline.SECOND * (5 + r.nextInt(600)), url);
        }
        if (r.nextDouble() < UNSUBSCRIBE_PER_OPEN) {
            long unsubscribedAt = openedAt + Timeline.MINUTE * (1 + r.nextInt(10));
            event(p, campaignId, "unsubscribe", unsubscribedAt, WebSessions.SITE + "/unsubscribe");
            consent.decide(unsubscribedAt + Timeline.SECOND, IdFact.EMAIL, p.email(), p.personId(), "marketing",
                    "email", false);
            unreachable[index] = true;
        }
    }

    private void event(Person p, String campaignId, String type, long at, String url) {
        String eventId = eventIds.next();
        String email = r.nextDouble() < 0.03 ? p.email().toUpperCase(Locale.ROOT) : p.email();
        List<IdFact> ids = new ArrayList<>(1);
        ids.add(IdFact.of(IdFact.EMAIL, p.email(), p.personId()));
        bucket.add(timeline.dayOf(at), OutputLine.text(at, Csv.row(eventId, email, campaignId, type,
                Timeline.iso(at), url), eventId, p.personId(), ids));
    }
}
