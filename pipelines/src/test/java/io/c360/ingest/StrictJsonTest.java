package io.c360.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StrictJsonTest {
  @Test
  void oneObjectPerLineAsRfc8259WritesIt() {
    assertThat(StrictJson.problem("{\"a\":\"x\",\"b\":1,\"c\":{\"d\":[1,2,{\"e\":null}]}}")).isNull();
    assertThat(StrictJson.problem("  {\"a\":\"ü\\u00e9\"}  ")).isNull();
    assertThat(StrictJson.problem("{}")).isNull();
  }

  @Test
  void whatSparksReaderWouldTakeIsNamed() {
    assertThat(StrictJson.problem("{'a':'x','b':1}")).isEqualTo("malformed JSON: single quotes where JSON needs double quotes");
    assertThat(StrictJson.problem("{\"a\":\"x\",\"b\":1} trailing")).isEqualTo(
        "malformed JSON: more after the object on the same line");
    assertThat(StrictJson.problem("{\"a\":\"x\"}{\"a\":\"y\"}")).isEqualTo(
        "malformed JSON: more after the object on the same line");
    assertThat(StrictJson.problem("{\"a\":\"x\",\"a\":\"y\"}")).isEqualTo("malformed JSON: a key appears twice in one object");
    assertThat(StrictJson.problem("{\"c\":{\"e\":1,\"e\":2}}")).isEqualTo("malformed JSON: a key appears twice in one object");
    assertThat(StrictJson.problem("{\"b\":01}")).isEqualTo("malformed JSON");
    assertThat(StrictJson.problem("{\"b\":NaN}")).isEqualTo("malformed JSON");
    assertThat(StrictJson.problem("{a:1}")).isEqualTo("malformed JSON");
    assertThat(StrictJson.problem("{\"a\":1")).isEqualTo("malformed JSON");
    assertThat(StrictJson.problem("[{\"a\":1}]")).isEqualTo("malformed JSON: expected one JSON object per line");
    // A reason never carries the line's values.
    assertThat(StrictJson.problem("{\"email\":\"jane@x.com\",\"email\":\"jane@x.com\"}")).doesNotContain("jane");
  }
}
