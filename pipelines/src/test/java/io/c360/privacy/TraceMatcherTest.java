package io.c360.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Finding a person's identifiers in text as whole tokens, phones by their digits. */
class TraceMatcherTest {
  private final TraceMatcher m = TraceMatcher.builder()
      .value("ann.lee@example.com", "R1 email")
      .value("u_00015353", "R1 user_id")
      .phone("+12015542699", "R1 phone")
      .phone("(201) 554-2699", "R1 phone")
      .value("42", "R1 short")
      .build();

  @Test
  void findsWholeTokensCaseInsensitively() {
    assertThat(m.find("{\"email\":\"Ann.Lee@Example.COM\",\"x\":1}")).contains("R1 email");
    assertThat(m.find("CRM-1,ann.lee@example.com,Ann")).contains("R1 email");
    assertThat(m.find("write to ann.lee@example.com.")).contains("R1 email");
    assertThat(m.find("\"userId\":\"u_00015353\"")).contains("R1 user_id");
  }

  @Test
  void aLongerTokenThatContainsTheValueIsSomeoneElse() {
    assertThat(m.find("joann.lee@example.com")).isEmpty();
    assertThat(m.find("ann.lee@example.com.au")).isEmpty();
    assertThat(m.find("u_000153531")).isEmpty();
  }

  @Test
  void phonesAreFoundByTheirDigitsHoweverTheyAreWritten() {
    assertThat(m.find("CRM-9,x@y.com,(201) 554-2699,José")).contains("R1 phone");
    assertThat(m.find("\"phone\":\"+1 201 554 2699\"")).contains("R1 phone");
    assertThat(m.find("\"phone\":\"+12015542699\"")).contains("R1 phone");
    assertThat(m.find("2026-10-01T00:01:17.977Z,199.99,94128")).isEmpty();
    assertThat(m.find("\"phone\":\"+12015542698\"")).isEmpty();
  }

  @Test
  void aNumberInInternationalFormIsFoundAsNationalTextWritesIt() {
    TraceMatcher.Builder b = TraceMatcher.builder();
    ErasurePlanner.nationalDigits("+447911123456").forEach(d -> b.phoneDigits(d, "R2 phone"));
    ErasurePlanner.nationalDigits("+33612404773").forEach(d -> b.phoneDigits(d, "R2 phone"));
    TraceMatcher national = b.build();
    assertThat(national.find("CRM-1,x@y.com,07911 123456,Ann")).contains("R2 phone");
    assertThat(national.find("\"phone\":\"+33 (0)6 12 40 47 73\"")).contains("R2 phone");
    assertThat(national.find("06 12 40 47 73")).contains("R2 phone");
  }

  @Test
  void aFormTwoRequestsShareReportsBothAndFormsWithOtherCharactersAreFound() {
    TraceMatcher shared = TraceMatcher.builder().value("ann@x.com", "R1 email").value("ann@x.com", "R2 email")
        .value("auth0|1234", "R3 user_id").build();
    assertThat(shared.findAll("to: ann@x.com")).containsExactly("R1 email", "R2 email");
    assertThat(shared.findAll("{\"userId\":\"auth0|1234\"}")).containsExactly("R3 user_id");
    assertThat(shared.findAll("{\"userId\":\"auth0|12345\"}")).isEmpty();
  }

  @Test
  void formsOfSeveralTokensAreFoundWhereverTheyStartAndOnlyWhole() {
    TraceMatcher several = TraceMatcher.builder().value("(201) 554-2699", "R4 phone as given")
        .value("Ann Lee <ann@x.com>", "R4 name and address").value("auth0|77", "R4 user_id")
        .value("über|1234", "R5 user_id").build();
    assertThat(several.findAll("phone:(201) 554-2699,")).containsExactly("R4 phone as given");
    assertThat(several.findAll("(201) 554-2699")).containsExactly("R4 phone as given");
    assertThat(several.findAll("x(201) 554-2699")).isEmpty(); // bounded on both sides, even by its own "("
    assertThat(several.findAll("1(201) 554-26990")).isEmpty();
    assertThat(several.findAll("from: ANN LEE <Ann@X.com>; to: auth0|77")).containsExactly("R4 name and address",
        "R4 user_id");
    assertThat(several.findAll("joann lee <ann@x.com>")).isEmpty();
    assertThat(several.findAll("auth0|777 auth0|7")).isEmpty();
    // Text or forms beyond ASCII are searched in full, lower-cased as a whole.
    assertThat(several.findAll("José: auth0|77")).containsExactly("R4 user_id");
    assertThat(several.findAll("id ÜBER|1234;")).containsExactly("R5 user_id");
    assertThat(several.findAll("id über|12345")).isEmpty();
  }

  @Test
  void valuesTooShortToBeTellingAreNotLookedFor() {
    assertThat(m.find("quantity,42,")).isEmpty();
    assertThat(TraceMatcher.builder().value("ab", "x").isEmpty()).isTrue();
  }
}
