package io.c360.sample;

/**
 * An identifier a landing line carries, in canonical form, and whose it is: a person, or nobody
 * ({@code junkKind} "junk" for placeholders, "shared" for shared devices).
 */
record IdFact(String idType, String value, String personId, String junkKind) {

    static final String EMAIL = "email";
    static final String PHONE = "phone";
    static final String USER_ID = "user_id";
    static final String ANONYMOUS_ID = "anonymous_id";
    static final String CRM_ID = "crm_id";

    static IdFact of(String idType, String value, String personId) {
        return new IdFact(idType, value, personId, null);
    }

    static IdFact junk(String idType, String value) {
        return new IdFact(idType, value, null, "junk");
    }

    static IdFact shared(String idType, String value) {
        return new IdFact(idType, value, null, "shared");
    }
}
