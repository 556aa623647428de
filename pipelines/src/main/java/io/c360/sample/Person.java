package io.c360.sample;

import java.time.LocalDate;
import java.util.List;

/**
 * One real person behind the records. Who they are never changes during a run; what they do is simulated.
 *
 * @param email      canonical e-mail, null for anonymous-only visitors
 * @param phone      canonical E.164 mobile, null for anonymous-only visitors
 * @param userId     web account id, null when not registered
 * @param crmId      CRM contact id, null when not in the CRM
 * @param crmDay     day the CRM contact is created
 * @param duplicateCrmId second CRM contact for the same person, usually null
 * @param activity   probability of a web session on a given day
 * @param kioskDay   day the person logs in on a shop kiosk, -1 if never
 */
record Person(
        String personId,
        String firstName,
        String lastName,
        Country country,
        LocalDate birthDate,
        Address address,
        String email,
        String phone,
        List<Device> devices,
        String userId,
        String crmId,
        int crmDay,
        String duplicateCrmId,
        int duplicateCrmDay,
        double activity,
        int kioskDay) {

    boolean registered() {
        return userId != null;
    }

    boolean anonymousOnly() {
        return email == null;
    }
}
