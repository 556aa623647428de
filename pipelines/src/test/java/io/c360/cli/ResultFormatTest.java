package io.c360.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResultFormatTest {
  @Test
  void tableAlignsColumnsAndCountsRows() {
    String out = ResultFormat.table(new String[] {"customer_id", "revenue"},
        List.of(new String[] {"c_1", "10.50"}, new String[] {"c_22", "NULL"}), false);
    assertThat(out).isEqualTo("""
        +-------------+---------+
        | customer_id | revenue |
        +-------------+---------+
        | c_1         | 10.50   |
        | c_22        | NULL    |
        +-------------+---------+
        2 rows
        """);
  }

  @Test
  void csvQuotesWhatNeedsQuoting() {
    String out = ResultFormat.csv(new String[] {"name", "note"},
        List.of(new String[] {"Doe, Jane", "said \"hi\""}, new String[] {"plain", ""}));
    assertThat(out).isEqualTo("name,note\n\"Doe, Jane\",\"said \"\"hi\"\"\"\nplain,\n");
  }

  @Test
  void htmlEscapesEveryCellAndSaysWhenRowsWereLeftOut() {
    String out = ResultFormat.html(new String[] {"segment", "note"},
        List.<String[]>of(new String[] {"vip", "<script>alert('x')</script> & \"more\""}), true);
    assertThat(out).isEqualTo("""
        <table class="c360-result">
        <thead><tr><th>segment</th><th>note</th></tr></thead>
        <tbody>
        <tr><td>vip</td><td>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;more&quot;</td></tr>
        </tbody>
        </table>
        <p>1 row (more not shown)</p>
        """);
  }
}
