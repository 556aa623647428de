package io.c360.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

class CsvFieldsTest {
  @Test
  void aRejectedFieldIsNamedWithItsTypeNotItsValue() {
    assertThat(CsvFields.notA("amount", DataTypes.createDecimalType(12, 2), Optional.empty()))
        .isEqualTo("amount: not a decimal(12,2)");
    assertThat(CsvFields.notA("quantity", DataTypes.IntegerType, Optional.empty())).isEqualTo("quantity: not an int");
    assertThat(CsvFields.notA("birth_date", DataTypes.DateType, Optional.of("dd/MM/yyyy")))
        .isEqualTo("birth_date: not a date in the format dd/MM/yyyy");
  }

  @Test
  void datesAndTimestampsTakeTheSourcesFormatKeyInAnyCase() {
    Map<String, String> options = Map.of("dateformat", "dd/MM/yyyy", "timestampFormat", "dd/MM/yyyy HH:mm");
    assertThat(CsvFields.format(DataTypes.DateType, options)).contains("dd/MM/yyyy");
    assertThat(CsvFields.format(DataTypes.TimestampType, options)).contains("dd/MM/yyyy HH:mm");
    assertThat(CsvFields.format(DataTypes.TimestampType, Map.of("timestampFormat", " "))).isEmpty();
    assertThat(CsvFields.format(DataTypes.createDecimalType(12, 2), options)).isEmpty();
  }

  @Test
  void onlyUtf8SourcesRejectReplacementCharacters() {
    assertThat(CsvFields.utf8(Map.of())).isTrue();
    assertThat(CsvFields.utf8(Map.of("encoding", "utf8"))).isTrue();
    assertThat(CsvFields.utf8(Map.of("charset", "UTF-8"))).isTrue();
    assertThat(CsvFields.utf8(Map.of("encoding", "ISO-8859-1"))).isFalse();
  }
}
