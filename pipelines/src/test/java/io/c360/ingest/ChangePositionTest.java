package io.c360.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChangePositionTest {
  private static String postgres(String lsn) {
    return ChangePosition.read(lsn, null, null, null, null, null, null).position();
  }

  private static String mysql(String file, String pos, String row) {
    return ChangePosition.read(null, file, pos, row, null, null, null).position();
  }

  private static String sqlServer(String commit, String change, String serial) {
    return ChangePosition.read(null, null, null, null, commit, change, serial).position();
  }

  @Test
  void positionsFromDebeziumsDocumentedSourceBlocks() {
    // PostgreSQL: "lsn": 24023128; MySQL: "file": "mysql-bin.000003", "pos": 154, "row": 0;
    // SQL Server: "change_lsn": "00000027:00000758:0003", "commit_lsn": "00000027:00000758:0005".
    assertThat(postgres("24023128")).isEqualTo("00000000016e9058");
    assertThat(mysql("mysql-bin.000003", "154", "0")).isEqualTo("mysql-bin.0000000003:000000000000009a:00000000");
    assertThat(sqlServer("00000027:00000758:0005", "00000027:00000758:0003", "1"))
        .isEqualTo("00000027:00000758:0005/00000027:00000758:0003/0000000001");
  }

  @Test
  void textOrderIsLogOrderWhereNumbersWouldSortWronglyAsText() {
    List<String> inLogOrder = List.of(
        mysql("mysql-bin.000009", "98000", "2"),
        mysql("mysql-bin.000009", "98000", "10"),
        mysql("mysql-bin.000010", "4", "0"),
        mysql("mysql-bin.999999", "4", "0"),
        mysql("mysql-bin.1000000", "4", "0"));
    List<String> sorted = new ArrayList<>(inLogOrder);
    Collections.shuffle(sorted, new java.util.Random(7));
    Collections.sort(sorted);
    assertThat(sorted).isEqualTo(inLogOrder);

    List<String> server = List.of(
        sqlServer("00000027:00000758:0005", "00000027:00000758:0003", "1"),
        sqlServer("00000027:00000758:0005", "00000027:00000758:0003", "2"),
        sqlServer("00000027:00000A10:0002", null, null),
        sqlServer("0000002B:00000001:0001", "0000002b:00000001:0001", "1"));
    List<String> shuffled = new ArrayList<>(server);
    Collections.reverse(shuffled);
    Collections.sort(shuffled);
    assertThat(shuffled).isEqualTo(server);

    assertThat(List.of(postgres("9"), postgres("10"), postgres("18446744073709551615")))
        .isSorted().doesNotHaveDuplicates();
  }

  @Test
  void fieldsThatAreNotPositionsAreProblemsNamedByField() {
    assertThat(ChangePosition.read("0/16E8F58", null, null, null, null, null, null).problem())
        .isEqualTo("source.lsn: not a PostgreSQL log sequence number");
    assertThat(ChangePosition.read(null, "mysql-bin", "154", null, null, null, null).problem())
        .isEqualTo("source.file: not a MySQL binlog file name (name.000001)");
    assertThat(ChangePosition.read(null, "mysql-bin.000003", null, null, null, null, null).problem())
        .isEqualTo("source.pos: not a position in a binlog file");
    assertThat(ChangePosition.read(null, null, null, null, "27:758:5", null, null).problem())
        .isEqualTo("source.commit_lsn: not a SQL Server LSN (00000027:00000758:0005)");
    assertThat(ChangePosition.read(null, null, null, null, null, "00000027:00000758:0003", null).problem())
        .as("a change LSN without its commit LSN").isEqualTo("source.commit_lsn: not a SQL Server LSN (00000027:00000758:0005)");
    assertThat(ChangePosition.read("18446744073709551616", null, null, null, null, null, null).problem())
        .as("over 64 bits").isEqualTo("source.lsn: not a PostgreSQL log sequence number");
    ChangePosition.Result none = ChangePosition.read(null, null, null, null, null, null, null);
    assertThat(none.position()).isNull();
    assertThat(none.problem()).isNull();
  }
}
