package io.c360.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The CRM: a contact is exported on the day it is created and again whenever it is updated (new phone, new
 * address, corrected name). Exports are typed by people: e-mail case and spaces, phone formats, typos, country
 * spelled in many ways, and now and then a placeholder instead of an e-mail or phone. Duplicate contacts are
 * now and then deleted (merged away by a CRM user): exported once more with is_deleted true, then never again.
 */
final class Crm {

    static final double UPDATE_PER_DAY = 0.03;
    static final double JUNK_VALUE = 0.01;
    static final double NO_PHONE = 0.08;
    static final double DUPLICATE_DELETED_PER_DAY = 0.05;

    /** A CRM contact's current state; names may carry a typo that a later update fixes. */
    private static final class Contact {
        final String crmId;
        final Person person;
        final boolean duplicate;
        String firstName;
        String lastName;
        String phone;
        Address address;
        boolean deleted;

        Contact(String crmId, Person person, boolean duplicate) {
            this.crmId = crmId;
            this.person = person;
            this.duplicate = duplicate;
        }
    }

    private final SplittableRandom r;
    private final Timeline timeline;
    private final DayBuckets bucket;
    private final PhoneNumbers phones;
    private final ConsentLog consent;
    private final List<Contact> contacts = new ArrayList<>();

    Crm(SplittableRandom r, Timeline timeline, DayBuckets bucket, PhoneNumbers phones, ConsentLog consent) {
        this.r = r;
        this.timeline = timeline;
        this.bucket = bucket;
        this.phones = phones;
        this.consent = consent;
    }

    void simulateDay(int day, List<Person> people) {
        for (Contact c : contacts) {
            if (c.deleted) {
                continue;
            }
            if (c.duplicate && r.nextDouble() < DUPLICATE_DELETED_PER_DAY) {
                c.deleted = true;
                export(c, day, false);
            } else if (r.nextDouble() < UPDATE_PER_DAY) {
                update(c);
                export(c, day, false);
            }
        }
        for (Person p : people) {
            if (p.crmDay() == day) {
                create(p.crmId(), p, false, day);
            }
            if (p.duplicateCrmId() != null && p.duplicateCrmDay() == day) {
                create(p.duplicateCrmId(), p, true, day);
            }
        }
    }

    private void create(String crmId, Person p, boolean duplicate, int day) {
        Contact c = new Contact(crmId, p, duplicate);
        double typo = duplicate ? 0.5 : 0.05;
        c.firstName = Noise.name(p.firstName(), typo, r);
        c.lastName = Noise.name(p.lastName(), typo, r);
        c.phone = r.nextDouble() < NO_PHONE ? null : p.phone();
        c.address = p.address();
        contacts.add(c);
        long at = export(c, day, true);
        if (!duplicate) {
            consent.decide(at, IdFact.EMAIL, p.email(), p.personId(), "marketing", "email", consent.grants(0.55));
            if (c.phone != null) {
                consent.decide(at + 1, IdFact.EMAIL, p.email(), p.personId(), "marketing", "sms", consent.grants(0.3));
            }
        }
    }

    private void update(Contact c) {
        double roll = r.nextDouble();
        if (roll < 0.3) {
            c.phone = phones.newMobile(c.person.country(), r);
        } else if (roll < 0.6) {
            c.address = Address.random(c.person.country(), r);
        } else if (roll < 0.8) {
            c.firstName = c.person.firstName();
            c.lastName = c.person.lastName();
        }
        // otherwise: touched without a visible change (still re-exported)
    }

    /** Adds the contact's row to the day's export; returns its updated_at. */
    private long export(Contact c, int day, boolean created) {
        Person p = c.person;
        long at = timeline.dayStart(day) + r.nextLong(Timeline.DAY);
        List<IdFact> ids = new ArrayList<>();
        ids.add(IdFact.of(IdFact.CRM_ID, c.crmId, p.personId()));
        String email;
        if (r.nextDouble() < JUNK_VALUE) {
            email = Names.pick(Noise.JUNK_EMAILS, r);
            ids.add(IdFact.junk(IdFact.EMAIL, email));
        } else {
            email = c.duplicate ? Noise.messUp(p.email(), r) : Noise.email(p.email(), 0.2, r);
            ids.add(IdFact.of(IdFact.EMAIL, p.email(), p.personId()));
        }
        String phone = "";
        if (r.nextDouble() < JUNK_VALUE) {
            phone = Names.pick(Noise.JUNK_PHONES, r);
            ids.add(IdFact.junk(IdFact.PHONE, phone));
        } else if (c.phone != null) {
            phone = PhoneNumbers.noisy(c.phone, p.country(), r);
            ids.add(IdFact.of(IdFact.PHONE, c.phone, p.personId()));
        }
        String country = r.nextDouble() < 0.7 ? p.country().name() : Names.pick(p.country().spellings, r);
        String row = Csv.row(c.crmId, email, phone, c.firstName, c.lastName, p.birthDate(), c.address.street(),
                c.address.city(), c.address.postalCode(), country, Timeline.iso(at), c.deleted ? "true" : "false");
        bucket.add(day, OutputLine.text(at, row, created ? c.crmId : null, p.personId(), ids));
        return at;
    }
}
