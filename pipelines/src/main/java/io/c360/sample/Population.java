package io.c360.sample;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/** Creates the people of a run: who is registered, who is in the CRM (maybe twice), who never logs in. */
final class Population {

    static final double ANONYMOUS_ONLY = 0.15;
    static final double REGISTERED = 0.75;
    static final double IN_CRM = 0.70;
    static final double DUPLICATE_CRM = 0.05;
    static final double KIOSK_USERS = 0.03;

    private final SplittableRandom r;
    private final PhoneNumbers phones;
    private final int days;
    private final Set<String> emails = new HashSet<>();
    private final Ids.Sequence userIds = new Ids.Sequence("u_", 8, 10_000);
    private final Ids.Sequence crmIds = new Ids.Sequence("CRM-", 6, 1_000);

    Population(SplittableRandom r, PhoneNumbers phones, int days) {
        this.r = r;
        this.phones = phones;
        this.days = days;
    }

    List<Person> create(int count) {
        List<Person> people = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            people.add(person(String.format(Locale.ROOT, "P%06d", i)));
        }
        return List.copyOf(people);
    }

    private Person person(String personId) {
        Country country = Country.pick(r);
        String first = Names.firstName(country, r);
        String last = Names.lastName(country, r);
        LocalDate birthDate = LocalDate.of(1950, 1, 1).plusDays(r.nextInt(55 * 365));
        Address address = Address.random(country, r);
        List<Device> devices = devices();
        double activity = 0.1 + 0.4 * r.nextDouble();
        if (r.nextDouble() < ANONYMOUS_ONLY) {
            return new Person(personId, first, last, country, birthDate, address, null, null, devices,
                    null, null, -1, null, -1, activity, -1);
        }
        String email = uniqueEmail(first, last, country);
        String phone = phones.newMobile(country, r);
        boolean registered = r.nextDouble() < REGISTERED / (1 - ANONYMOUS_ONLY);
        String userId = registered ? userIds.next(r, 40) : null;
        String crmId = null;
        String duplicateCrmId = null;
        int crmDay = -1;
        int duplicateCrmDay = -1;
        if (r.nextDouble() < IN_CRM / (1 - ANONYMOUS_ONLY)) {
            crmId = crmIds.next(r, 9);
            crmDay = r.nextDouble() < 0.4 ? 0 : r.nextInt(days);
            if (r.nextDouble() < DUPLICATE_CRM) {
                duplicateCrmId = crmIds.next(r, 9);
                duplicateCrmDay = crmDay + r.nextInt(4);
            }
        }
        int kioskDay = registered && r.nextDouble() < KIOSK_USERS ? r.nextInt(days) : -1;
        return new Person(personId, first, last, country, birthDate, address, email, phone, devices,
                userId, crmId, crmDay, duplicateCrmId, duplicateCrmDay, activity, kioskDay);
    }

    private List<Device> devices() {
        double roll = r.nextDouble();
        int count = roll < 0.5 ? 1 : roll < 0.85 ? 2 : 3;
        List<Device> devices = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            devices.add(Device.random(r));
        }
        return List.copyOf(devices);
    }

    private String uniqueEmail(String first, String last, Country country) {
        String local = Names.emailLocalPart(first, last);
        while (true) {
            int style = r.nextInt(4);
            String name = switch (style) {
                case 0 -> local;
                case 1 -> local + (1 + r.nextInt(999));
                case 2 -> local.charAt(0) + local.substring(local.indexOf('.') + 1) + (r.nextInt(90) + 10);
                default -> local.replace('.', '_') + (1950 + r.nextInt(60));
            };
            String domain = Names.pick(country.mailDomains, r);
            String email = name + "@" + domain;
            if (emails.add(email)) {
                return email;
            }
        }
    }
}
