package io.c360.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The list `erase --status` prints without a request id, without Spark. */
class ErasureStatusTest {
  private static final Instant NOW = Instant.parse("2026-12-07T03:00:00Z");

  private static ErasureStatus.Listed request(String id, String regulation, String received, String due,
      String status, Long rows) {
    return new ErasureStatus.Listed(new ComplianceTables.Recorded(id, regulation, Instant.parse(received),
        Instant.parse(due), status, "0".repeat(64), status.equals("completed") ? Instant.parse(received) : null),
        rows);
  }

  private static final List<ErasureStatus.Listed> REQUESTS = List.of(
      request("R-20261206-ab12cd34", "gdpr", "2026-12-06T10:15:30.123456Z", "2027-01-05T10:15:30.123456Z",
          "completed", 1234L),
      request("R-old", "gdpr", "2026-01-01T00:00:00Z", "2026-01-31T00:00:00Z", "in_progress", null),
      request("R-2", "ccpa", "2026-11-20T09:00:00Z", "2027-01-04T09:00:00Z", "verification_failed", 57L));

  @Test
  void everyRequestOldestFirstAsAnAlignedTable() {
    assertThat(ErasureStatus.table(REQUESTS, ErasureStatus.Filter.ALL, NOW)).isEqualTo("""
        request              regulation  received              deadline              state                \
        rows erased
        R-old                gdpr        2026-01-01T00:00:00Z  2026-01-31T00:00:00Z  in_progress OVERDUE  \
                  -
        R-2                  ccpa        2026-11-20T09:00:00Z  2027-01-04T09:00:00Z  verification_failed  \
                 57
        R-20261206-ab12cd34  gdpr        2026-12-06T10:15:30Z  2027-01-05T10:15:30Z  completed            \
              1,234
        """);
  }

  @Test
  void openRequestsAreTheOnesNotCompletedAndOverdueOnesArePastTheirDeadlineToo() {
    assertThat(ErasureStatus.table(REQUESTS, ErasureStatus.Filter.OPEN, NOW).lines().map(l -> l.split(" ")[0]))
        .containsExactly("request", "R-old", "R-2");
    assertThat(ErasureStatus.table(REQUESTS, ErasureStatus.Filter.OVERDUE, NOW).lines().map(l -> l.split(" ")[0]))
        .containsExactly("request", "R-old");
    assertThat(ErasureStatus.table(REQUESTS, ErasureStatus.Filter.OVERDUE, Instant.parse("2027-01-04T09:00:01Z"))
        .lines().map(l -> l.split(" ")[0])).containsExactly("request", "R-old", "R-2");
  }

  @Test
  void anEmptyListSaysSo() {
    assertThat(ErasureStatus.table(List.of(), ErasureStatus.Filter.ALL, NOW)).isEqualTo("no erasure requests\n");
    assertThat(ErasureStatus.table(REQUESTS.subList(0, 1), ErasureStatus.Filter.OPEN, NOW))
        .isEqualTo("no open requests\n");
    assertThat(ErasureStatus.table(REQUESTS.subList(2, 3), ErasureStatus.Filter.OVERDUE, NOW))
        .isEqualTo("no overdue requests\n");
  }

  @Test
  void theOverdueAlertNamesEachRequest() {
    assertThat(ErasureIntakeStep.overdueAlert(List.of("R-old (gdpr, due 2026-01-31T00:00:00Z, in_progress)")))
        .isEqualTo("1 erasure request past its deadline and not completed: R-old (gdpr, due 2026-01-31T00:00:00Z, "
            + "in_progress)");
    assertThat(ErasureIntakeStep.overdueAlert(List.of("A (gdpr, due x, in_progress)", "B (ccpa, due y, "
        + "verification_failed)"))).isEqualTo("2 erasure requests past their deadline and not completed: "
            + "A (gdpr, due x, in_progress); B (ccpa, due y, verification_failed)");
  }
}
