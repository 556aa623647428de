package io.c360.conform;

import static org.assertj.core.api.Assertions.assertThat;

import io.c360.config.IdentityRules;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NormalisersTest {
  @Test
  void emailsAreTrimmedAndLowerCasedButOtherwiseKept() {
    assertThat(Emails.normalize("  Jane.Doe@Example.COM ")).isEqualTo("jane.doe@example.com");
    assertThat(Emails.normalize("mailto:jane@example.com")).isEqualTo("jane@example.com");
    // Gmail ignores dots and +tags, but they are not removed: other providers do not.
    assertThat(Emails.normalize("j.a.n.e+news@gmail.com")).isEqualTo("j.a.n.e+news@gmail.com");
    assertThat(Emails.normalize("jane@@example.com")).isNull();
    assertThat(Emails.normalize("jane..doe@example.com")).isNull();
    assertThat(Emails.normalize("N/A")).isNull();
    assertThat(Emails.normalize("null")).isNull();
    assertThat(Emails.normalize(null)).isNull();
  }

  @Test
  void gmailDotsAndPlusTagsGoOnlyWhenConfigured() {
    io.c360.config.EmailRules both = new io.c360.config.EmailRules(true, true);
    assertThat(Emails.normalize("J.A.N.E+news@GoogleMail.com", both)).isEqualTo("jane@gmail.com");
    assertThat(Emails.normalize("j.a.n.e+news@example.com", both)).isEqualTo("j.a.n.e@example.com");
    assertThat(Emails.normalize("j.a.n.e+news@gmail.com", new io.c360.config.EmailRules(true, false)))
        .isEqualTo("jane+news@gmail.com");
    assertThat(Emails.normalize("+news@example.com", both)).isEqualTo("+news@example.com");
    // Internationalised addresses (SMTPUTF8) are addresses: a person can be linked and erased by one.
    assertThat(Emails.normalize("Zoë@example.com", both)).isEqualTo("zoë@example.com");
    assertThat(Emails.normalize(" JÖSE@EXÄMPLE.COM")).isEqualTo("jöse@exämple.com");
    assertThat(Emails.normalize("jöse@xn--exmple-cua.com")).isEqualTo("jöse@exämple.com");
    assertThat(Emails.normalize("用户@例子.广告")).isEqualTo("用户@例子.广告");
    assertThat(Emails.normalize("jöse@exämple")).isNull(); // no top-level domain
    assertThat(Emails.normalize("jö se@exämple.com")).isNull();
    assertThat(Emails.normalize("jose@ex_ample.com")).isNull();
    assertThat(Emails.normalize("jose@-example.com")).isNull();
    assertThat(Identifiers.normalize("email", "a.b+c@gmail.com", "GB", both)).isEqualTo("ab@gmail.com");
  }

  @Test
  void phonesBecomeE164WithTheRegionForLocalNumbers() {
    assertThat(Phones.normalize("07911 123456", "GB")).isEqualTo("+447911123456");
    assertThat(Phones.normalize("+44 (0)7911-123456", "DE")).isEqualTo("+447911123456");
    assertThat(Phones.normalize("0044 7911 123456", "US")).isEqualTo("+447911123456");
    assertThat(Phones.normalize("(0)7911 123456", "GB")).isEqualTo("+447911123456");
    assertThat(Phones.normalize("0151 23456789", "DE")).isEqualTo("+4915123456789");
    assertThat(Phones.normalize("(212) 555-0123", "US")).isEqualTo("+12125550123");
    assertThat(Phones.normalize("12345", "GB")).isNull();
    assertThat(Phones.normalize("0000000000", "GB")).isNull();
    assertThat(Phones.normalize("N/A", "GB")).isNull();
    assertThat(Phones.normalize("07911 123456", null)).isNull();
    assertThat(Phones.normalize("+33 6 12 34 56 78", "GB")).isEqualTo("+33612345678");
    assertThat(Phones.normalize("06 12 34 56 78", "FR")).isEqualTo("+33612345678");
    assertThat(Phones.normalize("+1-800-FLOWERS", "US")).isEqualTo("+18003569377");
    assertThat(Phones.normalize("+91 98765 43210", "GB")).isEqualTo("+919876543210");
  }

  @Test
  void countriesFromNamesAndCodesInSeveralLanguages() {
    assertThat(Countries.normalize("DE")).isEqualTo("DE");
    assertThat(Countries.normalize("Germany")).isEqualTo("DE");
    assertThat(Countries.normalize("deutschland")).isEqualTo("DE");
    assertThat(Countries.normalize("United Kingdom")).isEqualTo("GB");
    assertThat(Countries.normalize("UK")).isEqualTo("GB");
    assertThat(Countries.normalize("Pays-Bas")).isEqualTo("NL");
    assertThat(Countries.normalize("España")).isEqualTo("ES");
    assertThat(Countries.normalize("Atlantis")).isNull();
  }

  @Test
  void namesAreCollapsedAndCapitalisedKeepingAccents() {
    assertThat(Names.normalize("  zoë   MÜLLER ")).isEqualTo("Zoë Müller");
    assertThat(Names.normalize("jean-luc")).isEqualTo("Jean-Luc");
    assertThat(Names.normalize("ŁUKASZ")).isEqualTo("Łukasz");
    assertThat(Names.normalize("ﬁona")).isEqualTo("Fiona"); // NFKC folds the ligature
    assertThat(Names.normalize("   ")).isNull();
    assertThat(Names.normalize("o'brien")).isEqualTo("O'Brien");
    assertThat(Names.normalize("Jose\u0301")).isEqualTo("José"); // combining accent composed by NFKC
  }

  @Test
  void identifiersNormaliseByTypeAndTheBlocklistRefusesJunk() {
    assertThat(Identifiers.normalize("email", " A@B.COM", "GB")).isEqualTo("a@b.com");
    assertThat(Identifiers.normalize("phone", "07911 123456", "GB")).isEqualTo("+447911123456");
    assertThat(Identifiers.normalize("user_id", " u_1 ", "GB")).isEqualTo("u_1");
    assertThat(Identifiers.normalize("user_id", "   ", "GB")).isNull();
    Blocklist blocklist = Blocklist.of(new IdentityRules(new io.c360.config.IdentifierTypes(List.of("email")), Map.of(),
        Set.of("test@test.com", "n/a"), List.of("^\\+?0+$"), 3));
    assertThat(blocklist.blocks("TEST@test.com")).isTrue();
    assertThat(blocklist.blocks("+0000000")).isTrue();
    assertThat(blocklist.blocks("jane@example.com")).isFalse();
    assertThat(blocklist.blocks(null)).isTrue();
  }
}
